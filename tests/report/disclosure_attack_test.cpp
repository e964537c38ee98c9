// An attack on the reports' disclosure control, the way the coordinator's trial broke the old one but
// stronger: many reports of the same records (whole period, each quarter and month, each region,
// partnership, agency and role), read as JSON, and every published figure turned into what it says
// for sure (a rounded count v means v-2..v+2; a listed group has at least K people; a kiosk in the
// kiosks list was used at least once). Then every sum the reader knows holds (parent = its children,
// all = its roles = its months = its modules, a half-year = a quarter + the rest, completions = passed
// + failed, sittings = the ways they ended, answers = right + wrong) is propagated over intervals until
// nothing narrows. A figure is recovered when its interval is one number; none may be a small group's
// or a count of 1..K-1. The same attack on the same reports with exact counts (the old way) must
// recover some, or this test could not fail. Every report is attacked alone and with every report
// inside or around it (pairs); each interval must hold the truth, or the attack itself is wrong.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "fixture_expect.h"
#include "report/formats.h"
#include "report/items.h"
#include "report/kiosks.h"
#include "report/summary.h"

namespace {

using namespace report_test;
using nlohmann::json;
constexpr std::int64_t kInf = std::numeric_limits<std::int64_t>::max() / 4;
constexpr int kK = 5;

// What a figure is about: an area ("" all, or "region:", "partnership:", "agency:", "kiosk:" + name),
// a role ("" all), a module or question ("" all) and a set of months.
struct Group {
    std::string area, role, topic;
    std::set<std::string> months;
    auto operator<=>(const Group&) const = default;
};
using Key = std::pair<Group, std::string>;  // the group and the measure ("sittings", "passed", ...)

struct Interval {
    std::int64_t lo = 0, hi = kInf;
};

struct Attacker {
    std::map<Key, Interval> known;
    std::vector<std::pair<Key, std::vector<Key>>> sums;  // total = sum of parts

    Interval& At(const Key& k) { return known.try_emplace(k).first->second; }
    void Narrow(const Key& k, std::int64_t lo, std::int64_t hi) {
        Interval& i = At(k);
        i.lo = std::max(i.lo, lo);
        i.hi = std::min(i.hi, hi);
    }
    void Sum(Key total, std::vector<Key> parts) {
        At(total);
        for (const Key& p : parts) At(p);
        sums.emplace_back(std::move(total), std::move(parts));
    }
    void Propagate() {
        // The sums over the intervals themselves (map nodes do not move), looked up once: the loop
        // below runs them many times over.
        std::vector<std::pair<Interval*, std::vector<Interval*>>> resolved;
        resolved.reserve(sums.size());
        for (const auto& [total, parts] : sums) {
            std::vector<Interval*> ps;
            ps.reserve(parts.size());
            for (const Key& p : parts) ps.push_back(&At(p));
            resolved.emplace_back(&At(total), std::move(ps));
        }
        for (bool changed = true; changed;) {
            changed = false;
            for (const auto& [total, parts] : resolved) {
                std::int64_t lo = 0, hi = 0;
                for (const Interval* p : parts) {
                    lo += p->lo;
                    hi = std::min(kInf, hi + p->hi);
                }
                Interval& t = *total;
                auto tighten = [&](Interval& i, std::int64_t new_lo, std::int64_t new_hi) {
                    if (new_lo > i.lo) i.lo = new_lo, changed = true;
                    if (new_hi < i.hi) i.hi = new_hi, changed = true;
                };
                tighten(t, lo, hi);
                for (Interval* p : parts) {
                    Interval& i = *p;
                    std::int64_t others_lo = lo - i.lo, others_hi = hi >= kInf || i.hi >= kInf ? kInf : hi - i.hi;
                    tighten(i, t.lo - (others_hi >= kInf ? kInf : others_hi), t.hi >= kInf ? kInf : t.hi - others_lo);
                }
            }
        }
    }
};

// The records, the truth the attacker is after.
struct Truth {
    const report::fixture::Dataset& data;
    // Looked up for every group the attack sees: each kiosk's four area names, and the sittings by month.
    std::vector<std::array<std::string, 4>> areas;
    std::map<std::string, std::vector<const report::fixture::Sitting*>> by_month;
    explicit Truth(const report::fixture::Dataset& d) : data(d) {
        for (const auto& k : data.kiosks)
            areas.push_back({"region:" + k.region, "partnership:" + k.partnership, "agency:" + k.agency, "kiosk:" + k.id});
        for (const auto& s : data.sittings) by_month[s.started_at.substr(0, 7)].push_back(&s);
    }
    bool In(const report::fixture::Sitting& s, const Group& g) const {
        const auto& names = areas[s.kiosk];
        bool area_ok = g.area.empty() || std::find(names.begin(), names.end(), g.area) != names.end();
        return area_ok && (g.role.empty() || g.role == s.role);
    }
    // Every measure of group `g` and its people, worked out once.
    struct Figures {
        std::map<std::string, std::int64_t> values;
        std::int64_t people = 0;
    };
    const Figures& Of(const Group& g) const {
        auto found = cache.find(g);
        if (found != cache.end()) return found->second;
        Figures f;
        std::set<std::string> people;
        using kiosk::core::SittingOutcome;
        for (const std::string& month : g.months) {
            auto in_month = by_month.find(month);
            if (in_month == by_month.end()) continue;
            for (const report::fixture::Sitting* sitting : in_month->second) {
            const report::fixture::Sitting& s = *sitting;
            if (!In(s, g)) continue;
            bool touched = g.topic.empty();
            ++f.values["sittings"];
            f.values["completed"] += s.outcome == SittingOutcome::Completed;
            f.values["idle_resets"] += s.outcome == SittingOutcome::Abandoned;
            f.values["left"] += s.outcome == SittingOutcome::Left;
            f.values["open"] += !s.outcome.has_value();
            for (const auto& c : s.completions)
                if (g.topic.empty() || g.topic == c.module) {
                    touched = true;
                    ++f.values["completions"];
                    ++f.values[c.passed ? "passed" : "failed"];
                }
            for (const auto& a : s.answers)
                if (g.topic == a.module + "/" + a.scene) {
                    touched = true;
                    ++f.values["answers"];
                    ++f.values[a.correct ? "correct" : "incorrect"];
                    for (const std::string& o : a.chosen) ++f.values["chosen:" + o];
                }
            if (touched) people.insert(Person(s));
            }
        }
        // A question's or module's people are those who answered or finished it.
        f.people = static_cast<std::int64_t>(people.size());
        return cache.emplace(g, std::move(f)).first->second;
    }
    std::int64_t People(const Group& g) const { return Of(g).people; }
    std::int64_t Value(const Key& key) const {
        const auto& values = Of(key.first).values;
        auto v = values.find(key.second);
        return v == values.end() ? 0 : v->second;
    }
    mutable std::map<Group, Figures> cache;
};

struct Scenario {
    report::fixture::Dataset data;
    std::string db;
    std::set<std::string> all_months, roles, modules;
    std::map<std::string, std::vector<std::string>> children;  // area -> its child areas
};

// One run of the reports under `filters`, as JSON; `months` is what its dates select.
struct Run {
    report::Filters filters;
    std::set<std::string> months;
    std::string area, role;
};

// What the attacker is given: the reports as published, or for the controls the same figures exact
// (the first way: exact counts, small groups marked) or rounded to the nearest 5 (the second: HESA's
// rounding, a figure within ±2).
enum class Release { Published, Exact, Nearest };

// Reads one run's published figures into the attacker.
void Read(Attacker& a, const Scenario& sc, const Truth& truth, const Run& run, Release release) {
    report::RecordsSource source = MustOpen({sc.db});
    report::ReportMeta meta = report::MakeMeta("summary", {sc.db}, "2024-07-01T00:00:00Z", run.filters);
    auto figure = [&](const Key& key, const json& value, bool listed_group) {
        if (release == Release::Exact) {
            if (truth.People(key.first) >= kK) {
                std::int64_t v = truth.Value(key);
                a.Narrow(key, v, v);
            }
            return;
        }
        if (value.is_null()) return;
        if (release == Release::Nearest) {
            std::int64_t v = (truth.Value(key) + 2) / 5 * 5;
            a.Narrow(key, std::max<std::int64_t>(0, v - 2), v + 2);
        } else {  // randomly rounded: a published v is v-4..v+4
            std::int64_t v = value.get<std::int64_t>();
            a.Narrow(key, std::max<std::int64_t>(0, v - 4), v + 4);
        }
        if (listed_group && key.second == "sittings") a.Narrow(key, kK, kInf);
    };
    // A row's area within a run filtered to an area is the narrower of the two (a region's row in a
    // partnership's run covers that partnership).
    auto rank = [](const std::string& area) {
        int r = 0;
        for (const char* level : {"region:", "partnership:", "agency:", "kiosk:"}) {
            ++r;
            if (area.rfind(level, 0) == 0) return r;
        }
        return 0;
    };
    auto group = [&](std::string area, std::string role, std::string topic, std::set<std::string> months) {
        return Group{rank(area) > rank(run.area) ? area : run.area, role.empty() ? run.role : role, std::move(topic),
                     std::move(months)};
    };
    // The summary.
    json s = json::parse(report::RenderJson(std::get<report::SummaryReport>(report::Summarise(source.Db(), run.filters)), meta));
    auto outcomes = [&](const Group& g, const json& row) {
        for (const char* m : {"sittings", "completions", "passed", "failed"})
            if (row.contains(m)) figure({g, m}, row[m], true);
        a.Sum({g, "completions"}, {{g, "passed"}, {g, "failed"}});
    };
    for (const json& row : s["rollup"]) {
        std::string level = row["level"], area;
        if (level != "national") area = level + ":" + row[level == "kiosk" ? "kiosk" : level].get<std::string>();
        outcomes(group(area, "", "", run.months), row);
    }
    for (const json& row : s["by_role"]) outcomes(group("", row["role"], "", run.months), row);
    for (const json& row : s["by_module"]) outcomes(group("", "", row["module"], run.months), row);
    for (const json& row : s["by_period"]) outcomes(group("", "", "", {row["period"].get<std::string>()}), row);
    // The kiosks list: every kiosk used in the window is named, so it was used at least once.
    json k = json::parse(report::RenderJson(std::get<report::KiosksReport>(report::ListKiosks(source.Db(), run.filters)), meta));
    for (const json& row : k["kiosks"]) {
        Group g = group("kiosk:" + row["kiosk"].get<std::string>(), "", "", run.months);
        a.Narrow({g, "sittings"}, 1, kInf);
        for (const char* m : {"sittings", "completed", "idle_resets", "left", "open"})
            if (row.contains(m)) figure({g, m}, row[m], false);
        a.Sum({g, "sittings"}, {{g, "completed"}, {g, "idle_resets"}, {g, "left"}, {g, "open"}});
    }
    // The item analysis: each question, its role and region slices.
    json items = json::parse(report::RenderJson(std::get<report::ItemsReport>(report::AnalyseItems(source.Db(), run.filters)), meta));
    for (const json& item : items["items"]) {
        std::string topic = item["module"].get<std::string>() + "/" + item["question"].get<std::string>();
        auto stats = [&](const Group& g, const json& row) {
            for (const char* m : {"answers", "correct", "incorrect"})
                if (row.contains(m)) figure({g, m}, row[m], false);
            a.Sum({g, "answers"}, {{g, "correct"}, {g, "incorrect"}});
        };
        Group all = group("", "", topic, run.months);
        stats(all, item);
        // Each option's count; in a one-answer question they add up to the answers.
        std::vector<Key> options;
        for (const json& o : item["options"]) {
            Key key{all, "chosen:" + o["option"].get<std::string>()};
            figure(key, o["chosen"], false);
            options.push_back(key);
        }
        std::string type = item["type"];
        if ((type == "single" || type == "truefalse") && !options.empty()) a.Sum({all, "answers"}, options);
        for (const json& slice : item["by_role"]) stats(group("", slice["role"], topic, run.months), slice);
        for (const json& slice : item["by_region"])
            stats(group("region:" + slice["region"].get<std::string>(), "", topic, run.months), slice);
    }
}

// Every sum a reader knows holds between the groups the attacker has seen.
void AddSums(Attacker& a, const Scenario& sc) {
    std::set<Key> seen;
    for (const auto& [key, interval] : a.known) seen.insert(key);
    for (const auto& [g, measure] : seen) {
        // Down the area hierarchy, over roles, over months.
        if (auto c = sc.children.find(g.area); c != sc.children.end()) {
            std::vector<Key> parts;
            for (const std::string& child : c->second) parts.push_back({Group{child, g.role, g.topic, g.months}, measure});
            a.Sum({g, measure}, parts);
        }
        if (g.role.empty()) {
            std::vector<Key> parts;
            for (const std::string& role : sc.roles) parts.push_back({Group{g.area, role, g.topic, g.months}, measure});
            a.Sum({g, measure}, parts);
        }
        if (g.topic.empty() && (measure == "completions" || measure == "passed" || measure == "failed")) {
            std::vector<Key> parts;
            for (const std::string& m : sc.modules) parts.push_back({Group{g.area, g.role, m, g.months}, measure});
            a.Sum({g, measure}, parts);
        }
        if (g.months.size() > 1) {
            std::vector<Key> parts;
            for (const std::string& m : g.months) parts.push_back({Group{g.area, g.role, g.topic, {m}}, measure});
            a.Sum({g, measure}, parts);
        }
    }
    // A longer period = a shorter one inside it + the rest (half-year minus quarter). Only figures of
    // the same group and measure pair up, so they are bucketed first.
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::vector<const Key*>> buckets;
    for (const Key& key : seen) buckets[{key.first.area, key.first.role, key.first.topic, key.second}].push_back(&key);
    for (const auto& [bucket, keys] : buckets)
        for (const Key* outer : keys)
            for (const Key* inner : keys) {
                const auto& [g, measure] = *outer;
                const Group& h = inner->first;
                if (h.months.size() >= g.months.size() || !std::includes(g.months.begin(), g.months.end(), h.months.begin(), h.months.end()))
                    continue;
                std::set<std::string> rest;
                std::set_difference(g.months.begin(), g.months.end(), h.months.begin(), h.months.end(), std::inserter(rest, rest.end()));
                a.Sum({g, measure}, {{h, measure}, {Group{g.area, g.role, g.topic, rest}, measure}});
            }
}

Scenario Tempting(const TempDir& dir, std::uint64_t seed) {
    Scenario sc;
    report::fixture::Options o = StandardOptions();
    o.kiosks = 32;  // two kiosks per agency: an agency minus its big kiosk is its small one
    o.seed = seed;
    sc.data = report::fixture::Generate(o);
    // One person sits five times at kiosk 7: five sittings, one person.
    int n = 0;
    for (auto& s : sc.data.sittings)
        if (s.kiosk == 7 && n < 5) s.staff_hash = std::string(64, 'b'), ++n;
    sc.db = dir.File("records.db");
    WriteData(sc.db, sc.data);
    for (const auto& s : sc.data.sittings) {
        sc.all_months.insert(s.started_at.substr(0, 7));
        sc.roles.insert(s.role);
        for (const auto& c : s.completions) sc.modules.insert(c.module);
    }
    for (const auto& k : sc.data.kiosks) {
        auto add = [&](const std::string& parent, const std::string& child) {
            auto& list = sc.children[parent];
            if (std::find(list.begin(), list.end(), child) == list.end()) list.push_back(child);
        };
        add("", "region:" + k.region);
        add("region:" + k.region, "partnership:" + k.partnership);
        add("partnership:" + k.partnership, "agency:" + k.agency);
        add("agency:" + k.agency, "kiosk:" + k.id);
    }
    return sc;
}

std::vector<Run> Runs(const Scenario& sc) {
    std::vector<Run> runs{{{}, sc.all_months, "", ""}};
    std::vector<std::string> months(sc.all_months.begin(), sc.all_months.end());
    auto dated = [&](std::size_t from, std::size_t to) {
        Run r{{}, {months.begin() + static_cast<long>(from), months.begin() + static_cast<long>(to) + 1}, "", ""};
        r.filters.from = months[from] + "-01";
        r.filters.to = months[to] + "-31";
        return r;
    };
    for (std::size_t q = 0; q + 2 < months.size(); q += 3) runs.push_back(dated(q, q + 2));
    for (std::size_t m = 0; m < months.size(); ++m) runs.push_back(dated(m, m));
    runs.push_back(dated(0, months.size() - 2));  // all but the last month
    std::set<std::string> seen;
    for (const auto& k : sc.data.kiosks) {
        if (seen.insert(k.region).second) runs.push_back({{}, sc.all_months, "region:" + k.region, ""}), runs.back().filters.region = {k.region};
        if (seen.insert(k.partnership).second)
            runs.push_back({{}, sc.all_months, "partnership:" + k.partnership, ""}), runs.back().filters.partnership = {k.partnership};
        if (seen.insert(k.agency).second) runs.push_back({{}, sc.all_months, "agency:" + k.agency, ""}), runs.back().filters.agency = {k.agency};
    }
    for (const std::string& role : sc.roles) runs.push_back({{}, sc.all_months, "", role}), runs.back().filters.role = {role};
    return runs;
}

// The figures pinned to one number that must not be: a small group's, or a count of 1..K-1.
// `quiet`: the control is running; its (many) finds are not printed.
int Recovered(Attacker& a, const Truth& truth, int& sound, bool quiet) {
    int recovered = 0;
    sound = 0;
    for (const auto& [key, i] : a.known) {
        std::int64_t v = truth.Value(key);
        CHECK_MESSAGE((i.lo <= v && v <= i.hi), "the attack's own reasoning is wrong for ", key.first.area, " ",
                      key.first.role, " ", key.first.topic, " ", key.second);
        sound += i.lo <= v && v <= i.hi;
        std::int64_t people = truth.People(key.first);
        // A group of no one pinned at 0 tells nothing about anybody.
        if (i.lo == i.hi && ((v > 0 && v < kK) || (people > 0 && people < kK))) {
            if (++recovered <= 3 && !quiet)
                MESSAGE("recovered " << key.first.area << " | " << key.first.role << " | " << key.first.topic << " | "
                                     << *key.first.months.begin() << "+" << key.first.months.size() << " " << key.second
                                     << " = " << v << " (" << people << " people)");
        }
    }
    return recovered;
}

// Whether run `inner` selects a subset of what run `outer` selects: the pairs a reader subtracts
// (half-year minus quarter, partnership minus agency, everyone minus one role).
bool Inside(const Run& inner, const Run& outer, const Scenario& sc) {
    if (!std::includes(outer.months.begin(), outer.months.end(), inner.months.begin(), inner.months.end())) return false;
    if (!outer.role.empty() && outer.role != inner.role) return false;
    if (outer.area.empty() || outer.area == inner.area) return true;
    for (const std::string& child : sc.children.at(outer.area))  // two levels down is enough here
        if (child == inner.area ||
            (sc.children.count(child) && std::find(sc.children.at(child).begin(), sc.children.at(child).end(), inner.area) !=
                                             sc.children.at(child).end()))
            return true;
    return false;
}

// Attacks every report alone and every pair of reports one inside the other; the figures recovered.
int AttackPairs(const Scenario& sc, const Truth& truth, const std::vector<Run>& runs, Release release, int& pairs) {
    std::vector<Attacker> read(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) Read(read[i], sc, truth, runs[i], release);
    int recovered = 0;
    pairs = 0;
    for (std::size_t i = 0; i < runs.size(); ++i)
        for (std::size_t j = i; j < runs.size(); ++j) {
            if (j != i && !Inside(runs[j], runs[i], sc) && !Inside(runs[i], runs[j], sc)) continue;
            ++pairs;
            Attacker a = read[i];
            if (j != i)
                for (const auto& [key, interval] : read[j].known) a.Narrow(key, interval.lo, interval.hi);
            AddSums(a, sc);
            a.Propagate();
            int sound = 0;
            recovered += Recovered(a, truth, sound, release != Release::Published);
            CHECK(sound == static_cast<int>(a.known.size()));
        }
    return recovered;
}

}  // namespace

// The seeds of the fixture to attack: 7 and 11, or ATTACK_SEEDS="FIRST LAST" to try a range.
std::vector<std::uint64_t> Seeds() {
    std::uint64_t first = 0, last = 0;
    if (const char* range = std::getenv("ATTACK_SEEDS"); range && std::sscanf(range, "%lu %lu", &first, &last) == 2) {
        std::vector<std::uint64_t> seeds;
        for (std::uint64_t seed = first; seed <= last; ++seed) seeds.push_back(seed);
        return seeds;
    }
    return {7, 11};
}

TEST_CASE("disclosure attack: sums and table differences and differences of filtered reports recover nothing small") {
    for (std::uint64_t seed : Seeds()) {
        CAPTURE(seed);
        TempDir dir;
        Scenario sc = Tempting(dir, seed);
        Truth truth(sc.data);
        std::vector<Run> runs = Runs(sc);
        REQUIRE(runs.size() > 25);

        // The controls, so the attack is shown able to find what it looks for (one per seed: each
        // attack takes seconds): the same reports with exact counts for every listed group (the first
        // way) give thousands of small figures away; rounded to the nearest 5 (HESA's way, the second),
        // dozens on most seeds (on seed 7, none; on seed 11, 76).
        int pairs = 0;
        const bool exact_control = seed == 7;
        int control = AttackPairs(sc, truth, runs, exact_control ? Release::Exact : Release::Nearest, pairs);
        int published = AttackPairs(sc, truth, runs, Release::Published, pairs);
        MESSAGE("seed " << seed << ", " << pairs << " reports and pairs: small figures recovered from "
                        << std::string(exact_control ? "exact counts " : "counts rounded to the nearest 5 ") << control
                        << ", from the reports " << published);
        CHECK(pairs > 100);
        if (exact_control) CHECK(control >= 1000);
        if (seed == 11) CHECK(control >= 20);
        // None. Measured on the way: printing every part of a total (failed, wrong, open) gave 80 on
        // seed 7 with nearest rounding; without them, 14: zeros of one kiosk's few social-care staff in
        // single months (the kiosks list for one role split its sittings by how they ended) and option
        // counts of a one-answer question for one role (its options add up to its answers), both since
        // left out of reports for a subgroup. That still left dozens on other seeds (module passes of 2
        // to 4 in groups of 5 to 20 people, where several figures sat at the ends of their ±2), which
        // random rounding's ±4 closes: seeds 2 to 13 all give 0 (README, "Disclosure control").
        CHECK(published == 0);
    }
}
