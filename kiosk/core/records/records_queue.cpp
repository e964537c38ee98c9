// RecordsQueue (records_queue.h): all-or-nothing retries of unsaved records. One transaction for the
// whole backlog keeps the DB from ever holding half of it, and keeps the order SQLite's foreign keys
// need (a sitting's row before its answers).
#include "core/records/records_queue.h"

#include <iterator>
#include <utility>

namespace kiosk::core {

void RecordsQueue::Push(std::vector<RecordEvent> events) {
    if (m_pending.empty()) {
        m_pending = std::move(events);
        return;
    }
    m_pending.insert(m_pending.end(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
}

WriteResult RecordsQueue::Flush(RecordsDb& db, const RecordContext& context) {
    WriteResult result;
    if (m_pending.empty()) return result;
    result.error = db.Write(m_pending, context);
    if (result.error) return result;
    result.saved = m_pending.size();
    m_pending.clear();
    return result;
}

}  // namespace kiosk::core
