// The records DB opened on real files: settings read back, quarantine of damaged files, one RecordsDb
// per file, and WAL recovery after a kill. Migrations, writes and the staff key have their own files
// (records_migration_test.cpp, records_write_test.cpp, staff_key_test.cpp).
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <variant>
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
using test_support::ReadFile;
using test_support::WriteFile;

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
