// Prune (prune.h): counts first, then one IMMEDIATE transaction of deletes, then VACUUM.
#include "report/prune.h"

#include <sqlite3.h>

#include <filesystem>

#include "core/util/sqlite_db.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;

namespace {

// Runs one statement with ?1 = the day; the rows it changed, or -1 (error in `error`).
std::int64_t PruneStep(Database& db, const char* sql, const std::string& day, std::string& error) {
    Statement st;
    if (auto e = st.Prepare(db, sql)) {
        error = *e;
        return -1;
    }
    st.Bind(1, std::string_view(day));
    StepResult step = st.Step();
    if (step == StepResult::Error) {
        error = st.ErrorMessage();
        return -1;
    }
    return step == StepResult::Row ? st.ColumnInt64(0) : sqlite3_changes(db.Handle());
}

}  // namespace

PruneResult Prune(const std::string& path, const std::string& before_day) {
    PruneResult r;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        r.error = path + ": no such file";
        return r;
    }
    Database db;
    if (auto e = db.Open(path, SQLITE_OPEN_READWRITE)) {
        r.error = path + ": " + *e;
        return r;
    }
    std::string error;
    // A records DB has these two tables; anything else is refused before it is touched.
    if (PruneStep(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sittings', 'completions') "
                "AND ?1 = ?1", before_day, error) != 2) {
        r.error = path + ": not a kiosk records DB" + (error.empty() ? "" : " (" + error + ")");
        return r;
    }
    bool has_admin = PruneStep(db, "SELECT count(*) FROM sqlite_master WHERE name = 'admin_events' AND ?1 = ?1", before_day,
                         error) == 1;
    // Deleted rows must not stay readable in the file's free pages.
    if (auto e = db.Exec("PRAGMA secure_delete = ON; PRAGMA busy_timeout = 2000; BEGIN IMMEDIATE;")) {
        r.error = path + ": " + *e + " (is another program using it?)";
        return r;
    }
    // started_at is ISO 8601 UTC: every time on an earlier day sorts before "<day>".
    r.answers = PruneStep(db, "DELETE FROM answers WHERE sitting_id IN (SELECT id FROM sittings WHERE started_at < ?1)",
                    before_day, error);
    if (r.answers >= 0)
        r.completions = PruneStep(db, "DELETE FROM completions WHERE sitting_id IN (SELECT id FROM sittings WHERE started_at < ?1)",
                            before_day, error);
    if (r.answers >= 0 && r.completions >= 0)
        r.sittings = PruneStep(db, "DELETE FROM sittings WHERE started_at < ?1", before_day, error);
    if (has_admin && r.sittings >= 0) r.admin_events = PruneStep(db, "DELETE FROM admin_events WHERE at < ?1", before_day, error);
    if (r.answers < 0 || r.completions < 0 || r.sittings < 0 || r.admin_events < 0) {
        db.Exec("ROLLBACK");
        r.error = path + ": " + error + "; nothing was deleted";
        return r;
    }
    if (auto e = db.Exec("COMMIT")) {
        db.Exec("ROLLBACK");
        r.error = path + ": " + *e + "; nothing was deleted";
        return r;
    }
    r.pruned = true;
    r.sittings_left = PruneStep(db, "SELECT count(*) FROM sittings WHERE ?1 = ?1", before_day, error);
    // VACUUM rewrites the file from the live rows only. If it fails (a full disk), the deletes stand
    // and secure_delete has already zeroed the freed pages.
    if (auto e = db.Exec("VACUUM")) r.error = path + ": pruned, but VACUUM failed (" + *e + "); the file keeps its size";
    return r;
}

}  // namespace report
