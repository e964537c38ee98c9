// AnalyseItems (items.h): the selected sittings (SittingIndex), the module scores, then one sequential
// scan of the answers hash-joined to both, tallied by question, role, region and option (each distinct
// JSON array of options is parsed once), then one suppression plan.
#include "report/items.h"

#include "report/fast_query.h"
#include "report/sitting_index.h"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>
#include <unordered_map>

namespace report {

using kiosk::core::Database;

namespace {

constexpr const char* kAnswersSql =
    "SELECT sitting_id, module_id, scene_id, question_type, chosen, correct FROM r_answers "
    "WHERE question_type <> 'choice' AND (?1 = '' OR module_id = ?1)";
constexpr const char* kScoresSql =
    "SELECT sitting_id, module_id, percent FROM r_completions WHERE ?1 = '' OR module_id = ?1";

using ItemKey = std::tuple<std::string, std::string, std::string>;  // module, scene, question type

struct Counts {
    std::int64_t answers = 0, correct = 0;
};

struct OptionTally {
    std::int64_t chosen = 0, chosen_when_wrong = 0;
};

// Sums for the point-biserial correlation of x = correct (0/1) with y = module percent.
struct Moments {
    double n = 0, x = 0, y = 0, xy = 0, yy = 0;
};

struct ItemTally {
    Counts all;
    std::vector<Counts> roles, regions;  // by SittingIndex role number, by region number
    std::map<std::string, OptionTally> options;
    Moments moments;
    std::uint32_t module = 0;  // number of its module, for the score lookup
};

// Transparent hashing, so a reused key buffer finds an entry without allocating.
struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class T>
using StringMap = std::unordered_map<std::string, T, Hash, std::equal_to<>>;

// A sitting answers a question once (the kiosk records one answer per question per module run), so
// answers count learners.
ItemStats FromCounts(const Counts& c) {
    ItemStats s;
    s.answers = LearnerCount(c.answers);
    s.correct = LearnerCount(c.correct);
    s.incorrect = LearnerCount(c.answers - c.correct);
    return s;
}

void Finish(ItemStats& s) {
    if (!s.answers.suppressed && s.answers.value > 0 && !s.correct.suppressed && !s.incorrect.suppressed)
        s.facility = static_cast<double>(s.correct.value) / static_cast<double>(s.answers.value);
}

// In single-answer questions the options chosen add up to the answers.
bool OneOptionPerAnswer(const std::string& type) { return type == "single" || type == "truefalse"; }

std::optional<double> PointBiserial(const Moments& m, int min_cell) {
    if (m.n < min_cell) return std::nullopt;
    double covariance = m.n * m.xy - m.x * m.y;
    double spread = (m.n * m.x - m.x * m.x) * (m.n * m.yy - m.y * m.y);  // x*x = x for 0/1
    if (spread <= 0) return std::nullopt;  // everyone right (or wrong), or every score the same
    return covariance / std::sqrt(spread);
}

}  // namespace

std::variant<ItemsReport, std::string> AnalyseItems(Database& db, const Filters& filters) {
    auto loaded = SittingIndex::Load(db, filters);
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

    // Module scores of the selected sittings, keyed by (sitting, module number).
    StringMap<std::uint32_t> module_numbers;
    auto module_number = [&](std::string_view module) {
        auto it = module_numbers.find(module);
        if (it == module_numbers.end())
            it = module_numbers.emplace(std::string(module), static_cast<std::uint32_t>(module_numbers.size())).first;
        return it->second;
    };
    std::unordered_map<std::uint64_t, std::int64_t> scores;
    auto score_key = [](std::int64_t sitting, std::uint32_t module) {
        return static_cast<std::uint64_t>(sitting) << 20 | module;
    };
    FastQuery q;
    if (auto e = q.Prepare(db, kScoresSql)) return "cannot read the records (" + *e + ")";
    q.Bind(1, filters.module);
    while (q.Step()) {
        std::int64_t i = index.Find(q.Text(0));
        if (i >= 0) scores[score_key(i, module_number(q.Text(1)))] = q.Int(2);
    }
    if (!q.Error().empty()) return "cannot read the records (SQLite: " + q.Error() + ")";

    std::map<ItemKey, ItemTally> tallies;
    StringMap<ItemTally*> by_key;  // "module\x1fscene\x1ftype" -> its tally
    StringMap<std::vector<std::string>> parsed;  // chosen JSON -> option ids
    std::string key;
    if (auto e = q.Prepare(db, kAnswersSql)) return "cannot read the records (" + *e + ")";
    q.Bind(1, filters.module);
    while (q.Step()) {
        std::int64_t i = index.Find(q.Text(0));
        if (i < 0) continue;
        const SittingInfo& sitting = index.Sittings()[static_cast<std::size_t>(i)];
        std::string_view module = q.Text(1), scene = q.Text(2), type = q.Text(3);
        key.assign(module).append(1, '\x1f').append(scene).append(1, '\x1f').append(type);
        auto found = by_key.find(std::string_view(key));
        if (found == by_key.end()) {
            ItemTally& t = tallies[ItemKey{std::string(module), std::string(scene), std::string(type)}];
            t.roles.resize(index.Roles().size());
            t.regions.resize(regions.size());
            t.module = module_number(module);
            found = by_key.emplace(key, &t).first;
        }
        ItemTally& t = *found->second;
        bool correct = q.Int(5) != 0;
        for (Counts* c : {&t.all, &t.roles[sitting.role], &t.regions[area_region[sitting.area]]}) {
            c->answers += 1;
            if (correct) c->correct += 1;
        }
        std::string_view chosen = q.Text(4);
        auto it = parsed.find(chosen);
        if (it == parsed.end()) {
            std::vector<std::string> options;
            // The schema only promises "[...]"; anything that is not an array of strings counts as no options.
            nlohmann::json array = nlohmann::json::parse(chosen, nullptr, false);
            if (array.is_array())
                for (const auto& option : array)
                    if (option.is_string()) options.push_back(option.get<std::string>());
            it = parsed.emplace(std::string(chosen), std::move(options)).first;
        }
        for (const std::string& option : it->second) {
            OptionTally& o = t.options[option];
            o.chosen += 1;
            if (!correct) o.chosen_when_wrong += 1;
        }
        auto score = scores.find(score_key(i, t.module));
        if (score != scores.end()) {
            double x = correct ? 1 : 0, y = static_cast<double>(score->second);
            Moments& m = t.moments;
            m.n += 1;
            m.x += x;
            m.y += y;
            m.xy += x * y;
            m.yy += y * y;
        }
    }
    if (!q.Error().empty()) return "cannot read the records (SQLite: " + q.Error() + ")";

    ItemsReport report;
    report.filters = filters;
    for (const auto& [key, t] : tallies) {
        ItemRow row;
        std::tie(row.module, row.scene, row.question_type) = key;
        row.all = FromCounts(t.all);
        // Only slices with answers: a role that never met this question is not a row of zeros.
        for (std::size_t i = 0; i < t.roles.size(); ++i)
            if (t.roles[i].answers > 0) row.by_role.push_back(SliceStats{index.Roles()[i], FromCounts(t.roles[i])});
        for (std::size_t i = 0; i < t.regions.size(); ++i)
            if (t.regions[i].answers > 0) row.by_region.push_back(SliceStats{regions[i], FromCounts(t.regions[i])});
        if (row.question_type != "order")
            for (const auto& [option, o] : t.options)
                row.options.push_back(
                    OptionStats{option, LearnerCount(o.chosen), LearnerCount(o.chosen_when_wrong), {}});
        report.items.push_back(std::move(row));
    }

    SuppressionPlan plan;
    for (ItemRow& row : report.items) {
        auto stats_sum = [&](ItemStats& s) { plan.Sum(s.answers, {&s.correct, &s.incorrect}); };
        stats_sum(row.all);
        for (auto* slices : {&row.by_role, &row.by_region}) {
            std::vector<Cell*> answers, correct, incorrect;
            for (SliceStats& slice : *slices) {
                stats_sum(slice.stats);
                answers.push_back(&slice.stats.answers);
                correct.push_back(&slice.stats.correct);
                incorrect.push_back(&slice.stats.incorrect);
            }
            plan.Sum(row.all.answers, answers);
            plan.Sum(row.all.correct, correct);
            plan.Sum(row.all.incorrect, incorrect);
        }
        // "Did not choose it", "chose it in a right answer" are never printed but follow from what is.
        std::vector<Cell*> chosen, chosen_wrong;
        for (OptionStats& o : row.options) {
            plan.Sum(row.all.answers, {&o.chosen, &plan.Hidden(LearnerCount(row.all.answers.value - o.chosen.value))});
            plan.Sum(row.all.incorrect, {&o.chosen_when_wrong, &plan.Hidden(LearnerCount(row.all.incorrect.value -
                                                                                          o.chosen_when_wrong.value))});
            plan.Sum(o.chosen,
                     {&o.chosen_when_wrong, &plan.Hidden(LearnerCount(o.chosen.value - o.chosen_when_wrong.value))});
            chosen.push_back(&o.chosen);
            chosen_wrong.push_back(&o.chosen_when_wrong);
        }
        if (OneOptionPerAnswer(row.question_type) && !row.options.empty()) {
            plan.Sum(row.all.answers, chosen);
            plan.Sum(row.all.incorrect, chosen_wrong);
        }
    }
    plan.Apply(filters.min_cell);

    for (ItemRow& row : report.items) {
        Finish(row.all);
        for (auto* slices : {&row.by_role, &row.by_region})
            for (SliceStats& slice : *slices) Finish(slice.stats);
        for (OptionStats& o : row.options)
            if (!o.chosen.suppressed && !row.all.answers.suppressed && row.all.answers.value > 0)
                o.share = static_cast<double>(o.chosen.value) / static_cast<double>(row.all.answers.value);
        if (!row.all.answers.suppressed) {
            const ItemTally& t = tallies.at(ItemKey{row.module, row.scene, row.question_type});
            row.discrimination = PointBiserial(t.moments, filters.min_cell);
        }
    }
    return report;
}

}  // namespace report
