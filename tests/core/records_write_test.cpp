// Writing to the records DB: whole sittings read back by SQL, all-or-nothing and repeatable writes,
// retries through RecordsQueue (also after an I/O error), what the admin screen reads, and export.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include "core/records/records_db.h"
#include "core/records/records_queue.h"
#include "core/util/uuid.h"

#include "support/files.h"
#include "support/records.h"

namespace {

using namespace kiosk::core;
using namespace test_support::records;
namespace fs = std::filesystem;
using test_support::ReadFile;

}  // namespace

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

// A kill or a power cut in the middle of a sitting leaves it open; the kiosk's next start closes it as
// abandoned at its last recorded moment, once, and leaves ended sittings exactly as they were.
TEST_CASE("records: sittings a stop cut off are closed as abandoned at their last answer - once") {
    TempDir dir;
    std::string path = dir.File("records.db");
    std::string answered = NewUuidV4(), only_started = NewUuidV4(), finished = NewUuidV4(), ended = NewUuidV4();
    RecordsDb db = MustOpen(path);
    REQUIRE(db.Write({Started(answered), Answered(answered, {"a"})}, Context()) == std::nullopt);  // 09:01:00
    REQUIRE(db.Write({Started(only_started, {}, "2024-05-02T10:00:00Z")}, Context()) == std::nullopt);
    REQUIRE(db.Write({Started(finished), Answered(finished, {"a"}), Finished(finished)}, Context()) == std::nullopt);
    REQUIRE(db.Write(WholeSitting(ended), Context()) == std::nullopt);
    auto row = [&](const std::string& id) {
        Statement q;
        REQUIRE_FALSE(q.Prepare(db.Connection(), "SELECT coalesce(outcome, '-') || ' ' || coalesce(ended_at, '-') FROM sittings WHERE id = ?1"));
        q.Bind(1, id);
        REQUIRE(q.Step() == StepResult::Row);
        return q.ColumnText(0);
    };
    REQUIRE(row(answered) == "- -");
    auto closed = db.CloseInterruptedSittings();
    REQUIRE(std::holds_alternative<std::int64_t>(closed));
    CHECK(std::get<std::int64_t>(closed) == 3);
    CHECK(row(answered) == "abandoned 2024-05-01T09:01:00Z");
    CHECK(row(only_started) == "abandoned 2024-05-02T10:00:00Z");
    CHECK(row(finished) == "abandoned 2024-05-01T09:05:00Z");  // its completion stays; the sitting never ended
    CHECK(row(ended) == "completed 2024-05-01T09:06:00Z");
    // Exactly once: a second start closes nothing and changes nothing.
    CHECK(std::get<std::int64_t>(db.CloseInterruptedSittings()) == 0);
    CHECK(row(answered) == "abandoned 2024-05-01T09:01:00Z");
}
