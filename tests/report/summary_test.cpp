// kiosk-report summary against the seeded fixture: every published figure equals the one worked out
// from the generator's rows (rounded to 5), small groups have no row, people are counted by staff
// number, and the filters select what they say.
#include <doctest/doctest.h>

#include <cmath>

#include "fixture_expect.h"
#include "report/summary.h"

namespace {

using namespace report_test;
using report::Cell;

void CheckCell(const Cell& cell, const Count& expected, const std::string& what) {
    INFO(what);
    CHECK_FALSE(cell.suppressed);  // a listed group's counts are all published, rounded
    CHECK(cell.value == expected.Published());
    CheckRounded(cell.value, expected.value);
}

void CheckOutcomes(const report::Outcomes& o, const Group& g, int k, const std::string& what) {
    INFO(what);
    if (o.sittings) CheckCell(*o.sittings, g.sittings, what + " sittings");
    CheckCell(o.completions, g.completions, what + " completions");
    CheckCell(o.passed, g.passed, what + " passed");
    CheckCell(o.failed, g.failed, what + " failed");
    // The rate is the rounded counts' (a reader can check it), and only on a rounded base of 25.
    std::int64_t base = g.completions.Published();
    CHECK(o.pass_rate.has_value() == (base >= 25));
    if (o.pass_rate) CHECK(*o.pass_rate == doctest::Approx(double(g.passed.Published()) / double(base)));
    CHECK(o.median_minutes.has_value() == (g.completions.value > 0 && g.completions.Learners() >= std::max(7, k)));
    if (o.median_minutes) CHECK(*o.median_minutes == doctest::Approx(MedianOf(g.seconds) / 60.0));
}

report::SummaryReport Run(const std::string& db, const report::Filters& filters) {
    report::RecordsSource source = MustOpen({db});
    auto made = report::Summarise(source.Db(), filters);
    if (auto* e = std::get_if<std::string>(&made)) FAIL(*e);
    return std::get<report::SummaryReport>(made);
}

// Every group of at least K people has its row, with the right figures; no smaller group has one.
void CheckAgainst(const report::SummaryReport& r, const Expected& e, int k, bool by_month = true) {
    std::size_t listed = 0;
    for (const auto& [path, g] : e.areas) listed += g.sittings.Learners() >= k;
    REQUIRE(r.rollup.size() == listed);
    for (const auto& row : r.rollup) {
        std::vector<std::string> path = {row.region, row.partnership, row.agency, row.kiosk};
        path.resize(static_cast<std::size_t>(row.level));
        REQUIRE(e.areas.count(path) == 1);
        CHECK(e.areas.at(path).sittings.Learners() >= k);
        CheckOutcomes(row.outcomes, e.areas.at(path), k, std::string(report::ToString(row.level)) + " " + row.kiosk);
    }
    // A module's people are those who finished it (it has no sittings of its own).
    auto breakdown = [&](const std::vector<report::BreakdownRow>& rows, const std::map<std::string, Group>& groups,
                         bool by_completions) {
        std::size_t listed = 0;
        for (const auto& [key, g] : groups) listed += (by_completions ? g.completions : g.sittings).Learners() >= k;
        REQUIRE(rows.size() == listed);
        for (const auto& row : rows) {
            REQUIRE(groups.count(row.key) == 1);
            CheckOutcomes(row.outcomes, groups.at(row.key), k, row.key);
        }
    };
    breakdown(r.by_module, e.modules, true);
    breakdown(r.by_role, e.roles, false);
    if (by_month) breakdown(r.by_period, e.periods, false);
}

}  // namespace

TEST_CASE("summary: every figure is the generator's rounded to 5 and small kiosks have no row") {
    TempDir dir;
    std::string db = dir.File("records.db");
    auto data = WriteFixture(db, StandardOptions());
    report::Filters filters;
    report::SummaryReport r = Run(db, filters);
    Expected e = ExpectSummary(data, filters);
    CheckAgainst(r, e, filters.min_cell);

    // The national row is published and right, including the pass rate and median.
    const Group& all = e.areas.at({});
    const auto& national = r.rollup.front().outcomes;
    CheckRounded(national.sittings->value, static_cast<std::int64_t>(data.sittings.size()));
    CHECK(national.completions.value == all.completions.Published());
    REQUIRE(national.pass_rate);
    REQUIRE(national.median_minutes);
    CHECK(*national.median_minutes == doctest::Approx(MedianOf(all.seconds) / 60.0));

    // The fixture has small kiosks (every fifth): 12 kiosks fill agencies 0..11 (6 partnerships in 3
    // regions, one kiosk per agency), and a small kiosk's agency is as small, so both go.
    int small = 0;
    for (const auto& [path, g] : e.areas) small += path.size() == 4 && g.sittings.Learners() < filters.min_cell;
    CHECK(small >= 2);
    CHECK(r.rollup.size() == static_cast<std::size_t>(1 + 3 + 6 + 2 * (12 - small)));
}

TEST_CASE("summary: the threshold counts people so one person sitting many times is not listed") {
    TempDir dir;
    std::string db = dir.File("records.db");
    auto data = report::fixture::Generate(StandardOptions());
    // Kiosk 1's 40-odd sittings become one person's (the same staff-number hash each time).
    std::string kiosk = data.kiosks[1].id;
    int sittings = 0;
    for (auto& s : data.sittings)
        if (s.kiosk == 1) {
            s.staff_hash = std::string(64, 'a');
            ++sittings;
        }
    REQUIRE(sittings >= 5);
    WriteData(db, data);
    report::Filters filters;
    report::SummaryReport r = Run(db, filters);
    CheckAgainst(r, ExpectSummary(data, filters), filters.min_cell);
    for (const auto& row : r.rollup) CHECK(row.kiosk != kiosk);
    CHECK(r.people_by_staff_number);
}

TEST_CASE("summary: date and role filters select the same sittings as a loop over the rows") {
    TempDir dir;
    std::string db = dir.File("records.db");
    auto data = WriteFixture(db, StandardOptions());
    report::Filters filters;
    filters.from = "2024-02-01";
    filters.to = "2024-03-31";
    filters.role = {"health"};
    report::SummaryReport r = Run(db, filters);
    Expected e = ExpectSummary(data, filters);
    CheckAgainst(r, e, filters.min_cell);
    for (const auto& row : r.by_period) CHECK((row.key == "2024-02" || row.key == "2024-03"));
    REQUIRE(r.by_role.size() == 1);
    CHECK(r.by_role[0].key == "health");
}

TEST_CASE("summary: a filter given several values selects the sittings with any of them") {
    TempDir dir;
    std::string db = dir.File("records.db");
    auto data = WriteFixture(db, StandardOptions());
    report::Filters filters;
    filters.role = {"health", "police"};
    filters.region = {"wales", "london"};
    report::SummaryReport r = Run(db, filters);
    Expected e = ExpectSummary(data, filters);
    CheckAgainst(r, e, filters.min_cell);
    REQUIRE(r.by_role.size() == 2);
    CHECK(r.by_role[0].key == "health");
    CHECK(r.by_role[1].key == "police");
    std::set<std::string> regions;
    for (const auto& row : r.rollup)
        if (row.level == report::Level::Region) regions.insert(row.region);
    CHECK(regions == std::set<std::string>{"london", "wales"});
}

TEST_CASE("summary: quarters and a larger K") {
    TempDir dir;
    std::string db = dir.File("records.db");
    auto data = WriteFixture(db, StandardOptions());
    report::Filters filters;
    filters.period = report::Period::Quarter;
    filters.min_cell = 30;
    report::SummaryReport r = Run(db, filters);
    REQUIRE(r.by_period.size() == 2);
    CHECK(r.by_period[0].key == "2024-Q1");
    CHECK(r.by_period[1].key == "2024-Q2");
    std::int64_t q1 = 0;
    for (const auto& s : data.sittings) q1 += s.started_at < "2024-04";
    CheckRounded(r.by_period[0].outcomes.sittings->value, q1);
    // Only groups of at least 30 people are listed, and every one of them is (periods are quarters
    // here, which ExpectSummary does not work out).
    CheckAgainst(r, ExpectSummary(data, filters), filters.min_cell, false);
}

TEST_CASE("summary: each module in each period is the generator's rounded and listed from K people") {
    TempDir dir;
    std::string db = dir.File("records.db");
    auto data = WriteFixture(db, StandardOptions());
    report::Filters filters;
    report::SummaryReport r = Run(db, filters);
    std::map<std::pair<std::string, std::string>, Group> expect;
    for (const auto& s : data.sittings)
        for (const auto& c : s.completions) {
            Group& g = expect[{c.module, s.started_at.substr(0, 7)}];
            std::uint64_t key = report::RecordKey(report::TextKey(s.id), report::TextKey(c.module));
            g.completions.Add(Person(s), key);
            (c.passed ? g.passed : g.failed).Add(Person(s), key);
            g.seconds.push_back(c.seconds);
        }
    std::size_t listed = 0;
    for (const auto& [key, g] : expect) listed += g.completions.Learners() >= filters.min_cell;
    REQUIRE(r.by_module_period.size() == listed);
    CHECK(listed >= 12);  // three modules over six months
    for (const auto& row : r.by_module_period) {
        REQUIRE(expect.count({row.module, row.period}) == 1);
        CheckOutcomes(row.outcomes, expect.at({row.module, row.period}), filters.min_cell, row.module + " " + row.period);
    }
}
