// Merge (merge.h): set-based INSERT ... SELECT from each attached input into the output, with the
// conflict and orphan checks done as joins before anything is inserted.
//
// [SECTION] SQL (fixed text; the only varying inputs are bound parameters and the attached file)
// [SECTION] One input
// [SECTION] Merge
#include "report/merge.h"

#include <sqlite3.h>

#include <filesystem>
#include <optional>

#include "core/records_db.h"
#include "report/records_input.h"
#include "report/scratch_dir.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;
namespace fs = std::filesystem;

namespace {

// [SECTION] SQL
//
// temp.src_sittings presents an input's sittings in the current shape whatever its schema version
// (version 1 had no partnership column: '' means "not recorded"). A TEMP view may read attached files.
constexpr const char* kSrcSittingsV1 =
    "CREATE TEMP VIEW src_sittings AS SELECT id, kiosk_id, site_id, agency, region, '' AS partnership, role, "
    "language, staff_hash, pack_id, pack_version, pack_hash, started_at, ended_at, outcome FROM src.sittings";
constexpr const char* kSrcSittingsV2 =
    "CREATE TEMP VIEW src_sittings AS SELECT id, kiosk_id, site_id, agency, region, partnership, role, "
    "language, staff_hash, pack_id, pack_version, pack_hash, started_at, ended_at, outcome FROM src.sittings";

// Same id, other content. A sitting still open in OUT that the input saw end is progress, not a
// conflict (a kiosk exported twice, mid-sitting and later); so is a partnership that one side lacks.
constexpr const char* kSittingConflicts =
    "INSERT INTO temp.conflicts (kind, id) SELECT 'sitting', s.id FROM temp.src_sittings s "
    "JOIN main.sittings m ON m.id = s.id WHERE "
    "(m.kiosk_id, m.site_id, m.agency, m.region, m.role, m.language, m.staff_hash, m.pack_id, m.pack_version, "
    "m.pack_hash, m.started_at) IS NOT (s.kiosk_id, s.site_id, s.agency, s.region, s.role, s.language, "
    "s.staff_hash, s.pack_id, s.pack_version, s.pack_hash, s.started_at) "
    "OR (m.ended_at IS NOT NULL AND s.ended_at IS NOT NULL AND (m.ended_at, m.outcome) IS NOT (s.ended_at, s.outcome)) "
    "OR (m.partnership <> '' AND s.partnership <> '' AND m.partnership <> s.partnership)";
constexpr const char* kAnswerConflicts =
    "INSERT INTO temp.conflicts (kind, id) SELECT 'answer', s.id FROM src.answers s JOIN main.answers m ON m.id = s.id "
    "WHERE (m.sitting_id, m.module_id, m.scene_id, m.question_type, m.chosen, m.correct, m.seconds, m.answered_at) "
    "IS NOT (s.sitting_id, s.module_id, s.scene_id, s.question_type, s.chosen, s.correct, s.seconds, s.answered_at)";
constexpr const char* kCompletionConflicts =
    "INSERT INTO temp.conflicts (kind, id) SELECT 'completion', s.id FROM src.completions s "
    "JOIN main.completions m ON m.id = s.id WHERE "
    "(m.sitting_id, m.module_id, m.points, m.points_possible, m.percent, m.passed, m.completion_code, m.end_scene, "
    "m.seconds, m.completed_at) IS NOT (s.sitting_id, s.module_id, s.points, s.points_possible, s.percent, s.passed, "
    "s.completion_code, s.end_scene, s.seconds, s.completed_at)";

// "WHERE true" lets SQLite parse ON CONFLICT after a SELECT (its documented upsert ambiguity).
constexpr const char* kInsertSittings =
    "INSERT INTO main.sittings (id, kiosk_id, site_id, agency, region, partnership, role, language, staff_hash, "
    "pack_id, pack_version, pack_hash, started_at, ended_at, outcome) SELECT id, kiosk_id, site_id, agency, region, "
    "partnership, role, language, staff_hash, pack_id, pack_version, pack_hash, started_at, ended_at, outcome "
    "FROM temp.src_sittings WHERE true ON CONFLICT (id) DO NOTHING";
constexpr const char* kEndSittings =
    "UPDATE main.sittings SET ended_at = s.ended_at, outcome = s.outcome FROM temp.src_sittings s "
    "WHERE main.sittings.id = s.id AND main.sittings.ended_at IS NULL AND s.ended_at IS NOT NULL "
    "AND s.id NOT IN (SELECT id FROM temp.conflicts WHERE kind = 'sitting')";
constexpr const char* kFillPartnership =
    "UPDATE main.sittings SET partnership = s.partnership FROM temp.src_sittings s "
    "WHERE main.sittings.id = s.id AND main.sittings.partnership = '' AND s.partnership <> '' "
    "AND s.id NOT IN (SELECT id FROM temp.conflicts WHERE kind = 'sitting')";
// Rows of a conflicting sitting stay out: they belong to a sitting OUT does not have.
// EXISTS, not IN (SELECT ...): IN would copy every merged sitting into a temporary table per input.
constexpr const char* kCountOrphans =
    "SELECT (SELECT count(*) FROM src.answers a WHERE NOT EXISTS (SELECT 1 FROM main.sittings m WHERE m.id = "
    "a.sitting_id)) + (SELECT count(*) FROM src.completions c WHERE NOT EXISTS (SELECT 1 FROM main.sittings m "
    "WHERE m.id = c.sitting_id))";
constexpr const char* kInsertAnswers =
    "INSERT INTO main.answers (id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, "
    "answered_at) SELECT id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, answered_at "
    "FROM src.answers a WHERE EXISTS (SELECT 1 FROM main.sittings m WHERE m.id = a.sitting_id) AND sitting_id NOT IN "
    "(SELECT id FROM temp.conflicts WHERE kind = 'sitting') ON CONFLICT (id) DO NOTHING";
constexpr const char* kInsertCompletions =
    "INSERT INTO main.completions (id, sitting_id, module_id, points, points_possible, percent, passed, "
    "completion_code, end_scene, seconds, completed_at) SELECT id, sitting_id, module_id, points, points_possible, "
    "percent, passed, completion_code, end_scene, seconds, completed_at FROM src.completions c "
    "WHERE EXISTS (SELECT 1 FROM main.sittings m WHERE m.id = c.sitting_id) AND sitting_id NOT IN "
    "(SELECT id FROM temp.conflicts WHERE kind = 'sitting') ON CONFLICT (id) DO NOTHING";
constexpr const char* kSourceRows =
    "SELECT (SELECT count(*) FROM src.sittings) + (SELECT count(*) FROM src.answers) + "
    "(SELECT count(*) FROM src.completions)";

constexpr int kConflictExamples = 5;

// [SECTION] One input

// Runs the steps of one input; the first failure is kept in `error` and later steps are skipped.
struct Run {
    Database& db;
    std::string error;

    // Fixed SQL returning one number (a count).
    std::int64_t Count(const char* sql) {
        Statement st;
        if (auto e = st.Prepare(db, sql)) {
            error = *e;
            return -1;
        }
        if (st.Step() != StepResult::Row) {
            error = st.ErrorMessage();
            return -1;
        }
        return st.ColumnInt64(0);
    }
    // Fixed SQL without results; the rows it changed.
    std::int64_t Changes(const char* sql) {
        if (auto e = db.Exec(sql)) {
            error = *e;
            return -1;
        }
        return sqlite3_changes64(db.Handle());
    }
};

// Everything from the attached input, in one transaction; error set (and rolled back) on failure.
void MergeOne(Database& db, MergeInput& input) {
    Run run{db, {}};
    auto failed = [&] { return !run.error.empty(); };
    if (auto e = db.Exec("BEGIN IMMEDIATE")) {
        input.error = "cannot start a transaction on the output (" + *e + ")";
        return;
    }
    run.Changes(input.schema_version >= 2 ? kSrcSittingsV2 : kSrcSittingsV1);
    if (!failed()) run.Changes("CREATE TEMP TABLE conflicts (kind TEXT NOT NULL, id TEXT NOT NULL)");
    std::int64_t source_rows = failed() ? 0 : run.Count(kSourceRows);
    if (!failed()) run.Changes(kSittingConflicts);
    if (!failed()) run.Changes(kAnswerConflicts);
    if (!failed()) run.Changes(kCompletionConflicts);
    if (!failed()) input.sittings_added = run.Changes(kInsertSittings);
    if (!failed()) input.sittings_ended = run.Changes(kEndSittings);
    if (!failed()) run.Changes(kFillPartnership);
    if (!failed()) input.orphans = run.Count(kCountOrphans);
    if (!failed()) input.answers_added = run.Changes(kInsertAnswers);
    if (!failed()) input.completions_added = run.Changes(kInsertCompletions);
    if (!failed()) {
        Statement examples;
        if (auto e = examples.Prepare(db, "SELECT kind || ' ' || id FROM temp.conflicts ORDER BY rowid"))
            run.error = *e;
        while (!failed() && examples.Step() == StepResult::Row) {
            if (input.conflicts++ < kConflictExamples) input.conflict_examples.push_back(examples.ColumnText(0));
        }
    }
    if (!failed()) {
        // Rows of a conflicting sitting are skipped too; they make this an estimate, floored at 0.
        input.already_there = source_rows - input.sittings_added - input.answers_added - input.completions_added -
                              input.conflicts - input.orphans;
        if (input.already_there < 0) input.already_there = 0;
        run.Changes("DROP TABLE temp.conflicts");
    }
    if (!failed()) run.Changes("DROP VIEW temp.src_sittings");
    if (!failed())
        if (auto e = db.Exec("COMMIT")) run.error = *e;
    if (failed()) {
        if (!sqlite3_get_autocommit(db.Handle())) db.Exec("ROLLBACK");
        db.Exec("DROP TABLE IF EXISTS temp.conflicts");
        db.Exec("DROP VIEW IF EXISTS temp.src_sittings");
        input.error = "not merged (SQLite: " + run.error + ")";
        input.sittings_added = input.answers_added = input.completions_added = 0;
        input.already_there = input.sittings_ended = input.conflicts = input.orphans = 0;
        input.conflict_examples.clear();
    }
}

bool SameFile(const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

}  // namespace

bool MergeResult::Clean() const {
    if (!error.empty()) return false;
    for (const MergeInput& input : inputs)
        if (!input.error.empty() || input.conflicts > 0 || input.orphans > 0) return false;
    return true;
}

// [SECTION] Merge

MergeResult Merge(const std::string& out, const std::vector<std::string>& inputs, const Progress& progress) {
    MergeResult result;
    for (const std::string& path : inputs) {
        MergeInput input;
        input.path = path;
        result.inputs.push_back(std::move(input));
    }
    for (const std::string& path : inputs)
        if (SameFile(path, out)) {
            result.error = out + ": is also an input; merge into a new or different file";
            return result;
        }
    std::string scratch_error;
    std::optional<ScratchDir> scratch = ScratchDir::Create(scratch_error);
    if (!scratch) {
        result.error = scratch_error;
        return result;
    }
    // The output goes through the kiosk's own open: schema, migrations, checks, WAL and the lock that
    // keeps a kiosk (or a second merge) from writing it at the same time.
    kiosk::core::OpenReport report;
    auto opened = kiosk::core::RecordsDb::Open(out, report);
    if (auto* e = std::get_if<std::string>(&opened)) {
        result.error = *e;
        return result;
    }
    auto& records = std::get<kiosk::core::RecordsDb>(opened);
    if (!report.quarantined_to.empty()) {
        result.error = out + ": was damaged and has been moved to " + report.quarantined_to + "; nothing merged";
        return result;
    }
    Database& db = records.Connection();
    // Reads of hostile inputs must not run functions from their schema (views, triggers, defaults).
    // A big page cache: every row lands at a random place in the id indexes of a growing file.
    db.Exec("PRAGMA trusted_schema = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;");

    std::size_t done = 0;
    for (MergeInput& input : result.inputs) {
        ++done;
        if (progress)
            progress("merging " + std::to_string(done) + " of " + std::to_string(inputs.size()) + ": " + input.path);
        auto attached = AttachRecords(db, input.path, *scratch, true);
        if (auto* e = std::get_if<std::string>(&attached)) {
            input.error = *e;
            continue;
        }
        input.schema_version = std::get<RecordsInput>(attached).schema_version;
        MergeOne(db, input);
        if (!input.error.empty()) input.error = input.path + ": " + input.error;
        DetachRecords(db);
    }
    kiosk::core::RowCounts counts = records.Counts();
    result.sittings = counts.sittings;
    result.answers = counts.answers;
    result.completions = counts.completions;
    return result;
}

}  // namespace report
