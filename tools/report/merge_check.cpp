// The merge's input checker (see InputChecker in merge_internal.h): each input's full check on a thread
// of its own while the merge works on the inputs before it.
#include <sqlite3.h>

#include <cstddef>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/merge_internal.h"
#include "report/merge_sql.h"
#include "report/records_input.h"
#include "report/scratch_dir.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;

// [SECTION] Checking the inputs ahead

InputChecker::InputChecker(const std::vector<std::string>& inputs, ScratchDir& scratch)
    : m_inputs(inputs), m_scratch(scratch), m_results(inputs.size()) {
#ifndef KIOSK_REPORT_CHECK_INLINE
    try {
        m_thread = std::thread([this] { Run(); });
    } catch (const std::system_error&) {  // no thread: Get checks in the caller's thread
    }
#endif
}

InputChecker::~InputChecker() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    if (m_thread.joinable()) m_thread.join();
}

std::variant<CheckedInput, std::string> InputChecker::Get(std::size_t i) {
    if (!m_thread.joinable())
        while (m_done <= i) CheckNext();
    std::unique_lock<std::mutex> lock(m_mutex);
    m_ready.wait(lock, [&] { return m_done > i; });
    return *m_results[i];
}

void InputChecker::Run() {
    while (m_done < m_inputs.size()) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_stop) return;
        }
        CheckNext();
    }
}

void InputChecker::CheckNext() {
    if (!m_db.IsOpen() && (m_db.Open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX) ||
                           m_db.Exec("PRAGMA trusted_schema = OFF")))
        m_db = Database();
    std::size_t i = m_done;
    std::variant<CheckedInput, std::string> result = std::string(m_inputs[i] + ": cannot start SQLite");
    if (m_db.IsOpen()) {
        auto attached = AttachRecords(m_db, m_inputs[i], m_scratch, true);
        if (auto* input = std::get_if<RecordsInput>(&attached)) {
            result = Profile(std::move(*input));
            // Detached (and a private WAL copy checkpointed) before the merge attaches it.
            DetachRecords(m_db);
        } else {
            result = std::get<std::string>(attached);
        }
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_results[i] = std::move(result);
        m_done = i + 1;
    }
    m_ready.notify_all();
}

CheckedInput InputChecker::Profile(RecordsInput input) {
    CheckedInput checked{std::move(input), {}, false};
    Statement kiosks;
    if (kiosks.Prepare(m_db, kSourceKiosks)) return checked;
    StepResult r;
    while ((r = kiosks.Step()) == StepResult::Row) checked.kiosks.insert(kiosks.ColumnText(0));
    if (r == StepResult::Error) return checked;
    Statement orphans;
    if (orphans.Prepare(m_db, kSourceOrphans) || orphans.Step() != StepResult::Row) return checked;
    checked.self_contained = orphans.ColumnInt64(0) == 0;
    return checked;
}

}  // namespace report
