// SittingIndex (sitting_index.h): one filtered scan of sittings with zero-copy columns; consecutive
// rows usually share a kiosk and a month, so those are compared with the previous row before any
// lookup. Names are numbered in sorted order at the end, so groups listed by number are alphabetical.
#include "report/sitting_index.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "report/fast_query.h"

namespace report {

using kiosk::core::Database;

namespace {

#define REPORT_SITTING_COLUMNS                                                                         \
    "SELECT s.id, s.region, s.partnership, s.agency, s.kiosk_id, s.role, s.started_at, s.outcome, s.site_id, " \
    "s.pack_id, s.pack_version FROM r_sittings s WHERE"
constexpr const char* kSittingsDated = REPORT_SITTING_COLUMNS REPORT_SITTING_WHERE;
constexpr const char* kSittingsAll = REPORT_SITTING_COLUMNS REPORT_SITTING_WHERE_ALL_DATES;
#undef REPORT_SITTING_COLUMNS
constexpr const char* kCount = "SELECT count(*) FROM r_sittings";
constexpr const char* kInModule =
    "SELECT sitting_id FROM r_answers WHERE module_id = ?1 UNION SELECT sitting_id FROM r_completions WHERE "
    "module_id = ?1";

Outcome OutcomeOf(std::string_view text) {
    if (text == "completed") return Outcome::Completed;
    if (text == "abandoned") return Outcome::Abandoned;
    if (text == "left") return Outcome::Left;
    return Outcome::Open;
}

// Numbers `name` in `names` (first sight order); a short list, so a linear search is fastest.
std::uint32_t Number(std::vector<std::string>& names, std::string_view name) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<std::uint32_t>(i);
    names.emplace_back(name);
    return static_cast<std::uint32_t>(names.size() - 1);
}

// The sorted order of `names` as old number -> new number.
std::vector<std::uint32_t> SortOrder(std::vector<std::string>& names) {
    std::vector<std::uint32_t> order(names.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return names[a] < names[b]; });
    std::vector<std::uint32_t> renumber(names.size());
    std::vector<std::string> sorted;
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        renumber[order[i]] = i;
        sorted.push_back(std::move(names[order[i]]));
    }
    names = std::move(sorted);
    return renumber;
}

}  // namespace

std::string_view SittingIndex::Keep(std::string_view text) {
    if (m_chunks.empty() || m_chunks.back().size() + text.size() > m_chunks.back().capacity()) {
        m_chunks.emplace_back();
        m_chunks.back().reserve(std::max<std::size_t>(text.size(), 1 << 20));
    }
    std::string& chunk = m_chunks.back();
    chunk.append(text);
    return std::string_view(chunk.data() + chunk.size() - text.size(), text.size());
}

std::variant<SittingIndex, std::string> SittingIndex::Load(Database& db, const Filters& filters) {
    auto failed = [](const std::string& e) { return "cannot read the records (SQLite: " + e + ")"; };
    SittingIndex index;
    FastQuery q;
    if (auto e = q.Prepare(db, kCount)) return failed(*e);
    if (q.Step()) {
        auto expected = static_cast<std::size_t>(q.Int(0));
        index.m_ids.reserve(expected);
        index.m_sittings.reserve(expected);
    }
    std::unordered_set<std::string> in_module;
    if (!filters.module.empty()) {
        if (auto e = q.Prepare(db, kInModule)) return failed(*e);
        q.Bind(1, filters.module);
        while (q.Step()) in_module.emplace(q.Text(0));
        if (!q.Error().empty()) return failed(q.Error());
    }

    if (auto e = q.Prepare(db, filters.HasDates() ? kSittingsDated : kSittingsAll)) return failed(*e);
    // The same values as BindFilters; started_at sorts "<day>T..." before "<day>T~".
    std::string to = filters.to.empty() ? std::string("~") : filters.to + "T~";
    const std::string* values[] = {&filters.from, &to, &filters.role, &filters.region, &filters.partnership,
                                   &filters.agency, &filters.kiosk};
    for (int i = 0; i < 7; ++i) q.Bind(i + 1, *values[i]);

    std::map<std::array<std::string, 4>, std::uint32_t> area_numbers;
    std::uint32_t last_area = 0;
    bool have_area = false;
    std::string last_month;
    std::uint32_t last_period = 0;
    while (q.Step()) {
        std::string_view id = q.Text(0);
        if (!filters.module.empty() && !in_module.count(std::string(id))) continue;
        SittingInfo s;
        // The area: most rows are the same kiosk as the row before.
        bool same = have_area;
        for (int c = 0; same && c < 4; ++c) same = index.m_areas[last_area].names[static_cast<std::size_t>(c)] == q.Text(1 + c);
        if (!same) {
            std::array<std::string, 4> names{std::string(q.Text(1)), std::string(q.Text(2)), std::string(q.Text(3)),
                                             std::string(q.Text(4))};
            auto [it, added] = area_numbers.emplace(names, static_cast<std::uint32_t>(index.m_areas.size()));
            if (added) index.m_areas.push_back(AreaInfo{std::move(names), {}, {}, {}, 0});
            last_area = it->second;
            have_area = true;
        }
        s.area = last_area;
        s.role = Number(index.m_roles, q.Text(5));
        std::string_view started = q.Text(6);
        if (started.substr(0, 7) != last_month || index.m_periods.empty()) {
            last_month = std::string(started.substr(0, 7));
            last_period = Number(index.m_periods, PeriodOf(std::string(started), filters.period));
        }
        s.period = last_period;
        s.outcome = q.IsNull(7) ? Outcome::Open : OutcomeOf(q.Text(7));
        AreaInfo& area = index.m_areas[s.area];
        if (started > area.latest_start) {  // ISO 8601 UTC sorts as text
            area.latest_start = std::string(started);
            area.site = std::string(q.Text(8));
            area.pack_id = std::string(q.Text(9));
            area.pack_version = q.Int(10);
        }
        index.m_ids.emplace(index.Keep(id), static_cast<std::uint32_t>(index.m_sittings.size()));
        index.m_sittings.push_back(s);
    }
    if (!q.Error().empty()) return failed(q.Error());

    // Number everything in sorted order.
    std::vector<std::uint32_t> area_order(index.m_areas.size());
    {
        std::uint32_t n = 0;
        for (auto& [names, number] : area_numbers) area_order[number] = n++;
        std::vector<AreaInfo> sorted(index.m_areas.size());
        for (std::size_t i = 0; i < index.m_areas.size(); ++i) sorted[area_order[i]] = std::move(index.m_areas[i]);
        index.m_areas = std::move(sorted);
    }
    std::vector<std::uint32_t> role_order = SortOrder(index.m_roles), period_order = SortOrder(index.m_periods);
    for (SittingInfo& s : index.m_sittings) {
        s.area = area_order[s.area];
        s.role = role_order[s.role];
        s.period = period_order[s.period];
    }
    return index;
}

}  // namespace report
