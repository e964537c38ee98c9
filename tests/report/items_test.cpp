// kiosk-report items against the seeded fixture: facility, the options chosen, discrimination (worked
// out here as the textbook point-biserial from group means), and facility by role and region.
#include <doctest/doctest.h>

#include <cmath>

#include "core/pack/pack_io.h"
#include "fixture_expect.h"
#include "report/formats.h"
#include "report/items.h"
#include "report/kiosks.h"
#include "report/summary.h"
#include "report/tabulate.h"

namespace {

using namespace report_test;

struct ItemExpect {
    std::int64_t answers = 0, correct = 0;
    std::map<std::string, std::int64_t> chosen, chosen_wrong;
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_role, by_region, by_agency;  // answers, correct
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
            auto& agency = e.by_agency[data.kiosks[s.kiosk].agency];
            ++agency.first;
            agency.second += a.correct;
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
        CheckRounded(item.all.answers.value, e.answers);  // hundreds of answers, rounded to 5
        CheckRounded(item.all.correct.value, e.correct);
        CheckRounded(item.all.incorrect.value, e.answers - e.correct);
        REQUIRE(item.all.facility);  // of the rounded counts
        CHECK(*item.all.facility == doctest::Approx(double(item.all.correct.value) / double(item.all.answers.value)));
        if (item.question_type == "order") {
            CHECK(item.options.empty());
        } else {
            REQUIRE(item.options.size() == e.chosen.size());
            for (const auto& o : item.options) {
                CheckRounded(o.chosen.value, e.chosen.at(o.option));
                std::int64_t wrong = e.chosen_wrong.count(o.option) ? e.chosen_wrong.at(o.option) : 0;
                CheckRounded(o.chosen_when_wrong.value, wrong);
            }
        }
        auto want = PointBiserial(e.scored);
        REQUIRE(want);
        REQUIRE(item.discrimination);
        CHECK(*item.discrimination == doctest::Approx(*want).epsilon(1e-9));
        discriminating += *item.discrimination > 0.1;
        for (auto [slices, expect] : {std::pair{&item.by_role, &e.by_role}, std::pair{&item.by_region, &e.by_region},
                                      std::pair{&item.by_agency, &e.by_agency}}) {
            // One answer per sitting and one person per sitting in this fixture: answers are people.
            std::size_t listed = 0;
            for (const auto& [key, counts] : *expect) listed += counts.first >= 5;
            REQUIRE(slices->size() == listed);
            for (const auto& s : *slices) {
                auto [answers, correct] = expect->at(s.key);
                CHECK(answers >= 5);
                CheckRounded(s.stats.answers.value, answers);
                CheckRounded(s.stats.correct.value, correct);
                CHECK(s.stats.facility.has_value() == (s.stats.answers.value >= 25));
                if (s.stats.facility)
                    CHECK(*s.stats.facility == doctest::Approx(double(s.stats.correct.value) / double(s.stats.answers.value)));
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
    double health_sum = 0, police_sum = 0;
    for (const auto& item : r.items) {
        std::optional<double> health, police;
        for (const auto& s : item.by_role) {
            if (s.key == "health") health = s.stats.facility;
            if (s.key == "police") police = s.stats.facility;
        }
        if (health && police) {
            ++compared;
            health_lower += *health < *police;
            health_sum += *health;
            police_sum += *police;
        }
    }
    // Police get most right, so their wrong answers are often too few to publish a facility.
    CHECK(compared >= 5);
    // On bases of 25 to 35 the random rounding moves a facility by up to about 0.15, so one question
    // in a few can come out the other way round; across the questions the gap shows.
    CHECK(health_lower * 3 >= compared * 2);
    CHECK(health_sum / compared + 0.1 < police_sum / compared);
}

TEST_CASE("items: a module filter keeps only that module's questions") {
    TempDir dir;
    std::string db = dir.File("records.db");
    WriteFixture(db, StandardOptions());
    report::RecordsSource source = MustOpen({db});
    report::Filters filters;
    filters.module = {"referral-nrm"};
    auto r = std::get<report::ItemsReport>(report::AnalyseItems(source.Db(), filters));
    REQUIRE(r.items.size() == 3);
    for (const auto& item : r.items) CHECK(item.module == "referral-nrm");
}

TEST_CASE("items: scans split across threads and connections give the same report as one scan") {
    TempDir dir;
    report::fixture::Options options = StandardOptions();
    options.kiosks = 4;
    std::vector<std::string> inputs;
    for (int i = 0; i < 2; ++i) {  // two files: the reports read the merged copy, which can be shared
        options.seed = 7 + static_cast<std::uint64_t>(i);
        inputs.push_back(dir.File("records-" + std::to_string(i) + ".db"));
        WriteFixture(inputs.back(), options);
    }
    for (const auto& files : {std::vector<std::string>{inputs[0]}, inputs}) {
        report::RecordsSource source = MustOpen(files);
        REQUIRE(source.Reader());
        report::Filters all, some;
        some.from = "2024-02-01";
        some.to = "2024-05-31";
        some.module = {"responding"};
        for (const report::Filters& filters : {all, some}) {
            INFO(files.size() << " files, module '" << filters.module << "'");
            report::ReportMeta meta = report::MakeMeta("items", files, "2024-06-01T00:00:00Z", filters);
            report::ScanSplit split{source.Reader(), 3, 0};  // three ranges, however few rows
            auto one = report::AnalyseItems(source.Db(), filters);
            auto three = report::AnalyseItems(source.Db(), filters, split);
            REQUIRE(std::holds_alternative<report::ItemsReport>(one));
            REQUIRE(std::holds_alternative<report::ItemsReport>(three));
            CHECK_FALSE(std::get<report::ItemsReport>(one).items.empty());
            CHECK(report::RenderJson(std::get<report::ItemsReport>(three), meta) ==
                  report::RenderJson(std::get<report::ItemsReport>(one), meta));
            auto summary_one = report::Summarise(source.Db(), filters);
            auto summary_three = report::Summarise(source.Db(), filters, split);
            CHECK(report::RenderJson(std::get<report::SummaryReport>(summary_three), meta) ==
                  report::RenderJson(std::get<report::SummaryReport>(summary_one), meta));
            auto kiosks_one = report::ListKiosks(source.Db(), filters);
            auto kiosks_three = report::ListKiosks(source.Db(), filters, split);
            CHECK(report::RenderJson(std::get<report::KiosksReport>(kiosks_three), meta) ==
                  report::RenderJson(std::get<report::KiosksReport>(kiosks_one), meta));
        }
    }
}

TEST_CASE("items: with the content pack each question shows its prompt and each option its text") {
    TempDir dir;
    std::string db = dir.File("records.db"), pack_path = dir.File("training.pack");
    WriteFixture(db, StandardOptions());
    REQUIRE(report::fixture::WritePack(pack_path) == std::nullopt);
    report::RecordsSource source = MustOpen({db});
    auto r = std::get<report::ItemsReport>(report::AnalyseItems(source.Db(), report::Filters{}));
    auto without = r;
    REQUIRE(report::AddQuestionText(r, pack_path) == std::nullopt);
    CHECK(r.text_source == "msht-core version 4 (en)");
    CHECK(r.module_titles.at("responding") == "Module responding");  // for the board's sentences

    // The texts as the pack holds them, read back by the kiosk's own reader; a line break in a prompt
    // becomes a space in the one-line tables.
    auto read = kiosk::core::ReadPack(pack_path, false);
    REQUIRE(std::holds_alternative<kiosk::core::PackData>(read));
    const auto& strings = std::get<kiosk::core::PackData>(read).strings;
    auto in_pack = [&](const std::string& key) {
        std::string text = strings.at(key).at("en").text;
        std::replace(text.begin(), text.end(), '\n', ' ');
        return text;
    };
    REQUIRE(r.items.size() == 12);
    std::size_t options = 0;
    for (const auto& item : r.items) {
        INFO(item.module << "/" << item.scene);
        CHECK(item.prompt == in_pack(kiosk::core::SceneKey(item.module, item.scene, "prompt")));
        CHECK(item.prompt.find('\n') == std::string::npos);
        for (const auto& o : item.options) {
            CHECK(o.text == in_pack(kiosk::core::OptionKey(item.module, item.scene, o.option, "text")));
            ++options;
        }
    }
    CHECK(options > 20);

    // Every format shows them; without --pack only the ids, as before.
    report::ReportMeta meta = report::MakeMeta("items", {db}, "2024-06-01T00:00:00Z", report::Filters{});
    const std::string prompt = r.items[0].prompt, option = r.items[0].options[0].text;
    for (const std::string& out :
         {report::RenderText(report::DisplayTables(r), meta), report::RenderCsv(report::Sheet(r)),
          report::RenderJson(r, meta), report::RenderHtml(report::HtmlParts{nullptr, &r, nullptr}, meta)}) {
        CHECK(out.find(prompt) != std::string::npos);
        CHECK(out.find(option) != std::string::npos);
    }
    // Where the text came from, wherever there is a place for it (a CSV sheet has no title).
    for (const std::string& out : {report::RenderText(report::DisplayTables(r), meta), report::RenderJson(r, meta),
                                   report::RenderHtml(report::HtmlParts{nullptr, &r, nullptr}, meta)})
        CHECK(out.find("msht-core version 4 (en)") != std::string::npos);
    for (const std::string& out :
         {report::RenderText(report::DisplayTables(without), meta), report::RenderCsv(report::Sheet(without)),
          report::RenderJson(without, meta), report::RenderHtml(report::HtmlParts{nullptr, &without, nullptr}, meta)}) {
        CHECK(out.find(prompt) == std::string::npos);
        CHECK(out.find(option) == std::string::npos);
    }
    CHECK(report::Sheet(r).columns.size() == report::Sheet(without).columns.size() + 2);

    // A pack of other questions, a records DB and a missing file are refused by name.
    kiosk::core::PackData other;
    other.id = "other-course";
    other.version = 1;
    other.languages = {"en"};
    kiosk::core::Module module;
    module.id = "elsewhere";
    other.modules.push_back(module);
    std::string other_path = dir.File("other.pack");
    REQUIRE(kiosk::core::WritePack(other, other_path) == std::nullopt);
    auto copy = without;
    CHECK(report::AddQuestionText(copy, other_path).value_or("").find("has none of the questions") != std::string::npos);
    CHECK(report::AddQuestionText(copy, db).value_or("").find(db) == 0);
    CHECK(report::AddQuestionText(copy, dir.File("missing.pack")).has_value());
}

// In a one-answer question the options add up to the answers: for one role or area that sum, with the
// other reports' slices, pinned small counts in the attack test. The signs of a multi-select question
// add up to nothing and stay.
TEST_CASE("items: a report for one role or area leaves out one-answer options and keeps the signs") {
    TempDir dir;
    std::string db = dir.File("records.db");
    WriteFixture(db, StandardOptions());
    report::RecordsSource source = MustOpen({db});
    auto everyone = std::get<report::ItemsReport>(report::AnalyseItems(source.Db(), report::Filters{}));
    report::Filters filters;
    filters.role = {"health"};
    auto health = std::get<report::ItemsReport>(report::AnalyseItems(source.Db(), filters));
    filters = {};
    filters.region = {"wales"};
    auto wales = std::get<report::ItemsReport>(report::AnalyseItems(source.Db(), filters));
    int one_answer = 0, multi = 0;
    for (const auto* r : {&health, &wales})
        for (const auto& item : r->items) {
            INFO(item.module << "/" << item.scene);
            if (item.question_type == "single" || item.question_type == "truefalse") {
                CHECK(item.options.empty());
                ++one_answer;
            } else if (item.question_type == "multi") {
                CHECK_FALSE(item.options.empty());
                ++multi;
            }
        }
    CHECK(one_answer > 0);
    CHECK(multi > 0);
    bool everyone_has_options = false;
    for (const auto& item : everyone.items) everyone_has_options |= item.question_type == "single" && !item.options.empty();
    CHECK(everyone_has_options);
}
