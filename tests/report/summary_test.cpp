// kiosk-report summary against the seeded fixture: every published figure equals the one worked out
// from the generator's rows, small groups are suppressed, and the filters select what they say.
#include <doctest/doctest.h>

#include <cmath>

#include "fixture_expect.h"
#include "report/summary.h"

namespace {

using namespace report_test;
using report::Cell;

void CheckCell(const Cell& cell, const Count& expected, int k, const std::string& what) {
    INFO(what);
    if (expected.Learners() > 0 && expected.Learners() < k) CHECK(cell.suppressed);
    if (cell.suppressed) {
        CHECK(cell.value == 0);  // nothing left to leak
    } else {
        CHECK(cell.value == expected.value);
    }
}

void CheckOutcomes(const report::Outcomes& o, const Group& g, int k, const std::string& what) {
    if (o.sittings) CheckCell(*o.sittings, g.sittings, k, what + " sittings");
    CheckCell(o.completions, g.completions, k, what + " completions");
    CheckCell(o.passed, g.passed, k, what + " passed");
    CheckCell(o.failed, g.failed, k, what + " failed");
    if (o.pass_rate) CHECK(*o.pass_rate == doctest::Approx(double(g.passed.value) / double(g.completions.value)));
    if (o.median_minutes) CHECK(*o.median_minutes == doctest::Approx(MedianOf(g.seconds) / 60.0));
    if (!o.completions.suppressed && g.completions.value > 0) CHECK(o.median_minutes.has_value());
}

report::SummaryReport Run(const std::string& db, const report::Filters& filters) {
    report::RecordsSource source = MustOpen({db});
    auto made = report::Summarise(source.Db(), filters);
    if (auto* e = std::get_if<std::string>(&made)) FAIL(*e);
    return std::get<report::SummaryReport>(made);
}

void CheckAgainst(const report::SummaryReport& r, const Expected& e, int k) {
    REQUIRE(r.rollup.size() == e.areas.size());
    for (const auto& row : r.rollup) {
        std::vector<std::string> path = {row.region, row.partnership, row.agency, row.kiosk};
        path.resize(static_cast<std::size_t>(row.level));
        REQUIRE(e.areas.count(path) == 1);
        CheckOutcomes(row.outcomes, e.areas.at(path), k, std::string(report::ToString(row.level)) + " " + row.kiosk);
    }
    auto breakdown = [&](const std::vector<report::BreakdownRow>& rows, const std::map<std::string, Group>& groups) {
        REQUIRE(rows.size() == groups.size());
        for (const auto& row : rows) {
            REQUIRE(groups.count(row.key) == 1);
            CheckOutcomes(row.outcomes, groups.at(row.key), k, row.key);
        }
    };
    breakdown(r.by_module, e.modules);
    breakdown(r.by_role, e.roles);
    breakdown(r.by_period, e.periods);
}

}  // namespace

TEST_CASE("summary: every figure matches the generator's rows and small kiosks are suppressed") {
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
    CHECK(national.sittings->value == static_cast<std::int64_t>(data.sittings.size()));
    CHECK(national.completions.value == all.completions.value);
    REQUIRE(national.pass_rate);
    CHECK(*national.pass_rate == doctest::Approx(double(all.passed.value) / double(all.completions.value)));
    REQUIRE(national.median_minutes);
    CHECK(*national.median_minutes == doctest::Approx(MedianOf(all.seconds) / 60.0));

    // The fixture has small kiosks (every fifth), so suppression must have happened somewhere.
    int suppressed = 0;
    for (const auto& row : r.rollup) suppressed += row.outcomes.sittings->suppressed;
    CHECK(suppressed >= 2);
    // 12 kiosks fill agencies 0..11: 6 partnerships in 3 regions, one kiosk per agency.
    CHECK(r.rollup.size() == 1 + 3 + 6 + 12 + 12);
}

TEST_CASE("summary: date and role filters select the same sittings as a loop over the rows") {
    TempDir dir;
    std::string db = dir.File("records.db");
    auto data = WriteFixture(db, StandardOptions());
    report::Filters filters;
    filters.from = "2024-02-01";
    filters.to = "2024-03-31";
    filters.role = "health";
    report::SummaryReport r = Run(db, filters);
    Expected e = ExpectSummary(data, filters);
    CheckAgainst(r, e, filters.min_cell);
    for (const auto& row : r.by_period) CHECK((row.key == "2024-02" || row.key == "2024-03"));
    REQUIRE(r.by_role.size() == 1);
    CHECK(r.by_role[0].key == "health");
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
    CHECK(r.by_period[0].outcomes.sittings->value == q1);
    // Every published count covers at least K learners (or none).
    Expected e = ExpectSummary(data, filters);
    for (const auto& row : r.rollup) {
        std::vector<std::string> path = {row.region, row.partnership, row.agency, row.kiosk};
        path.resize(static_cast<std::size_t>(row.level));
        const Group& g = e.areas.at(path);
        for (auto [cell, count] : {std::pair{&row.outcomes.completions, &g.completions},
                                   std::pair{&row.outcomes.passed, &g.passed}, std::pair{&row.outcomes.failed, &g.failed}})
            if (!cell->suppressed) CHECK((count->Learners() == 0 || count->Learners() >= 30));
    }
}
