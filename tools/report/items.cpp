// AnalyseItems (items.h): the selected sittings (SittingIndex), the module scores grouped by sitting,
// then a sequential scan of the answers joined to both and tallied by question, role, region and
// option, then the disclosure rules (disclosure.h). Each scan is split into row ranges read by threads at once when
// the table is big (split_scan.h; each range with its own connection and tallies, added up in row
// order after); every sum is an integer, so the figures do not depend on the split.
//
// [SECTION] Tallies
// [SECTION] Scanning the answers
// [SECTION] AnalyseItems
// [SECTION] Question text from a content pack
#include "report/items.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>
#include <unordered_map>

#include "core/util/one_line.h"
#include "core/pack/pack_io.h"
#include "report/fast_query.h"
#include "report/sitting_index.h"
#include "report/split_scan.h"

namespace report {

using kiosk::core::Database;

namespace {

// [SECTION] Tallies

constexpr const char* kAnswersSql =
    "SELECT sitting_id, module_id, scene_id, question_type, chosen, correct FROM r_answers "
    "WHERE question_type <> 'choice' AND (?1 = '[]' OR module_id IN (SELECT value FROM json_each(?1))) AND answer_row "
    "BETWEEN ?2 AND ?3";
// Two subqueries: min() and max() together in one SELECT would scan a whole index for them.
constexpr const char* kAnswerRows =
    "SELECT (SELECT min(answer_row) FROM r_answers), (SELECT max(answer_row) FROM r_answers)";
constexpr const char* kScoresSql =
    "SELECT sitting_id, module_id, percent FROM r_completions WHERE (?1 = '[]' OR module_id IN (SELECT value FROM "
    "json_each(?1))) "
    "AND completion_row BETWEEN ?2 AND ?3";
constexpr const char* kCompletionRows =
    "SELECT (SELECT min(completion_row) FROM r_completions), (SELECT max(completion_row) FROM r_completions)";

using ItemKey = std::tuple<std::string, std::string, std::string>;  // module, scene, question type

// Transparent hashing, so a view into SQLite's buffer finds an entry without allocating.
struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class T>
using StringMap = std::unordered_map<std::string, T, Hash, std::equal_to<>>;

// Counts with the cell keys of their answers (disclosure.h): wrong answers' key is the answers' less the
// right ones'.
struct Counts {
    std::int64_t answers = 0, correct = 0;
    std::uint64_t answers_key = 0, correct_key = 0;
    PeopleCount people;  // who answered
    void Add(const Counts& o) {
        answers += o.answers;
        correct += o.correct;
        answers_key += o.answers_key;
        correct_key += o.correct_key;
        people.Add(o.people);
    }
};

struct OptionTally {
    std::int64_t chosen = 0, chosen_when_wrong = 0;
    std::uint64_t chosen_key = 0, chosen_when_wrong_key = 0;
};

// Sums for the point-biserial correlation of x = correct (0/1) with y = module percent (0..100).
struct Moments {
    std::int64_t n = 0, x = 0, y = 0, xy = 0, yy = 0;
};

struct ItemTally {
    Counts all;
    std::vector<Counts> roles, regions, agencies;  // by SittingIndex role number, region number, agency number
    std::map<std::string, OptionTally> options;
    // Each distinct "chosen" JSON array seen for this item -> the tallies of the options in it, so an
    // answer costs one lookup rather than a JSON parse and a map lookup per option.
    StringMap<std::vector<OptionTally*>> chosen;
    Moments moments;
    std::uint32_t module = 0;  // its module's number for the score lookup (kNoScores: none finished)
    std::uint64_t topic_key = 0;  // the question's part of its answers' record keys
};

constexpr std::uint32_t kNoScores = std::numeric_limits<std::uint32_t>::max();

// One thread's tallies. Items are found by scene id, then module and type among the (usually one)
// items of that scene.
struct Tallies {
    std::map<ItemKey, ItemTally> items;
    StringMap<std::vector<std::pair<const ItemKey*, ItemTally*>>> by_scene;
    std::string error;

    // Adds `other`'s counts (a thread's) into these.
    void Add(Tallies& other) {
        for (auto& [key, from] : other.items) {
            auto [it, added] = items.try_emplace(key);
            ItemTally& to = it->second;
            if (added) {
                to.roles.resize(from.roles.size());
                to.regions.resize(from.regions.size());
                to.agencies.resize(from.agencies.size());
                to.module = from.module;
                to.topic_key = from.topic_key;
            }
            to.all.Add(from.all);
            for (std::size_t i = 0; i < from.roles.size(); ++i) to.roles[i].Add(from.roles[i]);
            for (std::size_t i = 0; i < from.regions.size(); ++i) to.regions[i].Add(from.regions[i]);
            for (std::size_t i = 0; i < from.agencies.size(); ++i) to.agencies[i].Add(from.agencies[i]);
            for (const auto& [option, o] : from.options) {
                OptionTally& t = to.options[option];
                t.chosen += o.chosen;
                t.chosen_when_wrong += o.chosen_when_wrong;
                t.chosen_key += o.chosen_key;
                t.chosen_when_wrong_key += o.chosen_when_wrong_key;
            }
            Moments& m = to.moments;
            m.n += from.moments.n;
            m.x += from.moments.x;
            m.y += from.moments.y;
            m.xy += from.moments.xy;
            m.yy += from.moments.yy;
        }
    }
};

// Module percents of the selected sittings, grouped by sitting (counting sort of the scan): a sitting
// finishes one module or two, so finding one is a short linear look instead of a hash lookup per answer.
class Scores {
public:
    void Add(std::uint32_t sitting, std::uint32_t module, std::int64_t percent) {
        m_rows.push_back(Row{sitting, module, percent});
    }
    void Group(std::size_t sittings) {
        m_first.assign(sittings + 1, 0);
        for (const Row& r : m_rows) ++m_first[r.sitting + 1];
        for (std::size_t i = 1; i <= sittings; ++i) m_first[i] += m_first[i - 1];
        std::vector<std::uint32_t> next(m_first.begin(), m_first.end() - 1);
        m_grouped.resize(m_rows.size());
        for (const Row& r : m_rows) m_grouped[next[r.sitting]++] = r;  // stable: scan order kept
        m_rows.clear();
        m_rows.shrink_to_fit();
    }
    // The percent sitting `sitting` scored in module `module` (the last one recorded), or nullptr.
    const std::int64_t* Find(std::uint32_t sitting, std::uint32_t module) const {
        const std::int64_t* found = nullptr;
        for (std::uint32_t i = m_first[sitting]; i < m_first[sitting + 1]; ++i)
            if (m_grouped[i].module == module) found = &m_grouped[i].percent;
        return found;
    }

private:
    struct Row {
        std::uint32_t sitting, module;
        std::int64_t percent;
    };
    std::vector<Row> m_rows, m_grouped;
    std::vector<std::uint32_t> m_first;  // sitting i's rows are m_grouped[m_first[i] .. m_first[i + 1])
};

// The published figures of a listed question or slice: rounded counts, and the facility from them.
ItemStats Published(const Counts& c) {
    ItemStats s;
    s.answers = LearnerCount(c.answers, c.answers_key);
    s.correct = LearnerCount(c.correct, c.correct_key);
    s.incorrect = LearnerCount(c.answers - c.correct, c.answers_key - c.correct_key);
    for (Cell* cell : {&s.answers, &s.correct, &s.incorrect}) Publish(*cell);
    s.facility = PublishedRate(s.correct, s.answers);
    return s;
}

std::optional<double> PointBiserial(const Moments& m, std::int64_t people, int min_cell) {
    if (!AverageShown(m.n, min_cell) || !AverageShown(people, min_cell)) return std::nullopt;
    // Exact integers up to here (n * yy < 2^63 for any realistic n); doubles only for the product.
    auto covariance = static_cast<double>(m.n * m.xy - m.x * m.y);
    double spread = static_cast<double>(m.n * m.x - m.x * m.x) * static_cast<double>(m.n * m.yy - m.y * m.y);  // x*x = x
    if (spread <= 0) return std::nullopt;  // everyone right (or wrong), or every score the same
    return covariance / std::sqrt(spread);
}

// [SECTION] Scanning the answers

// What every scanning thread reads and nobody changes.
struct ScanContext {
    const SittingIndex& index;
    const std::vector<std::uint32_t>& area_region;  // area number -> region number
    std::size_t regions = 0;
    const std::vector<std::uint32_t>& area_agency;  // area number -> agency number (by name)
    std::size_t agencies = 0;
    const Scores& scores;
    const StringMap<std::uint32_t>& module_numbers;
    const std::string& module_filter;  // FilterValues::Json()
};

// Tallies the answers with rows in [first, last] read through `db` into `out`.
void ScanAnswers(Database& db, const ScanContext& ctx, std::int64_t first, std::int64_t last, Tallies& out) {
    FastQuery q;
    if (auto e = q.Prepare(db, kAnswersSql)) {
        out.error = "cannot read the records (" + *e + ")";
        return;
    }
    q.Bind(1, ctx.module_filter);
    q.Bind(2, first);
    q.Bind(3, last);
    SittingLookup sittings(ctx.index);
    while (q.Step()) {
        std::int64_t i = sittings.Find(q.Text(0));
        if (i < 0) continue;
        const SittingInfo& sitting = ctx.index.Sittings()[static_cast<std::size_t>(i)];
        std::string_view module = q.Text(1), scene = q.Text(2), type = q.Text(3);
        ItemTally* found = nullptr;
        auto candidates = out.by_scene.find(scene);
        if (candidates != out.by_scene.end())
            for (auto [key, t] : candidates->second)
                if (std::get<0>(*key) == module && std::get<2>(*key) == type) {
                    found = t;
                    break;
                }
        if (!found) {
            auto [it, added] = out.items.try_emplace(ItemKey{std::string(module), std::string(scene), std::string(type)});
            found = &it->second;
            found->roles.resize(ctx.index.Roles().size());
            found->regions.resize(ctx.regions);
            found->agencies.resize(ctx.agencies);
            auto number = ctx.module_numbers.find(module);
            found->module = number == ctx.module_numbers.end() ? kNoScores : number->second;
            found->topic_key = TextKey(std::string(module) + "/" + std::string(scene));
            if (candidates == out.by_scene.end()) candidates = out.by_scene.try_emplace(std::string(scene)).first;
            candidates->second.emplace_back(&it->first, found);
        }
        ItemTally& t = *found;
        bool correct = q.Int(5) != 0;
        std::uint64_t key = RecordKey(sitting.key, t.topic_key);
        for (Counts* c : {&t.all, &t.roles[sitting.role], &t.regions[ctx.area_region[sitting.area]],
                          &t.agencies[ctx.area_agency[sitting.area]]}) {
            c->answers += 1;
            c->answers_key += key;
            if (correct) c->correct += 1, c->correct_key += key;
            c->people.Add(sitting.person);
        }
        std::string_view chosen = q.Text(4);
        auto options = t.chosen.find(chosen);
        if (options == t.chosen.end()) {
            std::vector<OptionTally*> tallied;
            // The schema only promises "[...]"; anything that is not an array of strings counts as no options.
            nlohmann::json array = nlohmann::json::parse(chosen, nullptr, false);
            if (array.is_array())
                for (const auto& option : array)
                    if (option.is_string()) tallied.push_back(&t.options[option.get<std::string>()]);
            options = t.chosen.emplace(std::string(chosen), std::move(tallied)).first;
        }
        for (OptionTally* o : options->second) {
            o->chosen += 1;
            o->chosen_key += key;
            if (!correct) o->chosen_when_wrong += 1, o->chosen_when_wrong_key += key;
        }
        if (t.module == kNoScores) continue;
        if (const std::int64_t* score = ctx.scores.Find(static_cast<std::uint32_t>(i), t.module)) {
            std::int64_t x = correct ? 1 : 0, y = *score;
            Moments& m = t.moments;
            m.n += 1;
            m.x += x;
            m.y += y;
            m.xy += x * y;
            m.yy += y * y;
        }
    }
    if (!q.Error().empty()) out.error = "cannot read the records (SQLite: " + q.Error() + ")";
}

// The smallest and largest rowid that `sql` (two subqueries) finds; false and `error` set on failure.
bool RowRange(Database& db, const char* sql, std::int64_t& first, std::int64_t& last, std::string& error) {
    first = 0;
    last = -1;
    FastQuery q;
    if (auto e = q.Prepare(db, sql)) {
        error = "cannot read the records (" + *e + ")";
        return false;
    }
    if (q.Step() && !q.IsNull(0)) {
        first = q.Int(0);
        last = q.Int(1);
    }
    if (!q.Error().empty()) error = "cannot read the records (SQLite: " + q.Error() + ")";
    return error.empty();
}

// One row range's finished modules, in row order: the sitting's position, the module's number in
// `modules`, the percent.
struct ScorePart {
    std::vector<std::tuple<std::uint32_t, std::uint32_t, std::int64_t>> rows;
    std::vector<std::string> modules;
    std::string error;
};

void ScanScores(Database& db, const SittingIndex& index, const std::string& module_filter, std::int64_t first,
                std::int64_t last, ScorePart& out) {
    SittingLookup sittings(index);
    StringMap<std::uint32_t> numbers;
    FastQuery q;
    if (auto e = q.Prepare(db, kScoresSql)) {
        out.error = "cannot read the records (" + *e + ")";
        return;
    }
    q.Bind(1, module_filter);
    q.Bind(2, first);
    q.Bind(3, last);
    while (q.Step()) {
        std::int64_t i = sittings.Find(q.Text(0));
        if (i < 0) continue;
        std::string_view module = q.Text(1);
        auto it = numbers.find(module);
        if (it == numbers.end()) {
            it = numbers.emplace(std::string(module), static_cast<std::uint32_t>(out.modules.size())).first;
            out.modules.emplace_back(module);
        }
        out.rows.emplace_back(static_cast<std::uint32_t>(i), it->second, q.Int(2));
    }
    if (!q.Error().empty()) out.error = "cannot read the records (SQLite: " + q.Error() + ")";
}

}  // namespace

// [SECTION] AnalyseItems

std::variant<ItemsReport, std::string> AnalyseItems(Database& db, const Filters& filters, const ScanSplit& split) {
    auto loaded = SittingIndex::Load(db, filters, split, SittingColumns::RegionAndRole);
    if (auto* e = std::get_if<std::string>(&loaded)) return *e;
    const SittingIndex& index = std::get<SittingIndex>(loaded);
    // Regions are numbered for the by-region slices; each area maps to its region's number.
    std::vector<std::string> regions;
    std::vector<std::uint32_t> area_region;
    for (const AreaInfo& area : index.Areas()) {
        const std::string& region = area.names[0];
        if (regions.empty() || regions.back() != region) regions.push_back(region);  // areas are sorted
        area_region.push_back(static_cast<std::uint32_t>(regions.size() - 1));
    }
    // Agencies by name (the same name in two partnerships is one slice), numbered in name order.
    std::map<std::string, std::uint32_t> agency_numbers;
    for (const AreaInfo& area : index.Areas()) agency_numbers.emplace(area.names[2], 0);
    std::vector<std::string> agencies;
    for (auto& [name, number] : agency_numbers) {
        number = static_cast<std::uint32_t>(agencies.size());
        agencies.push_back(name);
    }
    std::vector<std::uint32_t> area_agency;
    for (const AreaInfo& area : index.Areas()) area_agency.push_back(agency_numbers.at(area.names[2]));

    const std::string module_json = filters.module.Json();
    // Module scores of the selected sittings, numbered across the ranges in row order.
    StringMap<std::uint32_t> module_numbers;
    Scores scores;
    std::string error;
    std::int64_t first = 0, last = -1;
    if (!RowRange(db, kCompletionRows, first, last, error)) return error;
    auto score_parts = ScanInParts<ScorePart>(db, split, first, last,
                                              [&](Database& reader, std::int64_t from, std::int64_t to, ScorePart& part) {
                                                  ScanScores(reader, index, module_json, from, to, part);
                                              });
    for (const ScorePart& part : score_parts) {
        if (!part.error.empty()) return part.error;
        std::vector<std::uint32_t> number(part.modules.size());
        for (std::size_t m = 0; m < part.modules.size(); ++m)
            number[m] = module_numbers.try_emplace(part.modules[m], static_cast<std::uint32_t>(module_numbers.size()))
                            .first->second;
        for (const auto& [sitting, module, percent] : part.rows) scores.Add(sitting, number[module], percent);
    }
    scores.Group(index.Sittings().size());

    if (!RowRange(db, kAnswerRows, first, last, error)) return error;
    const ScanContext context{index,  area_region,    regions.size(), area_agency, agencies.size(),
                              scores, module_numbers, module_json};
    auto parts = ScanInParts<Tallies>(db, split, first, last,
                                      [&](Database& reader, std::int64_t from, std::int64_t to, Tallies& part) {
                                          ScanAnswers(reader, context, from, to, part);
                                      });
    for (Tallies& part : parts)
        if (!part.error.empty()) return part.error;
    for (std::size_t p = 1; p < parts.size(); ++p) parts[0].Add(parts[p]);
    std::map<ItemKey, ItemTally>& tallies = parts[0].items;

    ItemsReport report;
    report.filters = filters;
    report.coverage = index.Covered();
    // A report for one role or area (see the options below).
    const bool for_a_subgroup = !filters.role.empty() || !filters.region.empty() || !filters.partnership.empty() ||
                                !filters.agency.empty() || !filters.kiosk.empty();
    const int k = filters.min_cell;
    for (auto& [key, t] : tallies) {
        // A question answered by fewer than K people is not listed; nor is a role or region slice.
        if (!Listed(t.all.people.Distinct(), k)) continue;
        report.people_by_staff_number = report.people_by_staff_number || t.all.people.AnyNamed();
        ItemRow row;
        std::tie(row.module, row.scene, row.question_type) = key;
        row.all = Published(t.all);
        for (std::size_t i = 0; i < t.roles.size(); ++i)
            if (Listed(t.roles[i].people.Distinct(), k)) row.by_role.push_back(SliceStats{index.Roles()[i], Published(t.roles[i])});
        for (std::size_t i = 0; i < t.regions.size(); ++i)
            if (Listed(t.regions[i].people.Distinct(), k))
                row.by_region.push_back(SliceStats{regions[i], Published(t.regions[i])});
        for (std::size_t i = 0; i < t.agencies.size(); ++i)
            if (Listed(t.agencies[i].people.Distinct(), k))
                row.by_agency.push_back(SliceStats{agencies[i], Published(t.agencies[i])});
        // Options are parts of a listed question, each rounded like any count. In a one-answer question
        // they add up to the answers; for one role or area, with the slices of every other report,
        // that sum pinned small groups' counts in the attack test (tests/report/disclosure_attack_test.cpp),
        // so those reports leave them out. Multi-select options (the signs) add up to nothing and stay.
        const bool one_answer = row.question_type == "single" || row.question_type == "truefalse";
        if (row.question_type != "order" && !(one_answer && for_a_subgroup))
            for (const auto& [option, o] : t.options) {
                OptionStats stats{option, {}, LearnerCount(o.chosen, o.chosen_key),
                                  LearnerCount(o.chosen_when_wrong, o.chosen_when_wrong_key), {}};
                Publish(stats.chosen);
                Publish(stats.chosen_when_wrong);
                stats.share = PublishedRate(stats.chosen, row.all.answers);
                row.options.push_back(std::move(stats));
            }
        row.discrimination = PointBiserial(t.moments, t.all.people.Distinct(), k);
        report.items.push_back(std::move(row));
    }
    return report;
}

// [SECTION] Question text from a content pack

namespace {

// Pack text as one line: the tables are one line per row (runs of spaces and line breaks become one
// space; anything else unprintable is escaped by core::OneLine).
std::string TableText(const std::string& text) {
    std::string line;
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !line.empty();
            continue;
        }
        if (space) line += ' ';
        space = false;
        line += c;
    }
    return kiosk::core::OneLine(line, kiosk::core::kNoLimit);
}

}  // namespace

std::optional<std::string> AddQuestionText(ItemsReport& report, const std::string& pack_path) {
    auto read = kiosk::core::ReadPack(pack_path, false);
    if (auto* e = std::get_if<std::string>(&read)) return *e;
    const kiosk::core::PackData& pack = std::get<kiosk::core::PackData>(read);
    std::string language = pack.languages.empty() ? std::string() : pack.languages.front();
    // The text in the pack's first language, else in any language it has.
    auto text = [&](const std::string& key) -> std::string {
        auto found = pack.strings.find(key);
        if (found == pack.strings.end() || found->second.empty()) return {};
        auto in_language = found->second.find(language);
        return TableText((in_language != found->second.end() ? in_language : found->second.begin())->second.text);
    };
    std::map<std::pair<std::string, std::string>, const kiosk::core::Scene*> scenes;
    for (const kiosk::core::Module& module : pack.modules)
        for (const kiosk::core::Scene& scene : module.scenes) scenes[{module.id, scene.id}] = &scene;
    for (const kiosk::core::Module& module : pack.modules)
        if (std::string title = text(kiosk::core::ModuleKey(module.id, "title")); !title.empty())
            report.module_titles[module.id] = title;
    std::size_t known = 0;
    for (ItemRow& item : report.items) {
        auto scene = scenes.find({item.module, item.scene});
        if (scene == scenes.end()) continue;
        ++known;
        item.prompt = text(kiosk::core::SceneKey(item.module, item.scene, "prompt"));
        for (OptionStats& option : item.options)
            option.text = text(kiosk::core::OptionKey(item.module, item.scene, option.option, "text"));
    }
    if (known == 0 && !report.items.empty())
        return pack_path + ": the pack '" + pack.id + "' has none of the questions in these records";
    report.text_source = pack.id + " version " + std::to_string(pack.version) + " (" + language + ")";
    return std::nullopt;
}

}  // namespace report
