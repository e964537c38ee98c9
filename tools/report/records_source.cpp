// RecordsSource (records_source.h): one input attached in place, or several merged into scratch; then
// the r_* views and the read settings (big cache, memory-mapped reads, temp B-trees in memory).
#include "report/records_source.h"

#include <sqlite3.h>

#include <algorithm>
#include <thread>

#include "core/records/records_db.h"
#include "report/merge.h"
#include "report/records_input.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;

namespace {

// sitting_row, answer_row and completion_row (the rowids) let a scan be split into row ranges, each
// seeking straight to its start. `person` (the staff-number hash, usually NULL) is read only to count
// people (disclosure.h); no output prints it.
constexpr const char* kViewsV1 =
    "CREATE TEMP VIEW r_sittings AS SELECT rowid AS sitting_row, id, kiosk_id, site_id, agency, region, "
    "'' AS partnership, role, language, pack_id, pack_version, started_at, ended_at, outcome, staff_hash AS person "
    "FROM src.sittings;";
constexpr const char* kViewsV2 =
    "CREATE TEMP VIEW r_sittings AS SELECT rowid AS sitting_row, id, kiosk_id, site_id, agency, region, "
    "partnership, role, language, pack_id, pack_version, started_at, ended_at, outcome, staff_hash AS person "
    "FROM src.sittings;";
constexpr const char* kOtherViews =
    "CREATE TEMP VIEW r_answers AS SELECT rowid AS answer_row, id, sitting_id, module_id, scene_id, question_type, "
    "chosen, correct, seconds, answered_at FROM src.answers;"
    "CREATE TEMP VIEW r_completions AS SELECT rowid AS completion_row, id, sitting_id, module_id, points, "
    "points_possible, percent, passed, seconds, completed_at FROM src.completions;";

// The admin trail (records schema 5): never a passcode, never a person; older records have none.
constexpr const char* kAdminViewV5 =
    "CREATE TEMP VIEW r_admin_events AS SELECT kiosk_id, at, kind, detail FROM src.admin_events;";
constexpr const char* kAdminViewNone =
    "CREATE TEMP VIEW r_admin_events AS SELECT '' AS kiosk_id, '' AS at, '' AS kind, '' AS detail WHERE 0;";

// The read settings and the r_* views on a connection with the records attached as `src`.
std::optional<std::string> ReadSetup(Database& db, int version) {
    if (auto e = db.Exec("PRAGMA src.cache_size = -262144; PRAGMA src.mmap_size = 2147483648;")) return e;
    if (auto e = db.Exec(version >= 2 ? kViewsV2 : kViewsV1)) return e;
    if (auto e = db.Exec(version >= 5 ? kAdminViewV5 : kAdminViewNone)) return e;
    return db.Exec(kOtherViews);
}

// NOMUTEX: one thread uses each connection, and the scans call SQLite millions of times. The inputs
// are untrusted files: their schema may not call functions. Temp B-trees (GROUP BY) stay in memory.
std::optional<std::string> OpenEmpty(Database& db) {
    if (auto e = db.Open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)) return "cannot start SQLite (" + *e + ")";
    return db.Exec("PRAGMA trusted_schema = OFF; PRAGMA temp_store = MEMORY;");
}

}  // namespace

int ScanSplit::ThreadsFor(std::int64_t rows) const {
    if (!open_reader || rows < std::max<std::int64_t>(min_rows, 2)) return 1;
    return threads > 0 ? threads : std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);
}

ReaderOpener RecordsSource::Reader() const {
    if (m_shareableUri.empty()) return {};
    return [uri = m_shareableUri, version = m_version]() -> std::unique_ptr<Database> {
        auto db = std::make_unique<Database>();
        if (OpenEmpty(*db)) return nullptr;
        Statement attach;
        if (attach.Prepare(*db, "ATTACH DATABASE ?1 AS src")) return nullptr;
        attach.Bind(1, std::string_view(uri));
        if (attach.Step() != kiosk::core::StepResult::Done) return nullptr;
        attach = Statement();
        if (ReadSetup(*db, version)) return nullptr;
        return db;
    };
}

std::variant<RecordsSource, std::string> RecordsSource::Open(const std::vector<std::string>& inputs,
                                                             std::vector<std::string>& problems,
                                                             const Progress& progress) {
    if (inputs.empty()) return std::string("no records DB given");
    std::string error;
    std::optional<ScratchDir> scratch = ScratchDir::Create(error);
    if (!scratch) return error;
    RecordsSource source;
    source.m_scratch = std::make_unique<ScratchDir>(std::move(*scratch));
    source.m_db = std::make_unique<Database>();
    Database& db = *source.m_db;

    std::string path = inputs.front();
    if (inputs.size() > 1) {
        path = source.m_scratch->File("merged.db");
        MergeResult merged = Merge(path, inputs, progress);
        if (!merged.error.empty()) return merged.error;
        std::size_t good = 0;
        for (const MergeInput& input : merged.inputs) {
            if (!input.error.empty())
                problems.push_back(input.error);
            else
                ++good;
            if (input.conflicts > 0)
                problems.push_back(input.path + ": " + std::to_string(input.conflicts) +
                                   " rows have the id of a different row in another input; the first was kept");
        }
        if (good == 0) return std::string("none of the records DBs could be read");
        source.m_inputsRead = good;
    }
    if (auto e = OpenEmpty(db)) return *e;
    auto attached = AttachRecords(db, path, *source.m_scratch, false);
    if (auto* e = std::get_if<std::string>(&attached)) {
        if (inputs.size() > 1) return "the merged records could not be read: " + *e;
        return *e;
    }
    const RecordsInput& input = std::get<RecordsInput>(attached);
    // The cache and memory map are for a million answers read once.
    if (auto e = ReadSetup(db, input.schema_version)) return path + ": " + *e;
    source.m_version = input.schema_version;
    if (!input.copied) source.m_shareableUri = input.uri;
    return source;
}

}  // namespace report
