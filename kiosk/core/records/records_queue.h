// Records that could not be saved yet (a full disk, an I/O error), kept in memory in order and retried
// as one transaction, so the kiosk can say "not saved yet", keep running, and lose nothing once the
// disk has room again.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/records/records_db.h"
#include "core/session/session.h"

namespace kiosk::core {

struct WriteResult {
    std::size_t saved = 0;             // events committed by this Flush (0 on failure)
    std::optional<std::string> error;  // the plain message when nothing was saved; nullopt on success
    bool Ok() const { return !error; }
};

class RecordsQueue {
public:
    // Appends `events` after everything already waiting; order is kept (a sitting before its answers).
    void Push(std::vector<RecordEvent> events);
    // Writes everything waiting in one transaction. On success the queue is empty and `saved` says how
    // many went; on failure nothing is saved, everything is kept for the next Flush, and `error` says why.
    // A retry after a COMMIT that failed but reached the disk is harmless (RecordsDb::Write is idempotent).
    WriteResult Flush(RecordsDb& db, const RecordContext& context);
    // Events waiting to be saved.
    std::size_t Pending() const { return m_pending.size(); }

private:
    std::vector<RecordEvent> m_pending;
};

}  // namespace kiosk::core
