// sync.db (sync_store.h). Small tables, fixed SQL, values bound: the outbox is the only big one, and it
// is read in seq order through the index on (state, seq).
#include "sync/sync_store.h"

#include <sqlite3.h>

#include "core/records/records_db.h"

namespace kiosk::sync {

using core::Statement;
using core::StepResult;

namespace {

const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS outbox(
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('record', 'health')),
    body        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acked', 'quarantined')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error  TEXT,
    queued_at   TEXT NOT NULL,
    acked_at    TEXT
);
CREATE INDEX IF NOT EXISTS outbox_by_state ON outbox(state, seq);
CREATE TABLE IF NOT EXISTS cursor(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS open_sittings(id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS status(key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Resume points of this partnership's other kiosks (--share-progress), newest per person and module, and
-- when each person last finished each module (a point saved before that is spent). Only for staff numbers
-- hashed with a key the kiosks share; the kiosk reads them when someone types a staff number.
CREATE TABLE IF NOT EXISTS shared_resume(
    staff_hash TEXT NOT NULL, module_id TEXT NOT NULL, scene_id TEXT NOT NULL, points INTEGER NOT NULL,
    points_possible INTEGER NOT NULL, bonus INTEGER NOT NULL, variables TEXT NOT NULL, seconds INTEGER NOT NULL,
    film_ms INTEGER NOT NULL, film_asked TEXT NOT NULL, sitting_id TEXT NOT NULL, saved_at TEXT NOT NULL,
    PRIMARY KEY (staff_hash, module_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS shared_finished(
    staff_hash TEXT NOT NULL, module_id TEXT NOT NULL, finished_at TEXT NOT NULL,
    PRIMARY KEY (staff_hash, module_id)
) WITHOUT ROWID;
)";


// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed.
class Transaction {
public:
    explicit Transaction(core::Database& db) : m_db(db) { m_error = m_db.Exec("BEGIN IMMEDIATE"); }
    ~Transaction() {
        if (!m_error && !m_done) m_db.Exec("ROLLBACK");
    }
    const std::optional<std::string>& error() const { return m_error; }
    std::optional<std::string> Commit() {
        m_done = true;
        if (auto e = m_db.Exec("COMMIT")) {
            m_db.Exec("ROLLBACK");
            return e;
        }
        return std::nullopt;
    }

private:
    core::Database& m_db;
    std::optional<std::string> m_error;
    bool m_done = false;
};

std::optional<std::string> Run(Statement& st) {
    return st.Step() == StepResult::Error ? std::optional<std::string>(st.ErrorMessage()) : std::nullopt;
}

std::variant<std::int64_t, std::string> Scalar(core::Database& db, const char* sql) {
    Statement st;
    if (auto e = st.Prepare(db, sql)) return *e;
    StepResult step = st.Step();
    if (step == StepResult::Error) return st.ErrorMessage();
    return step == StepResult::Row ? st.ColumnInt64(0) : std::int64_t{0};
}

}  // namespace

std::variant<SyncStore, std::string> SyncStore::Open(const std::string& path) {
    SyncStore store;
    if (auto e = store.m_db.Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
        return path + ": cannot open the sync state (" + *e + ")";
    sqlite3_busy_timeout(store.m_db.Handle(), 5000);
    auto app = Scalar(store.m_db, "PRAGMA application_id");
    auto version = Scalar(store.m_db, "PRAGMA user_version");
    const std::string move_it = "); move it away or name another with --state";
    if (auto* e = std::get_if<std::string>(&app)) return path + ": not a readable sync state (" + *e + move_it;
    if (auto* e = std::get_if<std::string>(&version)) return path + ": not a readable sync state (" + *e + move_it;
    auto tables = Scalar(store.m_db, "SELECT count(*) FROM sqlite_schema");
    std::int64_t app_id = std::get<std::int64_t>(app);
    if (app_id != kSyncApplicationId && !(app_id == 0 && std::holds_alternative<std::int64_t>(tables) &&
                                          std::get<std::int64_t>(tables) == 0))
        return path + ": this file is not kiosk-sync's state (sync.db); move it away or name another with --state";
    if (std::get<std::int64_t>(version) > kSyncSchemaVersion)
        return path + ": made by a newer kiosk-sync (schema " + std::to_string(std::get<std::int64_t>(version)) +
               "); install that version again";
    // secure_delete: an emptied body's bytes are overwritten in the file, not left in free space.
    if (auto e = store.m_db.Exec(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA trusted_schema=OFF; PRAGMA secure_delete=ON"))
        return path + ": cannot set up the sync state (" + *e + ")";
    if (auto e = store.m_db.Exec(kSchema)) return path + ": cannot set up the sync state (" + *e + ")";
    // Statements delivered by a kiosk-sync that kept their bodies lose them now, once.
    if (auto e = store.m_db.Exec("UPDATE outbox SET body = '' WHERE state = 'acked' AND body <> ''"))
        return path + ": cannot set up the sync state (" + *e + ")";
    if (auto e = store.m_db.Exec("PRAGMA application_id = 1263753550; PRAGMA user_version = 1"))
        return path + ": cannot set up the sync state (" + *e + ")";
    return store;
}

std::variant<SyncStore, std::string> SyncStore::OpenReadOnly(const std::string& path) {
    SyncStore store;
    if (auto e = store.m_db.Open(path, SQLITE_OPEN_READONLY)) return path + ": " + *e;
    sqlite3_busy_timeout(store.m_db.Handle(), 200);
    auto app = Scalar(store.m_db, "PRAGMA application_id");
    if (auto* e = std::get_if<std::string>(&app)) return path + ": " + *e;
    if (std::get<std::int64_t>(app) != kSyncApplicationId) return path + ": not kiosk-sync's state";
    return store;
}

std::optional<std::string> SyncStore::Enqueue(const std::vector<NewStatement>& statements, const xapi::RowCursor& cursor,
                                              const std::vector<std::string>& opened,
                                              const std::vector<std::string>& closed, const std::string& now) {
    Transaction tx(m_db);
    if (tx.error()) return tx.error();
    Statement st;
    if (auto e = st.Prepare(m_db, "INSERT OR IGNORE INTO outbox(id, kind, body, queued_at) VALUES (?1, ?2, ?3, ?4)")) return e;
    for (const NewStatement& s : statements) {
        st.Reset();
        st.Bind(1, s.id).Bind(2, s.kind).Bind(3, s.body).Bind(4, now);
        if (auto e = Run(st)) return e;
    }
    if (auto e = st.Prepare(m_db, "INSERT INTO cursor(name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = ?2"))
        return e;
    for (auto [name, value] : {std::pair{"sittings", cursor.sittings}, std::pair{"answers", cursor.answers},
                               std::pair{"completions", cursor.completions}}) {
        st.Reset();
        st.Bind(1, std::string_view(name)).Bind(2, value);
        if (auto e = Run(st)) return e;
    }
    if (auto e = st.Prepare(m_db, "INSERT OR IGNORE INTO open_sittings(id) VALUES (?1)")) return e;
    for (const std::string& id : opened) {
        st.Reset();
        st.Bind(1, id);
        if (auto e = Run(st)) return e;
    }
    if (auto e = st.Prepare(m_db, "DELETE FROM open_sittings WHERE id = ?1")) return e;
    for (const std::string& id : closed) {
        st.Reset();
        st.Bind(1, id);
        if (auto e = Run(st)) return e;
    }
    return tx.Commit();
}

std::variant<xapi::RowCursor, std::string> SyncStore::Cursor() {
    Statement st;
    if (auto e = st.Prepare(m_db, "SELECT name, value FROM cursor")) return *e;
    xapi::RowCursor c;
    StepResult step;
    while ((step = st.Step()) == StepResult::Row) {
        std::string name = st.ColumnText(0);
        std::int64_t v = st.ColumnInt64(1);
        if (name == "sittings") c.sittings = v;
        else if (name == "answers") c.answers = v;
        else if (name == "completions") c.completions = v;
    }
    if (step == StepResult::Error) return st.ErrorMessage();
    return c;
}

std::variant<std::vector<std::string>, std::string> SyncStore::OpenSittings() {
    Statement st;
    if (auto e = st.Prepare(m_db, "SELECT id FROM open_sittings ORDER BY id")) return *e;
    std::vector<std::string> ids;
    StepResult step;
    while ((step = st.Step()) == StepResult::Row) ids.push_back(st.ColumnText(0));
    if (step == StepResult::Error) return st.ErrorMessage();
    return ids;
}

std::variant<std::vector<OutboxItem>, std::string> SyncStore::NextPending(std::size_t max_count, std::size_t max_bytes) {
    Statement st;
    if (auto e = st.Prepare(m_db, "SELECT seq, id, body FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?1")) return *e;
    st.Bind(1, static_cast<std::int64_t>(max_count));
    std::vector<OutboxItem> items;
    std::size_t bytes = 2;  // the array's brackets
    StepResult step;
    while ((step = st.Step()) == StepResult::Row) {
        OutboxItem item{st.ColumnInt64(0), st.ColumnText(1), st.ColumnText(2)};
        if (!items.empty() && bytes + item.body.size() + 1 > max_bytes) break;
        bytes += item.body.size() + 1;
        items.push_back(std::move(item));
    }
    if (step == StepResult::Error) return st.ErrorMessage();
    return items;
}

std::optional<std::string> SyncStore::MarkAcked(const std::vector<std::int64_t>& seqs, long status, const std::string& now) {
    Transaction tx(m_db);
    if (tx.error()) return tx.error();
    Statement st;
    // A delivered statement's body is emptied: the LRS has it, and the kiosk keeps no copy of learners'
    // records beyond its own records DB and its retention period. The row stays for its id (a statement
    // is never queued twice) and the counts.
    if (auto e = st.Prepare(m_db, "UPDATE outbox SET state = 'acked', body = '', attempts = attempts + 1, "
                                  "last_status = ?2, last_error = NULL, acked_at = ?3 WHERE seq = ?1 AND state = 'pending'"))
        return e;
    for (std::int64_t seq : seqs) {
        st.Reset();
        st.Bind(1, seq).Bind(2, static_cast<std::int64_t>(status)).Bind(3, now);
        if (auto e = Run(st)) return e;
    }
    return tx.Commit();
}

std::optional<std::string> SyncStore::MarkQuarantined(std::int64_t seq, long status, const std::string& why) {
    Statement st;
    if (auto e = st.Prepare(m_db, "UPDATE outbox SET state = 'quarantined', attempts = attempts + 1, last_status = ?2, "
                                  "last_error = ?3 WHERE seq = ?1"))
        return e;
    st.Bind(1, seq).Bind(2, static_cast<std::int64_t>(status)).Bind(3, why);
    return Run(st);
}

std::optional<std::string> SyncStore::MarkAttempt(const std::vector<std::int64_t>& seqs, long status, const std::string& error) {
    Transaction tx(m_db);
    if (tx.error()) return tx.error();
    Statement st;
    if (auto e = st.Prepare(m_db, "UPDATE outbox SET attempts = attempts + 1, last_status = ?2, last_error = ?3 WHERE seq = ?1"))
        return e;
    for (std::int64_t seq : seqs) {
        st.Reset();
        st.Bind(1, seq).Bind(2, static_cast<std::int64_t>(status)).Bind(3, error);
        if (auto e = Run(st)) return e;
    }
    return tx.Commit();
}

std::variant<bool, std::string> SyncStore::HealthPending() {
    auto n = Scalar(m_db, "SELECT count(*) FROM outbox WHERE kind = 'health' AND state = 'pending'");
    if (auto* e = std::get_if<std::string>(&n)) return *e;
    return std::get<std::int64_t>(n) > 0;
}

std::optional<std::string> SyncStore::SetValue(const std::string& key, const std::string& value) {
    Statement st;
    if (auto e = st.Prepare(m_db, "INSERT INTO status(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2"))
        return e;
    st.Bind(1, key).Bind(2, value);
    return Run(st);
}

std::variant<std::optional<std::string>, std::string> SyncStore::Value(const std::string& key) {
    Statement st;
    if (auto e = st.Prepare(m_db, "SELECT value FROM status WHERE key = ?1")) return *e;
    st.Bind(1, key);
    StepResult step = st.Step();
    if (step == StepResult::Error) return st.ErrorMessage();
    if (step == StepResult::Done) return std::optional<std::string>();
    return std::optional<std::string>(st.ColumnText(0));
}

std::optional<std::string> SyncStore::SetSuccess(const std::string& now, const std::string& scan_started) {
    Transaction tx(m_db);
    if (tx.error()) return tx.error();
    if (auto e = SetValue("last_success_at", now)) return e;
    // A quarantined statement's rows never reached the LRS: until someone deals with it, only a USB export
    // lets the kiosk delete anything.
    Statement waiting;
    if (auto e = waiting.Prepare(m_db, "SELECT count(*) FROM outbox WHERE kind = 'record' AND state <> 'acked'")) return e;
    if (waiting.Step() != StepResult::Row) return waiting.ErrorMessage();
    if (waiting.ColumnInt64(0) == 0)
        if (auto e = SetValue("delivered_until", scan_started)) return e;
    if (auto e = m_db.Exec("DELETE FROM status WHERE key IN ('last_error', 'last_error_at', 'credentials_refused')")) return e;
    if (auto e = SetValue("updated_at", now)) return e;
    return tx.Commit();
}

std::optional<std::string> SyncStore::SetError(const std::string& error, const std::string& now, bool credentials_refused) {
    Transaction tx(m_db);
    if (tx.error()) return tx.error();
    if (auto e = SetValue("last_error", error)) return e;
    if (auto e = SetValue("last_error_at", now)) return e;
    if (auto e = SetValue("updated_at", now)) return e;
    if (credentials_refused) {
        if (auto e = SetValue("credentials_refused", "1")) return e;
    } else if (auto e = m_db.Exec("DELETE FROM status WHERE key = 'credentials_refused'")) {
        return e;
    }
    return tx.Commit();
}

std::variant<SyncStatus, std::string> SyncStore::Status() {
    SyncStatus s;
    Statement st;
    if (auto e = st.Prepare(m_db, "SELECT state, count(*), min(queued_at) FROM outbox GROUP BY state")) return *e;
    StepResult step;
    while ((step = st.Step()) == StepResult::Row) {
        std::string state = st.ColumnText(0);
        std::int64_t n = st.ColumnInt64(1);
        if (state == "pending") {
            s.pending = n;
            s.oldest_pending_at = st.ColumnText(2);
        } else if (state == "acked") {
            s.acked = n;
        } else {
            s.quarantined = n;
        }
    }
    if (step == StepResult::Error) return st.ErrorMessage();
    if (auto e = st.Prepare(m_db, "SELECT key, value FROM status")) return *e;
    while ((step = st.Step()) == StepResult::Row) {
        std::string key = st.ColumnText(0), value = st.ColumnText(1);
        if (key == "last_success_at") s.last_success_at = value;
        else if (key == "last_error") s.last_error = value;
        else if (key == "last_error_at") s.last_error_at = value;
        else if (key == "credentials_refused") s.credentials_refused = value == "1";
        else if (key == "updated_at") s.updated_at = value;
    }
    if (step == StepResult::Error) return st.ErrorMessage();
    return s;
}

std::variant<std::vector<std::pair<std::string, OutboxState>>, std::string> SyncStore::AllStates() {
    Statement st;
    if (auto e = st.Prepare(m_db, "SELECT id, state FROM outbox ORDER BY seq")) return *e;
    std::vector<std::pair<std::string, OutboxState>> out;
    StepResult step;
    while ((step = st.Step()) == StepResult::Row) {
        std::string state = st.ColumnText(1);
        out.emplace_back(st.ColumnText(0), state == "pending" ? OutboxState::Pending
                                           : state == "acked" ? OutboxState::Acked
                                                              : OutboxState::Quarantined);
    }
    if (step == StepResult::Error) return st.ErrorMessage();
    return out;
}

std::optional<std::string> SyncStore::KeepShared(const std::vector<xapi::SharedProgress>& items,
                                                 const std::string& cursor_key, const std::string& cursor) {
    Transaction tx(m_db);
    if (tx.error()) return tx.error();
    Statement point, finished;
    // The newest wins: statements come in the order the LRS stored them, which need not be the order the
    // kiosks saved them in.
    if (auto e = point.Prepare(m_db,
                               "INSERT INTO shared_resume(staff_hash, module_id, scene_id, points, points_possible, bonus, "
                               "variables, seconds, film_ms, film_asked, sitting_id, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                               "?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT(staff_hash, module_id) DO UPDATE SET "
                               "scene_id = ?3, points = ?4, points_possible = ?5, bonus = ?6, variables = ?7, seconds = ?8, "
                               "film_ms = ?9, film_asked = ?10, sitting_id = ?11, saved_at = ?12 WHERE ?12 > saved_at"))
        return e;
    if (auto e = finished.Prepare(m_db,
                                  "INSERT INTO shared_finished(staff_hash, module_id, finished_at) VALUES (?1, ?2, ?3) "
                                  "ON CONFLICT(staff_hash, module_id) DO UPDATE SET finished_at = ?3 WHERE ?3 > finished_at"))
        return e;
    for (const xapi::SharedProgress& item : items) {
        const xapi::ResumeRow& p = item.point;
        Statement& st = item.kind == xapi::SharedProgress::Kind::Suspended ? point : finished;
        if (item.kind == xapi::SharedProgress::Kind::None) continue;
        st.Bind(1, p.staff_hash).Bind(2, p.module_id);
        if (item.kind == xapi::SharedProgress::Kind::Suspended) {
            st.Bind(3, p.scene_id).Bind(4, p.points).Bind(5, p.points_possible).Bind(6, p.bonus).Bind(7, p.variables);
            st.Bind(8, p.seconds).Bind(9, p.film_ms).Bind(10, p.film_asked).Bind(11, p.sitting_id).Bind(12, p.saved_at);
        } else {
            st.Bind(3, p.saved_at);
        }
        if (auto e = Run(st)) return e;
        st.Reset();
    }
    if (!cursor.empty())
        if (auto e = SetValue(cursor_key, cursor)) return e;
    return tx.Commit();
}

std::variant<std::int64_t, std::string> SyncStore::PruneShared(const std::string& before) {
    Transaction tx(m_db);
    if (tx.error()) return *tx.error();
    std::int64_t deleted = 0;
    Statement points, finishes;
    if (auto e = points.Prepare(m_db, "DELETE FROM shared_resume WHERE saved_at < ?1")) return *e;
    if (auto e = finishes.Prepare(m_db, "DELETE FROM shared_finished WHERE finished_at < ?1")) return *e;
    for (Statement* st : {&points, &finishes}) {
        st->Bind(1, before);
        if (auto e = Run(*st)) return *e;
        deleted += sqlite3_changes(m_db.Handle());
    }
    if (auto e = tx.Commit()) return *e;
    return deleted;
}

std::variant<SharedFor, std::string> SyncStore::SharedProgressFor(const std::string& staff_hash, const std::string& since) {
    SharedFor out;
    // A sync.db from before --share-progress has neither table: nothing shared.
    auto tables = Scalar(m_db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('shared_resume', 'shared_finished')");
    if (auto* e = std::get_if<std::string>(&tables)) return *e;
    if (std::get<std::int64_t>(tables) < 2) return out;
    Statement points;
    if (auto e = points.Prepare(m_db,
                                "SELECT staff_hash, module_id, scene_id, points, points_possible, bonus, variables, seconds, "
                                "film_ms, film_asked, sitting_id, saved_at FROM shared_resume WHERE staff_hash = ?1 AND "
                                "saved_at >= ?2"))
        return *e;
    points.Bind(1, staff_hash).Bind(2, since);
    StepResult step;
    while ((step = points.Step()) == StepResult::Row) {
        core::ResumePoint& p = out.points.emplace_back();
        p.module_id = points.ColumnText(1);
        p.scene_id = points.ColumnText(2);
        p.points = static_cast<int>(points.ColumnInt64(3));
        p.points_possible = static_cast<int>(points.ColumnInt64(4));
        p.bonus = static_cast<int>(points.ColumnInt64(5));
        p.seconds = static_cast<int>(points.ColumnInt64(7));
        p.film_ms = points.ColumnInt64(8);
        p.saved_at = points.ColumnText(11);
        core::ReadResumeJson(m_db, points.ColumnText(6), points.ColumnText(9), p);
    }
    if (step == StepResult::Error) return points.ErrorMessage();
    Statement finished;
    if (auto e = finished.Prepare(m_db, "SELECT module_id, finished_at FROM shared_finished WHERE staff_hash = ?1")) return *e;
    finished.Bind(1, staff_hash);
    while ((step = finished.Step()) == StepResult::Row) out.finished[finished.ColumnText(0)] = finished.ColumnText(1);
    if (step == StepResult::Error) return finished.ErrorMessage();
    return out;
}

}  // namespace kiosk::sync
