// BuildStatements (xapi.h): two scans (answers, completions) joined to their sittings, each row turned
// into statements with nlohmann-json. Cohorts under K are found first with one grouped count (the
// sittings of one module as one set, not a lookup per sitting: records DBs have no sitting_id index).
#include "report/xapi.h"

#include <sodium.h>

#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using nlohmann::json;

namespace {

constexpr const char* kCohortsSql =
    "SELECT s.region, s.partnership, s.agency, s.role, count(*) FROM r_sittings s WHERE" REPORT_SITTING_WHERE
    "AND (?8 = '' OR s.id IN (SELECT sitting_id FROM r_completions WHERE module_id = ?8 "
    "UNION SELECT sitting_id FROM r_answers WHERE module_id = ?8)) GROUP BY 1, 2, 3, 4";
constexpr const char* kAnswersSql =
    "SELECT a.id, a.sitting_id, a.module_id, a.scene_id, a.question_type, a.chosen, a.correct, a.seconds, "
    "a.answered_at, s.region, s.partnership, s.agency, s.role, s.language, s.pack_id, s.pack_version "
    "FROM r_answers a JOIN r_sittings s ON s.id = a.sitting_id WHERE" REPORT_SITTING_WHERE
    "AND a.question_type <> 'choice' AND (?8 = '' OR a.module_id = ?8) ORDER BY a.answered_at, a.id";
constexpr const char* kCompletionsSql =
    "SELECT c.id, c.sitting_id, c.module_id, c.points, c.points_possible, c.percent, c.passed, c.seconds, "
    "c.completed_at, s.region, s.partnership, s.agency, s.role, s.language, s.pack_id, s.pack_version "
    "FROM r_completions c JOIN r_sittings s ON s.id = c.sitting_id WHERE" REPORT_SITTING_WHERE
    "AND (?8 = '' OR c.module_id = ?8) ORDER BY c.completed_at, c.id";

const char* kVerbs = "http://adlnet.gov/expapi/verbs/";

// Percent-encodes an id for use as a path segment of an activity IRI.
std::string Segment(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            out += escaped;
        }
    }
    return out;
}

std::string Duration(std::int64_t seconds) { return "PT" + std::to_string(seconds) + "S"; }

json Verb(const char* name) { return {{"id", std::string(kVerbs) + name}, {"display", {{"en-GB", name}}}}; }

// The columns every query ends with (9..15): who (as a cohort), where, which pack.
struct Context {
    std::string region, partnership, agency, role, language, pack_id;
    std::int64_t pack_version = 0;
    static Context From(Statement& st) {
        return Context{st.ColumnText(9),  st.ColumnText(10), st.ColumnText(11),  st.ColumnText(12),
                       st.ColumnText(13), st.ColumnText(14), st.ColumnInt64(15)};
    }
};

struct Builder {
    std::string base;

    std::string Activity(const Context& c, const std::string& module, const std::string& scene = "") const {
        std::string id = base + "/xapi/activities/" + Segment(c.pack_id) + "/" + Segment(module);
        return scene.empty() ? id : id + "/" + Segment(scene);
    }
    json Statement(const std::string& id, const std::string& sitting, json verb, json object, json result,
                   const Context& c, const std::string& module, bool in_module, const std::string& timestamp) const {
        std::string ext = base + "/xapi/extensions/";
        json context = {{"registration", sitting},
                        {"platform", "msht-kiosk"},
                        {"contextActivities",
                         {{"grouping", json::array({{{"objectType", "Activity"},
                                                     {"id", base + "/xapi/activities/" + Segment(c.pack_id)}}})}}},
                        {"extensions",
                         {{ext + "pack-version", c.pack_version},
                          {ext + "role-category", c.role},
                          {ext + "region", c.region},
                          {ext + "partnership", c.partnership},
                          {ext + "agency", c.agency}}}};
        if (!c.language.empty()) context["language"] = c.language;
        if (in_module)
            context["contextActivities"]["parent"] =
                json::array({{{"objectType", "Activity"}, {"id", Activity(c, module)}}});
        return {{"id", id},
                {"version", "1.0.3"},
                {"actor", {{"objectType", "Agent"}, {"account", {{"homePage", base}, {"name", "sitting-" + sitting}}}}},
                {"verb", std::move(verb)},
                {"object", std::move(object)},
                {"result", std::move(result)},
                {"context", std::move(context)},
                {"timestamp", timestamp}};
    }
};

}  // namespace

std::string ResultStatementId(const std::string& completion_id) {
    std::string input = "kiosk-report xapi result " + completion_id;
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(input.data()), input.size(), nullptr, 0);
    hash[6] = static_cast<unsigned char>((hash[6] & 0x0F) | 0x40);  // version 4
    hash[8] = static_cast<unsigned char>((hash[8] & 0x3F) | 0x80);  // variant 10
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", hash[0],
                  hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7], hash[8], hash[9], hash[10], hash[11],
                  hash[12], hash[13], hash[14], hash[15]);
    return text;
}

std::variant<XapiExport, std::string> BuildStatements(Database& db, const Filters& filters, const std::string& base) {
    if (sodium_init() < 0) return std::string("cannot start libsodium");
    std::string root = base;
    while (!root.empty() && root.back() == '/') root.pop_back();
    Builder builder{root};
    std::set<std::tuple<std::string, std::string, std::string, std::string>> open_cohorts;
    auto e = ScanFiltered(db, kCohortsSql, filters, true, [&](Statement& st) {
        if (st.ColumnInt64(4) >= filters.min_cell)
            open_cohorts.emplace(st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3));
    });
    if (e) return *e;
    auto published = [&](const Context& c) {
        return open_cohorts.count({c.region, c.partnership, c.agency, c.role}) > 0;
    };

    XapiExport out;
    out.json = "[";
    auto add = [&](const json& statement) {
        out.json += (out.statements++ ? ",\n" : "\n") + statement.dump(-1, ' ', false, json::error_handler_t::replace);
    };
    e = ScanFiltered(db, kAnswersSql, filters, true, [&](Statement& st) {
        Context c = Context::From(st);
        if (!published(c)) {
            ++out.withheld;
            return;
        }
        std::string type = st.ColumnText(4), response;
        json chosen = json::parse(st.ColumnText(5), nullptr, false);
        if (chosen.is_array())
            for (const auto& option : chosen)
                if (option.is_string()) response += (response.empty() ? "" : "[,]") + option.get<std::string>();
        std::string module = st.ColumnText(2), scene = st.ColumnText(3);
        json object = {{"objectType", "Activity"},
                       {"id", builder.Activity(c, module, scene)},
                       {"definition",
                        {{"name", {{"en-GB", scene}}},
                         {"type", "http://adlnet.gov/expapi/activities/cmi.interaction"},
                         {"interactionType", type == "order" ? "sequencing" : "choice"}}}};
        json result = {{"success", st.ColumnInt64(6) != 0}, {"response", response}, {"duration", Duration(st.ColumnInt64(7))}};
        add(builder.Statement(st.ColumnText(0), st.ColumnText(1), Verb("answered"), object, result, c, module, true,
                              st.ColumnText(8)));
    });
    if (!e)
        e = ScanFiltered(db, kCompletionsSql, filters, true, [&](Statement& st) {
            Context c = Context::From(st);
            if (!published(c)) {
                out.withheld += 2;
                return;
            }
            std::string id = st.ColumnText(0), sitting = st.ColumnText(1), module = st.ColumnText(2);
            json object = {{"objectType", "Activity"},
                           {"id", builder.Activity(c, module)},
                           {"definition", {{"name", {{"en-GB", module}}},
                                           {"type", "http://adlnet.gov/expapi/activities/module"}}}};
            std::string duration = Duration(st.ColumnInt64(7)), when = st.ColumnText(8);
            add(builder.Statement(id, sitting, Verb("completed"), object,
                                  {{"completion", true}, {"duration", duration}}, c, module, false, when));
            bool passed = st.ColumnInt64(6) != 0;
            json score = {{"scaled", static_cast<double>(st.ColumnInt64(5)) / 100.0},
                          {"raw", st.ColumnInt64(3)},
                          {"min", 0},
                          {"max", st.ColumnInt64(4)}};
            add(builder.Statement(ResultStatementId(id), sitting, Verb(passed ? "passed" : "failed"), object,
                                  {{"success", passed}, {"completion", true}, {"score", score}, {"duration", duration}},
                                  c, module, false, when));
        });
    if (e) return *e;
    out.json += "\n]\n";
    return out;
}

}  // namespace report
