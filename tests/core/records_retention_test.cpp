// The kiosk's retention period on a real records DB on disk (core/records/records_retention.h): nothing
// goes before it has left the kiosk (LRS or USB stick), only what ended before the period, never an open
// sitting, and what goes is gone from the file's bytes, WAL included.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <variant>

#include "core/records/records_db.h"
#include "core/records/records_retention.h"
#include "core/util/utc_time.h"
#include "core/util/uuid.h"

#include "support/files.h"
#include "support/records.h"

namespace {

using namespace kiosk::core;
using namespace test_support::records;
using test_support::ReadFile;

std::int64_t At(const char* iso) { return ParseIso8601Utc(iso).value(); }

// A whole sitting that started and ended on `day` (YYYY-MM-DD).
std::vector<RecordEvent> SittingOn(const std::string& id, const std::string& day) {
    return {Started(id, {}, day + "T09:00:00Z"), Answered(id, {"a"}), Finished(id), Ended(id, SittingOutcome::Completed, day + "T09:06:00Z")};
}

bool FileHolds(const std::string& path, const std::string& text) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return false;
    return ReadFile(path).find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("retention: the cut-off waits for the records to leave and never passes the period") {
    RetentionFacts f;
    f.now_s = At("2024-06-01T00:00:00Z");
    f.keep_days = 365;
    CHECK_FALSE(RetentionCutoff(f).has_value());  // nothing has left: nothing goes, however old
    f.delivered_until_s = At("2021-06-01T12:00:00Z");
    CHECK(RetentionCutoff(f) == At("2021-06-01T11:00:00Z"));  // an hour held back from the hand-over
    f.exported_until_s = At("2024-05-20T00:00:00Z");
    CHECK(RetentionCutoff(f) == At("2023-06-02T00:00:00Z"));  // the newer hand-over, capped by the period
    f.keep_days = 0;
    CHECK_FALSE(RetentionCutoff(f).has_value());  // no period set: kept until deleted by hand
}

TEST_CASE("retention: old sittings that left are deleted with their answers and are gone from the file and the rest stay") {
    TempDir dir;
    const std::string path = dir.File("records.db");
    RecordsDb db = MustOpen(path);
    const std::string old_one = NewUuidV4(), older_open = NewUuidV4(), last_year = NewUuidV4(), recent = NewUuidV4();
    REQUIRE(db.Write(SittingOn(old_one, "2021-01-10"), Context()) == std::nullopt);
    REQUIRE(db.Write({Started(older_open, {}, "2021-01-01T09:00:00Z")}, Context()) == std::nullopt);  // never ended
    REQUIRE(db.Write(SittingOn(last_year, "2023-05-01"), Context()) == std::nullopt);
    REQUIRE(db.Write(SittingOn(recent, "2024-05-01"), Context()) == std::nullopt);
    REQUIRE(SameCounts(db.Counts(), 4, 3, 3));

    // Delivered to the LRS up to mid-2021: only the 2021 sitting that ended goes.
    RetentionFacts f{At("2024-06-01T00:00:00Z"), 365, At("2021-06-01T00:00:00Z"), 0};
    auto deleted = DeleteSittingsEndedBefore(db, RetentionCutoff(f).value());
    REQUIRE(std::holds_alternative<RetentionDeleted>(deleted));
    CHECK(std::get<RetentionDeleted>(deleted).sittings == 1);
    CHECK(std::get<RetentionDeleted>(deleted).answers == 1);
    CHECK(std::get<RetentionDeleted>(deleted).completions == 1);
    CHECK(SameCounts(db.Counts(), 3, 2, 2));
    CHECK(Sql(path, ("SELECT count(*) FROM sittings WHERE id = '" + old_one + "'").c_str()) == "0");
    CHECK(Sql(path, ("SELECT count(*) FROM sittings WHERE id = '" + older_open + "'").c_str()) == "1");  // open: kept
    // secure_delete and the checkpoint leave no copy of the sitting in the file or its WAL.
    CHECK_FALSE(FileHolds(path, old_one));
    CHECK_FALSE(FileHolds(path + "-wal", old_one));
    CHECK(FileHolds(path, last_year));

    // A USB export in May 2024: everything that ended more than a year before goes; this year's stays.
    REQUIRE(db.AppendAdminEvent({AdminEventKind::Export, At("2024-05-20T10:00:00Z"), "2024-05-20T10:00:00Z",
                                 "USB stick: .records-kiosk-7.db"},
                                "kiosk-7") == std::nullopt);
    f.exported_until_s = LatestStickExportS(db);
    CHECK(f.exported_until_s == At("2024-05-20T10:00:00Z"));
    deleted = DeleteSittingsEndedBefore(db, RetentionCutoff(f).value());
    REQUIRE(std::holds_alternative<RetentionDeleted>(deleted));
    CHECK(std::get<RetentionDeleted>(deleted).sittings == 1);
    CHECK(Sql(path, "SELECT group_concat(id) FROM sittings WHERE ended_at IS NOT NULL") == recent);
    CHECK_FALSE(FileHolds(path, last_year));
}

TEST_CASE("retention: a copy into the kiosk's own folder is not an export that lets records go") {
    TempDir dir;
    RecordsDb db = MustOpen(dir.File("records.db"));
    REQUIRE(db.AppendAdminEvent({AdminEventKind::Export, At("2024-05-20T10:00:00Z"), "2024-05-20T10:00:00Z",
                                 "records-kiosk-7-2024-05-20T10-00-00Z.db"},
                                "kiosk-7") == std::nullopt);
    CHECK(LatestStickExportS(db) == 0);
    CHECK(ParseIso8601Utc("2024-02-30T00:00:00Z") == std::nullopt);  // not a day: not a hand-over time
}

// The tables number their rows without AUTOINCREMENT: had the newest row gone, the next sitting would
// take its number again, below kiosk-sync's cursor, and never be sent. A kiosk unused for longer than
// the period keeps its newest sitting, and new rows are numbered after it.
TEST_CASE("retention: the newest sitting stays however old so new rows are numbered after every row sent") {
    TempDir dir;
    const std::string path = dir.File("records.db");
    RecordsDb db = MustOpen(path);
    const std::string first = NewUuidV4(), second = NewUuidV4(), third = NewUuidV4();
    REQUIRE(db.Write(SittingOn(first, "2021-01-10"), Context()) == std::nullopt);
    REQUIRE(db.Write(SittingOn(second, "2021-02-10"), Context()) == std::nullopt);
    REQUIRE(db.Write(SittingOn(third, "2021-03-10"), Context()) == std::nullopt);
    const std::string max_before = Sql(path, "SELECT max(rowid) FROM sittings") + " " + Sql(path, "SELECT max(rowid) FROM answers") +
                                   " " + Sql(path, "SELECT max(rowid) FROM completions");
    RetentionFacts f{At("2024-06-01T00:00:00Z"), 365, At("2024-05-01T00:00:00Z"), 0};
    auto deleted = DeleteSittingsEndedBefore(db, RetentionCutoff(f).value());
    REQUIRE(std::holds_alternative<RetentionDeleted>(deleted));
    CHECK(std::get<RetentionDeleted>(deleted).sittings == 2);
    CHECK(Sql(path, "SELECT group_concat(id) FROM sittings") == third);
    CHECK(Sql(path, "SELECT max(rowid) FROM sittings") + " " + Sql(path, "SELECT max(rowid) FROM answers") + " " +
              Sql(path, "SELECT max(rowid) FROM completions") ==
          max_before);
    // The next sitting is numbered after everything kiosk-sync has read.
    const std::string next = NewUuidV4();
    REQUIRE(db.Write(SittingOn(next, "2024-06-01"), Context()) == std::nullopt);
    CHECK(Sql(path, ("SELECT rowid FROM sittings WHERE id = '" + next + "'").c_str()) == "4");
}
