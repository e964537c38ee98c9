// RecordsFromStatements (statements.h): the records rebuilt from statements this mapping made, as
// kiosk-report pull reads them back from a learning record store. A statement is ours when its context
// says platform "msht-kiosk" and has a ".../xapi/extensions/record" extension; the other extensions are
// read under the same base, so statements of many partnerships (each with its own base) mix safely.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "xapi/statements.h"

namespace kiosk::xapi {

using nlohmann::json;

namespace {

constexpr std::string_view kRecordSuffix = "/xapi/extensions/record";

// Safe reads of a statement from anywhere: a missing key or a value of another type reads as empty.
const json& At(const json& j, const char* key) {
    static const json kNull;
    if (!j.is_object()) return kNull;
    auto it = j.find(key);
    return it == j.end() ? kNull : *it;
}
std::string Str(const json& j, const char* key) {
    const json& v = At(j, key);
    return v.is_string() ? v.get<std::string>() : std::string();
}
std::int64_t Int(const json& j, const char* key) {
    const json& v = At(j, key);
    return v.is_number_integer() ? v.get<std::int64_t>() : 0;
}
bool Bool(const json& j, const char* key) {
    const json& v = At(j, key);
    return v.is_boolean() && v.get<bool>();
}

// Reads one statement of ours; false when it is not ours or lacks what it should have.
class Reader {
public:
    explicit Reader(const json& st) : m_st(st) {}

    bool Ours() {
        const json& context = At(m_st, "context");
        if (Str(context, "platform") != "msht-kiosk" || !At(context, "extensions").is_object()) return false;
        for (auto& [key, value] : At(context, "extensions").items()) {
            if (key.size() > kRecordSuffix.size() && key.ends_with(kRecordSuffix) && value.is_string()) {
                m_prefix = key.substr(0, key.size() - std::string_view("record").size());
                m_record = value.get<std::string>();
                return true;
            }
        }
        return false;
    }
    const std::string& Record() const { return m_record; }

    std::string Text(const json& where, const char* name) const { return Str(where, (m_prefix + name).c_str()); }
    std::int64_t Number(const json& where, const char* name) const { return Int(where, (m_prefix + name).c_str()); }
    const json& Ext() const { return At(At(m_st, "context"), "extensions"); }
    const json& Result() const { return At(m_st, "result"); }
    const json& ResultExt() const { return At(Result(), "extensions"); }
    std::string Field(const char* name) const { return Str(m_st, name); }

    SittingRow Sitting() const {
        SittingRow s;
        s.id = Str(At(m_st, "context"), "registration");
        s.kiosk_id = Text(Ext(), "kiosk");
        s.site_id = Text(Ext(), "site");
        s.agency = Text(Ext(), "agency");
        s.region = Text(Ext(), "region");
        s.partnership = Text(Ext(), "partnership");
        s.role = Text(Ext(), "role-category");
        s.language = Text(Ext(), "language");
        s.pack_id = Text(Ext(), "pack-id");
        s.pack_version = Number(Ext(), "pack-version");
        s.pack_hash = Text(Ext(), "pack-hash");
        s.started_at = Text(Ext(), "sitting-started-at");
        std::string name = Str(At(At(m_st, "actor"), "account"), "name");
        if (name.rfind("staff-", 0) == 0) s.staff_hash = name.substr(6);
        return s;
    }

    std::int64_t Seconds() const {
        std::string d = Str(Result(), "duration");
        if (d.size() < 4 || d.rfind("PT", 0) != 0 || d.back() != 'S') return 0;
        return std::strtoll(d.c_str() + 2, nullptr, 10);
    }

private:
    const json& m_st;
    std::string m_prefix, m_record;
};

template <typename Row>
void Keep(std::map<std::string, Row>& rows, Row row, const char* what, std::vector<std::string>& problems) {
    auto [it, inserted] = rows.emplace(row.id, row);
    if (!inserted && !(it->second == row))
        problems.push_back(std::string(what) + " " + row.id + " comes in two different versions; kept the first");
}

}  // namespace

Rebuilt RecordsFromStatements(const std::vector<std::string>& statements) {
    Rebuilt out;
    std::map<std::string, SittingRow> sittings;
    std::map<std::string, std::pair<std::string, std::string>> ends;  // sitting id -> ended_at, outcome
    std::map<std::string, AnswerRow> answers;
    std::map<std::string, CompletionRow> completions;
    for (const std::string& text : statements) {
        json st = json::parse(text, nullptr, false);
        Reader r(st);
        if (st.is_discarded() || !r.Ours()) {
            ++out.others;
            continue;
        }
        ++out.ours;
        SittingRow sitting = r.Sitting();
        if (sitting.id.empty()) {
            out.problems.push_back("statement " + r.Field("id") + " has no registration (sitting id)");
            continue;
        }
        auto known = sittings.find(sitting.id);
        if (known == sittings.end()) {
            sittings.emplace(sitting.id, sitting);
        } else if (!(known->second == sitting)) {
            out.problems.push_back("sitting " + sitting.id + " is described two different ways; kept the first");
        }
        const std::string& record = r.Record();
        if (record == "sitting-ended") {
            ends[sitting.id] = {r.Field("timestamp"), r.Text(r.Ext(), "outcome")};
        } else if (record == "answer") {
            AnswerRow a{r.Field("id"),
                        sitting.id,
                        r.Text(r.Ext(), "module"),
                        r.Text(r.Ext(), "scene"),
                        r.Text(r.Ext(), "question-type"),
                        r.Text(r.ResultExt(), "chosen"),
                        Bool(r.Result(), "success"),
                        r.Seconds(),
                        r.Field("timestamp")};
            Keep(answers, a, "answer", out.problems);
        } else if (record == "completion") {
            const json& score = At(r.Result(), "score");
            CompletionRow c{r.Field("id"),
                            sitting.id,
                            r.Text(r.Ext(), "module"),
                            Int(score, "raw"),
                            Int(score, "max"),
                            r.Number(r.ResultExt(), "percent"),
                            Bool(r.Result(), "success"),
                            r.Text(r.ResultExt(), "completion-code"),
                            r.Text(r.ResultExt(), "end-scene"),
                            r.Seconds(),
                            r.Field("timestamp")};
            Keep(completions, c, "completion", out.problems);
        }
        // "sitting-started" carries only the sitting; "result" repeats its completion.
    }
    for (auto& [id, sitting] : sittings) {
        if (auto end = ends.find(id); end != ends.end()) {
            sitting.ended_at = end->second.first;
            sitting.outcome = end->second.second;
        }
        out.records.sittings.push_back(sitting);
    }
    for (auto& [id, a] : answers) out.records.answers.push_back(a);
    for (auto& [id, c] : completions) out.records.completions.push_back(c);
    auto by_start = [](const SittingRow& a, const SittingRow& b) { return std::tie(a.started_at, a.id) < std::tie(b.started_at, b.id); };
    std::sort(out.records.sittings.begin(), out.records.sittings.end(), by_start);
    std::sort(out.records.answers.begin(), out.records.answers.end(),
              [](const AnswerRow& a, const AnswerRow& b) { return std::tie(a.answered_at, a.id) < std::tie(b.answered_at, b.id); });
    std::sort(out.records.completions.begin(), out.records.completions.end(), [](const CompletionRow& a, const CompletionRow& b) {
        return std::tie(a.completed_at, a.id) < std::tie(b.completed_at, b.id);
    });
    return out;
}

}  // namespace kiosk::xapi
