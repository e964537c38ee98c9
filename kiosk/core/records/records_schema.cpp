// The records DB's schema as the steps that build it, one per user_version, and Migrate, which runs
// the steps a DB has not had yet (called by RecordsDb::Open in records_db.cpp).
#include "core/records/records_db.h"

#include <sqlite3.h>

#include <cassert>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>

#include "core/records/records_internal.h"
#include "core/util/sqlite_db.h"

namespace kiosk::core {

namespace {

// Each step runs in its own transaction and sets user_version itself, so a crash leaves the DB at a
// whole version. Append steps; never edit one that has shipped. Ids are UUIDv4 text so that DBs from
// many kiosks merge without clashes. CHECKs guard what the reports rely on (and, for staff_hash, that
// nothing but a 64-digit hex hash can ever be stored there: never a staff number).
// A new table or id index also goes in kTables or kIdIndexes (records_db.cpp), which opening checks.
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

// Version 5: the admin trail (records_admin_events.cpp): every passcode attempt, sign-in, lockout,
// export, pack install and quit, with its time and the kiosk's id (so merged trails stay apart). No
// passcode and nothing about a person is ever stored: `detail` is a short fixed-form note. Passcode
// attempts are written before the passcode is checked, so a kill or a power cut counts against the guesser.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE admin_events (
    seq      INTEGER PRIMARY KEY,
    kiosk_id TEXT NOT NULL CHECK (length(kiosk_id) > 0),
    at       TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z'),
    at_s     INTEGER NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('attempt', 'sign-in', 'lockout', 'export', 'pack-install', 'quit')),
    detail   TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 200)
) STRICT;
CREATE INDEX admin_events_by_kind ON admin_events (kind, seq);
PRAGMA user_version = 5;
)sql";

// Version 6: the lookup indexes back. Version 4 rebuilt the three tables and made only their id indexes
// again, so from then on every per-sitting lookup scanned all answers: closing the sittings a crash
// cut off took three minutes on 75,000 sittings (seconds with the index), and reports slowed as the file
// grew. IF NOT EXISTS keeps the step harmless on a DB whose indexes someone has already put back by hand.
constexpr const char* kSchemaV6 = R"sql(
CREATE INDEX IF NOT EXISTS sittings_by_start ON sittings (started_at);
CREATE INDEX IF NOT EXISTS answers_by_sitting ON answers (sitting_id);
CREATE INDEX IF NOT EXISTS answers_by_module ON answers (module_id, scene_id);
CREATE INDEX IF NOT EXISTS completions_by_sitting ON completions (sitting_id);
CREATE INDEX IF NOT EXISTS completions_by_module ON completions (module_id, completed_at);
PRAGMA user_version = 6;
)sql";

// Version 7: resume points (issue 18). Where a learner who gave a staff number stopped in a module, one
// row per (staff hash, module), replaced as they move on and deleted when they finish it, start it
// again, or resume_days pass (records_resume.cpp). Not a record of what happened (the answers are):
// exports leave the table empty, and the reports never read it. The same CHECK as sittings keeps
// anything but a 64-digit hex hash out of staff_hash.
constexpr const char* kSchemaV7 = R"sql(
CREATE TABLE resume_points (
    staff_hash      TEXT NOT NULL CHECK (length(staff_hash) = 64 AND staff_hash NOT GLOB '*[^0-9a-f]*'),
    module_id       TEXT NOT NULL,
    scene_id        TEXT NOT NULL,
    points          INTEGER NOT NULL CHECK (points >= 0),
    points_possible INTEGER NOT NULL CHECK (points_possible >= points),
    bonus           INTEGER NOT NULL,
    variables       TEXT NOT NULL CHECK (variables GLOB '{*}'),   -- a JSON object: name -> value
    seconds         INTEGER NOT NULL CHECK (seconds >= 0),
    film_ms         INTEGER NOT NULL CHECK (film_ms >= 0),
    film_asked      TEXT NOT NULL CHECK (film_asked GLOB '[[]*]'),  -- a JSON array of question numbers
    sitting_id      TEXT NOT NULL CHECK (length(sitting_id) = 36),  -- the sitting that saved it last
    saved_at        TEXT NOT NULL,
    PRIMARY KEY (staff_hash, module_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX resume_points_by_time ON resume_points (saved_at);
PRAGMA user_version = 7;
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
    {5, kSchemaV5},
    {6, kSchemaV6},
    {7, kSchemaV7},
};
static_assert(std::size(kMigrations) == static_cast<std::size_t>(kRecordsSchemaVersion), "one step per schema version");

}  // namespace

namespace records_detail {

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

}  // namespace records_detail

}  // namespace kiosk::core
