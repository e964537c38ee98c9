// RecordsSource (records_source.h): one input attached in place, or several merged into scratch; then
// the r_* views and the read settings (big cache, memory-mapped reads, temp B-trees in memory).
#include "report/records_source.h"

#include <sqlite3.h>

#include "core/records_db.h"
#include "report/merge.h"
#include "report/records_input.h"

namespace report {

using kiosk::core::Database;

namespace {

constexpr const char* kViewsV1 =
    "CREATE TEMP VIEW r_sittings AS SELECT id, kiosk_id, site_id, agency, region, '' AS partnership, role, "
    "language, pack_id, pack_version, started_at, ended_at, outcome FROM src.sittings;";
constexpr const char* kViewsV2 =
    "CREATE TEMP VIEW r_sittings AS SELECT id, kiosk_id, site_id, agency, region, partnership, role, "
    "language, pack_id, pack_version, started_at, ended_at, outcome FROM src.sittings;";
constexpr const char* kOtherViews =
    "CREATE TEMP VIEW r_answers AS SELECT id, sitting_id, module_id, scene_id, question_type, chosen, correct, "
    "seconds, answered_at FROM src.answers;"
    "CREATE TEMP VIEW r_completions AS SELECT id, sitting_id, module_id, points, points_possible, percent, passed, "
    "seconds, completed_at FROM src.completions;";

}  // namespace

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
    }
    // NOMUTEX: one thread uses this connection, and the scans call SQLite millions of times.
    if (auto e = db.Open(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)) return "cannot start SQLite (" + *e + ")";
    // The inputs are untrusted files: their schema may not call functions. Temp B-trees (GROUP BY)
    // stay in memory; the cache and memory map are for a million answers read once.
    if (auto e = db.Exec("PRAGMA trusted_schema = OFF; PRAGMA temp_store = MEMORY;")) return *e;
    auto attached = AttachRecords(db, path, *source.m_scratch, false);
    if (auto* e = std::get_if<std::string>(&attached)) {
        if (inputs.size() > 1) return "the merged records could not be read: " + *e;
        return *e;
    }
    int version = std::get<RecordsInput>(attached).schema_version;
    if (auto e = db.Exec("PRAGMA src.cache_size = -262144; PRAGMA src.mmap_size = 2147483648;")) return *e;
    if (auto e = db.Exec(version >= 2 ? kViewsV2 : kViewsV1)) return path + ": " + *e;
    if (auto e = db.Exec(kOtherViews)) return path + ": " + *e;
    return source;
}

}  // namespace report
