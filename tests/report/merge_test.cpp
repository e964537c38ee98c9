// kiosk-report merge: idempotent by id (the admin trail by its content), conflicting rows reported and not overwritten, an older schema
// migrated, damaged and foreign files named and skipped while the rest merge, a live DB with a WAL
// read through a copy, and no input ever changed (same bytes, no new files beside it).
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "core/records/records_db.h"
#include "core/util/sqlite_db.h"
#include "core/util/utc_time.h"
#include "fixture_expect.h"
#include "report/kiosks.h"
#include "report/merge.h"

namespace {

using namespace report_test;
namespace fs = std::filesystem;

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteAll(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// The first column of every row of `sql`, one a line; `param`, if given, is bound to ?1.
std::string Sql(const std::string& path, const char* sql, const std::optional<std::string>& param = std::nullopt) {
    kiosk::core::Database db;
    if (auto e = db.Open(path, SQLITE_OPEN_READONLY)) return "open failed: " + *e;
    kiosk::core::Statement st;
    if (auto e = st.Prepare(db, sql)) return "prepare failed: " + *e;
    if (param) st.Bind(1, std::string_view(*param));
    std::string out;
    while (st.Step() == kiosk::core::StepResult::Row) out += (out.empty() ? "" : "\n") + st.ColumnText(0);
    return out;
}

void Exec(const std::string& path, const char* sql) {
    kiosk::core::Database db;
    REQUIRE(db.Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) == std::nullopt);
    REQUIRE(db.Exec(sql) == std::nullopt);
}

// Three kiosks' exports, each its own DB, as coordinators receive them.
std::vector<std::string> Exports(const TempDir& dir, report::fixture::Dataset& data) {
    report::fixture::Options options = StandardOptions();
    options.kiosks = 3;
    data = report::fixture::Generate(options);
    std::vector<std::string> paths;
    for (std::size_t k = 0; k < data.kiosks.size(); ++k) {
        std::vector<report::fixture::Sitting> mine;
        for (const auto& s : data.sittings)
            if (s.kiosk == k) mine.push_back(s);
        std::string path = dir.File(data.kiosks[k].id + ".db");
        REQUIRE(report::fixture::WriteKiosk(path, data.kiosks[k], mine) == std::nullopt);
        fs::remove(path + ".lock");  // an export is just the DB file
        paths.push_back(path);
    }
    return paths;
}

std::size_t Answers(const report::fixture::Dataset& data) {
    std::size_t n = 0;
    for (const auto& s : data.sittings) n += s.answers.size();
    return n;
}

std::vector<std::string> Listing(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("merge: all rows arrive once and merging again changes nothing") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    std::vector<std::string> before;
    for (const auto& p : inputs) before.push_back(ReadAll(p));
    auto listing = Listing(dir.Path());

    std::string out = dir.File("out/merged.db");
    report::MergeResult first = report::Merge(out, inputs);
    REQUIRE(first.error.empty());
    CHECK(first.Clean());
    CHECK(first.sittings == static_cast<std::int64_t>(data.sittings.size()));
    CHECK(first.answers == static_cast<std::int64_t>(Answers(data)));
    for (const auto& input : first.inputs) CHECK(input.already_there == 0);

    std::string merged_once = Sql(out, "SELECT group_concat(id) FROM (SELECT id FROM answers ORDER BY id)");
    report::MergeResult again = report::Merge(out, inputs);
    CHECK(again.Clean());
    CHECK(again.sittings == first.sittings);
    CHECK(again.answers == first.answers);
    CHECK(again.completions == first.completions);
    for (const auto& input : again.inputs) {
        CHECK(input.sittings_added + input.answers_added + input.completions_added == 0);
        CHECK(input.already_there > 0);
    }
    CHECK(Sql(out, "SELECT group_concat(id) FROM (SELECT id FROM answers ORDER BY id)") == merged_once);
    // The inputs are byte for byte as they were, and nothing appeared beside them.
    for (std::size_t i = 0; i < inputs.size(); ++i) CHECK(ReadAll(inputs[i]) == before[i]);
    auto after = Listing(dir.Path());
    after.erase(std::remove(after.begin(), after.end(), "out"), after.end());
    CHECK(after == listing);
    // The partnership came along, and no staff hash was lost or invented.
    CHECK(Sql(out, "SELECT count(*) FROM sittings WHERE partnership = ''") == "0");
    std::int64_t hashed = 0;
    for (const auto& s : data.sittings) hashed += !s.staff_hash.empty();
    CHECK(Sql(out, "SELECT count(*) FROM sittings WHERE staff_hash IS NOT NULL") == std::to_string(hashed));
}

TEST_CASE("merge: a row with a known id and other content is reported and not overwritten") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    std::string out = dir.File("merged.db");
    REQUIRE(report::Merge(out, inputs).Clean());
    // A second "export" of kiosk 0 in which one answer and one sitting were changed.
    std::string tampered = dir.File("tampered.db");
    fs::copy_file(inputs[0], tampered);
    std::string answer_id = Sql(tampered, "SELECT id FROM answers ORDER BY id LIMIT 1");
    std::string sitting_id = Sql(tampered, "SELECT id FROM sittings ORDER BY id LIMIT 1");
    Exec(tampered, "UPDATE answers SET seconds = seconds + 1000 WHERE id = (SELECT min(id) FROM answers);"
                   "UPDATE sittings SET role = 'other-role' WHERE id = (SELECT min(id) FROM sittings);");
    std::string before = Sql(out, "SELECT seconds FROM answers ORDER BY id LIMIT 1");

    report::MergeResult result = report::Merge(out, {tampered});
    CHECK_FALSE(result.Clean());
    REQUIRE(result.inputs.size() == 1);
    const auto& input = result.inputs[0];
    CHECK(input.error.empty());
    CHECK(input.conflicts == 2);
    REQUIRE(input.conflict_examples.size() == 2);
    CHECK(input.conflict_examples[0] == "sitting " + sitting_id);
    CHECK(input.conflict_examples[1] == "answer " + answer_id);
    CHECK(Sql(out, "SELECT seconds FROM answers ORDER BY id LIMIT 1") == before);
    CHECK(Sql(out, "SELECT count(*) FROM sittings WHERE role = 'other-role'") == "0");
    CHECK(result.answers == static_cast<std::int64_t>(Answers(data)));
}

TEST_CASE("merge: a truncated export and a non-SQLite file are named and skipped and the rest merge") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    std::string truncated = dir.File("truncated.db");
    std::string bytes = ReadAll(inputs[1]);
    WriteAll(truncated, bytes.substr(0, bytes.size() / 2));
    std::string text = dir.File("notes.db");
    WriteAll(text, "minutes of the partnership board\n");
    std::string missing = dir.File("missing.db");
    std::string out = dir.File("merged.db");

    report::MergeResult result = report::Merge(out, {inputs[0], truncated, text, missing, inputs[2]});
    REQUIRE(result.error.empty());
    CHECK_FALSE(result.Clean());
    CHECK(result.inputs[0].error.empty());
    CHECK(result.inputs[1].error.find(truncated + ": truncated") == 0);
    CHECK(result.inputs[2].error == text + ": not an SQLite database (so not a kiosk records file)");
    CHECK(result.inputs[3].error == missing + ": no such file");
    CHECK(result.inputs[4].error.empty());
    std::int64_t expected = 0;
    for (const auto& s : data.sittings) expected += s.kiosk != 1;
    CHECK(result.sittings == expected);
    CHECK(ReadAll(truncated) == bytes.substr(0, bytes.size() / 2));
}

TEST_CASE("merge: damaged pages inside an export of the right length are caught by quick_check") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    std::string bytes = ReadAll(inputs[0]);
    // Scribble over the middle pages but keep the header and the length.
    for (std::size_t i = bytes.size() / 3; i < bytes.size() / 3 + 8192; ++i) bytes[i] = static_cast<char>(i * 7);
    std::string damaged = dir.File("damaged.db");
    WriteAll(damaged, bytes);
    report::MergeResult result = report::Merge(dir.File("merged.db"), {damaged, inputs[1]});
    CHECK(result.inputs[0].error.find(damaged + ": ") == 0);
    CHECK(result.inputs[1].error.empty());
}

TEST_CASE("merge: a content pack or a foreign DB or a newer schema or the output itself is refused") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    std::string foreign = dir.File("foreign.db");
    Exec(foreign, "CREATE TABLE t (x); PRAGMA application_id = 42;");
    std::string pack = dir.File("pack.db");
    Exec(pack, "CREATE TABLE t (x); PRAGMA application_id = 1263550795;");  // 'KPAK'
    std::string newer = dir.File("newer.db");
    fs::copy_file(inputs[0], newer);
    Exec(newer, "PRAGMA user_version = 99");
    report::MergeResult result = report::Merge(dir.File("merged.db"), {foreign, pack, newer});
    CHECK(result.inputs[0].error == foreign + ": not a kiosk records database");
    CHECK(result.inputs[1].error == pack + ": this is a content pack, not a records database");
    CHECK(result.inputs[2].error.find("newer than this tool reads") != std::string::npos);
    CHECK(report::Merge(inputs[0], {inputs[0]}).error.find("is also an input") != std::string::npos);
}

TEST_CASE("merge: a version 1 export (no partnership) is migrated and merges beside new ones") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    Exec(inputs[0], "ALTER TABLE sittings DROP COLUMN partnership; PRAGMA user_version = 1;");
    std::string before = ReadAll(inputs[0]);
    std::string out = dir.File("merged.db");
    report::MergeResult result = report::Merge(out, inputs);
    CHECK(result.Clean());
    CHECK(result.inputs[0].schema_version == 1);
    CHECK(result.sittings == static_cast<std::int64_t>(data.sittings.size()));
    CHECK(Sql(out, "SELECT count(DISTINCT kiosk_id) FROM sittings WHERE partnership = ''") == "1");
    CHECK(Sql(out, "PRAGMA user_version") == std::to_string(kiosk::core::kRecordsSchemaVersion));
    CHECK(ReadAll(inputs[0]) == before);
    // A later export of the same kiosk from an upgraded kiosk fills the partnership in.
    REQUIRE(report::Merge(out, {inputs[0]}).Clean());
}

TEST_CASE("merge: a live kiosk DB with a WAL is read through a copy and left untouched") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    // Hold a connection with an unchecked WAL, as a running (or killed) kiosk leaves it.
    kiosk::core::Database live;
    REQUIRE(live.Open(inputs[0], SQLITE_OPEN_READWRITE) == std::nullopt);
    REQUIRE(live.Exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;") == std::nullopt);
    REQUIRE(live.Exec("UPDATE sittings SET ended_at = started_at, outcome = 'left' WHERE outcome IS NULL") ==
            std::nullopt);
    REQUIRE(fs::file_size(inputs[0] + "-wal") > 0);
    std::string main_before = ReadAll(inputs[0]), wal_before = ReadAll(inputs[0] + "-wal");
    std::string out = dir.File("merged.db");
    report::MergeResult result = report::Merge(out, {inputs[0]});
    CHECK(result.Clean());
    // The change that is only in the WAL arrived.
    CHECK(Sql(out, "SELECT count(*) FROM sittings WHERE outcome IS NULL") == "0");
    CHECK(ReadAll(inputs[0]) == main_before);
    CHECK(ReadAll(inputs[0] + "-wal") == wal_before);
}

TEST_CASE("merge: built in a file instead of memory gives the same records and leaves no files behind") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    std::string in_memory = dir.File("memory/merged.db"), in_file = dir.File("file/merged.db");
    fs::create_directories(dir.File("file"));
    // What a killed merge leaves: the next merge (holding OUT's lock) clears it away.
    WriteAll(in_file + ".merging-x1Y2z3", "half a staging copy");
    report::MergeResult a = report::Merge(in_memory, inputs);
    report::MergeResult b = report::Merge(in_file, inputs, {}, 0);  // a budget of 0: always a file
    REQUIRE(a.Clean());
    REQUIRE(b.Clean());
    for (const std::string& out : {in_memory, in_file}) {
        auto names = Listing(fs::path(out).parent_path());
        INFO(out << ": " << names.size() << " files, " << names.back());
        CHECK(names == std::vector<std::string>{"merged.db", "merged.db.lock"});
    }
    CHECK(b.sittings == a.sittings);
    CHECK(b.answers == a.answers);
    CHECK(b.completions == a.completions);
    for (const char* sql : {"SELECT group_concat(id) FROM (SELECT id FROM sittings ORDER BY id)",
                            "SELECT group_concat(id) FROM (SELECT id FROM answers ORDER BY id)",
                            "SELECT group_concat(id || percent) FROM (SELECT id, percent FROM completions ORDER BY id)",
                            "SELECT group_concat(name || ':' || sql) FROM (SELECT name, sql FROM sqlite_schema ORDER BY name)"})
        CHECK(Sql(in_file, sql) == Sql(in_memory, sql));
    for (const std::string& out : {in_memory, in_file}) {
        INFO(out);
        CHECK(Sql(out, "PRAGMA integrity_check") == "ok");
        CHECK(Sql(out, "PRAGMA foreign_key_check") == "");
        CHECK(Sql(out, "PRAGMA journal_mode") == "wal");
        // Every index was dropped for the merge and is back, the id indexes still UNIQUE.
        CHECK(Sql(out, "SELECT group_concat(name || (sql LIKE 'CREATE UNIQUE %')) FROM (SELECT name, sql FROM "
                       "sqlite_schema WHERE type = 'index' AND tbl_name IN ('sittings', 'answers', 'completions') "
                       "ORDER BY name)") == "answers_by_id1,answers_by_module0,answers_by_sitting0,completions_by_id1,"
                                           "completions_by_module0,completions_by_sitting0,sittings_by_id1,sittings_by_start0");
    }
    // The new OUT has the old one's permissions, not the private ones of a temporary file.
    fs::permissions(in_file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    std::string another = dir.File("another.db");
    {
        report::fixture::Options options = StandardOptions();
        options.kiosks = 1;
        options.seed = 99;
        WriteFixture(another, options);
        fs::remove(another + ".lock");
    }
    REQUIRE(report::Merge(in_file, {another}, {}, 0).Clean());
    CHECK(fs::status(in_file).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    // Nothing new: OUT is not rewritten at all.
    std::string bytes = ReadAll(in_file);
    REQUIRE(report::Merge(in_file, inputs, {}, 0).Clean());
    CHECK(ReadAll(in_file) == bytes);
}

// New kiosks are appended without lookups and their ids indexed once at the end; from the first input
// whose kiosk is already there, rows go in by id. Either way the records are the same, and a copy of a
// kiosk's rows under another kiosk id (only a forged or edited file) is caught when the ids are indexed.
TEST_CASE("merge: new kiosks are appended and known ones go in by id - the records come out the same") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    const char* rows[] = {
        "SELECT group_concat(id || kiosk_id || ifnull(outcome, '-')) FROM (SELECT * FROM sittings ORDER BY id)",
        "SELECT group_concat(id || sitting_id || chosen) FROM (SELECT * FROM answers ORDER BY id)",
        "SELECT group_concat(id || sitting_id || percent) FROM (SELECT * FROM completions ORDER BY id)"};

    // All new: every input appended.
    std::string all_new = dir.File("all-new.db");
    report::MergeResult a = report::Merge(all_new, {inputs[1], inputs[0], inputs[2]});
    REQUIRE(a.Clean());
    for (const auto& input : a.inputs) CHECK(input.appended);

    // Kiosk 0 merged before: kiosk 1 is appended, kiosk 0 then goes in by id (nothing new), and so does
    // kiosk 2 after it.
    std::string mixed = dir.File("mixed.db");
    REQUIRE(report::Merge(mixed, {inputs[0]}).Clean());
    report::MergeResult b = report::Merge(mixed, {inputs[1], inputs[0], inputs[2]});
    REQUIRE(b.Clean());
    CHECK(b.inputs[0].appended);
    CHECK(b.inputs[0].sittings_added > 0);
    CHECK_FALSE(b.inputs[1].appended);
    CHECK(b.inputs[1].sittings_added + b.inputs[1].answers_added + b.inputs[1].completions_added == 0);
    CHECK(b.inputs[1].already_there > 0);
    CHECK_FALSE(b.inputs[2].appended);
    CHECK(b.inputs[2].sittings_added > 0);
    CHECK(b.sittings == a.sittings);
    CHECK(b.answers == a.answers);
    CHECK(b.completions == a.completions);
    for (const char* sql : rows) CHECK(Sql(mixed, sql) == Sql(all_new, sql));
    for (const std::string& out : {all_new, mixed}) {
        INFO(out);
        CHECK(Sql(out, "PRAGMA integrity_check") == "ok");
        CHECK(Sql(out, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE 'CREATE UNIQUE INDEX %'") == "3");
    }

    // Kiosk 2's rows again under another kiosk id: it looks new, is appended, and the ids then clash.
    // The merge starts again by id: every sitting of the copy is a conflict and nothing of it is kept.
    std::string forged = dir.File("forged.db");
    fs::copy_file(inputs[2], forged);
    Exec(forged, "UPDATE sittings SET kiosk_id = 'kiosk-forged'");
    std::string caught = dir.File("caught.db");
    report::MergeResult c = report::Merge(caught, {inputs[2], forged});
    CHECK_FALSE(c.Clean());
    CHECK(c.error.empty());
    CHECK(c.inputs[0].error.empty());
    CHECK(c.inputs[1].error.empty());
    CHECK_FALSE(c.inputs[0].appended);  // the second pass went by id throughout
    CHECK(c.inputs[1].conflicts == std::stoll(Sql(inputs[2], "SELECT count(*) FROM sittings")));
    CHECK(c.inputs[1].sittings_added + c.inputs[1].answers_added + c.inputs[1].completions_added == 0);
    CHECK(Sql(caught, "SELECT count(*) FROM sittings WHERE kiosk_id = 'kiosk-forged'") == "0");
    CHECK(Sql(caught, "SELECT count(*) FROM answers") == Sql(inputs[2], "SELECT count(*) FROM answers"));
    CHECK(Sql(caught, "PRAGMA integrity_check") == "ok");
}

TEST_CASE("merge: a later export ends a sitting that was open - and rows without their sitting are counted") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    // An export taken while a learner was mid-sitting: that sitting is open and its completions not yet there.
    std::string early = dir.File("early.db");
    fs::copy_file(inputs[0], early);
    std::string open_before = Sql(early, "SELECT count(*) FROM sittings WHERE outcome IS NULL");
    std::string open_id = Sql(early, "SELECT id FROM sittings WHERE outcome = 'completed' ORDER BY id LIMIT 1");
    Exec(early, "UPDATE sittings SET ended_at = NULL, outcome = NULL WHERE id = (SELECT id FROM sittings WHERE "
                "outcome = 'completed' ORDER BY id LIMIT 1);"
                "DELETE FROM completions WHERE sitting_id NOT IN (SELECT id FROM sittings WHERE outcome IS NOT NULL);");
    std::int64_t completions_later = std::stoll(Sql(inputs[0], "SELECT count(*) FROM completions")) -
                                     std::stoll(Sql(early, "SELECT count(*) FROM completions"));
    REQUIRE(completions_later > 0);
    std::string out = dir.File("merged.db");
    REQUIRE(report::Merge(out, {early}).Clean());
    CHECK(Sql(out, "SELECT count(*) FROM sittings WHERE outcome IS NULL") == std::to_string(std::stoi(open_before) + 1));

    // An export with a sitting cut out (by hand, or a damaged copy): its rows have nowhere to go.
    std::string cut = dir.File("cut.db");
    fs::copy_file(inputs[1], cut);
    std::string cut_id = Sql(cut, "SELECT sitting_id FROM completions ORDER BY id LIMIT 1");
    std::int64_t cut_rows = std::stoll(Sql(cut, "SELECT (SELECT count(*) FROM answers WHERE sitting_id = (SELECT "
                                                "sitting_id FROM completions ORDER BY id LIMIT 1)) + (SELECT count(*) "
                                                "FROM completions WHERE sitting_id = (SELECT sitting_id FROM "
                                                "completions ORDER BY id LIMIT 1))"));
    Exec(cut, "DELETE FROM sittings WHERE id = (SELECT sitting_id FROM completions ORDER BY id LIMIT 1)");
    REQUIRE(cut_rows > 0);

    report::MergeResult later = report::Merge(out, {inputs[0], cut});
    CHECK_FALSE(later.Clean());
    const auto& whole = later.inputs[0];
    CHECK(whole.error.empty());
    CHECK(whole.sittings_added == 0);
    CHECK(whole.sittings_ended == 1);
    CHECK(whole.completions_added == completions_later);
    CHECK(whole.answers_added == 0);
    CHECK(whole.conflicts == 0);
    CHECK(whole.orphans == 0);
    CHECK(whole.already_there > 0);
    CHECK(Sql(out, "SELECT outcome FROM sittings WHERE id = ?1", open_id) == "completed");
    const auto& partial = later.inputs[1];
    CHECK(partial.error.empty());
    CHECK(partial.orphans == cut_rows);
    CHECK(Sql(out, "SELECT count(*) FROM answers WHERE sitting_id = ?1", cut_id) == "0");
    std::int64_t expected = 0;
    for (const auto& s : data.sittings) expected += s.kiosk <= 1;
    CHECK(later.sittings == expected - 1);
    CHECK(Sql(out, "SELECT count(*) FROM sittings") == std::to_string(expected - 1));
    CHECK(Sql(out, "PRAGMA foreign_key_check") == "");
}

TEST_CASE("merge: an export that fails half-way (a row against OUT's checks) is left out whole and the rest merge") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    // quick_check does not look at CHECK constraints, so this passes every check before the merge and
    // fails only when its answers are inserted, after its sittings went in.
    std::string odd = dir.File("odd.db");
    fs::copy_file(inputs[1], odd);
    Exec(odd, "PRAGMA ignore_check_constraints = ON; UPDATE answers SET chosen = 'not json' WHERE rowid = "
              "(SELECT max(rowid) FROM answers)");
    REQUIRE(Sql(odd, "PRAGMA quick_check") == "ok");
    for (std::uintmax_t budget : {std::uintmax_t{1} << 40, std::uintmax_t{0}}) {  // in memory, then in a file
        INFO("memory budget " << budget);
        std::string out = dir.File("merged-" + std::to_string(budget) + ".db");
        std::string alone = dir.File("alone-" + std::to_string(budget) + ".db");
        report::MergeResult result = report::Merge(out, {inputs[0], odd, inputs[2]}, {}, budget);
        REQUIRE(result.error.empty());
        CHECK_FALSE(result.Clean());
        CHECK(result.inputs[0].error.empty());
        CHECK(result.inputs[1].error.find(odd + ": not merged (SQLite: CHECK constraint failed") == 0);
        CHECK(result.inputs[1].sittings_added == 0);
        CHECK(result.inputs[2].error.empty());
        // Exactly what merging the two good exports gives, and nothing of the odd one.
        REQUIRE(report::Merge(alone, {inputs[0], inputs[2]}, {}, budget).Clean());
        CHECK(result.sittings == std::stoll(Sql(alone, "SELECT count(*) FROM sittings")));
        for (const char* sql : {"SELECT group_concat(id) FROM (SELECT id FROM sittings ORDER BY id)",
                                "SELECT group_concat(id) FROM (SELECT id FROM answers ORDER BY id)",
                                "SELECT group_concat(id) FROM (SELECT id FROM completions ORDER BY id)"})
            CHECK(Sql(out, sql) == Sql(alone, sql));
        CHECK(result.inputs[0].sittings_added + result.inputs[2].sittings_added == result.sittings);
    }
}

// The admin trail (records schema 5) travels with a kiosk's exports: each line once however often an
// export is merged, a later export adds only its new lines, and `kiosks` counts sign-ins and lockouts.
TEST_CASE("merge: the admin trail arrives once per line - and kiosks counts each kiosk's sign-ins and lockouts") {
    TempDir dir;
    report::fixture::Dataset data;
    auto inputs = Exports(dir, data);
    auto append = [](const std::string& path, const std::string& kiosk, kiosk::core::AdminEventKind kind,
                     std::int64_t at_s, const std::string& detail) {
        kiosk::core::OpenReport report;
        auto db = kiosk::core::RecordsDb::Open(path, report);
        REQUIRE(std::holds_alternative<kiosk::core::RecordsDb>(db));
        std::string at = kiosk::core::Iso8601Utc(static_cast<std::time_t>(at_s));
        REQUIRE(std::get<kiosk::core::RecordsDb>(db).AppendAdminEvent({kind, at_s, at, detail}, kiosk) == std::nullopt);
    };
    using K = kiosk::core::AdminEventKind;
    const std::string k0 = data.kiosks[0].id, k1 = data.kiosks[1].id;
    // Two attempts in the same second are two lines, not one.
    for (int i = 0; i < 3; ++i) append(inputs[0], k0, K::Attempt, 1'800'000'000, "");
    append(inputs[0], k0, K::Lockout, 1'800'000'000, "locked for 1 minute after 3 wrong passcodes");
    append(inputs[0], k0, K::Attempt, 1'800'000'100, "");
    append(inputs[0], k0, K::SignIn, 1'800'000'100, "after 3 wrong passcodes");
    append(inputs[1], k1, K::Attempt, 1'800'100'000, "");
    append(inputs[1], k1, K::SignIn, 1'800'100'000, "");
    append(inputs[1], k1, K::Export, 1'800'100'050, "records-k1.db");
    for (const auto& p : inputs) fs::remove(p + ".lock");

    std::string out = dir.File("merged.db");
    report::MergeResult first = report::Merge(out, inputs);
    REQUIRE(first.Clean());
    CHECK(first.inputs[0].admin_events_added == 6);
    CHECK(first.inputs[1].admin_events_added == 3);
    CHECK(first.inputs[2].admin_events_added == 0);
    report::MergeResult again = report::Merge(out, inputs);
    REQUIRE(again.Clean());
    for (const auto& input : again.inputs) CHECK(input.admin_events_added == 0);
    // A later export of the first kiosk: only its new line is added.
    append(inputs[0], k0, K::Quit, 1'800'000'200, "");
    fs::remove(inputs[0] + ".lock");
    report::MergeResult later = report::Merge(out, {inputs[0]});
    REQUIRE(later.Clean());
    CHECK(later.inputs[0].admin_events_added == 1);
    CHECK(Sql(out, "SELECT count(*) FROM admin_events") == "10");
    CHECK(Sql(out, "SELECT count(*) FROM admin_events WHERE kiosk_id = ?1 AND kind = 'attempt'", k0) == "4");

    report::RecordsSource source = MustOpen({out});
    auto made = report::ListKiosks(source.Db(), report::Filters{});
    REQUIRE(std::holds_alternative<report::KiosksReport>(made));
    const auto& r = std::get<report::KiosksReport>(made);
    for (const auto& row : r.kiosks) {
        INFO(row.kiosk);
        CHECK_FALSE(row.admin_sign_ins.suppressed);  // not learners: an admin's actions are never hidden
        if (row.kiosk == k0) {
            CHECK(row.admin_sign_ins.value == 1);
            CHECK(row.admin_lockouts.value == 1);
            CHECK(row.last_admin == kiosk::core::Iso8601Utc(1'800'000'200).substr(0, 10));
        } else if (row.kiosk == k1) {
            CHECK(row.admin_sign_ins.value == 1);
            CHECK(row.admin_lockouts.value == 0);
        } else {
            CHECK(row.admin_sign_ins.value == 0);
            CHECK(row.last_admin.empty());
        }
    }
    CHECK(r.total.admin_sign_ins.value == 2);
    CHECK(r.total.admin_lockouts.value == 1);
}
