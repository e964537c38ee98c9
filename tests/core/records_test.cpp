// The records DB, staff key and retry queue on real files: settings read back, migrations, whole
// sittings, all-or-nothing writes, retries, quarantine of damaged files, WAL recovery after a kill,
// failed writes that lose nothing, and the privacy canary (a staff number never reaches any file).
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/records/records_db.h"
#include "core/records/records_queue.h"
#include "core/util/sqlite_db.h"
#include "core/trust/staff_key.h"
#include "core/util/uuid.h"

#include "support/files.h"
#include "support/temp_dir.h"

namespace {

using namespace kiosk::core;
namespace fs = std::filesystem;
using test_support::ReadFile;
using test_support::WriteFile;
using test_support::FileNames;

// Scratch directories named for this suite.
struct TempDir : test_support::TempDir {
    TempDir() : test_support::TempDir("kiosk-records-test") {}
};

RecordContext Context() {
    return RecordContext{"kiosk-7", "cardiff-central",   "South Wales Police", "wales", "msht-core",
                         3,         std::string(64, 'a'), "South Wales Partnership"};
}

RecordEvent Started(const std::string& sitting, const std::string& staff_hash = {},
                    const std::string& time = "2024-05-01T09:00:00Z") {
    return RecordEvent{
        RecordEvent::Kind::SittingStarted, sitting, "police", staff_hash, "cy", std::nullopt, std::nullopt,
        SittingOutcome::Completed,         1000,    time};
}

RecordEvent Answered(const std::string& sitting, std::vector<std::string> chosen, bool correct = true,
                     int seconds = 12) {
    AnswerRecord a;
    a.id = NewUuidV4();
    a.module_id = "spotting-the-signs";
    a.scene_id = "q1";
    a.question = QuestionType::Multi;
    a.chosen = std::move(chosen);
    a.correct = correct;
    a.seconds = seconds;
    return RecordEvent{RecordEvent::Kind::Answer, sitting, {}, {}, {}, a, std::nullopt, SittingOutcome::Completed, 2000,
                       "2024-05-01T09:01:00Z"};
}

RecordEvent Finished(const std::string& sitting, int percent = 80) {
    ModuleResult r;
    r.id = NewUuidV4();
    r.module_id = "spotting-the-signs";
    r.points = 4;
    r.points_possible = 5;
    r.percent = percent;
    r.passed = true;
    r.completion_code = "K7-3F9A";
    r.end_scene = "end-pass";
    r.seconds = 300;
    return RecordEvent{RecordEvent::Kind::ModuleFinished,
                       sitting,
                       {},
                       {},
                       {},
                       std::nullopt,
                       r,
                       SittingOutcome::Completed,
                       3000,
                       "2024-05-01T09:05:00Z"};
}

RecordEvent Ended(const std::string& sitting, SittingOutcome outcome,
                  const std::string& time = "2024-05-01T09:06:00Z") {
    return RecordEvent{
        RecordEvent::Kind::SittingEnded, sitting, {}, {}, {}, std::nullopt, std::nullopt, outcome, 4000, time};
}

std::vector<RecordEvent> WholeSitting(const std::string& sitting, const std::string& staff_hash = {}) {
    return {Started(sitting, staff_hash), Answered(sitting, {"a", "c"}), Answered(sitting, {"b"}, false, 30),
            Finished(sitting), Ended(sitting, SittingOutcome::Completed)};
}

RecordsDb MustOpen(const std::string& path, OpenReport& report) {
    auto opened = RecordsDb::Open(path, report);
    if (auto* e = std::get_if<std::string>(&opened)) FAIL("open failed: " << *e);
    return std::move(std::get<RecordsDb>(opened));
}

RecordsDb MustOpen(const std::string& path) {
    OpenReport report;
    return MustOpen(path, report);
}

// A read-only look at a closed records DB through plain SQL, as the reports tool would take it.
std::string Sql(const std::string& path, const char* sql) {
    Database db;
    if (auto e = db.Open(path, SQLITE_OPEN_READONLY)) return "open failed: " + *e;
    Statement st;
    if (auto e = st.Prepare(db, sql)) return "prepare failed: " + *e;
    std::string out;
    while (st.Step() == StepResult::Row) {
        if (!out.empty()) out += '\n';
        out += st.ColumnIsNull(0) ? "NULL" : st.ColumnText(0);
    }
    return out;
}

bool SameCounts(const RowCounts& c, std::int64_t sittings, std::int64_t answers, std::int64_t completions) {
    return c.sittings == sittings && c.answers == answers && c.completions == completions;
}

}  // namespace

TEST_CASE("records: a new DB gets its folder and schema and its settings read back") {
    TempDir dir;
    std::string path = dir.File("data/records/records.db");  // the folders do not exist yet
    OpenReport report;
    RecordsDb db = MustOpen(path, report);
    CHECK(report.created);
    CHECK(report.quarantined_to.empty());
    CHECK(report.schema_version == kRecordsSchemaVersion);
    CHECK(db.Path() == path);

    RecordsSettings s = db.ReadSettings();
    CHECK(s.journal_mode == "wal");
    CHECK(s.synchronous == 2);
    CHECK(s.foreign_keys == 1);
    CHECK(s.trusted_schema == 0);
    CHECK(s.secure_delete == 1);
    CHECK(s.defensive == 1);
    CHECK(s.application_id == kRecordsApplicationId);
    CHECK(s.user_version == kRecordsSchemaVersion);
    CHECK(SameCounts(db.Counts(), 0, 0, 0));

    // Reopening finds the same DB, not a new one.
    db = RecordsDb();  // close first: a second RecordsDb on one file is refused
    OpenReport again;
    RecordsDb reopened = MustOpen(path, again);
    CHECK_FALSE(again.created);
    CHECK(again.schema_version == kRecordsSchemaVersion);
}

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
    CHECK(Sql(path, "PRAGMA user_version") == "4");
    CHECK(Sql(path, "PRAGMA application_id") == std::to_string(kRecordsApplicationId));
    CHECK(Sql(path, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name") ==
          "answers\ncompletions\npack_installs\nsittings");
    // Ids are unique through named indexes (kiosk-report merge drops and rebuilds them), not primary keys.
    CHECK(Sql(path, "SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name") ==
          "answers_by_id\ncompletions_by_id\npack_installs_by_pack\nsittings_by_id");
    CHECK(
        Sql(path,
            "SELECT group_concat(strict) FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'") ==
        "1,1,1,1");
}

TEST_CASE("records: a whole sitting is written and reads back by SQL") {
    TempDir dir;
    std::string path = dir.File("records.db");
    std::string sitting = NewUuidV4();
    std::string hash(64, 'f');
    std::vector<RecordEvent> events = WholeSitting(sitting, hash);
    // Option ids that need JSON escaping, and a broken UTF-8 byte that must not break the JSON.
    events[1].answer->chosen = {"quote\"d", "back\\slash", "new\nline", "caf\xC3\xA9", "bad\xFFz"};
    events[1].answer->question = QuestionType::Order;
    events[2].answer->question = QuestionType::None;  // a choice scene
    {
        RecordsDb db = MustOpen(path);
        CHECK(db.Write(events, Context()) == std::nullopt);
        CHECK(SameCounts(db.Counts(), 1, 2, 1));
        std::vector<SittingSummary> last = db.LastSittings(10);
        REQUIRE(last.size() == 1);
        CHECK(last[0].id == sitting);
        CHECK(last[0].role == "police");
        CHECK(last[0].started_at == "2024-05-01T09:00:00Z");
        CHECK(last[0].outcome == SittingOutcome::Completed);
    }
    CHECK(
        Sql(path,
            "SELECT id || '|' || kiosk_id || '|' || site_id || '|' || agency || '|' || region || '|' || role || '|' || "
            "language || '|' || staff_hash || '|' || pack_id || '|' || pack_version || '|' || started_at || '|' || "
            "ended_at || '|' || outcome FROM sittings") ==
        sitting + "|kiosk-7|cardiff-central|South Wales Police|wales|police|cy|" + hash +
            "|msht-core|3|2024-05-01T09:00:00Z|2024-05-01T09:06:00Z|completed");
    CHECK(Sql(path, "SELECT pack_hash FROM sittings") == std::string(64, 'a'));
    CHECK(Sql(path, "SELECT partnership FROM sittings") == "South Wales Partnership");
    CHECK(Sql(path,
              "SELECT question_type || '|' || correct || '|' || seconds || '|' || answered_at FROM answers "
              "ORDER BY question_type") == "choice|0|30|2024-05-01T09:01:00Z\norder|1|12|2024-05-01T09:01:00Z");
    CHECK(
        Sql(path, "SELECT value FROM answers, json_each(answers.chosen) WHERE question_type = 'order' ORDER BY key") ==
        "quote\"d\nback\\slash\nnew\nline\ncaf\xC3\xA9\nbad\xEF\xBF\xBDz");
    CHECK(Sql(path, "SELECT chosen FROM answers WHERE question_type = 'choice'") == "[\"b\"]");
    CHECK(Sql(path, "SELECT count(*) FROM answers WHERE sitting_id = (SELECT id FROM sittings)") == "2");
    CHECK(
        Sql(path,
            "SELECT module_id || '|' || points || '|' || points_possible || '|' || percent || '|' || passed || '|' || "
            "completion_code || '|' || end_scene || '|' || seconds || '|' || completed_at FROM completions") ==
        "spotting-the-signs|4|5|80|1|K7-3F9A|end-pass|300|2024-05-01T09:05:00Z");
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
                         "PRAGMA user_version = 1;") == std::nullopt);
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
        CHECK(report.schema_version == 4);
        CHECK(SameCounts(db.Counts(), 4, 23, 5));
        // Writing still works: foreign keys find their sitting through the unique index, and a retried
        // batch (same ids) is still harmless.
        sitting = NewUuidV4();
        std::vector<RecordEvent> events = WholeSitting(sitting);
        CHECK(db.Write(events, Context()) == std::nullopt);
        CHECK(db.Write(events, Context()) == std::nullopt);
        CHECK(SameCounts(db.Counts(), 5, 25, 6));
    }
    CHECK(Sql(path, "PRAGMA user_version") == "4");
    CHECK(Sql(path, "PRAGMA foreign_keys") == "0");  // a fresh connection's default; the kiosk sets ON
    CHECK(Sql(path, "PRAGMA quick_check") == "ok");
    CHECK(Sql(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'sqlite_autoindex_%'") == "0");
    CHECK(Sql(path, "SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name") ==
          "answers_by_id\ncompletions_by_id\npack_installs_by_pack\nsittings_by_id");
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

// A records file whose unique id index was dropped (by hand, or a tool) is not one the kiosk can keep
// writing safely: it is moved aside whole, like any other damaged file, and a new one started.
TEST_CASE("records: a DB missing a unique id index is quarantined and not written") {
    TempDir dir;
    std::string path = dir.File("records.db");
    {
        RecordsDb db = MustOpen(path);
        CHECK(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
    }
    {
        Database raw;
        REQUIRE(raw.Open(path, SQLITE_OPEN_READWRITE) == std::nullopt);
        REQUIRE(raw.Exec("DROP INDEX answers_by_id") == std::nullopt);
    }
    OpenReport report;
    RecordsDb db = MustOpen(path, report);
    CHECK(report.created);
    CHECK(report.quarantine_reason.find("answers_by_id") != std::string::npos);
    CHECK(fs::exists(report.quarantined_to));
    CHECK(Sql(report.quarantined_to, "SELECT count(*) FROM answers") == "2");
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
        REQUIRE(raw.Exec("DROP TABLE pack_installs; PRAGMA user_version = 2;") == std::nullopt);
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

TEST_CASE("records: no staff number stores NULL and a raw staff number is refused") {
    TempDir dir;
    std::string path = dir.File("records.db");
    RecordsDb db = MustOpen(path);
    CHECK(db.Write({Started(NewUuidV4())}, Context()) == std::nullopt);
    // Should a bug ever pass the number instead of its hash, the schema refuses it.
    auto refused = db.Write({Started(NewUuidV4(), "98765432")}, Context());
    REQUIRE(refused);
    CHECK(refused->find("refused") != std::string::npos);
    db = RecordsDb();
    CHECK(Sql(path, "SELECT count(*) FROM sittings WHERE staff_hash IS NULL") == "1");
    CHECK(Sql(path, "SELECT count(*) FROM sittings") == "1");
}

TEST_CASE("records: a write is all or nothing") {
    TempDir dir;
    RecordsDb db = MustOpen(dir.File("records.db"));
    std::string sitting = NewUuidV4();

    SUBCASE("a CHECK failure in the middle") {
        std::vector<RecordEvent> events = WholeSitting(sitting);
        events[2].answer->seconds = -1;
        auto error = db.Write(events, Context());
        REQUIRE(error);
        CHECK(error->find("a record was refused by the database") == 0);
        CHECK(error->find("CHECK constraint failed") != std::string::npos);
    }
    SUBCASE("a foreign key failure in the middle") {
        std::vector<RecordEvent> events = WholeSitting(sitting);
        events.insert(events.begin() + 2, Answered(NewUuidV4(), {"a"}));  // a sitting that does not exist
        auto error = db.Write(events, Context());
        REQUIRE(error);
        CHECK(error->find("FOREIGN KEY constraint failed") != std::string::npos);
    }
    SUBCASE("a CHECK failure in the last event") {
        std::vector<RecordEvent> events = WholeSitting(sitting);
        events.push_back(Finished(sitting, 101));
        CHECK(db.Write(events, Context()));
    }
    CHECK(SameCounts(db.Counts(), 0, 0, 0));
    CHECK(db.LastSittings(5).empty());
    // The connection is usable again straight away.
    CHECK(db.Write(WholeSitting(sitting), Context()) == std::nullopt);
    CHECK(SameCounts(db.Counts(), 1, 2, 1));
}

TEST_CASE("records: writing the same events again adds nothing") {
    TempDir dir;
    std::string path = dir.File("records.db");
    RecordsDb db = MustOpen(path);
    std::string sitting = NewUuidV4();
    std::vector<RecordEvent> events = WholeSitting(sitting);
    CHECK(db.Write(events, Context()) == std::nullopt);
    CHECK(db.Write(events, Context()) == std::nullopt);  // a retry after a COMMIT that did reach the disk
    CHECK(SameCounts(db.Counts(), 1, 2, 1));
    // A sitting ends once; a later (buggy) second ending does not rewrite history.
    CHECK(db.Write({Ended(sitting, SittingOutcome::Abandoned, "2024-05-01T10:00:00Z")}, Context()) == std::nullopt);
    // Ending a sitting that was never recorded changes nothing and must not block later records.
    CHECK(db.Write({Ended(NewUuidV4(), SittingOutcome::Left)}, Context()) == std::nullopt);
    CHECK(db.Write({}, Context()) == std::nullopt);
    db = RecordsDb();
    CHECK(Sql(path, "SELECT outcome || ' ' || ended_at FROM sittings") == "completed 2024-05-01T09:06:00Z");
    CHECK(Sql(path, "SELECT count(*) FROM sittings") == "1");
}

TEST_CASE("records: last sittings come newest first without staff hashes") {
    TempDir dir;
    RecordsDb db = MustOpen(dir.File("records.db"));
    std::string first = NewUuidV4(), second = NewUuidV4(), third = NewUuidV4();
    CHECK(db.Write({Started(first, std::string(64, '1'), "2024-05-01T09:00:00Z"),
                    Started(second, {}, "2024-05-02T09:00:00Z"), Ended(second, SittingOutcome::Left),
                    Started(third, {}, "2024-05-03T09:00:00Z"), Ended(third, SittingOutcome::Abandoned)},
                   Context()) == std::nullopt);
    std::vector<SittingSummary> last = db.LastSittings(2);
    REQUIRE(last.size() == 2);
    CHECK(last[0].id == third);
    CHECK(last[0].outcome == SittingOutcome::Abandoned);
    CHECK(last[1].id == second);
    CHECK(last[1].outcome == SittingOutcome::Left);
    std::vector<SittingSummary> all = db.LastSittings(100);
    REQUIRE(all.size() == 3);
    CHECK(all[2].id == first);
    CHECK_FALSE(all[2].outcome.has_value());
    CHECK(db.LastSittings(0).empty());
}

TEST_CASE("records: a garbage file is quarantined (renamed not deleted) and a fresh DB works") {
    TempDir dir;
    std::string path = dir.File("records.db");
    std::string garbage(5000, 'x');
    WriteFile(path, garbage);
    WriteFile(path + "-wal", "not a wal either");
    OpenReport report;
    RecordsDb db = MustOpen(path, report);
    REQUIRE_FALSE(report.quarantined_to.empty());
    CHECK(report.quarantined_to.find(path + ".corrupt-") == 0);
    INFO(report.quarantine_reason);
    CHECK(report.created);
    CHECK(ReadFile(report.quarantined_to) == garbage);
    CHECK(ReadFile(report.quarantined_to + "-wal") == "not a wal either");
    CHECK(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
    CHECK(SameCounts(db.Counts(), 1, 2, 1));
}

TEST_CASE("records: a WAL beside an empty main file is quarantined with it and not deleted") {
    TempDir dir;
    std::string path = dir.File("records.db");
    std::string wal(8192, 'w');
    WriteFile(path, "");
    WriteFile(path + "-wal", wal);
    OpenReport report;
    RecordsDb db = MustOpen(path, report);
    REQUIRE_FALSE(report.quarantined_to.empty());
    CHECK(ReadFile(report.quarantined_to + "-wal") == wal);
    CHECK(fs::exists(report.quarantined_to));
}

TEST_CASE("records: a short file of text is quarantined") {
    TempDir dir;
    std::string path = dir.File("records.db");
    WriteFile(path, "hello");
    OpenReport report;
    RecordsDb db = MustOpen(path, report);
    CHECK_FALSE(report.quarantined_to.empty());
    CHECK(report.quarantine_reason.find("not an SQLite database") != std::string::npos);
    CHECK(ReadFile(report.quarantined_to) == "hello");
}

TEST_CASE("records: a truncated DB is quarantined") {
    TempDir dir;
    std::string path = dir.File("records.db");
    {
        RecordsDb db = MustOpen(path);
        for (int i = 0; i < 30; ++i) CHECK(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
    }
    REQUIRE_FALSE(fs::exists(path + "-wal"));  // closing checkpointed everything into the main file
    std::string whole = ReadFile(path);
    REQUIRE(whole.size() > 3 * 4096);

    SUBCASE("cut at a page boundary") { WriteFile(path, whole.substr(0, whole.size() - 4096)); }
    SUBCASE("cut inside a page") { WriteFile(path, whole.substr(0, whole.size() - 100)); }
    std::string cut = ReadFile(path);

    OpenReport report;
    RecordsDb db = MustOpen(path, report);
    REQUIRE_FALSE(report.quarantined_to.empty());
    CHECK(report.quarantine_reason.find("truncated") != std::string::npos);
    CHECK(ReadFile(report.quarantined_to) == cut);
    CHECK(SameCounts(db.Counts(), 0, 0, 0));
    CHECK(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
}

TEST_CASE("records: a DB with damaged pages fails quick_check and is quarantined") {
    TempDir dir;
    std::string path = dir.File("records.db");
    {
        RecordsDb db = MustOpen(path);
        for (int i = 0; i < 30; ++i) CHECK(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
    }
    std::string bytes = ReadFile(path);
    REQUIRE(bytes.size() > 4 * 4096);
    // Scribble over everything after the first page, keeping the size: only SQLite can tell.
    for (std::size_t i = 4096 + 50; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(0xA5);
    WriteFile(path, bytes);
    OpenReport report;
    RecordsDb db = MustOpen(path, report);
    REQUIRE_FALSE(report.quarantined_to.empty());
    INFO(report.quarantine_reason);
    CHECK(ReadFile(report.quarantined_to) == bytes);
    CHECK(SameCounts(db.Counts(), 0, 0, 0));
}

TEST_CASE("records: a foreign database is quarantined but a content pack is refused and left alone") {
    TempDir dir;
    std::string path = dir.File("records.db");
    auto make = [&](const char* sql) {
        Database other;
        REQUIRE(other.Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) == std::nullopt);
        REQUIRE(other.Exec(sql) == std::nullopt);
    };
    SUBCASE("an unrelated database") {
        make("CREATE TABLE notes (x); INSERT INTO notes VALUES (1);");
        OpenReport report;
        RecordsDb db = MustOpen(path, report);
        CHECK(report.quarantine_reason.find("not a kiosk records database") != std::string::npos);
        CHECK(Sql(report.quarantined_to, "SELECT x FROM notes") == "1");
    }
    SUBCASE("a content pack given as --db") {
        make("PRAGMA application_id = 1263550795; CREATE TABLE modules (id);");  // 0x4B50414B 'KPAK'
        std::string before = ReadFile(path);
        OpenReport report;
        auto opened = RecordsDb::Open(path, report);
        REQUIRE(std::holds_alternative<std::string>(opened));
        CHECK(std::get<std::string>(opened).find("content pack") != std::string::npos);
        CHECK(report.quarantined_to.empty());
        CHECK(ReadFile(path) == before);
    }
}

TEST_CASE("records: a DB from a newer kiosk is refused and not quarantined") {
    TempDir dir;
    std::string path = dir.File("records.db");
    MustOpen(path);
    {
        Database raw;
        REQUIRE(raw.Open(path, SQLITE_OPEN_READWRITE) == std::nullopt);
        REQUIRE(raw.Exec("PRAGMA user_version = 9") == std::nullopt);
    }
    OpenReport report;
    auto opened = RecordsDb::Open(path, report);
    REQUIRE(std::holds_alternative<std::string>(opened));
    CHECK(std::get<std::string>(opened).find("newer than this kiosk") != std::string::npos);
    CHECK(report.quarantined_to.empty());
    CHECK(fs::exists(path));
}

TEST_CASE("records: only one RecordsDb per file") {
    TempDir dir;
    std::string path = dir.File("records.db");
    RecordsDb first = MustOpen(path);
    OpenReport report;
    auto second = RecordsDb::Open(path, report);
    REQUIRE(std::holds_alternative<std::string>(second));
    CHECK(std::get<std::string>(second).find("already open") != std::string::npos);
    CHECK(first.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);  // the first is unharmed
    first = RecordsDb();
    CHECK(std::holds_alternative<RecordsDb>(RecordsDb::Open(path, report)));
}

TEST_CASE("records: a leftover WAL from a killed kiosk is recovered") {
    TempDir dir;
    std::string path = dir.File("records.db");
    std::string crashed = dir.File("crashed.db");
    std::string sitting = NewUuidV4();
    sqlite3* other = nullptr;
    {
        RecordsDb db = MustOpen(path);
        CHECK(db.Write(WholeSitting(sitting), Context()) == std::nullopt);
        // A second connection (test only) keeps the last-close checkpoint from running, so the files
        // stay as a killed process would leave them: the rows only in the -wal.
        REQUIRE(sqlite3_open_v2(path.c_str(), &other, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_exec(other, "SELECT count(*) FROM sittings", nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    REQUIRE(fs::file_size(path + "-wal") > 0);
    fs::copy_file(path, crashed);
    fs::copy_file(path + "-wal", crashed + "-wal");
    fs::copy_file(path, dir.File("main-only.db"));  // the same main file without its WAL
    sqlite3_close(other);

    {
        RecordsDb main_only = MustOpen(dir.File("main-only.db"));
        CHECK(SameCounts(main_only.Counts(), 0, 0, 0));  // so the rows below did come from the WAL
    }
    OpenReport report;
    RecordsDb db = MustOpen(crashed, report);
    CHECK(report.quarantined_to.empty());
    CHECK_FALSE(report.created);
    CHECK(SameCounts(db.Counts(), 1, 2, 1));
    REQUIRE(db.LastSittings(1).size() == 1);
    CHECK(db.LastSittings(1)[0].id == sitting);
}

TEST_CASE("records: a kiosk killed with SIGKILL after a save loses nothing") {
    TempDir dir;
    std::string path = dir.File("records.db");
    std::string sitting = NewUuidV4();
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child is the kiosk: no doctest here, just an exit status if something goes wrong.
        OpenReport report;
        auto opened = RecordsDb::Open(path, report);
        if (!std::holds_alternative<RecordsDb>(opened)) ::_exit(2);
        if (std::get<RecordsDb>(opened).Write(WholeSitting(sitting), Context())) ::_exit(3);
        ::raise(SIGKILL);  // no destructor, no checkpoint, no close
        ::_exit(4);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    REQUIRE(fs::file_size(path + "-wal") > 0);  // the saved rows are only in the WAL

    OpenReport report;
    RecordsDb db = MustOpen(path, report);  // the dead kiosk's lock went with it
    CHECK(report.quarantined_to.empty());
    CHECK(SameCounts(db.Counts(), 1, 2, 1));
    CHECK(db.LastSittings(1).at(0).id == sitting);
}

TEST_CASE("records: a failed write (I/O error) changes nothing and the queue saves it later") {
    TempDir dir;
    std::string path = dir.File("records.db");
    RecordsDb db = MustOpen(path);
    std::string sitting = NewUuidV4();
    RecordsQueue queue;
    queue.Push({Started(sitting)});
    REQUIRE(queue.Flush(db, Context()).Ok());

    // Make the WAL unable to grow, as a full or failing disk would: writes past the limit fail EFBIG.
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old_limit{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    rlimit limit = old_limit;
    limit.rlim_cur = static_cast<rlim_t>(fs::file_size(path + "-wal"));
    REQUIRE(setrlimit(RLIMIT_FSIZE, &limit) == 0);
    queue.Push({Answered(sitting, {"a"}), Finished(sitting)});
    queue.Push({Ended(sitting, SittingOutcome::Completed)});
    WriteResult failed = queue.Flush(db, Context());
    WriteResult failed_again = queue.Flush(db, Context());
    REQUIRE(setrlimit(RLIMIT_FSIZE, &old_limit) == 0);

    REQUIRE_FALSE(failed.Ok());
    CHECK(*failed.error == "the records file could not be written (disk I/O error)");
    CHECK(failed.saved == 0);
    CHECK_FALSE(failed_again.Ok());
    CHECK(queue.Pending() == 3);
    CHECK(SameCounts(db.Counts(), 1, 0, 0));
    CHECK_FALSE(db.LastSittings(1)[0].outcome.has_value());

    // Space is back: everything goes in one go, once.
    WriteResult saved = queue.Flush(db, Context());
    CHECK(saved.Ok());
    CHECK(saved.saved == 3);
    CHECK(queue.Pending() == 0);
    CHECK(SameCounts(db.Counts(), 1, 1, 1));
    CHECK(queue.Flush(db, Context()).saved == 0);

    db = RecordsDb();
    RecordsDb reopened = MustOpen(path);
    CHECK(SameCounts(reopened.Counts(), 1, 1, 1));
    CHECK(reopened.LastSittings(1)[0].outcome == SittingOutcome::Completed);
}

TEST_CASE("records: the queue keeps refused events in order and saves them on a later Flush") {
    TempDir dir;
    RecordsDb db = MustOpen(dir.File("records.db"));
    std::string a = NewUuidV4(), b = NewUuidV4();
    RecordsQueue queue;
    queue.Push({Started(a), Answered(a, {"x"})});
    queue.Push({Answered(b, {"y"})});  // sitting b has no row yet: the foreign key refuses the batch
    WriteResult failed = queue.Flush(db, Context());
    REQUIRE_FALSE(failed.Ok());
    CHECK(failed.error->find("FOREIGN KEY") != std::string::npos);
    CHECK(queue.Pending() == 3);
    CHECK(SameCounts(db.Counts(), 0, 0, 0));

    REQUIRE(db.Write({Started(b)}, Context()) == std::nullopt);
    WriteResult saved = queue.Flush(db, Context());
    CHECK(saved.Ok());
    CHECK(saved.saved == 3);
    CHECK(queue.Pending() == 0);
    CHECK(SameCounts(db.Counts(), 2, 2, 0));
}

TEST_CASE("records: export makes a consistent copy and never overwrites") {
    TempDir dir;
    RecordsDb db = MustOpen(dir.File("records.db"));
    CHECK(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
    std::string out = dir.File("export.db");
    CHECK(db.ExportTo(out) == std::nullopt);
    CHECK(Sql(out, "SELECT count(*) FROM answers") == "2");
    CHECK(Sql(out, "PRAGMA application_id") == std::to_string(kRecordsApplicationId));
    CHECK(Sql(out, "PRAGMA user_version") == std::to_string(kRecordsSchemaVersion));

    std::string before = ReadFile(out);
    auto again = db.ExportTo(out);
    REQUIRE(again);
    CHECK(again->find("already exists") != std::string::npos);
    CHECK(ReadFile(out) == before);
    CHECK(db.ExportTo(dir.File("no-such-folder/export.db")).has_value());
    // Exporting does not disturb the live DB.
    CHECK(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
    CHECK(SameCounts(db.Counts(), 2, 4, 2));
}

TEST_CASE("records: plain messages for failed writes") {
    CHECK(PlainWriteError(SQLITE_FULL, "database or disk is full") == "the disk is full");
    CHECK(PlainWriteError(SQLITE_IOERR_WRITE, "disk I/O error") ==
          "the records file could not be written (disk I/O error)");
    CHECK(PlainWriteError(SQLITE_IOERR_FSYNC, "") == "the records file could not be written (disk I/O error)");
    CHECK(PlainWriteError(SQLITE_READONLY, "attempt to write a readonly database").find("read-only") !=
          std::string::npos);
}

TEST_CASE("staff key: created 0600 on first start and then loaded unchanged") {
    TempDir dir;
    std::string path = dir.File("kiosk/staff.key");  // the folder does not exist yet
    auto created = LoadOrCreateStaffKey(path);
    REQUIRE(std::holds_alternative<StaffKey>(created));
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(st.st_size == 32);
    std::string bytes = ReadFile(path);

    auto loaded = LoadOrCreateStaffKey(path);
    REQUIRE(std::holds_alternative<StaffKey>(loaded));
    CHECK(ReadFile(path) == bytes);  // never rewritten
    CHECK(HashStaffNumber(std::get<StaffKey>(created), "12345") ==
          HashStaffNumber(std::get<StaffKey>(loaded), "12345"));
    CHECK(FileNames(dir.Path() / "kiosk") == std::vector<std::string>{"staff.key"});  // no temporary left

    // Two deployments have different keys, so their hashes of one number differ.
    auto other = LoadOrCreateStaffKey(dir.File("other.key"));
    REQUIRE(std::holds_alternative<StaffKey>(other));
    CHECK(HashStaffNumber(std::get<StaffKey>(other), "12345") != HashStaffNumber(std::get<StaffKey>(loaded), "12345"));
}

TEST_CASE("staff key: refused when others can read it or the size is wrong and never overwritten") {
    TempDir dir;
    std::string path = dir.File("staff.key");
    std::string key(32, '\x11');

    SUBCASE("world-readable") {
        WriteFile(path, key);
        ::chmod(path.c_str(), 0644);
        auto result = LoadOrCreateStaffKey(path);
        REQUIRE(std::holds_alternative<std::string>(result));
        CHECK(std::get<std::string>(result).find("0644") != std::string::npos);
        CHECK(std::get<std::string>(result).find("chmod 600") != std::string::npos);
        CHECK(ReadFile(path) == key);
    }
    SUBCASE("group-readable") {
        WriteFile(path, key);
        ::chmod(path.c_str(), 0640);
        CHECK(std::holds_alternative<std::string>(LoadOrCreateStaffKey(path)));
    }
    SUBCASE("wrong size") {
        WriteFile(path, key.substr(0, 31));
        ::chmod(path.c_str(), 0600);
        auto result = LoadOrCreateStaffKey(path);
        REQUIRE(std::holds_alternative<std::string>(result));
        CHECK(std::get<std::string>(result).find("31 bytes") != std::string::npos);
        CHECK(ReadFile(path) == key.substr(0, 31));
    }
    SUBCASE("empty") {
        WriteFile(path, "");
        ::chmod(path.c_str(), 0600);
        CHECK(std::holds_alternative<std::string>(LoadOrCreateStaffKey(path)));
        CHECK(ReadFile(path).empty());
    }
    SUBCASE("a symbolic link") {
        std::string target = dir.File("elsewhere.key");
        WriteFile(target, key);
        ::chmod(target.c_str(), 0600);
        fs::create_symlink(target, path);
        auto result = LoadOrCreateStaffKey(path);
        REQUIRE(std::holds_alternative<std::string>(result));
        CHECK(std::get<std::string>(result).find("symbolic link") != std::string::npos);
    }
    SUBCASE("a 0600 key of the right size is accepted") {
        WriteFile(path, key);
        ::chmod(path.c_str(), 0600);
        CHECK(std::holds_alternative<StaffKey>(LoadOrCreateStaffKey(path)));
    }
}

TEST_CASE("staff key: HMAC-SHA256 of the normalised number as stable lower-case hex") {
    std::array<std::uint8_t, 32> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
    StaffKey key = StaffKey::FromBytes(bytes);
    // Expected values from Python: hmac.new(bytes(range(32)), b"12345", hashlib.sha256).hexdigest()
    const std::string expected = "36e295174c2947fbba5ff2d280b635a4b2eaa3106e07c7f1f3d2b72cba861447";
    CHECK(HashStaffNumber(key, "12345") == expected);
    CHECK(HashStaffNumber(key, "12 34-5") == expected);
    CHECK(HashStaffNumber(key, " 1-2-3-4-5 ") == expected);
    CHECK(HashStaffNumber(key, "ab12345") == "06e7583edc151dc4f6df618fdbe42bae5d74acdf8f567d1c2c33fa6d166f278b");
    CHECK(HashStaffNumber(key, "AB 12345") == HashStaffNumber(key, "ab-12345"));
    CHECK(HashStaffNumber(key, "12346") != expected);
    CHECK(HashStaffNumber(key, "").empty());
    CHECK(HashStaffNumber(key, " - ").empty());
    CHECK(HashStaffNumberThunk("12 34-5", &key) == expected);

    // A moved key still hashes the same (and the moved-from one is wiped).
    StaffKey moved = std::move(key);
    CHECK(HashStaffNumber(moved, "12345") == expected);
}

TEST_CASE("uuid: RFC 4122 version 4 in lower case and unique") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        std::string id = NewUuidV4();
        REQUIRE(id.size() == 36);
        for (std::size_t k = 0; k < id.size(); ++k) {
            if (k == 8 || k == 13 || k == 18 || k == 23)
                CHECK(id[k] == '-');
            else
                CHECK(((id[k] >= '0' && id[k] <= '9') || (id[k] >= 'a' && id[k] <= 'f')));
        }
        CHECK(id[14] == '4');
        CHECK(std::string("89ab").find(id[19]) != std::string::npos);
        seen.insert(id);
    }
    CHECK(seen.size() == 1000);
    CHECK(NewUuidV4Thunk(nullptr).size() == 36);
}

TEST_CASE("privacy: the canary staff number never reaches the DB or its WAL or an export but its hash does") {
    const std::string canary = "98765432";
    TempDir dir;
    auto key = LoadOrCreateStaffKey(dir.File("staff.key"));
    REQUIRE(std::holds_alternative<StaffKey>(key));
    // The way the session hashes it (SessionConfig::hash_staff_number).
    std::string hash = HashStaffNumberThunk(canary, &std::get<StaffKey>(key));
    REQUIRE(hash.size() == 64);
    REQUIRE(hash.find(canary) == std::string::npos);

    std::string path = dir.File("records.db");
    std::string exported = dir.File("export.db");
    {
        RecordsDb db = MustOpen(path);
        REQUIRE(db.Write(WholeSitting(NewUuidV4(), hash), Context()) == std::nullopt);
        // While open, the rows live in the WAL.
        std::string live = ReadFile(path) + ReadFile(path + "-wal");
        CHECK(live.find(canary) == std::string::npos);
        CHECK(live.find(hash) != std::string::npos);
        REQUIRE(db.ExportTo(exported) == std::nullopt);
    }
    CHECK(ReadFile(exported).find(canary) == std::string::npos);
    CHECK(ReadFile(exported).find(hash) != std::string::npos);
    CHECK(ReadFile(path).find(hash) != std::string::npos);
    for (const auto& entry : fs::recursive_directory_iterator(dir.Path())) {
        INFO(entry.path().string());
        CHECK(ReadFile(entry.path().string()).find(canary) == std::string::npos);
    }
}
