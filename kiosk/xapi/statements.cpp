// The records <-> statements mapping (statements.h). Every statement carries its sitting's columns as
// context extensions, so a sitting can be rebuilt from any one of its statements, and an answer or a
// completion never depends on its sitting's start statement having been pulled first.
#include "xapi/statements.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

namespace kiosk::xapi {

using nlohmann::json;

namespace {

constexpr const char* kPlatform = "msht-kiosk";
constexpr const char* kAdlVerbs = "http://adlnet.gov/expapi/verbs/";
constexpr const char* kAbandoned = "https://w3id.org/xapi/adl/verbs/abandoned";

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

json Verb(const std::string& id, const char* display) { return {{"id", id}, {"display", {{"en-GB", display}}}}; }
json AdlVerb(const char* name) { return Verb(std::string(kAdlVerbs) + name, name); }

std::string Duration(std::int64_t seconds) { return "PT" + std::to_string(seconds) + "S"; }

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

struct Builder {
    const MapOptions& options;
    explicit Builder(const MapOptions& o) : options(o) {}
    std::string Ext(const char* name) const { return options.base + "/xapi/extensions/" + name; }
    std::string PackActivity(const SittingRow& s) const { return options.base + "/xapi/activities/" + Segment(s.pack_id); }
    std::string ModuleActivity(const SittingRow& s, const std::string& module) const {
        return PackActivity(s) + "/" + Segment(module);
    }

    json Actor(const SittingRow& s) const {
        bool staff = options.actor == ActorKind::Pseudonymous && s.staff_hash && !s.staff_hash->empty();
        return {{"objectType", "Agent"},
                {"account", {{"homePage", options.base}, {"name", staff ? "staff-" + *s.staff_hash : "sitting-" + s.id}}}};
    }

    // The statement's context: the sitting's every column, and what kind of record the statement is.
    json Context(const SittingRow& s, const char* record, const std::string& module = {}) {
        json context = {{"registration", s.id},
                        {"platform", kPlatform},
                        {"contextActivities", {{"grouping", json::array({{{"objectType", "Activity"}, {"id", PackActivity(s)}}})}}},
                        {"extensions",
                         {{Ext("record"), record},
                          {Ext("kiosk"), s.kiosk_id},
                          {Ext("site"), s.site_id},
                          {Ext("agency"), s.agency},
                          {Ext("region"), s.region},
                          {Ext("partnership"), s.partnership},
                          {Ext("role-category"), s.role},
                          {Ext("language"), s.language},
                          {Ext("pack-id"), s.pack_id},
                          {Ext("pack-version"), s.pack_version},
                          {Ext("pack-hash"), s.pack_hash},
                          {Ext("sitting-started-at"), s.started_at}}}};
        if (!s.language.empty()) context["language"] = s.language;
        if (!module.empty()) {
            context["extensions"][Ext("module")] = module;
            context["contextActivities"]["parent"] = json::array({{{"objectType", "Activity"}, {"id", ModuleActivity(s, module)}}});
        }
        return context;
    }

    json Statement(const std::string& id, const SittingRow& s, json verb, json object, json context,
                   const std::string& timestamp, json result = nullptr) const {
        json st = {{"id", id},       {"version", "1.0.3"},        {"actor", Actor(s)},
                   {"verb", verb},   {"object", std::move(object)}, {"context", std::move(context)},
                   {"timestamp", timestamp}};
        if (!result.is_null()) st["result"] = std::move(result);
        return st;
    }

    json SittingObject(const SittingRow& s) const {
        return {{"objectType", "Activity"},
                {"id", PackActivity(s)},
                {"definition", {{"name", {{"en-GB", s.pack_id}}}, {"type", "http://adlnet.gov/expapi/activities/course"}}}};
    }
    json ModuleObject(const SittingRow& s, const std::string& module) const {
        return {{"objectType", "Activity"},
                {"id", ModuleActivity(s, module)},
                {"definition", {{"name", {{"en-GB", module}}}, {"type", "http://adlnet.gov/expapi/activities/module"}}}};
    }
};

const char* InteractionType(const std::string& question_type) {
    if (question_type == "truefalse") return "true-false";
    if (question_type == "order") return "sequencing";
    if (question_type == "choice") return "other";  // a branching choice, not a question
    return "choice";
}

// xAPI's response string for a choice: the option ids joined by "[,]".
std::string Response(const std::string& chosen) {
    std::string response;
    json options = json::parse(chosen, nullptr, false);
    if (options.is_array())
        for (const auto& option : options)
            if (option.is_string()) response += (response.empty() ? "" : "[,]") + option.get<std::string>();
    return response;
}

json CompletionResult(Builder& b, const CompletionRow& c) {
    return {{"completion", true},
            {"success", c.passed},
            {"score", {{"raw", c.points}, {"min", 0}, {"max", c.points_possible}, {"scaled", static_cast<double>(c.percent) / 100.0}}},
            {"duration", Duration(c.seconds)},
            {"extensions",
             {{b.Ext("percent"), c.percent}, {b.Ext("completion-code"), c.completion_code}, {b.Ext("end-scene"), c.end_scene}}}};
}

}  // namespace

std::string DerivedStatementId(const std::string& tag, const std::string& row_id) {
    if (sodium_init() < 0) return {};
    std::string input = tag + " " + row_id;
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

std::string ResultStatementId(const std::string& completion_id) { return DerivedStatementId("kiosk-report xapi result", completion_id); }

std::string SittingStartedStatement(const SittingRow& s, const MapOptions& options) {
    Builder b(options);
    return Dump(b.Statement(s.id, s, AdlVerb("initialized"), b.SittingObject(s), b.Context(s, "sitting-started"), s.started_at));
}

std::string SittingEndedStatement(const SittingRow& s, const MapOptions& options) {
    if (!s.ended_at || !s.outcome) return {};
    Builder b(options);
    json verb = *s.outcome == "abandoned" ? Verb(kAbandoned, "abandoned")
                : *s.outcome == "left"    ? AdlVerb("exited")
                                          : AdlVerb("terminated");
    json context = b.Context(s, "sitting-ended");
    context["extensions"][b.Ext("outcome")] = *s.outcome;
    return Dump(b.Statement(DerivedStatementId("sitting ended", s.id), s, verb, b.SittingObject(s), context, *s.ended_at));
}

std::string AnswerStatement(const AnswerRow& a, const SittingRow& s, const MapOptions& options) {
    Builder b(options);
    json object = {{"objectType", "Activity"},
                   {"id", b.ModuleActivity(s, a.module_id) + "/" + Segment(a.scene_id)},
                   {"definition",
                    {{"name", {{"en-GB", a.scene_id}}},
                     {"type", "http://adlnet.gov/expapi/activities/cmi.interaction"},
                     {"interactionType", InteractionType(a.question_type)}}}};
    json context = b.Context(s, "answer", a.module_id);
    context["extensions"][b.Ext("scene")] = a.scene_id;
    context["extensions"][b.Ext("question-type")] = a.question_type;
    json result = {{"success", a.correct},
                   {"response", Response(a.chosen)},
                   {"duration", Duration(a.seconds)},
                   {"extensions", {{b.Ext("chosen"), a.chosen}}}};
    return Dump(b.Statement(a.id, s, AdlVerb("answered"), object, context, a.answered_at, result));
}

std::vector<std::string> CompletionStatements(const CompletionRow& c, const SittingRow& s, const MapOptions& options) {
    Builder b(options);
    json object = b.ModuleObject(s, c.module_id);
    json result = CompletionResult(b, c);
    std::vector<std::string> out;
    out.push_back(Dump(b.Statement(c.id, s, AdlVerb("completed"), object, b.Context(s, "completion", c.module_id),
                                   c.completed_at, result)));
    out.push_back(Dump(b.Statement(ResultStatementId(c.id), s, AdlVerb(c.passed ? "passed" : "failed"), object,
                                   b.Context(s, "result", c.module_id), c.completed_at, result)));
    return out;
}

std::string SuspendedStatementId(const ResumeRow& p) {
    // Every field: two places saved in the same second (a quick answer after a scene) are two statements,
    // not one that silently drops the newer.
    return DerivedStatementId("resume point", p.staff_hash + " " + p.module_id + " " + p.saved_at + " " + p.scene_id + " " +
                                                  std::to_string(p.points) + " " + std::to_string(p.points_possible) + " " +
                                                  std::to_string(p.bonus) + " " + p.variables + " " +
                                                  std::to_string(p.film_ms) + " " + p.film_asked);
}

std::string SuspendedStatement(const ResumeRow& p, const SittingRow& s, const MapOptions& options) {
    if (options.actor != ActorKind::Pseudonymous || !s.staff_hash || *s.staff_hash != p.staff_hash) return {};
    Builder b(options);
    json variables = json::parse(p.variables, nullptr, false);
    json asked = json::parse(p.film_asked, nullptr, false);
    json point = {{"scene", p.scene_id},
                  {"points", p.points},
                  {"points-possible", p.points_possible},
                  {"bonus", p.bonus},
                  {"variables", variables.is_object() ? variables : json::object()},
                  {"seconds", p.seconds},
                  {"film-ms", p.film_ms},
                  {"film-asked", asked.is_array() ? asked : json::array()}};
    json result = {{"duration", Duration(p.seconds)}, {"extensions", {{b.Ext("resume-point"), point}}}};
    return Dump(b.Statement(SuspendedStatementId(p), s, AdlVerb("suspended"), b.ModuleObject(s, p.module_id),
                            b.Context(s, "resume-point", p.module_id), p.saved_at, result));
}

SharedProgress ReadSharedProgress(const std::string& text) {
    SharedProgress out;
    json st = json::parse(text, nullptr, false);
    if (!st.is_object()) return out;
    auto string_at = [](const json& j, const char* key) -> std::string {
        return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
    };
    const json& context = st.contains("context") ? st["context"] : json();
    if (string_at(context, "platform") != kPlatform) return out;
    const json& actor = st.contains("actor") ? st["actor"] : json();
    std::string name = string_at(actor.is_object() && actor.contains("account") ? actor["account"] : json(), "name");
    if (name.rfind("staff-", 0) != 0) return out;
    // Our extension IRIs all end in "/xapi/extensions/<name>"; the partnership's base comes before that.
    auto extension = [](const json& holder, const std::string& suffix) -> const json* {
        if (!holder.is_object() || !holder.contains("extensions") || !holder["extensions"].is_object()) return nullptr;
        for (const auto& [key, value] : holder["extensions"].items())
            if (key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0)
                return &value;
        return nullptr;
    };
    const json* module = extension(context, "/xapi/extensions/module");
    if (!module || !module->is_string()) return out;
    out.point.staff_hash = name.substr(6);
    out.point.module_id = module->get<std::string>();
    // As the records write times (seconds, "Z"), whatever precision or UTC offset spelling the LRS uses,
    // so times from here and from the records compare as text.
    out.point.saved_at = string_at(st, "timestamp");
    const std::string& t = out.point.saved_at;
    if (t.size() > 19 && t[10] == 'T' && (t.back() == 'Z' || t.ends_with("+00:00"))) out.point.saved_at = t.substr(0, 19) + "Z";
    const std::string verb = string_at(st.contains("verb") ? st["verb"] : json(), "id");
    if (verb == std::string(kAdlVerbs) + "completed") {
        out.kind = SharedProgress::Kind::Finished;
        return out;
    }
    if (verb != std::string(kAdlVerbs) + "suspended") return out;
    const json& result = st.contains("result") ? st["result"] : json();  // (a copy, kept alive by the reference)
    const json* point = extension(result, "/xapi/extensions/resume-point");
    if (!point || !point->is_object()) return out;
    auto number = [&](const char* key) -> std::int64_t {
        return point->contains(key) && (*point)[key].is_number_integer() ? (*point)[key].get<std::int64_t>() : 0;
    };
    out.point.scene_id = string_at(*point, "scene");
    out.point.points = number("points");
    out.point.points_possible = number("points-possible");
    out.point.bonus = number("bonus");
    out.point.seconds = number("seconds");
    out.point.film_ms = number("film-ms");
    out.point.variables = point->contains("variables") && (*point)["variables"].is_object() ? Dump((*point)["variables"]) : "{}";
    out.point.film_asked = point->contains("film-asked") && (*point)["film-asked"].is_array() ? Dump((*point)["film-asked"]) : "[]";
    out.point.sitting_id = string_at(context, "registration");
    if (!out.point.scene_id.empty()) out.kind = SharedProgress::Kind::Suspended;
    return out;
}

std::vector<std::string> AllStatements(const Records& records, const MapOptions& options) {
    std::map<std::string, std::vector<const AnswerRow*>> answers;
    std::map<std::string, std::vector<const CompletionRow*>> completions;
    for (const AnswerRow& a : records.answers) answers[a.sitting_id].push_back(&a);
    for (const CompletionRow& c : records.completions) completions[c.sitting_id].push_back(&c);
    std::vector<std::string> out;
    for (const SittingRow& s : records.sittings) {
        out.push_back(SittingStartedStatement(s, options));
        for (const AnswerRow* a : answers[s.id]) out.push_back(AnswerStatement(*a, s, options));
        for (const CompletionRow* c : completions[s.id])
            for (std::string& st : CompletionStatements(*c, s, options)) out.push_back(std::move(st));
        if (std::string end = SittingEndedStatement(s, options); !end.empty()) out.push_back(std::move(end));
    }
    return out;
}

}  // namespace kiosk::xapi
