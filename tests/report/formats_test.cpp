// Suppression in every output format: no count of 1..K-1 is printed in table, CSV or JSON; every
// format hides the same cells; an attacker who solves the published sums (the roll-up, the
// breakdowns, passed + failed) recovers no hidden cell; staff hashes never appear; xAPI statements
// come only from cohorts of K or more. Also RFC 4180.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "fixture_expect.h"
#include "report/formats.h"
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
    r.meta = report::ReportMeta{"summary", {db}, "2024-07-01T00:00:00Z", filters};
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

// Count columns of a sheet hold "[c]", "" or a number outside 1..K-1.
void CheckCsvCounts(const std::string& csv, const std::vector<std::string>& count_columns, int k) {
    auto rows = ParseCsv(csv);
    REQUIRE(rows.size() > 1);
    for (std::size_t c = 0; c < rows[0].size(); ++c) {
        if (std::find(count_columns.begin(), count_columns.end(), rows[0][c]) == count_columns.end()) continue;
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const std::string& v = rows[r][c];
            INFO(rows[0][c] << " row " << r << ": " << v);
            if (v == "[c]" || v.empty()) continue;
            long long n = std::stoll(v);
            CHECK((n == 0 || n >= k));
        }
    }
}

// Solves every published sum with exactly one unknown, over and over, like a reader with a
// spreadsheet would. Returns how many hidden cells that recovered.
struct Attack {
    std::vector<std::vector<json*>> sums;  // [total, parts...]
    int Run() {
        int recovered = 0;
        for (bool changed = true; changed;) {
            changed = false;
            for (auto& sum : sums) {
                json* unknown = nullptr;
                int unknowns = 0;
                long long parts = 0;
                for (std::size_t i = 1; i < sum.size(); ++i) {
                    if (sum[i]->is_null()) {
                        ++unknowns;
                        unknown = sum[i];
                    } else {
                        parts += sum[i]->get<long long>();
                    }
                }
                if (sum[0]->is_null()) {
                    if (unknowns == 0) {
                        *sum[0] = parts;
                        ++recovered;
                        changed = true;
                    }
                } else if (unknowns == 1) {
                    *unknown = sum[0]->get<long long>() - parts;
                    ++recovered;
                    changed = true;
                }
            }
        }
        return recovered;
    }
};

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

TEST_CASE("formats: no count under K in table or CSV or JSON or HTML and all hide the same cells") {
    TempDir dir;
    for (int k : {5, 10}) {
        CAPTURE(k);
        Reports r = Make(dir, k);
        // Summary.
        std::string csv = report::RenderCsv(report::Sheet(r.summary));
        std::string text = report::RenderText(report::DisplayTables(r.summary), r.meta);
        json j = json::parse(report::RenderJson(r.summary, r.meta));
        CheckCsvCounts(csv, {"sittings", "completions", "passed", "failed"}, k);
        std::size_t hidden_in_json = 0;
        for (auto* list : {&j["rollup"], &j["by_module"], &j["by_role"], &j["by_period"]})
            for (auto& row : *list) {
                for (const char* f : {"sittings", "completions", "passed", "failed"})
                    if (row.contains(f) && !row[f].is_null()) CHECK((row[f] == 0 || row[f] >= k));
                if (row.contains("suppressed")) hidden_in_json += row["suppressed"].size();
            }
        CHECK(hidden_in_json > 0);
        // A [c] per hidden count, plus one per rate and median whose counts are hidden.
        CHECK(Occurrences(csv, "[c]") == Occurrences(text, "[c]") - 1);  // the note under the text tables
        CHECK(Occurrences(csv, "[c]") >= hidden_in_json);
        // Items and kiosks.
        CheckCsvCounts(report::RenderCsv(report::Sheet(r.items)),
                       {"answers", "correct", "incorrect", "chosen", "chosen_when_wrong"}, k);
        CheckCsvCounts(report::RenderCsv(report::Sheet(r.kiosks)),
                       {"sittings", "completed", "idle_resets", "left", "open"}, k);
        std::string items_text = report::RenderText(report::DisplayTables(r.items), r.meta);
        CHECK(Occurrences(items_text, "[c]") > 1);
        // HTML: every published count (class "k") is 0 or at least K, and the page's tables hide at
        // least what the CSV hides (the cards and charts repeat some of it).
        std::string html = report::RenderHtml(report::HtmlParts{&r.summary, &r.items, &r.kiosks}, r.meta);
        std::regex count_cell("class=\"n k[^\"]*\">([0-9]+)<");
        int counts = 0;
        for (auto it = std::sregex_iterator(html.begin(), html.end(), count_cell); it != std::sregex_iterator(); ++it) {
            long long n = std::stoll((*it)[1]);
            CHECK((n == 0 || n >= k));
            ++counts;
        }
        CHECK(counts > 100);
        CHECK(Occurrences(html, "[c]") >= Occurrences(csv, "[c]") + Occurrences(items_text, "[c]"));
    }
}

TEST_CASE("formats: solving the published sums recovers no suppressed cell") {
    TempDir dir;
    Reports r = Make(dir, 5);
    json j = json::parse(report::RenderJson(r.summary, r.meta));
    Attack attack;
    auto& rollup = j["rollup"];
    const char* fields[] = {"sittings", "completions", "passed", "failed"};
    auto depth = [](const json& row) {
        std::string level = row["level"];
        return level == "national" ? 0 : level == "region" ? 1 : level == "partnership" ? 2 : level == "agency" ? 3 : 4;
    };
    for (std::size_t i = 0; i < rollup.size(); ++i) {
        attack.sums.push_back({&rollup[i]["completions"], &rollup[i]["passed"], &rollup[i]["failed"]});
        for (const char* f : fields) {
            std::vector<json*> sum{&rollup[i][f]};
            for (std::size_t c = i + 1; c < rollup.size() && depth(rollup[c]) > depth(rollup[i]); ++c)
                if (depth(rollup[c]) == depth(rollup[i]) + 1) sum.push_back(&rollup[c][f]);
            if (sum.size() > 1) attack.sums.push_back(sum);
        }
    }
    for (std::string list : {"by_module", "by_role", "by_period"}) {
        for (auto& row : j[list]) attack.sums.push_back({&row["completions"], &row["passed"], &row["failed"]});
        for (std::string f : fields) {
            if (list == "by_module" && f == "sittings") continue;  // a sitting spans modules: no such sum
            std::vector<json*> sum{&rollup[0][f]};
            for (auto& row : j[list]) sum.push_back(&row[f]);
            attack.sums.push_back(sum);
        }
    }
    CHECK(attack.Run() == 0);

    // Items: the published sums per question, and "answers minus chose it" for every option.
    json items = json::parse(report::RenderJson(r.items, r.meta));
    Attack item_attack;
    for (auto& item : items["items"]) {
        item_attack.sums.push_back({&item["answers"], &item["correct"], &item["incorrect"]});
        for (const char* slices : {"by_role", "by_region"}) {
            for (const char* f : {"answers", "correct", "incorrect"}) {
                std::vector<json*> sum{&item[f]};
                for (auto& s : item[slices]) sum.push_back(&s[f]);
                item_attack.sums.push_back(sum);
            }
            for (auto& s : item[slices]) item_attack.sums.push_back({&s["answers"], &s["correct"], &s["incorrect"]});
        }
        for (auto& o : item["options"]) {
            if (!o["chosen"].is_null() && !item["answers"].is_null()) {
                long long did_not = item["answers"].get<long long>() - o["chosen"].get<long long>();
                CHECK((did_not == 0 || did_not >= 5));
            }
        }
    }
    CHECK(item_attack.Run() == 0);
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

TEST_CASE("formats: CSV is RFC 4180 and defuses spreadsheet formulas") {
    report::Table sheet{"t", "T", {"name", "n"}, {}, {}};
    sheet.rows.push_back({report::TextValue("Cardiff, \"Central\"\nsite"), report::CountValue(report::LearnerCount(12))});
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
