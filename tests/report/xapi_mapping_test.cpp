// The records <-> xAPI statements mapping (kiosk/xapi/statements.h) is lossless: on a seeded fixture of
// more than 10,000 sittings (open, completed, abandoned and left; with and without staff-number hashes),
// records -> statements -> records gives back every row exactly, whatever order the statements come back
// in and however often; the same rows always give the same bytes; statements of others are ignored.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <random>
#include <set>

#include "fixture_expect.h"
#include "xapi/records_rows.h"
#include "xapi/statements.h"

using namespace kiosk::xapi;

namespace {

template <typename Row>
std::vector<Row> ById(std::vector<Row> rows) {
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
    return rows;
}

Records ReadAll(const std::string& path) {
    kiosk::core::Database db;
    REQUIRE(db.Open(path, SQLITE_OPEN_READONLY) == std::nullopt);
    auto read = ReadRecords(db);
    REQUIRE(std::holds_alternative<Records>(read));
    return std::get<Records>(read);
}

}  // namespace

TEST_CASE("xapi mapping: records -> statements -> records is the identity on more than 10000 sittings") {
    report_test::TempDir dir;
    std::string path = dir.File("records.db");
    report::fixture::Options options = report_test::StandardOptions();
    options.kiosks = 25;
    options.sittings_per_kiosk = 500;
    options.small_kiosks = false;
    report_test::WriteFixture(path, options);
    Records records = ReadAll(path);
    REQUIRE(records.sittings.size() >= 10000);
    // The fixture holds every case the mapping must carry.
    std::set<std::string> outcomes;
    std::size_t hashed = 0;
    for (const SittingRow& s : records.sittings) {
        outcomes.insert(s.outcome.value_or("open"));
        hashed += s.staff_hash.has_value();
    }
    CHECK(outcomes == std::set<std::string>{"abandoned", "completed", "left", "open"});
    CHECK(hashed > 0);

    MapOptions map{"https://partnership.example.org/msht", ActorKind::Pseudonymous};
    std::vector<std::string> statements = AllStatements(records, map);
    // A start for every sitting, an end for every ended one, one per answer, two per completion.
    std::size_t open = static_cast<std::size_t>(
        std::count_if(records.sittings.begin(), records.sittings.end(), [](const SittingRow& s) { return !s.ended_at; }));
    CHECK(statements.size() ==
          2 * records.sittings.size() - open + records.answers.size() + 2 * records.completions.size());
    // The same bytes every time (checked on a slice: the whole set is the same code over more rows).
    Records slice;
    slice.sittings.assign(records.sittings.begin(), records.sittings.begin() + 300);
    slice.answers = records.answers;
    slice.completions = records.completions;
    CHECK(AllStatements(slice, map) == AllStatements(slice, map));

    // As an LRS may give them back: in another order, some twice, among statements of others.
    std::vector<std::string> pulled = statements;
    pulled.insert(pulled.end(), statements.begin(), statements.begin() + 500);
    pulled.push_back(R"({"id":"00000000-0000-4000-8000-000000000000","actor":{"mbox":"mailto:x@example.org"},)"
                     R"("verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"https://example.org/a"}})");
    pulled.push_back("not json");
    std::shuffle(pulled.begin(), pulled.end(), std::mt19937(7));
    Rebuilt back = RecordsFromStatements(pulled);
    CHECK(back.problems.empty());
    CHECK(back.others == 2);
    CHECK(back.ours == static_cast<std::int64_t>(statements.size() + 500));
    CHECK(ById(back.records.sittings) == ById(records.sittings));
    CHECK(ById(back.records.answers) == ById(records.answers));
    CHECK(ById(back.records.completions) == ById(records.completions));
}

TEST_CASE("xapi mapping: per-sitting actors carry no staff hash - and two versions of one answer are a problem") {
    report_test::TempDir dir;
    std::string path = dir.File("records.db");
    report_test::WriteFixture(path, report_test::StandardOptions());
    Records records = ReadAll(path);
    MapOptions map{"https://partnership.example.org", ActorKind::PerSitting};
    std::vector<std::string> statements = AllStatements(records, map);
    std::string all;
    for (const std::string& st : statements) all += st + "\n";
    std::size_t hashes = 0, found = 0;
    for (const SittingRow& s : records.sittings) {
        if (!s.staff_hash) continue;
        ++hashes;
        found += all.find(*s.staff_hash) != std::string::npos;
    }
    CHECK(hashes > 0);
    CHECK(found == 0);
    Rebuilt back = RecordsFromStatements(statements);
    for (SittingRow& s : records.sittings) s.staff_hash.reset();
    CHECK(ById(back.records.sittings) == ById(records.sittings));

    // The same answer id with other content: reported, the first kept, nothing silently merged.
    const AnswerRow& a = records.answers.front();
    const SittingRow& s = *std::find_if(records.sittings.begin(), records.sittings.end(),
                                        [&](const SittingRow& r) { return r.id == a.sitting_id; });
    AnswerRow changed = a;
    changed.chosen = R"(["zzz"])";
    Rebuilt conflict = RecordsFromStatements({AnswerStatement(a, s, map), AnswerStatement(changed, s, map)});
    REQUIRE(conflict.problems.size() == 1);
    CHECK(conflict.problems[0].find(a.id) != std::string::npos);
    CHECK(conflict.records.answers.at(0) == a);
}
