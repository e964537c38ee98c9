// Records DB schema migrations on real files: an empty file and DBs from version 1, 2 and 3 kiosks reach
// the current schema with every row kept.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/records/records_db.h"
#include "core/util/sqlite_db.h"
#include "core/util/uuid.h"

#include "support/files.h"
#include "support/records.h"

namespace {

using namespace kiosk::core;
using namespace test_support::records;
namespace fs = std::filesystem;
using test_support::WriteFile;
using test_support::FileNames;

}  // namespace

TEST_CASE("records: an empty file is migrated to the current schema") {
    TempDir dir;
    std::string path = dir.File("records.db");
    WriteFile(path, "");
    {
        OpenReport report;
        RecordsDb db = MustOpen(path, report);
        CHECK(report.created);
        CHECK(report.quarantined_to.empty());
    }
    // Closed cleanly: the WAL was checkpointed and removed; the lock file stays (removing it would race).
    CHECK(FileNames(dir.Path()) == std::vector<std::string>{"records.db", "records.db.lock"});
    CHECK(Sql(path, "PRAGMA user_version") == "7");
    CHECK(Sql(path, "PRAGMA application_id") == std::to_string(kRecordsApplicationId));
    CHECK(Sql(path, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name") ==
          "admin_events\nanswers\ncompletions\npack_installs\nresume_points\nsittings");
    // Ids are unique through named indexes (kiosk-report merge drops and rebuilds them), not primary keys;
    // the lookups by sitting, module and start time have their own (version 6 put back what 4 lost).
    CHECK(Sql(path, "SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name") ==
          "admin_events_by_kind\nanswers_by_id\nanswers_by_module\nanswers_by_sitting\ncompletions_by_id\n"
          "completions_by_module\ncompletions_by_sitting\npack_installs_by_pack\nresume_points_by_time\nsittings_by_id\nsittings_by_start");
    CHECK(
        Sql(path,
            "SELECT group_concat(strict) FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'") ==
        "1,1,1,1,1,1");
}

TEST_CASE("records: a version 1 DB gains the partnership column and keeps its rows") {
    TempDir dir;
    std::string path = dir.File("records.db");
    std::string sitting = NewUuidV4();
    {
        RecordsDb db = MustOpen(path);
        CHECK(db.Write(WholeSitting(sitting), Context()) == std::nullopt);
    }
    // Turn it back into exactly what a version 1 kiosk wrote: no partnership column, user_version 1.
    {
        Database raw;
        REQUIRE(raw.Open(path, SQLITE_OPEN_READWRITE) == std::nullopt);
        REQUIRE(raw.Exec("ALTER TABLE sittings DROP COLUMN partnership; DROP TABLE pack_installs; "
                         "DROP TABLE admin_events; DROP TABLE resume_points; PRAGMA user_version = 1;") == std::nullopt);
    }
    CHECK(Sql(path, "SELECT count(*) FROM pragma_table_info('sittings') WHERE name = 'partnership'") == "0");
    OpenReport report;
    {
        RecordsDb db = MustOpen(path, report);
        CHECK_FALSE(report.created);
        CHECK(report.quarantined_to.empty());
        CHECK(report.schema_version == kRecordsSchemaVersion);
        CHECK(SameCounts(db.Counts(), 1, 2, 1));
        // New sittings record their partnership beside the old one's ''.
        CHECK(db.Write({Started(NewUuidV4(), {}, "2024-06-01T09:00:00Z")}, Context()) == std::nullopt);
    }
    CHECK(Sql(path, "PRAGMA user_version") == std::to_string(kRecordsSchemaVersion));
    CHECK(Sql(path, "SELECT quote(partnership) FROM sittings ORDER BY started_at") ==
          "''\n'South Wales Partnership'");
}

// tests/fixtures/records/records-v3.db is a file a version 3 build wrote (see the README there): ids as
// PRIMARY KEYs, the four sitting_id/module_id indexes, one pack install.
TEST_CASE("records: a version 3 DB is rebuilt with unique id indexes and keeps every row and rowid") {
    TempDir dir;
    std::string path = dir.File("records.db");
    fs::copy_file(fs::path(KIOSK_TEST_FIXTURES) / "records" / "records-v3.db", path);
    REQUIRE(Sql(path, "PRAGMA user_version") == "3");
    // Every row with its rowid, table by table, in rowid order.
    const std::array<const char*, 4> tables = {
        "SELECT group_concat(rowid || id || kiosk_id || partnership || ifnull(outcome, '-'), ',') FROM "
        "(SELECT rowid, * FROM sittings ORDER BY rowid)",
        "SELECT group_concat(rowid || id || sitting_id || chosen || correct, ',') FROM "
        "(SELECT rowid, * FROM answers ORDER BY rowid)",
        "SELECT group_concat(rowid || id || sitting_id || percent || passed, ',') FROM "
        "(SELECT rowid, * FROM completions ORDER BY rowid)",
        "SELECT group_concat(seq || pack_id || pack_version, ',') FROM pack_installs"};
    std::vector<std::string> before;
    for (const char* sql : tables) before.push_back(Sql(path, sql));
    REQUIRE(Sql(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'sqlite_autoindex_%'") == "3");
    std::string sitting;
    {
        OpenReport report;
        RecordsDb db = MustOpen(path, report);
        CHECK_FALSE(report.created);
        CHECK(report.quarantined_to.empty());
        CHECK(report.schema_version == kRecordsSchemaVersion);
        CHECK(SameCounts(db.Counts(), 4, 23, 5));
        // Writing still works: foreign keys find their sitting through the unique index, and a retried
        // batch (same ids) is still harmless.
        sitting = NewUuidV4();
        std::vector<RecordEvent> events = WholeSitting(sitting);
        CHECK(db.Write(events, Context()) == std::nullopt);
        CHECK(db.Write(events, Context()) == std::nullopt);
        CHECK(SameCounts(db.Counts(), 5, 25, 6));
    }
    CHECK(Sql(path, "PRAGMA user_version") == std::to_string(kRecordsSchemaVersion));
    CHECK(Sql(path, "PRAGMA foreign_keys") == "0");  // a fresh connection's default; the kiosk sets ON
    CHECK(Sql(path, "PRAGMA quick_check") == "ok");
    CHECK(Sql(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'sqlite_autoindex_%'") == "0");
    CHECK(Sql(path, "SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name") ==
          "admin_events_by_kind\nanswers_by_id\nanswers_by_module\nanswers_by_sitting\ncompletions_by_id\n"
          "completions_by_module\ncompletions_by_sitting\npack_installs_by_pack\nresume_points_by_time\nsittings_by_id\nsittings_by_start");
    CHECK(Sql(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_v4'") == "0");
    // The old rows, rowids included (the reports split their scans by rowid), then the new sitting's.
    for (std::size_t t = 0; t < tables.size(); ++t) {
        CAPTURE(t);
        std::string after = Sql(path, tables[t]);
        CHECK(after.rfind(before[t], 0) == 0);
        if (t < 3) CHECK(after.size() > before[t].size());
    }
    // The rebuilt tables keep their checks: no second row with an id, no answer without its sitting.
    Database raw;
    REQUIRE(raw.Open(path, SQLITE_OPEN_READWRITE) == std::nullopt);
    REQUIRE(raw.Exec("PRAGMA foreign_keys = ON") == std::nullopt);
    std::string taken = Sql(path, "SELECT id FROM answers LIMIT 1");
    CHECK(raw.Exec("INSERT INTO answers (id, sitting_id, module_id, scene_id, question_type, chosen, correct, "
                   "seconds, answered_at) SELECT id, sitting_id, module_id, scene_id, question_type, chosen, correct, "
                   "seconds, answered_at FROM answers LIMIT 1") != std::nullopt);
    std::string orphan = "UPDATE answers SET sitting_id = '00000000-0000-4000-8000-000000000000' WHERE id = '" + taken + "'";
    CHECK(raw.Exec(orphan.c_str()) != std::nullopt);
    std::string essay = "UPDATE answers SET question_type = 'essay' WHERE id = '" + taken + "'";
    CHECK(raw.Exec(essay.c_str()) != std::nullopt);
    CHECK(raw.Exec("UPDATE sittings SET outcome = 'lost', ended_at = 'x' WHERE rowid = 1") != std::nullopt);
    CHECK(raw.Exec("UPDATE sittings SET staff_hash = '1234' WHERE rowid = 1") != std::nullopt);
}

TEST_CASE("records: a version 2 DB gains the pack_installs table and keeps its rows") {
    TempDir dir;
    std::string path = dir.File("records.db");
    std::string sitting = NewUuidV4();
    {
        RecordsDb db = MustOpen(path);
        CHECK(db.Write(WholeSitting(sitting), Context()) == std::nullopt);
    }
    // Exactly what a version 2 kiosk left: no pack_installs table or index, user_version 2.
    {
        Database raw;
        REQUIRE(raw.Open(path, SQLITE_OPEN_READWRITE) == std::nullopt);
        REQUIRE(raw.Exec("DROP TABLE pack_installs; DROP TABLE admin_events; DROP TABLE resume_points; PRAGMA user_version = 2;") == std::nullopt);
    }
    CHECK(Sql(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'pack_installs%'") == "0");
    {
        OpenReport report;
        RecordsDb db = MustOpen(path, report);
        CHECK_FALSE(report.created);
        CHECK(report.quarantined_to.empty());
        CHECK(report.schema_version == kRecordsSchemaVersion);
        CHECK(SameCounts(db.Counts(), 1, 2, 1));
    }
    CHECK(Sql(path, "PRAGMA user_version") == std::to_string(kRecordsSchemaVersion));
    CHECK(Sql(path, "SELECT id FROM sittings") == sitting);
    CHECK(Sql(path, "SELECT count(*) FROM pack_installs") == "0");
    CHECK(Sql(path, "SELECT name FROM sqlite_schema WHERE tbl_name = 'pack_installs' ORDER BY name") ==
          "pack_installs\npack_installs_by_pack");
    // The table's CHECKs keep what rollback protection relies on well-formed: no path in `file`, a
    // 64-hex content hash, a 16-hex key id.
    Database raw;
    REQUIRE(raw.Open(path, SQLITE_OPEN_READWRITE) == std::nullopt);
    CHECK(raw.Exec("INSERT INTO pack_installs (pack_id, pack_version, content_hash, file, key_id, installed_at) "
                   "VALUES ('p', 1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'p-v1.pack', '0123456789abcdef', 'now')") == std::nullopt);
    CHECK(raw.Exec("INSERT INTO pack_installs (pack_id, pack_version, content_hash, file, key_id, installed_at) "
                   "VALUES ('p', 1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '../p.pack', '0123456789abcdef', 'now')") != std::nullopt);
    CHECK(raw.Exec("INSERT INTO pack_installs (pack_id, pack_version, content_hash, file, key_id, installed_at) "
                   "VALUES ('p', 1, 'ABC', 'p.pack', '0123456789abcdef', 'now')") != std::nullopt);
    CHECK(raw.Exec("INSERT INTO pack_installs (pack_id, pack_version, content_hash, file, key_id, installed_at) "
                   "VALUES ('p', 1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'p.pack', 'XYZ', 'now')") != std::nullopt);
}
