// Merge (merge.h): OUT is rebuilt in a private staging copy (in memory when it fits, else a file) and
// the finished file is renamed over OUT, so a killed merge leaves OUT as it was. The copy needs no
// crash safety of its own: no journal, no fsync until the one at the end. Indexes are dropped in it
// and built once at the end by sorting, instead of being updated row by row at random places: all of
// them while only new kiosks' exports come (appended as they are; their ids are checked for clashes
// when the UNIQUE id indexes are built), all but the id indexes once an input may hold rows OUT has
// (then each input is set-based INSERT ... SELECT by id, and the conflict and orphan joins run only
// when some rows did not go in as new). Inputs are checked ahead on another thread. An input that
// fails half-way has the copy built again without it.
// (Measured on 100 kiosks, 1,000,000 answers: one fsync'ed WAL commit per input into OUT itself with
// every index updated per row took 84-134 s; the staging copy by id 20.7 s; appending about 8.5 s.)
//
// [SECTION] SQL (fixed text; the only varying inputs are bound parameters and the attached file)
// [SECTION] One input
// [SECTION] Checking the inputs ahead
// [SECTION] Staging copy
// [SECTION] Merge
#include "report/merge.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

#include "core/records/records_db.h"
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

constexpr const char* kSourceRows =
    "SELECT (SELECT count(*) FROM src.sittings), (SELECT count(*) FROM src.answers), "
    "(SELECT count(*) FROM src.completions)";

// "WHERE true" lets SQLite parse ON CONFLICT after a SELECT (its documented upsert ambiguity).
constexpr const char* kInsertSittings =
    "INSERT INTO main.sittings (id, kiosk_id, site_id, agency, region, partnership, role, language, staff_hash, "
    "pack_id, pack_version, pack_hash, started_at, ended_at, outcome) SELECT id, kiosk_id, site_id, agency, region, "
    "partnership, role, language, staff_hash, pack_id, pack_version, pack_hash, started_at, ended_at, outcome "
    "FROM temp.src_sittings WHERE true ON CONFLICT (id) DO NOTHING";

// Same id, other content. They run after the insert: a row this input just added is identical to its
// source row, so only rows that were there before can differ. A sitting still open in OUT that the
// input saw end is progress, not a conflict (a kiosk exported twice, mid-sitting and later); so is a
// partnership that one side lacks.
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

constexpr const char* kEndSittings =
    "UPDATE main.sittings SET ended_at = s.ended_at, outcome = s.outcome FROM temp.src_sittings s "
    "WHERE main.sittings.id = s.id AND main.sittings.ended_at IS NULL AND s.ended_at IS NOT NULL "
    "AND s.id NOT IN (SELECT id FROM temp.conflicts WHERE kind = 'sitting')";
constexpr const char* kFillPartnership =
    "UPDATE main.sittings SET partnership = s.partnership FROM temp.src_sittings s "
    "WHERE main.sittings.id = s.id AND main.sittings.partnership = '' AND s.partnership <> '' "
    "AND s.id NOT IN (SELECT id FROM temp.conflicts WHERE kind = 'sitting')";

// Rows of a conflicting sitting stay out: they belong to a sitting OUT does not have. A sitting's rows
// come together, so the EXISTS probes of one sitting walk the same index pages.
// EXISTS, not IN (SELECT ...): IN would copy every merged sitting into a temporary table per input.
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
// Answers and completions whose sitting is in neither file.
constexpr const char* kAnswerOrphans =
    "SELECT count(*) FROM src.answers a WHERE NOT EXISTS (SELECT 1 FROM main.sittings m WHERE m.id = a.sitting_id)";
constexpr const char* kCompletionOrphans =
    "SELECT count(*) FROM src.completions c WHERE NOT EXISTS (SELECT 1 FROM main.sittings m WHERE m.id = "
    "c.sitting_id)";

// Appending a fresh kiosk's rows as they are (see Merge: used only when no row can already be there),
// in the order the kiosk wrote them, which the reports' scans rely on (report/sitting_index.h).
constexpr const char* kAppendSittings =
    "INSERT INTO main.sittings (id, kiosk_id, site_id, agency, region, partnership, role, language, staff_hash, "
    "pack_id, pack_version, pack_hash, started_at, ended_at, outcome) SELECT id, kiosk_id, site_id, agency, region, "
    "partnership, role, language, staff_hash, pack_id, pack_version, pack_hash, started_at, ended_at, outcome "
    "FROM temp.src_sittings";
constexpr const char* kAppendAnswers =
    "INSERT INTO main.answers (id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, "
    "answered_at) SELECT id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, answered_at "
    "FROM src.answers";
constexpr const char* kAppendCompletions =
    "INSERT INTO main.completions (id, sitting_id, module_id, points, points_possible, percent, passed, "
    "completion_code, end_scene, seconds, completed_at) SELECT id, sitting_id, module_id, points, points_possible, "
    "percent, passed, completion_code, end_scene, seconds, completed_at FROM src.completions";

// What the checker learns about an input besides its soundness: the kiosks it holds, and whether each
// of its answers and completions has its sitting in the same file.
constexpr const char* kSourceKiosks = "SELECT DISTINCT kiosk_id FROM src.sittings";
constexpr const char* kSourceOrphans =
    "SELECT EXISTS (SELECT 1 FROM src.answers a WHERE NOT EXISTS (SELECT 1 FROM src.sittings s WHERE s.id = "
    "a.sitting_id)) OR EXISTS (SELECT 1 FROM src.completions c WHERE NOT EXISTS (SELECT 1 FROM src.sittings s "
    "WHERE s.id = c.sitting_id))";
constexpr const char* kOutKiosks = "SELECT DISTINCT kiosk_id FROM main.sittings";

// The staging copy's indexes on the three tables, dropped and built again from their own CREATE text
// (read from the copy's schema): the UNIQUE id indexes apart from the others, because the per-row
// merge needs them (it looks rows up by id) and the fast append does not.
constexpr const char* kTableIndexes =
    "SELECT name, sql, sql LIKE 'CREATE UNIQUE INDEX %' FROM main.sqlite_schema WHERE type = 'index' AND "
    "sql IS NOT NULL AND tbl_name IN ('sittings', 'answers', 'completions') ORDER BY rowid";

constexpr int kConflictExamples = 5;

// [SECTION] One input

// Runs the steps of one input; the first failure is kept in `error` and later steps are skipped.
struct Run {
    Database& db;
    std::string error;

    bool Failed() const { return !error.empty(); }
    // Fixed SQL returning one number.
    std::int64_t Count(const char* sql) {
        if (Failed()) return 0;
        Statement st;
        if (auto e = st.Prepare(db, sql)) {
            error = *e;
            return 0;
        }
        if (st.Step() != StepResult::Row) {
            error = st.ErrorMessage();
            return 0;
        }
        return st.ColumnInt64(0);
    }
    // Fixed SQL without results; the rows it changed.
    std::int64_t Changes(const char* sql) {
        if (Failed()) return 0;
        if (auto e = db.Exec(sql)) {
            error = *e;
            return 0;
        }
        return sqlite3_changes64(db.Handle());
    }
};

// Everything from the attached input, in one transaction. Returns how many rows of the copy it added
// or changed; nullopt, with input.error set, if it failed part-way (the copy is then unusable).
std::optional<std::int64_t> MergeOne(Database& db, MergeInput& input) {
    Run run{db, {}};
    if (auto e = db.Exec("BEGIN")) {
        input.error = "cannot start a transaction on the output (" + *e + ")";
        return std::nullopt;
    }
    run.Changes(input.schema_version >= 2 ? kSrcSittingsV2 : kSrcSittingsV1);
    run.Changes("CREATE TEMP TABLE conflicts (kind TEXT NOT NULL, id TEXT NOT NULL)");
    std::int64_t src_sittings = 0, src_answers = 0, src_completions = 0;
    {
        Statement counts;
        if (!run.Failed()) {
            if (auto e = counts.Prepare(db, kSourceRows)) run.error = *e;
        }
        if (!run.Failed()) {
            if (counts.Step() == StepResult::Row) {
                src_sittings = counts.ColumnInt64(0);
                src_answers = counts.ColumnInt64(1);
                src_completions = counts.ColumnInt64(2);
            } else {
                run.error = counts.ErrorMessage();
            }
        }
    }
    // Each table: insert what is new; only if some rows were not new, find out why (already there,
    // conflicting, or an answer without its sitting).
    input.sittings_added = run.Changes(kInsertSittings);
    std::int64_t filled = 0;
    if (input.sittings_added < src_sittings) {
        run.Changes(kSittingConflicts);
        input.sittings_ended = run.Changes(kEndSittings);
        filled = run.Changes(kFillPartnership);
    }
    input.answers_added = run.Changes(kInsertAnswers);
    if (input.answers_added < src_answers) {
        run.Changes(kAnswerConflicts);
        input.orphans += run.Count(kAnswerOrphans);
    }
    input.completions_added = run.Changes(kInsertCompletions);
    if (input.completions_added < src_completions) {
        run.Changes(kCompletionConflicts);
        input.orphans += run.Count(kCompletionOrphans);
    }
    if (!run.Failed()) {
        Statement examples;
        if (auto e = examples.Prepare(db, "SELECT kind || ' ' || id FROM temp.conflicts ORDER BY rowid"))
            run.error = *e;
        while (!run.Failed() && examples.Step() == StepResult::Row) {
            if (input.conflicts++ < kConflictExamples) input.conflict_examples.push_back(examples.ColumnText(0));
        }
    }
    if (!run.Failed()) {
        // Rows of a conflicting sitting are skipped too; they make this an estimate, floored at 0.
        input.already_there = src_sittings + src_answers + src_completions - input.sittings_added -
                              input.answers_added - input.completions_added - input.conflicts - input.orphans;
        if (input.already_there < 0) input.already_there = 0;
    }
    run.Changes("DROP TABLE temp.conflicts");
    run.Changes("DROP VIEW temp.src_sittings");
    if (!run.Failed())
        if (auto e = db.Exec("COMMIT")) run.error = *e;
    if (run.Failed()) {
        // Ends the transaction; without a journal it undoes nothing (Merge throws this copy away).
        if (!sqlite3_get_autocommit(db.Handle())) db.Exec("ROLLBACK");
        input.error = "not merged (SQLite: " + run.error + ")";
        input.sittings_added = input.answers_added = input.completions_added = 0;
        input.already_there = input.sittings_ended = input.conflicts = input.orphans = 0;
        input.conflict_examples.clear();
        return std::nullopt;
    }
    return input.sittings_added + input.answers_added + input.completions_added + input.sittings_ended + filled;
}

// A fresh kiosk's rows appended as they are, in one transaction (see Merge for when). Returns the rows
// added; nullopt, with input.error set, if it failed part-way (a row broke one of OUT's CHECKs).
std::optional<std::int64_t> AppendOne(Database& db, MergeInput& input) {
    Run run{db, {}};
    if (auto e = db.Exec("BEGIN")) {
        input.error = "cannot start a transaction on the output (" + *e + ")";
        return std::nullopt;
    }
    run.Changes(input.schema_version >= 2 ? kSrcSittingsV2 : kSrcSittingsV1);
    input.sittings_added = run.Changes(kAppendSittings);
    input.answers_added = run.Changes(kAppendAnswers);
    input.completions_added = run.Changes(kAppendCompletions);
    run.Changes("DROP VIEW temp.src_sittings");
    if (!run.Failed())
        if (auto e = db.Exec("COMMIT")) run.error = *e;
    if (run.Failed()) {
        if (!sqlite3_get_autocommit(db.Handle())) db.Exec("ROLLBACK");
        input.error = "not merged (SQLite: " + run.error + ")";
        input.sittings_added = input.answers_added = input.completions_added = 0;
        return std::nullopt;
    }
    return input.sittings_added + input.answers_added + input.completions_added;
}

bool SameFile(const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

// [SECTION] Checking the inputs ahead

// An input that passed its checks, and what Merge needs to know to append it without lookups.
struct CheckedInput {
    RecordsInput input;
    std::set<std::string> kiosks;  // the kiosk ids of its sittings
    bool self_contained = false;   // every answer and completion has its sitting in the same file
};

// Runs AttachRecords with its full check (quick_check reads every page) for each input in turn, on
// its own connection and thread, while the merge works on the inputs before it; the merge then only
// attaches an input again. A check's result is kept, so a second pass of the merge does not redo it.
// If no thread can be started, each check runs when it is asked for.
class InputChecker {
public:
    InputChecker(const std::vector<std::string>& inputs, ScratchDir& scratch)
        : m_inputs(inputs), m_scratch(scratch), m_results(inputs.size()) {
        try {
            m_thread = std::thread([this] { Run(); });
        } catch (const std::system_error&) {  // no thread: Get checks in the caller's thread
        }
    }
    ~InputChecker() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        if (m_thread.joinable()) m_thread.join();
    }
    InputChecker(const InputChecker&) = delete;
    InputChecker& operator=(const InputChecker&) = delete;

    // Input i as checked (its URI to attach), or why it cannot be merged; waits for the check if needed.
    std::variant<CheckedInput, std::string> Get(std::size_t i) {
        if (!m_thread.joinable())
            while (m_done <= i) CheckNext();
        std::unique_lock<std::mutex> lock(m_mutex);
        m_ready.wait(lock, [&] { return m_done > i; });
        return *m_results[i];
    }

private:
    void Run() {
        while (m_done < m_inputs.size()) {
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                if (m_stop) return;
            }
            CheckNext();
        }
    }
    // Checks input m_done; only one thread ever calls this.
    void CheckNext() {
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

    // Kiosks and self-containment of the attached input. A query that fails leaves it not
    // self-contained, so the merge takes the per-row path, which reports any real damage.
    CheckedInput Profile(RecordsInput input) {
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

    const std::vector<std::string>& m_inputs;
    ScratchDir& m_scratch;  // only the checking thread uses it while the checker lives
    Database m_db;          // the checking thread's connection
    std::vector<std::optional<std::variant<CheckedInput, std::string>>> m_results;
    std::atomic<std::size_t> m_done = 0;  // results [0, m_done) are ready
    bool m_stop = false;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::thread m_thread;  // last: starts after everything above exists
};

// [SECTION] Staging copy

// "<out>.merging-XXXXXX": the staging copy's name. Only a merge holding OUT's lock uses these names,
// so any such file found while holding it is what a killed merge left.
std::string StagingPrefix(const std::string& out) { return fs::path(out).filename().string() + ".merging-"; }

void RemoveLeftovers(const std::string& out) {
    fs::path folder = fs::path(out).parent_path();
    std::string prefix = StagingPrefix(out);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder.empty() ? fs::path(".") : folder, ec)) {
        std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && entry.is_regular_file(ec)) fs::remove(entry.path(), ec);
    }
}

std::optional<std::string> SyncPath(const std::string& path, bool folder) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
    if (fd < 0) return std::string(std::strerror(errno));
    int rc = ::fsync(fd);
    int error = errno;
    ::close(fd);
    // Some file systems refuse to sync a folder; the file itself has been synced by then.
    if (rc != 0 && !folder) return std::string(std::strerror(error));
    return std::nullopt;
}

// Where the staging copy is built. In memory when it fits comfortably: then an input's commit writes
// nothing, and the finished copy is written out once, in page order. A file beside OUT otherwise.
enum class Place { Memory, File };

// A quarter of the physical memory, for building the staging copy in memory.
std::uintmax_t MemoryBudget() {
    long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page_size <= 0) return 0;
    return static_cast<std::uintmax_t>(pages) * static_cast<std::uintmax_t>(page_size) / 4;
}

// About how big OUT will be: itself plus every input (a merged DB is about the sum of its parts).
std::uintmax_t ExpectedSize(const std::string& out, const std::vector<std::string>& inputs) {
    std::uintmax_t total = 0;
    auto add = [&](const std::string& path) {
        std::error_code ec;
        std::uintmax_t size = fs::file_size(path, ec);
        if (!ec) total += size;
    };
    for (const std::string& path : {out, out + "-wal"}) add(path);
    for (const std::string& path : inputs) {
        add(path);
        add(path + "-wal");
    }
    return total;
}

// The staging copy of OUT. Its file is created empty beside OUT (same file system, so the final rename
// is atomic) and removed by the destructor unless it has been renamed into place.
class Staging {
public:
    Staging() = default;
    ~Staging() {
        m_db = Database();
        if (m_path.empty()) return;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((m_path + suffix).c_str());
    }
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;

    // Creates the file and copies `from` (OUT's connection) into the copy, set up for a bulk load.
    std::optional<std::string> Start(const std::string& out, Database& from, Place place) {
        std::string pattern = out + ".merging-XXXXXX";
        int fd = ::mkstemp(pattern.data());
        if (fd < 0) return "cannot create a file beside " + out + " (" + std::strerror(errno) + ")";
        ::close(fd);
        m_path = pattern;
        m_place = place;
        if (auto e = m_db.Open(place == Place::Memory ? ":memory:" : m_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX))
            return *e;
        // No journal at all: the copy needs no crash safety (a kill leaves OUT as it was and the copy is
        // thrown away), and an input that fails half-way has the copy built again without it (Merge).
        // Saved: a copy of every page an input changes, for every input. DEFENSIVE would refuse
        // journal_mode=OFF; the SQL run here is this file's fixed text, and the inputs' own schema can
        // neither call functions (trusted_schema=OFF) nor change anything (they are read-only).
        Secure(m_db, false);
        // The cache is big because every row lands at a random place in the id indexes. Foreign keys
        // are checked by the inserts themselves (EXISTS on the sitting), not again.
        if (auto e = m_db.Exec("PRAGMA synchronous = OFF; PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY; "
                               "PRAGMA foreign_keys = OFF;"))
            return *e;
        if (auto e = Copy(from, m_db)) return "cannot copy " + out + " (" + *e + ")";
        if (auto e = SetJournal(m_db, "PRAGMA journal_mode = OFF", "off")) return e;
        // The copy is private: an exclusive lock, taken once.
        if (auto e = m_db.Exec("PRAGMA locking_mode = EXCLUSIVE")) return *e;

        // Drop the indexes the merge does not look rows up by, keeping their CREATE statements.
        Statement list;
        if (auto e = list.Prepare(m_db, kTableIndexes)) return *e;
        std::vector<std::string> names;
        StepResult r;
        while ((r = list.Step()) == StepResult::Row) {
            if (list.ColumnInt64(2)) {
                m_unique_names.push_back(list.ColumnText(0));
                m_unique.push_back(list.ColumnText(1));
            } else {
                names.push_back(list.ColumnText(0));
                m_indexes.push_back(list.ColumnText(1));
            }
        }
        if (r == StepResult::Error) return list.ErrorMessage();
        list = Statement();
        for (const std::string& name : names)
            if (auto e = DropIndex(name)) return e;
        return std::nullopt;
    }

    Database& Db() { return m_db; }

    // Drops the UNIQUE id indexes too, for appending rows that cannot be there yet.
    std::optional<std::string> DropUnique() {
        for (const std::string& name : m_unique_names)
            if (auto e = DropIndex(name)) return e;
        return std::nullopt;
    }
    // Builds them again (sorted, in one go); on failure, `duplicate` says whether some id is there twice.
    std::optional<std::string> BuildUnique(bool& duplicate) {
        duplicate = false;
        for (const std::string& sql : m_unique) {
            int code = SQLITE_OK;
            if (auto e = RunSchemaStatement(sql, &code)) {
                duplicate = (code & 0xFF) == SQLITE_CONSTRAINT;
                return "cannot build an index (" + *e + ")";
            }
        }
        return std::nullopt;
    }

    // Builds the dropped indexes, writes the copy to its file (WAL, like every records DB), closes it and
    // syncs it to disk. After this only Publish is left.
    std::optional<std::string> Finish() {
        for (const std::string& sql : m_indexes)
            if (auto e = RunSchemaStatement(sql)) return "cannot build an index (" + *e + ")";
        Database file;
        Database* final_db = &m_db;
        if (m_place == Place::Memory) {
            if (auto e = file.Open(m_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)) return *e;
            Secure(file, true);
            if (auto e = file.Exec("PRAGMA synchronous = OFF")) return *e;
            if (auto e = SetJournal(file, "PRAGMA journal_mode = MEMORY", "memory")) return e;
            if (auto e = Copy(m_db, file)) return e;
            m_db = Database();
            final_db = &file;
        }
        if (auto e = SetJournal(*final_db, "PRAGMA journal_mode = WAL", "wal")) return e;
        // Closing the only connection folds the (tiny) WAL back in and deletes it; then one fsync.
        if (auto e = final_db->Close()) return *e;
        std::error_code ec;
        if (fs::exists(m_path + "-wal", ec)) return std::string("its WAL was not folded back in");
        return SyncPath(m_path, false);
    }

    // Renames the finished copy over `out`. The caller holds OUT's lock and has closed its connection.
    std::optional<std::string> Publish(const std::string& out) {
        // The new OUT keeps the old one's permissions (mkstemp made the copy private to its owner).
        std::error_code ec;
        fs::perms mode = fs::status(out, ec).permissions();
        if (!ec) fs::permissions(m_path, mode, ec);
        if (std::rename(m_path.c_str(), out.c_str()) != 0)
            return "cannot replace " + out + " (" + std::strerror(errno) + ")";
        m_path.clear();
        fs::path folder = fs::path(out).parent_path();
        SyncPath(folder.empty() ? "." : folder.string(), true);
        return std::nullopt;
    }

private:
    static void Secure(Database& db, bool defensive) {
        sqlite3_db_config(db.Handle(), SQLITE_DBCONFIG_DEFENSIVE, defensive ? 1 : 0, nullptr);
        sqlite3_db_config(db.Handle(), SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
        sqlite3_db_config(db.Handle(), SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
        // Reads of hostile inputs must not run functions from their schema (views, triggers, defaults).
        db.Exec("PRAGMA trusted_schema = OFF");
    }
    // Every page of `from` into `to` (the backup API: a consistent copy, whatever the journal mode).
    static std::optional<std::string> Copy(Database& from, Database& to) {
        sqlite3_backup* backup = sqlite3_backup_init(to.Handle(), "main", from.Handle(), "main");
        if (!backup) return to.ErrorMessage();
        int rc = sqlite3_backup_step(backup, -1);
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE) return std::string(sqlite3_errstr(rc));
        return std::nullopt;
    }
    static std::optional<std::string> SetJournal(Database& db, const char* pragma, const char* expected) {
        Statement mode;
        if (auto e = mode.Prepare(db, pragma)) return *e;
        if (mode.Step() != StepResult::Row) return mode.ErrorMessage();
        if (mode.ColumnText(0) != expected) return "journal_mode stayed " + mode.ColumnText(0);
        return std::nullopt;
    }
    // DROP INDEX takes a name, which cannot be a bound parameter; it is quoted as an identifier, and it
    // comes from OUT's own schema (a records DB this tool created, or opened and checked).
    std::optional<std::string> DropIndex(const std::string& name) {
        std::string quoted = "\"";
        for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += '"';
        return RunSchemaStatement("DROP INDEX main." + quoted);
    }
    // One statement, nothing after it.
    std::optional<std::string> RunSchemaStatement(const std::string& sql, int* step_code = nullptr) {
        sqlite3_stmt* st = nullptr;
        const char* tail = nullptr;
        int rc = sqlite3_prepare_v2(m_db.Handle(), sql.c_str(), static_cast<int>(sql.size()), &st, &tail);
        if (rc != SQLITE_OK || !st) {
            sqlite3_finalize(st);
            return m_db.ErrorMessage();
        }
        if (tail && *tail) {
            sqlite3_finalize(st);
            return std::string("unexpected text after a schema statement");
        }
        rc = sqlite3_step(st);
        if (step_code) *step_code = rc;
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) return m_db.ErrorMessage();
        return std::nullopt;
    }

    std::string m_path;                  // "" once renamed into place (or never created)
    Place m_place = Place::File;
    Database m_db;
    std::vector<std::string> m_indexes;  // CREATE INDEX statements to run again at the end
    std::vector<std::string> m_unique, m_unique_names;  // the UNIQUE id indexes: CREATE statements, names
};

}  // namespace

bool MergeResult::Clean() const {
    if (!error.empty()) return false;
    for (const MergeInput& input : inputs)
        if (!input.error.empty() || input.conflicts > 0 || input.orphans > 0) return false;
    return true;
}

// [SECTION] Merge

MergeResult Merge(const std::string& out, const std::vector<std::string>& inputs, const Progress& progress,
                  std::optional<std::uintmax_t> memory_budget) {
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
    // OUT goes through the kiosk's own open: schema, migrations, checks, and the lock that keeps a kiosk
    // (or a second merge) from writing it while this one runs. The lock is held until the end.
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
    const kiosk::core::RowCounts before = records.Counts();
    RemoveLeftovers(out);
    std::uintmax_t budget = memory_budget ? *memory_budget : MemoryBudget();
    Place place = budget > 0 && ExpectedSize(out, inputs) <= budget ? Place::Memory : Place::File;

    // Each pass builds a fresh staging copy and merges every input not known to be bad. The copy has no
    // journal, so an input that fails half-way (damage quick_check cannot see, rows breaking OUT's CHECK
    // constraints) ends the pass, and the next pass starts again without it: rare, and cheaper than
    // journalling every input's pages.
    //
    // Two ways in. A fresh kiosk (none of its kiosk ids in OUT or in an input before it, and each of its
    // answers and completions with its sitting in the same file) cannot have a row already there, so
    // while only fresh kiosks come, the rows are appended with no index at all and the id indexes are
    // built once, sorted, afterwards: several times faster than inserting ids at random places in an
    // index. From the first input that may overlap (a later export of a kiosk already merged), the id
    // indexes are built and each row goes in by id (MergeOne: already there, conflicting, ended since).
    // Should the id indexes not build (an id twice among "fresh" kiosks: only a forged or edited file),
    // the merge starts again with every input going in by id.
    std::vector<bool> bad(inputs.size(), false);
    bool by_id_only = false;
    InputChecker checker(inputs, *scratch);
    for (;;) {
        kiosk::core::RowCounts counts = before;
        Staging staging;
        if (auto e = staging.Start(out, records.Connection(), place)) {
            result.error = out + ": cannot set up the merge (" + *e + "); nothing merged";
            return result;
        }
        Database& db = staging.Db();
        bool changed = false, again = false;
        // Appending while only fresh kiosks come (the id indexes are dropped at the first of them, so a
        // merge that starts with a known kiosk never drops them); by id from the first other input.
        bool appending = !by_id_only, dropped = false;
        std::set<std::string> kiosks;  // in the copy so far
        if (appending) {
            Statement list;
            std::optional<std::string> e = list.Prepare(db, kOutKiosks);
            StepResult r = StepResult::Error;
            if (!e)
                while ((r = list.Step()) == StepResult::Row) kiosks.insert(list.ColumnText(0));
            if (!e && r == StepResult::Error) e = list.ErrorMessage();
            if (e) {
                result.error = out + ": cannot set up the merge (" + *e + "); nothing merged";
                return result;
            }
        }
        // Ends appending: the id indexes over everything so far. False if the pass cannot go on: with
        // `again` set (an id twice: start again by id) or result.error (OUT cannot be written).
        auto stop_appending = [&]() -> bool {
            appending = false;
            if (!dropped) return true;
            bool duplicate = false;
            if (auto e = staging.BuildUnique(duplicate)) {
                if (duplicate) by_id_only = again = true;
                else result.error = out + ": cannot set up the merge (" + *e + "); nothing merged";
                return false;
            }
            return true;
        };
        for (std::size_t i = 0; i < inputs.size() && !again; ++i) {
            if (bad[i]) continue;
            MergeInput& input = result.inputs[i];
            input = MergeInput{};  // a later pass starts afresh
            input.path = inputs[i];
            if (progress)
                progress("merging " + std::to_string(i + 1) + " of " + std::to_string(inputs.size()) + ": " + input.path);
            auto checked = checker.Get(i);
            std::optional<std::string> error;
            if (auto* e = std::get_if<std::string>(&checked)) error = *e;
            else error = AttachChecked(db, std::get<CheckedInput>(checked).input);
            if (error) {
                input.error = *error;
                bad[i] = true;
                continue;
            }
            const CheckedInput& profile = std::get<CheckedInput>(checked);
            input.schema_version = profile.input.schema_version;
            bool fresh = profile.self_contained;
            for (const std::string& kiosk : profile.kiosks) fresh = fresh && kiosks.count(kiosk) == 0;
            if (appending && !fresh && !stop_appending()) {
                DetachRecords(db);
                if (!result.error.empty()) return result;
                break;
            }
            if (appending && !dropped) {
                if (auto e = staging.DropUnique()) {
                    result.error = out + ": cannot set up the merge (" + *e + "); nothing merged";
                    return result;
                }
                dropped = true;
            }
            std::optional<std::int64_t> added = appending ? AppendOne(db, input) : MergeOne(db, input);
            DetachRecords(db);
            if (!added) {
                input.error = input.path + ": " + input.error;
                bad[i] = again = true;
                continue;
            }
            input.appended = appending;
            kiosks.insert(profile.kiosks.begin(), profile.kiosks.end());
            changed = changed || *added > 0;
            counts.sittings += input.sittings_added;
            counts.answers += input.answers_added;
            counts.completions += input.completions_added;
        }
        if (!again && appending) {
            stop_appending();
            if (!result.error.empty()) return result;
        }
        if (again) continue;
        // Nothing new: OUT stays exactly as it was (the staging copy is thrown away).
        if (changed) {
            if (progress) progress("writing " + out);
            if (auto e = staging.Finish()) {
                result.error = out + ": cannot write the merged records (" + *e + "); nothing merged";
                return result;
            }
            // OUT's connection closes first (folding its WAL back in), then the copy takes its name; the
            // lock stays held by `records` until it goes out of scope.
            records.Connection() = Database();
            std::error_code ec;
            if (fs::file_size(out + "-wal", ec) > 0 && !ec) {
                result.error = out + ": is open in another program; nothing merged";
                return result;
            }
            if (auto e = staging.Publish(out)) {
                result.error = *e + "; nothing merged";
                return result;
            }
        }
        result.sittings = counts.sittings;
        result.answers = counts.answers;
        result.completions = counts.completions;
        return result;
    }
}

}  // namespace report
