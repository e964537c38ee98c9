// The kiosk's durable records: sittings, answers and module completions in one SQLite file (WAL),
// written through exactly ONE connection for the life of the kiosk (Debian's SQLite 3.40 has the
// WAL-reset bug, which needs two). "Saved" means COMMIT returned OK. The reports tool reads these rows.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/session/session.h"
#include "core/util/sqlite_db.h"
#include "core/util/statement_cache.h"

namespace kiosk::core {

// PRAGMA application_id of a records DB: 'KREC'. (A content pack is 'KPAK', kPackApplicationId.)
inline constexpr std::int32_t kRecordsApplicationId = 0x4B524543;
// PRAGMA user_version this build migrates to.
inline constexpr int kRecordsSchemaVersion = 7;  // 3: pack_installs (core/install/pack_install.h); 4: ids by UNIQUE
                                                 // index; 5: admin_events (the admin trail); 6: the lookup
                                                 // indexes version 4 lost; 7: resume_points

// What the kiosk knows about itself, stored on every sitting row.
struct RecordContext {
    std::string kiosk_id;
    std::string site_id;
    std::string agency;
    std::string region;
    std::string pack_id;
    int pack_version = 0;
    std::string pack_hash;
    std::string partnership;  // the site's partnership name (pack string SiteKey(site, "partnership")),
                              // for the reports' region -> partnership -> agency roll-up; may be ""
};

// What happened while opening, for the admin screen.
struct OpenReport {
    std::string quarantined_to;     // where a corrupt DB was moved (renamed, never deleted); "" if not
    std::string quarantine_reason;  // why it was judged corrupt
    bool created = false;           // a new, empty DB was set up (first start, or after a quarantine)
    int schema_version = 0;         // user_version once open
};

// The connection settings as read back from SQLite (not as requested).
struct RecordsSettings {
    std::string journal_mode;  // "wal"
    int synchronous = -1;      // 2 = FULL
    int foreign_keys = -1;     // 1
    int trusted_schema = -1;   // 0
    int secure_delete = -1;    // 1
    int defensive = -1;        // 1 (SQLITE_DBCONFIG_DEFENSIVE)
    std::int64_t application_id = 0;
    int user_version = -1;
};

struct RowCounts {
    std::int64_t sittings = 0;
    std::int64_t answers = 0;
    std::int64_t completions = 0;
};

// One line of the admin screen's "last sittings"; deliberately without the staff hash.
struct SittingSummary {
    std::string id;
    std::string role;
    std::string started_at;
    std::optional<SittingOutcome> outcome;  // nullopt while the sitting is still going (or never ended)
};

// One line of the admin trail. Never a passcode, never anything about a person.
enum class AdminEventKind { Attempt, SignIn, Lockout, Export, PackInstall, Quit };
const char* ToString(AdminEventKind kind);  // "attempt", "sign-in", "lockout", "export", "pack-install", "quit"

struct AdminEvent {
    AdminEventKind kind = AdminEventKind::Attempt;
    std::int64_t at_s = 0;  // Unix seconds (UTC)
    std::string at;         // the same time as ISO 8601 UTC
    std::string detail;     // a short note: "locked for 2 minutes", an export's file name, "msht-training v3"
};

// The passcode attempts since the last sign-in: what the lockout (core/trust/admin_guard.h) is worked from.
struct AdminAttempts {
    int failures = 0;               // attempts since the last sign-in (an attempt not followed by one failed)
    std::int64_t last_at_s = 0;     // when the latest of them was made
};

class RecordsDb {
public:
    // Opens (creating if needed, with its parent folder) the records DB at `path`: sets and reads back
    // journal_mode=WAL, synchronous=FULL, foreign_keys=ON, trusted_schema=OFF, secure_delete=ON and
    // DEFENSIVE, checks the file, and migrates the schema. A corrupt file (not SQLite, failing
    // quick_check, someone else's database) is renamed with its -wal/-shm to
    // "<path>.corrupt-<UTC time>" and a fresh DB is opened; `report` says so. A leftover -wal from a
    // killed kiosk is recovered by SQLite. Refuses a second RecordsDb on the same file (even from
    // another process), a newer schema, or a content pack given by mistake. Error message on failure.
    static std::variant<RecordsDb, std::string> Open(const std::string& path, OpenReport& report);

    // A closed RecordsDb (Write reports "not open"); assigning a fresh one closes the file it held.
    RecordsDb() = default;
    ~RecordsDb();
    RecordsDb(const RecordsDb&) = delete;
    RecordsDb& operator=(const RecordsDb&) = delete;
    RecordsDb(RecordsDb&& other) noexcept;
    RecordsDb& operator=(RecordsDb&& other) noexcept;

    // Writes `events` in order in ONE transaction. nullopt only when COMMIT returned OK; otherwise the
    // transaction is rolled back (the DB is unchanged) and a plain message comes back. Idempotent:
    // writing the same events again (a retry after a COMMIT that reported failure but succeeded) adds
    // nothing, because inserts skip ids that exist and a sitting is ended only once.
    std::optional<std::string> Write(const std::vector<RecordEvent>& events, const RecordContext& context);

    // Closes every sitting still open, as abandoned, ended at its last recorded moment (its latest answer
    // or completion, else its start). Only for a kiosk starting up: no sitting of its own is running then,
    // so an open one was cut off by a kill or a power cut. A second call finds none (exactly once).
    // The number closed, or a message.
    std::variant<std::int64_t, std::string> CloseInterruptedSittings();
    // Row counts for the admin screen; zeros if they cannot be read.
    RowCounts Counts();
    // The `n` most recently started sittings, newest first.
    std::vector<SittingSummary> LastSittings(int n);
    // A consistent copy of the DB to a new file (VACUUM INTO), synced to disk. Refuses an existing file.
    std::optional<std::string> ExportTo(const std::string& path);
    // The newest moment the records prove has passed, as Unix seconds (0 when empty): the latest sitting
    // start, admin event or pack install. A floor for a clock that went back (core/util/clock_floor.h).
    std::int64_t LatestTimeS();
    // Resume (records_resume.cpp): the points saved for `staff_hash` at or after `since` (ISO 8601 UTC),
    // newest first; an empty list if there are none or they cannot be read (the learner starts afresh).
    std::vector<ResumePoint> ResumePoints(const std::string& staff_hash, const std::string& since);
    // When `staff_hash` last finished each module here (module id -> completed_at): a resume point from
    // another kiosk saved before that is spent.
    std::map<std::string, std::string> LastFinished(const std::string& staff_hash);
    // Deletes every resume point saved before `before` (ISO 8601 UTC): the number deleted, or a message.
    std::variant<std::int64_t, std::string> DeleteResumePointsBefore(const std::string& before);
    // Appends one line to the admin trail in its own transaction; nullopt once COMMIT returned OK.
    std::optional<std::string> AppendAdminEvent(const AdminEvent& event, const std::string& kiosk_id);
    // The attempts since the last sign-in; an error message if the trail cannot be read.
    std::variant<AdminAttempts, std::string> AdminAttemptsSinceSignIn();
    // The newest `n` lines of the trail, newest first; attempts are left out (sign-ins and lockouts say them).
    std::vector<AdminEvent> LastAdminEvents(int n);
    // The connection's settings as SQLite reports them now.
    RecordsSettings ReadSettings();

    std::string Path() const { return m_path; }
    // The one connection, for code that runs its own fixed SQL on a records DB opened through Open:
    // kiosk-report merge, and the kiosk's pack installs (core/install/pack_install.cpp, table pack_installs).
    Database& Connection() { return m_db; }

private:
    Database m_db;
    int m_lockFd = -1;  // flock'ed "<path>.lock": one RecordsDb per file, across processes; released
                        // by the destructor only after the connection has closed
    std::string m_path;
    // The record path's statements, compiled once (Write); cleared before the connection closes.
    StatementCache m_statements;
};

// Fills `point`'s variables and film questions from the JSON texts the records (and kiosk-sync's shared
// copies) keep them as, read with SQLite's JSON1 on `db` (any open connection). Bad JSON leaves them empty.
void ReadResumeJson(Database& db, const std::string& variables, const std::string& film_asked, ResumePoint& point);

// The plain message a learner or admin sees for a failed write, from SQLite's extended result code
// and its message (kept in brackets for the admin): "the disk is full", "... (disk I/O error)".
std::string PlainWriteError(int sqlite_code, std::string_view detail);

}  // namespace kiosk::core
