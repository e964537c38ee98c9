// Disclosure control in every output format: every count printed in table, CSV, JSON or HTML is a
// multiple of 5; every format withholds the same cells; staff hashes never appear; xAPI statements
// come only from cohorts of K or more. Also RFC 4180. (The attack on the figures:
// disclosure_attack_test.cpp.)
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "fixture_expect.h"
#include "report/formats.h"
#include "report/html_blocks.h"
#include "report/svg_chart.h"
#include "report/tabulate.h"
#include "report/xapi.h"

namespace {

using namespace report_test;
using nlohmann::json;

struct Reports {
    report::fixture::Dataset data;
    report::SummaryReport summary;
    report::ItemsReport items;
    report::KiosksReport kiosks;
    report::ReportMeta meta;
};

Reports Make(const TempDir& dir, int min_cell) {
    Reports r;
    std::string db = dir.File("records.db");
    r.data = WriteFixture(db, StandardOptions());
    report::RecordsSource source = MustOpen({db});
    report::Filters filters;
    filters.min_cell = min_cell;
    r.summary = std::get<report::SummaryReport>(report::Summarise(source.Db(), filters));
    r.items = std::get<report::ItemsReport>(report::AnalyseItems(source.Db(), filters));
    r.kiosks = std::get<report::KiosksReport>(report::ListKiosks(source.Db(), filters));
    r.meta = report::MakeMeta("summary", {db}, "2024-07-01T00:00:00Z", filters);
    return r;
}

std::size_t Occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// RFC 4180 parsing, enough for the tests: quoted fields, doubled quotes, CRLF.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(field);
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(field);
            field.clear();
            rows.emplace_back();
            ++i;
        } else {
            field += c;
        }
    }
    rows.pop_back();  // after the last CRLF
    return rows;
}

// Count columns of a sheet hold "[c]", "" or a multiple of 5.
void CheckCsvCounts(const std::string& csv, const std::vector<std::string>& count_columns) {
    auto rows = ParseCsv(csv);
    REQUIRE(rows.size() > 1);
    for (std::size_t c = 0; c < rows[0].size(); ++c) {
        if (std::find(count_columns.begin(), count_columns.end(), rows[0][c]) == count_columns.end()) continue;
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const std::string& v = rows[r][c];
            INFO(rows[0][c] << " row " << r << ": " << v);
            if (v == "[c]" || v.empty()) continue;
            CHECK(std::stoll(v) % 5 == 0);
        }
    }
}

}  // namespace

// The trend chart's value labels sit left of the axis, right-aligned: the widest must still start inside
// the picture (x >= 0) at DejaVu Sans's digit width (0.636 em at 13px), from a handful to a national
// 25,000 a month. (Before the fix "25000" started at x = -3.3 and lost part of its first digit.)
TEST_CASE("formats: the trend chart's axis labels fit inside the chart however large the numbers") {
    const std::regex axis_label("<text class=\"axis\" x=\"([0-9.]+)\" y=\"[0-9.]+\" text-anchor=\"end\">([0-9]+)</text>");
    for (double most : {4.0, 180.0, 24'100.0, 2'400'000.0}) {
        CAPTURE(most);
        report::Series series{"Sittings", {most / 2, most, std::nullopt, most / 3}};
        std::string svg = report::LineChart("trend", {"2024-01", "2024-02", "2024-03", "2024-04"}, {series});
        int labels = 0;
        for (auto it = std::sregex_iterator(svg.begin(), svg.end(), axis_label); it != std::sregex_iterator(); ++it) {
            ++labels;
            double end = std::stod((*it)[1]);
            std::string text = (*it)[2];
            CAPTURE(text);
            CHECK(end - 0.636 * 13 * static_cast<double>(text.size()) >= 0);
        }
        CHECK(labels == 5);
    }
}

TEST_CASE("formats: every count is rounded to 5 in table and CSV and JSON and HTML and all withhold the same cells") {
    TempDir dir;
    for (int k : {5, 10}) {
        CAPTURE(k);
        Reports r = Make(dir, k);
        // Summary.
        std::string csv = report::RenderCsv(report::Sheet(r.summary));
        std::string text = report::RenderText(report::DisplayTables(r.summary), r.meta);
        json j = json::parse(report::RenderJson(r.summary, r.meta));
        CheckCsvCounts(csv, {"sittings", "completions", "passed", "failed"});
        std::size_t rows = 0;
        for (auto* list : {&j["rollup"], &j["by_module"], &j["by_role"], &j["by_period"]})
            for (auto& row : *list) {
                ++rows;
                for (const char* f : {"sittings", "completions", "passed", "failed"})
                    if (row.contains(f)) {
                        REQUIRE_FALSE(row[f].is_null());  // a listed group's counts are all shown
                        CHECK(row[f].get<long long>() % 5 == 0);
                    }
            }
        CHECK(rows > 20);
        CHECK(j["rounded_to"] == 5);
        CHECK(std::string(j["people_counted"]).find("staff number") != std::string::npos);
        // The same withheld values ([c]: rates on small bases) in the CSV and the text, plus the note.
        CHECK(Occurrences(csv, "[c]") == Occurrences(text, "[c]") - 1);
        // Items and kiosks.
        CheckCsvCounts(report::RenderCsv(report::Sheet(r.items)), {"answers", "correct", "incorrect", "chosen", "chosen_when_wrong"});
        std::string kiosks_csv = report::RenderCsv(report::Sheet(r.kiosks));
        CheckCsvCounts(kiosks_csv, {"sittings", "completed", "idle_resets", "left", "open"});
        CHECK(Occurrences(kiosks_csv, "[c]") >= 4 * 2);  // the small kiosks' four counts
        // HTML: every published count (class "k") is a multiple of 5.
        std::string html = report::RenderHtml(report::HtmlParts{&r.summary, &r.items, &r.kiosks}, r.meta);
        std::regex count_cell("class=\"n k[^\"]*\">([0-9]+)<");
        int counts = 0;
        for (auto it = std::sregex_iterator(html.begin(), html.end(), count_cell); it != std::sregex_iterator(); ++it) {
            CHECK(std::stoll((*it)[1]) % 5 == 0);
            ++counts;
        }
        CHECK(counts > 100);
        CHECK(Occurrences(html, "[c]") >= Occurrences(kiosks_csv, "[c]"));
    }
}

TEST_CASE("formats: a selection of fewer than K people publishes no figure at all") {
    TempDir dir;
    Reports r = Make(dir, 5);
    std::string small;  // a kiosk of fewer than 5 sittings (every fifth kiosk of the fixture is small)
    std::map<std::string, int> sittings;
    for (const auto& s : r.data.sittings) ++sittings[r.data.kiosks[s.kiosk].id];
    for (const auto& [kiosk, n] : sittings)
        if (n < 5) small = kiosk;
    REQUIRE_FALSE(small.empty());
    report::RecordsSource source = MustOpen({r.meta.inputs[0]});
    report::Filters filters;
    filters.kiosk = {small};
    auto summary = std::get<report::SummaryReport>(report::Summarise(source.Db(), filters));
    CHECK(summary.rollup.empty());
    CHECK(summary.by_role.empty());
    CHECK(summary.by_module.empty());
    CHECK(summary.by_period.empty());
    auto items = std::get<report::ItemsReport>(report::AnalyseItems(source.Db(), filters));
    CHECK(items.items.empty());
    report::ReportMeta meta = r.meta;
    meta.filters = filters;
    std::string html = report::RenderHtml(report::HtmlParts{&summary, nullptr, nullptr}, meta);
    CHECK(html.find("no figures are shown") != std::string::npos);
}

TEST_CASE("formats: staff hashes never appear in any output") {
    TempDir dir;
    Reports r = Make(dir, 5);
    std::vector<std::string> outputs = {
        report::RenderCsv(report::Sheet(r.summary)), report::RenderCsv(report::Sheet(r.items)),
        report::RenderCsv(report::Sheet(r.kiosks)), report::RenderJson(r.summary, r.meta),
        report::RenderJson(r.items, r.meta), report::RenderJson(r.kiosks, r.meta),
        report::RenderText(report::DisplayTables(r.summary), r.meta),
        report::RenderText(report::DisplayTables(r.items), r.meta),
        report::RenderText(report::DisplayTables(r.kiosks), r.meta)};
    int hashes = 0;
    for (const auto& s : r.data.sittings) {
        if (s.staff_hash.empty()) continue;
        ++hashes;
        for (const auto& out : outputs) CHECK(out.find(s.staff_hash.substr(0, 16)) == std::string::npos);
    }
    CHECK(hashes > 50);
    // Nor anything shaped like one.
    std::regex hex64("[0-9a-f]{64}");
    for (const auto& out : outputs) CHECK_FALSE(std::regex_search(out, hex64));
}

TEST_CASE("formats: the HTML pages write numbers and periods as people read them") {
    using namespace report::html;
    CHECK(Thousands(0) == "0");
    CHECK(Thousands(999) == "999");
    CHECK(Thousands(1000) == "1,000");
    CHECK(Thousands(25000) == "25,000");
    CHECK(Thousands(1234567) == "1,234,567");
    CHECK(PeriodName("2024-05") == "May 2024");
    CHECK(PeriodName("2024-Q2") == "Apr-Jun 2024");
    CHECK(PeriodName("2024") == "2024");
    CHECK(AxisLabels({"2024-11", "2024-12", "2025-01", "2025-02"}) ==
          std::vector<std::string>{"Nov 2024", "Dec", "Jan 2025", "Feb"});
}

TEST_CASE("formats: CSV is RFC 4180 and defuses spreadsheet formulas") {
    report::Table sheet{"t", "T", {"name", "n"}, {}, {}, {}};
    sheet.rows.push_back({report::TextValue("Cardiff, \"Central\"\nsite"), report::CountValue(report::LearnerCount(12, 0))});
    sheet.rows.push_back({report::TextValue("=HYPERLINK(\"x\")"), report::CountValue(report::Cell{0, 0, true})});
    std::string csv = report::RenderCsv(sheet);
    CHECK(csv == "name,n\r\n\"Cardiff, \"\"Central\"\"\nsite\",12\r\n\"'=HYPERLINK(\"\"x\"\")\",[c]\r\n");
    auto rows = ParseCsv(csv);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1][0] == "Cardiff, \"Central\"\nsite");
}

TEST_CASE("formats: xAPI statements come only from cohorts of at least K and use the records' ids") {
    TempDir dir;
    std::string db = dir.File("records.db");
    auto data = WriteFixture(db, StandardOptions());
    report::RecordsSource source = MustOpen({db});
    auto made = report::BuildStatements(source.Db(), report::Filters{}, "https://kiosk.example.org/");
    REQUIRE(std::holds_alternative<report::XapiExport>(made));
    const auto& x = std::get<report::XapiExport>(made);
    json statements = json::parse(x.json);
    REQUIRE(statements.size() == static_cast<std::size_t>(x.statements));
    // Cohort sizes and every id, straight from the generator's rows: each sitting starts (and, if it
    // ended, ends), each answer is one statement, each completion two (completed, then passed or failed).
    std::map<std::vector<std::string>, int> cohort;
    std::set<std::string> sitting_ids, answer_ids, completion_ids;
    std::size_t events = 0;
    for (const auto& s : data.sittings) {
        const auto& k = data.kiosks[s.kiosk];
        ++cohort[{k.region, k.partnership, k.agency, s.role}];
        sitting_ids.insert(s.id);
        for (const auto& a : s.answers) answer_ids.insert(a.id);
        for (const auto& c : s.completions) completion_ids.insert(c.id);
        events += 1 + (s.outcome ? 1 : 0) + s.answers.size() + 2 * s.completions.size();
    }
    CHECK(x.withheld > 0);
    CHECK(static_cast<std::size_t>(x.statements + x.withheld) == events);
    std::string ext = "https://kiosk.example.org/xapi/extensions/";
    for (const auto& st : statements) {
        const auto& e = st["context"]["extensions"];
        std::vector<std::string> key = {e[ext + "region"], e[ext + "partnership"], e[ext + "agency"], e[ext + "role-category"]};
        CHECK(cohort[key] >= 5);
        std::string verb = st["verb"]["id"], id = st["id"];
        if (verb.ends_with("initialized")) CHECK(sitting_ids.count(id) == 1);
        if (verb.ends_with("answered")) CHECK(answer_ids.count(id) == 1);
        if (verb.ends_with("completed")) CHECK(completion_ids.count(id) == 1);
        CHECK(st["actor"]["account"]["homePage"] == "https://kiosk.example.org");
        CHECK(std::string(st["actor"]["account"]["name"]).rfind("sitting-", 0) == 0);
    }
    // The result statement's id is derived, stable and shaped as a version 4 UUID.
    std::string derived = report::ResultStatementId("0b0e1a4c-1d2e-4f30-8a4b-5c6d7e8f9a0b");
    CHECK(derived == report::ResultStatementId("0b0e1a4c-1d2e-4f30-8a4b-5c6d7e8f9a0b"));
    CHECK(std::regex_match(derived, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
}
