// RecordsDb (records_db.h): opening with checked settings, quarantine of a corrupt file, schema
// migrations, and the one-transaction write of session events. Every value reaches SQL through a
// bound parameter; the only SQL text is the fixed strings in this file.
//
// [SECTION] Schema and migrations
// [SECTION] Small helpers (scalars, JSON, messages)
// [SECTION] Opening: file checks, quarantine, settings
// [SECTION] Writing events
// [SECTION] Admin: counts, last sittings, export
#include "core/records/records_db.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <array>
#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "core/pack/pack_data.h"
#include "core/util/utc_time.h"

namespace kiosk::core {

namespace fs = std::filesystem;

namespace {

// [SECTION] Schema and migrations
//
// Each step runs in its own transaction and sets user_version itself, so a crash leaves the DB at a
// whole version. Append steps; never edit one that has shipped. Ids are UUIDv4 text so that DBs from
// many kiosks merge without clashes. CHECKs guard what the reports rely on (and, for staff_hash, that
// nothing but a 64-digit hex hash can ever be stored there: never a staff number).
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE sittings (
    id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    kiosk_id     TEXT NOT NULL,
    site_id      TEXT NOT NULL,
    agency       TEXT NOT NULL,
    region       TEXT NOT NULL,
    role         TEXT NOT NULL,
    language     TEXT NOT NULL,
    staff_hash   TEXT CHECK (staff_hash IS NULL OR
                             (length(staff_hash) = 64 AND staff_hash NOT GLOB '*[^0-9a-f]*')),
    pack_id      TEXT NOT NULL,
    pack_version INTEGER NOT NULL,
    pack_hash    TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    ended_at     TEXT,
    outcome      TEXT CHECK (outcome IN ('completed', 'abandoned', 'left')),
    CHECK ((ended_at IS NULL) = (outcome IS NULL))
) STRICT;

CREATE TABLE answers (
    id            TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    sitting_id    TEXT NOT NULL REFERENCES sittings (id),
    module_id     TEXT NOT NULL,
    scene_id      TEXT NOT NULL,
    question_type TEXT NOT NULL
                  CHECK (question_type IN ('choice', 'single', 'multi', 'truefalse', 'hotspot', 'order')),
    chosen        TEXT NOT NULL CHECK (chosen GLOB '[[]*]'),  -- a JSON array (json_valid is not
                                                                -- allowed with trusted_schema=OFF)
    correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
    seconds       INTEGER NOT NULL CHECK (seconds >= 0),
    answered_at   TEXT NOT NULL
) STRICT;

CREATE TABLE completions (
    id              TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    sitting_id      TEXT NOT NULL REFERENCES sittings (id),
    module_id       TEXT NOT NULL,
    points          INTEGER NOT NULL CHECK (points >= 0),
    points_possible INTEGER NOT NULL CHECK (points_possible >= 0),
    percent         INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    passed          INTEGER NOT NULL CHECK (passed IN (0, 1)),
    completion_code TEXT NOT NULL,
    end_scene       TEXT NOT NULL,
    seconds         INTEGER NOT NULL CHECK (seconds >= 0),
    completed_at    TEXT NOT NULL
) STRICT;

-- Reports group by module and date; the sitting indexes also serve the foreign-key checks.
CREATE INDEX sittings_by_start ON sittings (started_at);
CREATE INDEX answers_by_sitting ON answers (sitting_id);
CREATE INDEX answers_by_module ON answers (module_id, scene_id);
CREATE INDEX completions_by_sitting ON completions (sitting_id);
CREATE INDEX completions_by_module ON completions (module_id, completed_at);

PRAGMA application_id = 1263682883;
PRAGMA user_version = 1;
)sql";

// Version 2: the partnership a kiosk's site belongs to, for the national -> region -> partnership ->
// agency -> kiosk roll-up. Sittings written before it have '' (the reports show "(not recorded)").
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE sittings ADD COLUMN partnership TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 2;
)sql";

// Version 3: the content packs this kiosk has installed (core/install/pack_install.h), one row per install, the
// newest (highest seq) being the pack it runs. Kept here, in the one durable file with one connection,
// so an install and its rollback floor (the highest version ever installed per pack id) commit together.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE pack_installs (
    seq          INTEGER PRIMARY KEY,
    pack_id      TEXT NOT NULL CHECK (length(pack_id) > 0),
    pack_version INTEGER NOT NULL CHECK (pack_version >= 0),
    content_hash TEXT NOT NULL CHECK (length(content_hash) = 64 AND content_hash NOT GLOB '*[^0-9a-f]*'),
    file         TEXT NOT NULL CHECK (length(file) > 0 AND file NOT GLOB '*/*'),
    key_id       TEXT NOT NULL CHECK (length(key_id) = 16 AND key_id NOT GLOB '*[^0-9a-f]*'),
    installed_at TEXT NOT NULL
) STRICT;
CREATE INDEX pack_installs_by_pack ON pack_installs (pack_id, pack_version);
PRAGMA user_version = 3;
)sql";

// Version 4, for kiosk-report merge: a merge loads many kiosks' rows and then builds each index once,
// sorted, which is several times faster than keeping indexes up to date row by row at random places;
// but the index behind a PRIMARY KEY cannot be dropped. So the three tables are rebuilt (same columns,
// same rowids, same meaning) with their ids kept unique by named UNIQUE indexes instead. The other
// five indexes (on sitting_id, module_id and started_at) go: the reports scan, and were measured no
// faster with them on a million answers; the admin screen's latest sittings are a scan of one kiosk's
// few thousand; each cost the kiosk a write per row and a merge a sort. CHECKs that listed values
// with IN are written as OR chains (same meaning, NULL included), which SQLite evaluates several
// times faster; a merge evaluates them for every row it loads. Table rebuilds need foreign_keys off
// (Migrate does it).
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE sittings_v4 (
    id           TEXT NOT NULL CHECK (length(id) = 36),
    kiosk_id     TEXT NOT NULL,
    site_id      TEXT NOT NULL,
    agency       TEXT NOT NULL,
    region       TEXT NOT NULL,
    role         TEXT NOT NULL,
    language     TEXT NOT NULL,
    staff_hash   TEXT CHECK (staff_hash IS NULL OR
                             (length(staff_hash) = 64 AND staff_hash NOT GLOB '*[^0-9a-f]*')),
    pack_id      TEXT NOT NULL,
    pack_version INTEGER NOT NULL,
    pack_hash    TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    ended_at     TEXT,
    outcome      TEXT CHECK (outcome = 'completed' OR outcome = 'abandoned' OR outcome = 'left'),
    partnership  TEXT NOT NULL DEFAULT '',
    CHECK ((ended_at IS NULL) = (outcome IS NULL))
) STRICT;
INSERT INTO sittings_v4 (rowid, id, kiosk_id, site_id, agency, region, role, language, staff_hash, pack_id,
                         pack_version, pack_hash, started_at, ended_at, outcome, partnership)
    SELECT rowid, id, kiosk_id, site_id, agency, region, role, language, staff_hash, pack_id, pack_version,
           pack_hash, started_at, ended_at, outcome, partnership FROM sittings;

CREATE TABLE answers_v4 (
    id            TEXT NOT NULL CHECK (length(id) = 36),
    sitting_id    TEXT NOT NULL REFERENCES sittings (id),
    module_id     TEXT NOT NULL,
    scene_id      TEXT NOT NULL,
    question_type TEXT NOT NULL CHECK (question_type = 'choice' OR question_type = 'single' OR
                                       question_type = 'multi' OR question_type = 'truefalse' OR
                                       question_type = 'hotspot' OR question_type = 'order'),
    chosen        TEXT NOT NULL CHECK (chosen GLOB '[[]*]'),  -- a JSON array (json_valid is not
                                                                -- allowed with trusted_schema=OFF)
    correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
    seconds       INTEGER NOT NULL CHECK (seconds >= 0),
    answered_at   TEXT NOT NULL
) STRICT;
INSERT INTO answers_v4 (rowid, id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds,
                        answered_at)
    SELECT rowid, id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, answered_at
    FROM answers;

CREATE TABLE completions_v4 (
    id              TEXT NOT NULL CHECK (length(id) = 36),
    sitting_id      TEXT NOT NULL REFERENCES sittings (id),
    module_id       TEXT NOT NULL,
    points          INTEGER NOT NULL CHECK (points >= 0),
    points_possible INTEGER NOT NULL CHECK (points_possible >= 0),
    percent         INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    passed          INTEGER NOT NULL CHECK (passed IN (0, 1)),
    completion_code TEXT NOT NULL,
    end_scene       TEXT NOT NULL,
    seconds         INTEGER NOT NULL CHECK (seconds >= 0),
    completed_at    TEXT NOT NULL
) STRICT;
INSERT INTO completions_v4 (rowid, id, sitting_id, module_id, points, points_possible, percent, passed,
                            completion_code, end_scene, seconds, completed_at)
    SELECT rowid, id, sitting_id, module_id, points, points_possible, percent, passed, completion_code, end_scene,
           seconds, completed_at FROM completions;

DROP TABLE answers;
DROP TABLE completions;
DROP TABLE sittings;
ALTER TABLE sittings_v4 RENAME TO sittings;
ALTER TABLE answers_v4 RENAME TO answers;
ALTER TABLE completions_v4 RENAME TO completions;

CREATE UNIQUE INDEX sittings_by_id ON sittings (id);
CREATE UNIQUE INDEX answers_by_id ON answers (id);
CREATE UNIQUE INDEX completions_by_id ON completions (id);
PRAGMA user_version = 4;
)sql";

// 1263682883 in the SQL above must be the constant (PRAGMA takes no bound parameters).
static_assert(kRecordsApplicationId == 1263682883);

struct Migration {
    int version;                  // user_version after this step
    const char* sql;              // sets that user_version itself
    bool rebuilds_tables = false;  // runs with foreign_keys off (it copies rows as they are, keys included)
};

constexpr Migration kMigrations[] = {
    {1, kSchemaV1},
    {2, kSchemaV2},
    {3, kSchemaV3},
    {4, kSchemaV4, true},
};
static_assert(std::size(kMigrations) == static_cast<std::size_t>(kRecordsSchemaVersion), "one step per schema version");

constexpr std::array<const char*, 4> kTables = {"sittings", "answers", "completions", "pack_installs"};
// Since version 4: table, and the UNIQUE index on its id.
constexpr std::array<std::pair<const char*, const char*>, 3> kIdIndexes = {
    {{"sittings", "sittings_by_id"}, {"answers", "answers_by_id"}, {"completions", "completions_by_id"}}};

// [SECTION] Small helpers (scalars, JSON, messages)

struct Scalar {
    std::optional<std::string> error;
    int code = SQLITE_OK;
    std::int64_t number = 0;
    std::string text;
};

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

bool IsCorruption(int code) {
    int primary = code & 0xFF;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not one (overlong forms, surrogates and
// code points past U+10FFFF are invalid too).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code = lead & 0x07u;
    } else {
        return 0;
    }
    if (i + length > s.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        code = code << 6 | (byte(i + k) & 0x3Fu);
    }
    if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return length;
}

// A JSON string literal for `s`. Invalid UTF-8 becomes U+FFFD: JSON must be UTF-8, and the reports
// tool's parser rejects a whole document over one bad byte.
void AppendJsonString(std::string& out, std::string_view s) {
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                    out += escaped;
                } else if (c >= 0x80) {
                    std::size_t length = Utf8SequenceLength(s, i);
                    if (length == 0) {
                        out += "\\ufffd";
                        ++i;
                    } else {
                        out.append(s.substr(i, length));
                        i += length;
                    }
                    continue;
                } else {
                    out += static_cast<char>(c);
                }
        }
        ++i;
    }
    out += '"';
}

std::string JsonStringArray(const std::vector<std::string>& items) {
    std::string json = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) json += ',';
        AppendJsonString(json, items[i]);
    }
    json += ']';
    return json;
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

// SQLite takes "file:..." as a URI (Debian builds with SQLITE_USE_URI), also in VACUUM INTO.
std::string NotUri(const std::string& path) { return path.rfind("file:", 0) == 0 ? "./" + path : path; }

bool Exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(path, ec));
}

bool NonEmptyFile(const std::string& path) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    return !ec && size > 0;
}

// fsync a file and its folder, so an export on a USB stick is really there before "exported" is shown.
std::optional<std::string> SyncFileAndFolder(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::string(std::strerror(errno));
    int rc = ::fsync(fd);
    int error = errno;
    ::close(fd);
    if (rc != 0) return std::string(std::strerror(error));
    fs::path parent = fs::path(path).parent_path();
    int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);  // some file systems refuse this; the file itself is synced
        ::close(dir);
    }
    return std::nullopt;
}

// [SECTION] Opening: file checks, quarantine, settings

struct OpenFailure {
    std::string message;
    bool corrupt = false;  // quarantine the file and start a fresh one
};

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
    std::string header(100, '\0');
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    if (!in && !in.eof()) return OpenFailure{path + ": cannot read the records file", false};
    header.resize(static_cast<std::size_t>(in.gcount()));
    static constexpr std::string_view kMagic{"SQLite format 3\0", 16};
    if (header.size() < kMagic.size() || std::string_view(header).substr(0, kMagic.size()) != kMagic)
        return Corrupt("it is not an SQLite database");
    if (header.size() < 100) return Corrupt("it is only " + std::to_string(size) + " bytes (truncated)");

    auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(header[i])); };
    auto be32 = [&](std::size_t i) { return byte(i) << 24 | byte(i + 1) << 16 | byte(i + 2) << 8 | byte(i + 3); };
    std::uint32_t page_size = byte(16) << 8 | byte(17);
    if (page_size == 1) page_size = 65536;
    if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0)
        return Corrupt("its header has an invalid page size");
    if (size % page_size != 0)
        return Corrupt("it is " + std::to_string(size) + " bytes, not whole " + std::to_string(page_size) +
                       "-byte pages (truncated)");
    // The page count at offset 28 is only meaningful while the change counter matches offset 92.
    std::uintmax_t header_pages = be32(28);
    if (be32(24) == be32(92) && header_pages * page_size > size)
        return Corrupt("it is " + std::to_string(size) + " bytes but should be " +
                       std::to_string(header_pages * page_size) + " (truncated)");
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

std::optional<OpenFailure> SqliteFailure(const std::string& path, const std::string& what, const std::string& message,
                                         int code) {
    if (IsCorruption(code)) return Corrupt(what + ": " + message);
    return OpenFailure{path + ": " + what + " (SQLite: " + message + ")" + FullDiskHint(path), false};
}

// Runs the migration steps the DB has not had yet, each in its own transaction.
std::optional<OpenFailure> Migrate(Database& db, const std::string& path, int from_version) {
    for (const Migration& step : kMigrations) {
        if (step.version <= from_version) continue;
        // Dropping a parent table with foreign keys on deletes its rows first, against the children.
        // The pragma is ignored inside a transaction, so it is set before BEGIN and restored after.
        if (step.rebuilds_tables) {
            if (auto e = db.Exec("PRAGMA foreign_keys = OFF"))
                return SqliteFailure(path, "cannot start the schema upgrade", *e, db.ErrorCode());
        }
        auto restore_foreign_keys = [&] {
            if (step.rebuilds_tables) db.Exec("PRAGMA foreign_keys = ON");
        };
        if (auto e = db.Exec("BEGIN IMMEDIATE")) {
            restore_foreign_keys();
            return SqliteFailure(path, "cannot start the schema upgrade", *e, db.ErrorCode());
        }
        auto fail = [&](const std::string& message, int code) {
            if (!sqlite3_get_autocommit(db.Handle())) db.Exec("ROLLBACK");
            restore_foreign_keys();
            return SqliteFailure(path, "cannot upgrade the schema to version " + std::to_string(step.version), message,
                                 code);
        };
        if (auto e = db.Exec(step.sql)) return fail(*e, db.ErrorCode());
        Scalar version = QueryScalar(db, "PRAGMA user_version");
        if (version.error) return fail(*version.error, version.code);
        assert(version.number == step.version && "a migration step must set its own user_version");
        if (version.number != step.version) return fail("the step did not set user_version", SQLITE_ERROR);
        if (auto e = db.Exec("COMMIT")) return fail(*e, db.ErrorCode());
        restore_foreign_keys();
    }
    return std::nullopt;
}

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
    // The connection closes (and checkpoints) while the lock still keeps other kiosks out.
    m_db = Database();
    if (m_lockFd >= 0) ::close(m_lockFd);
}

RecordsDb::RecordsDb(RecordsDb&& other) noexcept
    : m_db(std::move(other.m_db)), m_lockFd(std::exchange(other.m_lockFd, -1)), m_path(std::move(other.m_path)) {}

RecordsDb& RecordsDb::operator=(RecordsDb&& other) noexcept {
    if (this != &other) {
        m_db = Database();
        if (m_lockFd >= 0) ::close(m_lockFd);
        m_db = std::move(other.m_db);
        m_lockFd = std::exchange(other.m_lockFd, -1);
        m_path = std::move(other.m_path);
    }
    return *this;
}

RecordsSettings RecordsDb::ReadSettings() { return ReadSettingsOf(m_db); }

// [SECTION] Writing events

std::string PlainWriteError(int sqlite_code, std::string_view detail) {
    std::string suffix = detail.empty() ? std::string() : " (" + std::string(detail) + ")";
    switch (sqlite_code & 0xFF) {
        case SQLITE_FULL: return "the disk is full";
        case SQLITE_IOERR: return "the records file could not be written (disk I/O error)";
        case SQLITE_READONLY: return "the records file is read-only" + suffix;
        case SQLITE_CANTOPEN: return "the records file could not be opened" + suffix;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return "the records file is damaged" + suffix;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return "the records file is busy (another program is using it)";
        case SQLITE_NOMEM: return "the kiosk ran out of memory";
        case SQLITE_CONSTRAINT: return "a record was refused by the database" + suffix;
        default: return "the records could not be saved" + suffix;
    }
}

std::optional<std::string> RecordsDb::Write(const std::vector<RecordEvent>& events, const RecordContext& context) {
    if (events.empty()) return std::nullopt;
    if (!m_db.IsOpen()) return std::string("the records file is not open");

    if (auto e = m_db.Exec("BEGIN IMMEDIATE")) return PlainWriteError(m_db.ErrorCode(), *e);
    // Everything below either reaches COMMIT OK or ends here, rolled back. SQLite rolls back by itself
    // after some errors (a full disk, an I/O error), hence the autocommit check.
    auto fail = [&](int code, const std::string& message) -> std::optional<std::string> {
        if (!sqlite3_get_autocommit(m_db.Handle())) m_db.Exec("ROLLBACK");
        return PlainWriteError(code, message);
    };

    // ON CONFLICT DO NOTHING makes a retry harmless: a batch whose COMMIT reported an error but reached
    // the disk is written again on the next try and adds nothing.
    Statement sitting, answer, completion, ending;
    if (auto e = sitting.Prepare(m_db,
                                 "INSERT INTO sittings (id, kiosk_id, site_id, agency, region, role, language, "
                                 "staff_hash, pack_id, pack_version, pack_hash, started_at, partnership) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
                                 "ON CONFLICT (id) DO NOTHING"))
        return fail(sitting.ErrorCode(), *e);
    if (auto e = answer.Prepare(m_db,
                                "INSERT INTO answers (id, sitting_id, module_id, scene_id, question_type, chosen, "
                                "correct, seconds, answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                                "ON CONFLICT (id) DO NOTHING"))
        return fail(answer.ErrorCode(), *e);
    if (auto e = completion.Prepare(m_db,
                                    "INSERT INTO completions (id, sitting_id, module_id, points, points_possible, "
                                    "percent, passed, completion_code, end_scene, seconds, completed_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                                    "ON CONFLICT (id) DO NOTHING"))
        return fail(completion.ErrorCode(), *e);
    // A sitting ends once: the first outcome stands, and a retry changes nothing. Ending a sitting
    // that has no row updates nothing rather than failing: an error here would block every later
    // record in the retry queue behind one that can never be written.
    if (auto e =
            ending.Prepare(m_db, "UPDATE sittings SET ended_at = ?2, outcome = ?3 WHERE id = ?1 AND ended_at IS NULL"))
        return fail(ending.ErrorCode(), *e);

    for (const RecordEvent& event : events) {
        Statement* statement = nullptr;
        switch (event.kind) {
            case RecordEvent::Kind::SittingStarted:
                statement = &sitting;
                sitting.Bind(1, event.sitting_id)
                    .Bind(2, context.kiosk_id)
                    .Bind(3, context.site_id)
                    .Bind(4, context.agency)
                    .Bind(5, context.region)
                    .Bind(6, event.role)
                    .Bind(7, event.language);
                if (event.staff_hash.empty())
                    sitting.Bind(8, nullptr);
                else
                    sitting.Bind(8, event.staff_hash);
                sitting.Bind(9, context.pack_id)
                    .Bind(10, context.pack_version)
                    .Bind(11, context.pack_hash)
                    .Bind(12, event.wall_time)
                    .Bind(13, context.partnership);
                break;
            case RecordEvent::Kind::Answer: {
                assert(event.answer && "an Answer event carries its AnswerRecord");
                if (!event.answer) return fail(SQLITE_MISUSE, "an answer event without its answer");
                const AnswerRecord& a = *event.answer;
                statement = &answer;
                answer.Bind(1, a.id)
                    .Bind(2, event.sitting_id)
                    .Bind(3, a.module_id)
                    .Bind(4, a.scene_id)
                    .Bind(5, std::string_view(a.question == QuestionType::None ? "choice" : ToString(a.question)))
                    .Bind(6, JsonStringArray(a.chosen))
                    .Bind(7, a.correct)
                    .Bind(8, a.seconds)
                    .Bind(9, event.wall_time);
                break;
            }
            case RecordEvent::Kind::ModuleFinished: {
                assert(event.result && "a ModuleFinished event carries its ModuleResult");
                if (!event.result) return fail(SQLITE_MISUSE, "a module result event without its result");
                const ModuleResult& r = *event.result;
                statement = &completion;
                completion.Bind(1, r.id)
                    .Bind(2, event.sitting_id)
                    .Bind(3, r.module_id)
                    .Bind(4, r.points)
                    .Bind(5, r.points_possible)
                    .Bind(6, r.percent)
                    .Bind(7, r.passed)
                    .Bind(8, r.completion_code)
                    .Bind(9, r.end_scene)
                    .Bind(10, r.seconds)
                    .Bind(11, event.wall_time);
                break;
            }
            case RecordEvent::Kind::SittingEnded:
                statement = &ending;
                ending.Bind(1, event.sitting_id)
                    .Bind(2, event.wall_time)
                    .Bind(3, std::string_view(OutcomeText(event.outcome)));
                break;
        }
        if (statement->Step() != StepResult::Done) return fail(statement->ErrorCode(), statement->ErrorMessage());
        statement->Reset();
    }

    // "Saved" means exactly this: COMMIT returned OK (with synchronous=FULL the WAL is on disk).
    if (auto e = m_db.Exec("COMMIT")) return fail(m_db.ErrorCode(), *e);
    return std::nullopt;
}

// [SECTION] Admin: counts, last sittings, export

RowCounts RecordsDb::Counts() {
    RowCounts counts;
    if (!m_db.IsOpen()) return counts;
    auto count = [&](std::string_view sql) {
        Scalar r = QueryScalar(m_db, sql);
        return r.error ? 0 : r.number;
    };
    counts.sittings = count("SELECT count(*) FROM sittings");
    counts.answers = count("SELECT count(*) FROM answers");
    counts.completions = count("SELECT count(*) FROM completions");
    return counts;
}

std::vector<SittingSummary> RecordsDb::LastSittings(int n) {
    std::vector<SittingSummary> sittings;
    if (n <= 0 || !m_db.IsOpen()) return sittings;
    Statement statement;
    if (statement.Prepare(m_db,
                          "SELECT id, role, started_at, outcome FROM sittings "
                          "ORDER BY started_at DESC, rowid DESC LIMIT ?1"))
        return sittings;
    statement.Bind(1, n);
    while (statement.Step() == StepResult::Row) {
        SittingSummary s;
        s.id = statement.ColumnText(0);
        s.role = statement.ColumnText(1);
        s.started_at = statement.ColumnText(2);
        if (!statement.ColumnIsNull(3)) s.outcome = OutcomeFromText(statement.ColumnText(3));
        sittings.push_back(std::move(s));
    }
    return sittings;
}

std::optional<std::string> RecordsDb::ExportTo(const std::string& path) {
    if (!m_db.IsOpen()) return std::string("the records file is not open");
    if (path.empty()) return std::string("no export file name given");
    if (Exists(path)) return path + " already exists; choose a new name (an export never overwrites a file)";
    // VACUUM INTO takes its file name as an expression, so it can be a bound parameter. It refuses a
    // file that appeared since the check above, and it reads one consistent snapshot of the DB.
    Statement vacuum;
    if (auto e = vacuum.Prepare(m_db, "VACUUM INTO ?1")) return "cannot export the records (" + *e + ")";
    vacuum.Bind(1, NotUri(path));
    if (vacuum.Step() != StepResult::Done) {
        int code = vacuum.ErrorCode() & 0xFF;
        if (code == SQLITE_FULL) return path + ": the disk is full";
        if (code == SQLITE_CANTOPEN) return path + ": cannot create the export file (is the folder there?)";
        return path + ": cannot export the records (" + vacuum.ErrorMessage() + ")";
    }
    if (auto e = SyncFileAndFolder(path)) return path + ": the export may not be complete on disk (" + *e + ")";
    return std::nullopt;
}

}  // namespace kiosk::core
