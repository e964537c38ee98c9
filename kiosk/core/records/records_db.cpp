// RecordsDb (records_db.h): opening with checked settings, quarantine of a corrupt file, and the
// helpers the other records_*.cpp files share (records_internal.h). Every value reaches SQL through a
// bound parameter; the only SQL text is the fixed strings in these files.
//
// [SECTION] Schema and migrations                         -> records_schema.cpp
// [SECTION] Small helpers (scalars, outcomes, files)      here; JSON -> records_write.cpp,
//                                                         export files -> records_admin.cpp
// [SECTION] Opening: file checks, quarantine, settings    here
// [SECTION] Writing events                                -> records_write.cpp
// [SECTION] Admin: counts, last sittings, export          -> records_admin.cpp
#include "core/records/records_db.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

#include "core/pack/pack_data.h"
#include "core/records/records_internal.h"
#include "core/util/sqlite_header.h"
#include "core/util/utc_time.h"

namespace kiosk::core {

namespace fs = std::filesystem;

using records_detail::Exists;
using records_detail::Migrate;
using records_detail::OpenFailure;
using records_detail::QueryScalar;
using records_detail::Scalar;
using records_detail::SqliteFailure;

// [SECTION] Small helpers (scalars, outcomes, files)

namespace records_detail {

// Runs fixed SQL that returns (at least) one row and takes its first column.
Scalar QueryScalar(Database& db, std::string_view sql) {
    Scalar result;
    Statement statement;
    if (auto e = statement.Prepare(db, sql)) {
        result.error = *e;
        result.code = statement.ErrorCode();
        return result;
    }
    switch (statement.Step()) {
        case StepResult::Row:
            result.number = statement.ColumnInt64(0);
            result.text = statement.ColumnText(0);
            break;
        case StepResult::Done:
            result.error = "no result";
            result.code = SQLITE_ERROR;
            break;
        case StepResult::Error:
            result.error = statement.ErrorMessage();
            result.code = statement.ErrorCode();
            break;
    }
    return result;
}

const char* OutcomeText(SittingOutcome outcome) {
    switch (outcome) {
        case SittingOutcome::Completed: return "completed";
        case SittingOutcome::Abandoned: return "abandoned";
        case SittingOutcome::Left: return "left";
    }
    return "?";
}

std::optional<SittingOutcome> OutcomeFromText(std::string_view text) {
    for (SittingOutcome o : {SittingOutcome::Completed, SittingOutcome::Abandoned, SittingOutcome::Left})
        if (text == OutcomeText(o)) return o;
    return std::nullopt;
}

bool Exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(path, ec));
}

}  // namespace records_detail

namespace {

bool IsCorruption(int code) {
    int primary = code & 0xFF;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

bool NonEmptyFile(const std::string& path) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    return !ec && size > 0;
}

// [SECTION] Opening: file checks, quarantine, settings

// The tables and id indexes the schema (records_schema.cpp) must have; TryOpen checks each one.
constexpr std::array<const char*, 6> kTables = {"sittings",      "answers",      "completions",
                                                "pack_installs", "admin_events", "resume_points"};
// Since version 4: table, and the UNIQUE index on its id.
constexpr std::array<std::pair<const char*, const char*>, 3> kIdIndexes = {
    {{"sittings", "sittings_by_id"}, {"answers", "answers_by_id"}, {"completions", "completions_by_id"}}};

OpenFailure Corrupt(std::string reason) { return {std::move(reason), true}; }

// Cheap checks before SQLite sees the file: SQLite would take a short garbage file for an empty DB and
// a truncated one as whole (missing pages read as zeros). Skipped while a -wal or -journal holds
// changes: only SQLite's recovery can say what the file will look like.
std::optional<OpenFailure> CheckFile(const std::string& path) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    bool missing = ec || !fs::exists(status);
    if (!missing && !fs::is_regular_file(status)) return OpenFailure{path + ": the records path is not a file", false};
    std::uintmax_t size = missing ? 0 : fs::file_size(path, ec);
    if (ec && !missing) return OpenFailure{path + ": cannot read the records file (" + ec.message() + ")", false};
    // SQLite deletes the WAL of an empty (or missing) main file; a WAL there means damage, so keep it.
    bool has_wal = NonEmptyFile(path + "-wal");
    if (size == 0 && has_wal) return Corrupt("the main file is missing or empty but a -wal file holds data");
    if (size == 0) return std::nullopt;  // a new DB
    if (has_wal || NonEmptyFile(path + "-journal")) return std::nullopt;

    std::ifstream in(path, std::ios::binary);
    std::string header(kSqliteHeaderBytes, '\0');
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    if (!in && !in.eof()) return OpenFailure{path + ": cannot read the records file", false};
    header.resize(static_cast<std::size_t>(in.gcount()));
    SqliteHeader h = ParseSqliteHeader(header);
    if (!h.magic || header.size() < 16) return Corrupt("it is not an SQLite database");
    if (!h.complete) return Corrupt("it is only " + std::to_string(size) + " bytes (truncated)");
    if (!h.page_size_valid) return Corrupt("its header has an invalid page size");
    if (size % h.page_size != 0)
        return Corrupt("it is " + std::to_string(size) + " bytes, not whole " + std::to_string(h.page_size) +
                       "-byte pages (truncated)");
    if (h.claimed_bytes > size)
        return Corrupt("it is " + std::to_string(size) + " bytes but should be " + std::to_string(h.claimed_bytes) +
                       " (truncated)");
    return std::nullopt;
}

// Renames `path` and its -wal, -shm and -journal to "<path>.corrupt-<UTC>" (+ the same suffixes), so
// SQLite would still pair them if someone opens the quarantined copy. The side files go first: a WAL
// left behind at the old name would be replayed into the fresh DB.
std::optional<std::string> Quarantine(const std::string& path, std::string& moved_to) {
    static constexpr std::array<const char*, 3> kSideFiles = {"-wal", "-shm", "-journal"};
    std::string stamp = CompactUtc(std::time(nullptr));
    std::string base;
    for (int n = 1;; ++n) {
        base = path + ".corrupt-" + stamp + (n > 1 ? "-" + std::to_string(n) : "");
        bool taken = Exists(base);
        for (const char* side : kSideFiles) taken = taken || Exists(base + side);
        if (!taken) break;
    }
    for (const char* side : kSideFiles) {
        if (!Exists(path + side)) continue;
        if (std::rename((path + side).c_str(), (base + side).c_str()) != 0)
            return "cannot move " + path + side + " aside (" + std::strerror(errno) + ")";
    }
    if (Exists(path) && std::rename(path.c_str(), base.c_str()) != 0)
        return "cannot move " + path + " aside (" + std::strerror(errno) + ")";
    moved_to = base;
    return std::nullopt;
}

// SQLite reports a disk that filled while opening (the -wal or -shm cannot grow) as a bare "disk I/O
// error"; the admin needs to hear that the disk is full, and that nothing already saved is at risk.
std::string FullDiskHint(const std::string& path) {
    std::error_code ec;
    std::filesystem::path folder = std::filesystem::absolute(path, ec).parent_path();
    struct statvfs fs {};
    if (ec || statvfs(folder.c_str(), &fs) != 0) return {};
    const unsigned long long free_bytes = static_cast<unsigned long long>(fs.f_bavail) * fs.f_frsize;
    if (free_bytes >= 1024 * 1024) return {};
    return "; the disk holding it is full: free some space and start the kiosk again (what was saved is kept)";
}

}  // namespace

// Declared in records_internal.h: Migrate (records_schema.cpp) reports its failures through it too.
namespace records_detail {

std::optional<OpenFailure> SqliteFailure(const std::string& path, const std::string& what, const std::string& message,
                                         int code) {
    if (IsCorruption(code)) return Corrupt(what + ": " + message);
    return OpenFailure{path + ": " + what + " (SQLite: " + message + ")" + FullDiskHint(path), false};
}

}  // namespace records_detail

namespace {

// One attempt at opening `path` in `db` with every check. On failure, the caller decides whether to
// quarantine (failure.corrupt) and try once more.
std::optional<OpenFailure> TryOpen(Database& db, const std::string& path, OpenReport& report) {
    if (auto failure = CheckFile(path)) return failure;
    if (auto e = db.Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
        return OpenFailure{path + ": cannot open the records file (SQLite: " + *e + ")" + FullDiskHint(path), false};
    sqlite3* handle = db.Handle();
    // DEFENSIVE stops SQL from corrupting the file on purpose (writable_schema, journal_mode=OFF...).
    // Double-quoted string literals are a classic SQL typo; refuse them rather than guess.
    sqlite3_db_config(handle, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(handle, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
    sqlite3_db_config(handle, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
    // Only another process could hold a lock (the kiosk has one connection): wait a little, not forever.
    sqlite3_busy_timeout(handle, 1000);
    // Until every check has passed, closing must leave the files exactly as found: no checkpoint of a
    // WAL into a damaged file, no deleting that WAL. Open turns the normal close back on at the end.
    sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    // Connection settings. One of them reads the header, so a file that is not SQLite fails here.
    if (auto e = db.Exec("PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF; PRAGMA secure_delete = ON;"
                         "PRAGMA synchronous = FULL; PRAGMA cell_size_check = ON;"))
        return SqliteFailure(path, "cannot open the records file", *e, db.ErrorCode());

    // What is this file? Read-only questions first, so that a file that is not ours (a content pack
    // given as --db by mistake) is left exactly as it was. The first read also runs SQLite's recovery
    // of a leftover -wal, so a killed kiosk loses nothing that had committed.
    Scalar application_id = QueryScalar(db, "PRAGMA application_id");
    Scalar user_version = QueryScalar(db, "PRAGMA user_version");
    Scalar objects = QueryScalar(db, "SELECT count(*) FROM sqlite_schema");
    for (const Scalar* s : {&application_id, &user_version, &objects})
        if (s->error) return SqliteFailure(path, "cannot read the records file", *s->error, s->code);

    bool empty = application_id.number == 0 && user_version.number == 0 && objects.number == 0;
    if (application_id.number == kPackApplicationId)
        return OpenFailure{path + ": this is a content pack, not a records database; check the --db path", false};
    if (!empty && application_id.number != kRecordsApplicationId) {
        char id[16];
        std::snprintf(id, sizeof id, "0x%08X", static_cast<unsigned>(application_id.number));
        return Corrupt(std::string("it is not a kiosk records database (application_id ") + id + ")");
    }
    if (user_version.number > kRecordsSchemaVersion)
        return OpenFailure{path + ": the records file has schema version " + std::to_string(user_version.number) +
                               ", newer than this kiosk (" + std::to_string(kRecordsSchemaVersion) +
                               "); update the kiosk software",
                           false};

    // quick_check reads every page (O(N), not integrity_check's index cross-checks): a few milliseconds
    // for a kiosk's records, and it finds damaged pages before a write lands on one.
    {
        Statement check;
        if (auto e = check.Prepare(db, "PRAGMA quick_check"))
            return SqliteFailure(path, "cannot check the records file", *e, check.ErrorCode());
        StepResult step = check.Step();
        if (step == StepResult::Error)
            return SqliteFailure(path, "cannot check the records file", check.ErrorMessage(), check.ErrorCode());
        std::string first = step == StepResult::Row ? check.ColumnText(0) : std::string("no result");
        if (first != "ok") {
            // The first line is only a heading ("*** in database main ***"); keep a few findings.
            std::string findings = first;
            for (int line = 0; line < 3 && check.Step() == StepResult::Row; ++line)
                findings += "; " + check.ColumnText(0);
            return Corrupt("quick_check: " + findings);
        }
    }

    Scalar mode = QueryScalar(db, "PRAGMA journal_mode = WAL");
    if (mode.error) return SqliteFailure(path, "cannot switch to WAL", *mode.error, mode.code);
    if (mode.text != "wal")
        return OpenFailure{path + ": SQLite kept journal_mode '" + mode.text + "' instead of WAL", false};

    if (auto failure = Migrate(db, path, static_cast<int>(user_version.number))) return failure;
    report.created = empty;

    for (const char* table : kTables) {
        Statement find;
        find.Prepare(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
        find.Bind(1, std::string_view(table));
        StepResult step = find.Step();
        if (step == StepResult::Error)
            return SqliteFailure(path, "cannot read the schema", find.ErrorMessage(), find.ErrorCode());
        if (step == StepResult::Done) return Corrupt(std::string("the table '") + table + "' is missing");
    }
    // Upserts and foreign keys rely on these: a file without them is not one this kiosk wrote.
    for (const auto& [table, index] : kIdIndexes) {
        Statement find;
        find.Prepare(db,
                     "SELECT count(*) FROM pragma_index_list(?1) AS l, pragma_index_info(l.name) AS c WHERE "
                     "l.name = ?2 AND l.\"unique\" = 1 AND c.name = 'id' AND (SELECT count(*) FROM "
                     "pragma_index_info(?2)) = 1");
        find.Bind(1, std::string_view(table));
        find.Bind(2, std::string_view(index));
        StepResult step = find.Step();
        if (step == StepResult::Error)
            return SqliteFailure(path, "cannot read the schema", find.ErrorMessage(), find.ErrorCode());
        if (find.ColumnInt64(0) != 1)
            return Corrupt(std::string("the index '") + index + "' that keeps the ids of '" + table +
                           "' unique is missing");
    }
    return std::nullopt;
}

// Reads every setting back; anything that did not stick is a reason not to run (design.md section 5).
std::optional<std::string> VerifySettings(const RecordsSettings& s, const std::string& path) {
    std::string wrong;
    auto expect = [&](bool ok, const char* what) {
        if (!ok) wrong += (wrong.empty() ? "" : ", ") + std::string(what);
    };
    expect(s.journal_mode == "wal", "journal_mode=WAL");
    expect(s.synchronous == 2, "synchronous=FULL");
    expect(s.foreign_keys == 1, "foreign_keys=ON");
    expect(s.trusted_schema == 0, "trusted_schema=OFF");
    expect(s.secure_delete == 1, "secure_delete=ON");
    expect(s.defensive == 1, "DEFENSIVE");
    expect(s.application_id == kRecordsApplicationId, "application_id");
    expect(s.user_version == kRecordsSchemaVersion, "user_version");
    if (wrong.empty()) return std::nullopt;
    return path + ": SQLite did not keep these settings: " + wrong;
}

RecordsSettings ReadSettingsOf(Database& db) {
    RecordsSettings s;
    if (!db.IsOpen()) return s;
    auto number = [&](std::string_view sql) {
        Scalar r = QueryScalar(db, sql);
        return r.error ? -1 : r.number;
    };
    Scalar mode = QueryScalar(db, "PRAGMA journal_mode");
    s.journal_mode = mode.error ? std::string() : mode.text;
    s.synchronous = static_cast<int>(number("PRAGMA synchronous"));
    s.foreign_keys = static_cast<int>(number("PRAGMA foreign_keys"));
    s.trusted_schema = static_cast<int>(number("PRAGMA trusted_schema"));
    s.secure_delete = static_cast<int>(number("PRAGMA secure_delete"));
    s.application_id = number("PRAGMA application_id");
    s.user_version = static_cast<int>(number("PRAGMA user_version"));
    int defensive = -1;
    if (sqlite3_db_config(db.Handle(), SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive) == SQLITE_OK) s.defensive = defensive;
    return s;
}

// Holds "<path>.lock" with flock for the life of the RecordsDb. Two kiosk processes (a restart that
// overlaps the old one, a demo started beside the real kiosk) must never write one DB: that is the
// WAL-reset bug's precondition. flock, not fcntl: closing any other descriptor of the same file would
// drop an fcntl lock, and SQLite's own locks are fcntl locks on the DB file, which this never touches.
std::variant<int, std::string> TakeLock(const std::string& path) {
    std::string lock_path = path + ".lock";
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return lock_path + ": cannot create the lock file (" + std::strerror(errno) + ")";
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK)
            return path + ": the records file is already open in another kiosk (or another window of it)";
        return lock_path + ": cannot lock (" + std::strerror(error) + ")";
    }
    return fd;
}

}  // namespace

std::variant<RecordsDb, std::string> RecordsDb::Open(const std::string& path, OpenReport& report) {
    report = OpenReport{};
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        fs::create_directories(parent, ec);
        if (ec) return path + ": cannot create the folder for the records (" + ec.message() + ")";
    }
    auto lock = TakeLock(path);
    if (auto* message = std::get_if<std::string>(&lock)) return *message;

    RecordsDb records;
    records.m_lockFd = std::get<int>(lock);  // from here, ~RecordsDb releases it on every return
    records.m_path = path;

    std::optional<OpenFailure> failure = TryOpen(records.m_db, path, report);
    if (failure && failure->corrupt) {
        // Close before renaming: the connection must not keep using (or checkpoint into) the old files.
        records.m_db = Database();
        if (auto e = Quarantine(path, report.quarantined_to))
            return path + ": the records file is damaged (" + failure->message + ") and " + *e;
        report.quarantine_reason = failure->message;
        failure = TryOpen(records.m_db, path, report);
        if (failure && failure->corrupt)
            failure->message = path + ": a fresh records file failed its checks: " + failure->message;
    }
    if (failure) return failure->message;
    // Checked and ours: from now on, the last close checkpoints the WAL into the main file, as usual.
    sqlite3_db_config(records.m_db.Handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);

    RecordsSettings settings = ReadSettingsOf(records.m_db);
    if (auto e = VerifySettings(settings, path)) return *e;
    report.schema_version = settings.user_version;
    return records;
}

RecordsDb::~RecordsDb() {
    // The connection closes (and checkpoints) while the lock still keeps other kiosks out; its kept
    // statements go first, or SQLite would close it only when they did, after the lock.
    m_statements.Clear();
    m_db = Database();
    if (m_lockFd >= 0) ::close(m_lockFd);
}

RecordsDb::RecordsDb(RecordsDb&& other) noexcept
    : m_db(std::move(other.m_db)),
      m_lockFd(std::exchange(other.m_lockFd, -1)),
      m_path(std::move(other.m_path)),
      m_statements(std::move(other.m_statements)) {}

RecordsDb& RecordsDb::operator=(RecordsDb&& other) noexcept {
    if (this != &other) {
        m_statements.Clear();
        m_db = Database();
        if (m_lockFd >= 0) ::close(m_lockFd);
        m_db = std::move(other.m_db);
        m_lockFd = std::exchange(other.m_lockFd, -1);
        m_path = std::move(other.m_path);
        m_statements = std::move(other.m_statements);
    }
    return *this;
}

RecordsSettings RecordsDb::ReadSettings() { return ReadSettingsOf(m_db); }

}  // namespace kiosk::core
