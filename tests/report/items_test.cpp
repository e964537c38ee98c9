// kiosk-report items against the seeded fixture: facility, the options chosen, discrimination (worked
// out here as the textbook point-biserial from group means), and facility by role and region.
#include <doctest/doctest.h>

#include <cmath>

#include "fixture_expect.h"
#include "report/items.h"

namespace {

using namespace report_test;

struct ItemExpect {
    std::int64_t answers = 0, correct = 0;
    std::map<std::string, std::int64_t> chosen, chosen_wrong;
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_role, by_region;  // answers, correct
    std::vector<std::pair<int, int>> scored;  // (correct, module percent) for finished modules
};

std::map<std::pair<std::string, std::string>, ItemExpect> Expect(const report::fixture::Dataset& data,
                                                                 const report::Filters& filters) {
    std::map<std::pair<std::string, std::string>, ItemExpect> items;
    for (const auto& s : data.sittings) {
        if (!Selected(data, s, filters)) continue;
        for (const auto& a : s.answers) {
            ItemExpect& e = items[{a.module, a.scene}];
            ++e.answers;
            e.correct += a.correct;
            for (const auto& o : a.chosen) {
                ++e.chosen[o];
                if (!a.correct) ++e.chosen_wrong[o];
            }
            auto& role = e.by_role[s.role];
            ++role.first;
            role.second += a.correct;
            auto& region = e.by_region[data.kiosks[s.kiosk].region];
            ++region.first;
            region.second += a.correct;
            for (const auto& c : s.completions)
                if (c.module == a.module) e.scored.emplace_back(a.correct ? 1 : 0, c.percent);
        }
    }
    return items;
}

// r_pb = (M1 - M0) / s * sqrt(p q), with s the population standard deviation of the scores.
std::optional<double> PointBiserial(const std::vector<std::pair<int, int>>& scored) {
    double n = static_cast<double>(scored.size()), n1 = 0, sum1 = 0, sum0 = 0, sum = 0, sumsq = 0;
    for (auto [x, y] : scored) {
        (x ? sum1 : sum0) += y;
        n1 += x;
        sum += y;
        sumsq += double(y) * y;
    }
    double n0 = n - n1;
    if (n1 == 0 || n0 == 0) return std::nullopt;
    double mean = sum / n, sd = std::sqrt(sumsq / n - mean * mean);
    if (sd == 0) return std::nullopt;
    return (sum1 / n1 - sum0 / n0) / sd * std::sqrt(n1 / n * n0 / n);
}

}  // namespace

TEST_CASE("items: facility and options and discrimination and slices match the generator's rows") {
    TempDir dir;
    std::string db = dir.File("records.db");
    auto data = WriteFixture(db, StandardOptions());
    report::Filters filters;
    report::RecordsSource source = MustOpen({db});
    auto made = report::AnalyseItems(source.Db(), filters);
    REQUIRE(std::holds_alternative<report::ItemsReport>(made));
    const auto& r = std::get<report::ItemsReport>(made);
    auto expected = Expect(data, filters);
    REQUIRE(r.items.size() == expected.size());  // 12 questions in the fixture's three modules
    CHECK(r.items.size() == 12);
    int discriminating = 0;
    for (const auto& item : r.items) {
        INFO(item.module << "/" << item.scene);
        const ItemExpect& e = expected.at({item.module, item.scene});
        CHECK(item.all.answers.value == e.answers);  // hundreds of answers: published
        CHECK(item.all.correct.value == e.correct);
        REQUIRE(item.all.facility);
        CHECK(*item.all.facility == doctest::Approx(double(e.correct) / double(e.answers)));
        if (item.question_type == "order") {
            CHECK(item.options.empty());
        } else {
            REQUIRE(item.options.size() == e.chosen.size());
            for (const auto& o : item.options) {
                if (!o.chosen.suppressed) CHECK(o.chosen.value == e.chosen.at(o.option));
                std::int64_t wrong = e.chosen_wrong.count(o.option) ? e.chosen_wrong.at(o.option) : 0;
                if (wrong > 0 && wrong < 5) CHECK(o.chosen_when_wrong.suppressed);
                if (!o.chosen_when_wrong.suppressed) CHECK(o.chosen_when_wrong.value == wrong);
            }
        }
        auto want = PointBiserial(e.scored);
        REQUIRE(want);
        REQUIRE(item.discrimination);
        CHECK(*item.discrimination == doctest::Approx(*want).epsilon(1e-9));
        discriminating += *item.discrimination > 0.1;
        for (auto [slices, expect] : {std::pair{&item.by_role, &e.by_role}, std::pair{&item.by_region, &e.by_region}}) {
            REQUIRE(slices->size() == expect->size());
            for (const auto& s : *slices) {
                auto [answers, correct] = expect->at(s.key);
                if (answers < 5) CHECK(s.stats.answers.suppressed);
                if (!s.stats.answers.suppressed) CHECK(s.stats.answers.value == answers);
                if (s.stats.facility) CHECK(*s.stats.facility == doctest::Approx(double(correct) / double(answers)));
            }
        }
    }
    // The generator makes right answers go with high module scores: discrimination must show it.
    CHECK(discriminating >= 10);
}

TEST_CASE("items: health staff miss more than police and the report shows it") {
    TempDir dir;
    std::string db = dir.File("records.db");
    WriteFixture(db, StandardOptions());
    report::RecordsSource source = MustOpen({db});
    auto r = std::get<report::ItemsReport>(report::AnalyseItems(source.Db(), report::Filters{}));
    int health_lower = 0, compared = 0;
    for (const auto& item : r.items) {
        std::optional<double> health, police;
        for (const auto& s : item.by_role) {
            if (s.key == "health") health = s.stats.facility;
            if (s.key == "police") police = s.stats.facility;
        }
        if (health && police) {
            ++compared;
            health_lower += *health < *police;
        }
    }
    // Police get most right, so their wrong answers are often too few to publish a facility.
    CHECK(compared >= 5);
    CHECK(health_lower == compared);
}

TEST_CASE("items: a module filter keeps only that module's questions") {
    TempDir dir;
    std::string db = dir.File("records.db");
    WriteFixture(db, StandardOptions());
    report::RecordsSource source = MustOpen({db});
    report::Filters filters;
    filters.module = "referral-nrm";
    auto r = std::get<report::ItemsReport>(report::AnalyseItems(source.Db(), filters));
    REQUIRE(r.items.size() == 3);
    for (const auto& item : r.items) CHECK(item.module == "referral-nrm");
}
