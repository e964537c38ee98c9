// SittingIndex (sitting_index.h): filtered scans of sittings with zero-copy columns, one per row range
// (several threads when there are many sittings), joined in row order. Consecutive rows usually share
// a kiosk and a month, so those are compared with the previous row before any lookup. Names are
// numbered in sorted order at the end, so groups listed by number are alphabetical.
#include "report/sitting_index.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_set>

#include "report/disclosure.h"
#include "report/fast_query.h"
#include "report/split_scan.h"

namespace report {

using kiosk::core::Database;

namespace {

#define REPORT_SITTING_COLUMNS                                                                         \
    "SELECT s.id, s.region, s.partnership, s.agency, s.kiosk_id, s.role, s.started_at, s.outcome, s.site_id, " \
    "s.pack_id, s.pack_version, s.person FROM r_sittings s WHERE"
// The same columns, but only id, region, agency, kiosk, role, start and person read: SQLite copies out
// every column it returns.
#define REPORT_SITTING_REGION_ROLE \
    "SELECT s.id, s.region, '', s.agency, s.kiosk_id, s.role, s.started_at, NULL, '', '', 0, s.person FROM r_sittings s " \
    "WHERE"
#define REPORT_SITTING_ROWS " AND s.sitting_row BETWEEN ?8 AND ?9"
constexpr const char* kSittingsDated = REPORT_SITTING_COLUMNS REPORT_SITTING_WHERE REPORT_SITTING_ROWS;
constexpr const char* kSittingsAll = REPORT_SITTING_COLUMNS REPORT_SITTING_WHERE_ALL_DATES REPORT_SITTING_ROWS;
constexpr const char* kRegionRoleDated = REPORT_SITTING_REGION_ROLE REPORT_SITTING_WHERE REPORT_SITTING_ROWS;
constexpr const char* kRegionRoleAll = REPORT_SITTING_REGION_ROLE REPORT_SITTING_WHERE_ALL_DATES REPORT_SITTING_ROWS;
#undef REPORT_SITTING_ROWS
#undef REPORT_SITTING_REGION_ROLE
#undef REPORT_SITTING_COLUMNS
// Two subqueries: min() and max() together in one SELECT would scan a whole index for them.
constexpr const char* kRows =
    "SELECT (SELECT count(*) FROM r_sittings), (SELECT min(sitting_row) FROM r_sittings), "
    "(SELECT max(sitting_row) FROM r_sittings)";
constexpr const char* kInModule =
    "SELECT sitting_id FROM r_answers WHERE module_id IN (SELECT value FROM json_each(?1)) UNION SELECT sitting_id "
    "FROM r_completions WHERE module_id IN (SELECT value FROM json_each(?1))";

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

// Copies of ids at addresses that never change (the id map's keys point into them).
class IdStore {
public:
    std::string_view Keep(std::string_view text) {
        if (m_chunks.empty() || m_chunks.back().size() + text.size() > m_chunks.back().capacity()) {
            m_chunks.emplace_back();
            m_chunks.back().reserve(std::max<std::size_t>(text.size(), 1 << 20));
        }
        std::string& chunk = m_chunks.back();
        chunk.append(text);
        return std::string_view(chunk.data() + chunk.size() - text.size(), text.size());
    }
    // Hands over the chunks; views into them stay valid (a moved std::string keeps its heap buffer,
    // and a chunk is always at least 1 MiB, far past any small-string buffer).
    std::vector<std::string> Release() { return std::move(m_chunks); }

private:
    std::vector<std::string> m_chunks;  // a chunk never grows past its capacity
};

// One row range's sittings, numbered locally (areas, roles and periods in first-sight order).
struct Part {
    IdStore store;
    std::vector<std::string_view> ids;
    std::vector<SittingInfo> sittings;
    std::map<std::array<std::string, 4>, std::uint32_t> area_numbers;
    std::vector<AreaInfo> areas;
    std::vector<std::string> roles, periods;
    std::string error;
};

// Reads the selected sittings with rows in [first, last] through `db` into `part`.
void LoadPart(Database& db, const Filters& filters, SittingColumns columns,
              const std::unordered_set<std::string>& in_module, std::int64_t first, std::int64_t last,
              std::size_t expected, Part& part) {
    FastQuery q;
    const char* sql = columns == SittingColumns::All ? (filters.HasDates() ? kSittingsDated : kSittingsAll)
                                                     : (filters.HasDates() ? kRegionRoleDated : kRegionRoleAll);
    if (auto e = q.Prepare(db, sql)) {
        part.error = *e;
        return;
    }
    // The same values as BindFilters; started_at sorts "<day>T..." before "<day>T~".
    std::string to = filters.to.empty() ? std::string("~") : filters.to + "T~";
    const std::string names[] = {filters.role.Json(), filters.region.Json(), filters.partnership.Json(),
                                 filters.agency.Json(), filters.kiosk.Json()};
    const std::string* values[] = {&filters.from, &to, &names[0], &names[1], &names[2], &names[3], &names[4]};
    for (int i = 0; i < 7; ++i) q.Bind(i + 1, *values[i]);
    q.Bind(8, first);
    q.Bind(9, last);
    part.ids.reserve(expected);
    part.sittings.reserve(expected);

    std::uint32_t last_area = 0;
    bool have_area = false;
    std::string last_month;
    std::uint32_t last_period = 0;
    while (q.Step()) {
        std::string_view id = q.Text(0);
        if (!filters.module.empty() && !in_module.count(std::string(id))) continue;
        SittingInfo s;
        s.key = TextKey(id);
        // The area: most rows are the same kiosk as the row before.
        bool same = have_area;
        for (int c = 0; same && c < 4; ++c)
            same = part.areas[last_area].names[static_cast<std::size_t>(c)] == q.Text(1 + c);
        if (!same) {
            std::array<std::string, 4> names{std::string(q.Text(1)), std::string(q.Text(2)), std::string(q.Text(3)),
                                             std::string(q.Text(4))};
            auto [it, added] = part.area_numbers.emplace(names, static_cast<std::uint32_t>(part.areas.size()));
            if (added) part.areas.push_back(AreaInfo{std::move(names), {}, {}, {}, 0, {}});
            last_area = it->second;
            have_area = true;
        }
        s.area = last_area;
        s.role = Number(part.roles, q.Text(5));
        std::string_view started = q.Text(6);
        if (started.substr(0, 7) != last_month || part.periods.empty()) {
            last_month = std::string(started.substr(0, 7));
            last_period = Number(part.periods, PeriodOf(std::string(started), filters.period));
        }
        s.period = last_period;
        s.outcome = q.IsNull(7) ? Outcome::Open : OutcomeOf(q.Text(7));
        // Only a hash of the staff-number hash is kept: enough to tell people apart (disclosure.h).
        if (!q.IsNull(11)) s.person = std::hash<std::string_view>{}(q.Text(11)) | 1;
        AreaInfo& area = part.areas[s.area];
        if (area.first_start.empty() || started < area.first_start) area.first_start = std::string(started);
        if (started > area.latest_start) {  // ISO 8601 UTC sorts as text
            area.latest_start = std::string(started);
            area.site = std::string(q.Text(8));
            area.pack_id = std::string(q.Text(9));
            area.pack_version = q.Int(10);
        }
        part.ids.push_back(part.store.Keep(id));
        part.sittings.push_back(s);
    }
    if (!q.Error().empty()) part.error = q.Error();
}

}  // namespace

Coverage SittingIndex::Covered() const {
    Coverage c;
    std::set<std::string> kiosks;
    for (const AreaInfo& area : m_areas) {
        if (area.latest_start.empty()) continue;
        kiosks.insert(area.names[3]);
        if (c.first_month.empty() || area.first_start.substr(0, 7) < c.first_month) c.first_month = area.first_start.substr(0, 7);
        c.last_month = std::max(c.last_month, area.latest_start.substr(0, 7));
    }
    c.kiosks = static_cast<std::int64_t>(kiosks.size());
    return c;
}

void SittingIndex::AddId(std::string_view id, std::uint32_t position) {
    std::uint64_t hash = IdHash{}(id), tag = hash >> 32 << 32;
    for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
        std::uint64_t slot = m_slots[i];
        if (slot == 0) {
            m_slots[i] = tag | (std::uint64_t{position} + 1);
            return;
        }
        if ((slot & kTagBits) == tag && m_idOf[(slot & ~kTagBits) - 1] == id) return;
    }
}

std::variant<SittingIndex, std::string> SittingIndex::Load(Database& db, const Filters& filters,
                                                          const ScanSplit& split, SittingColumns columns) {
    auto failed = [](const std::string& e) { return "cannot read the records (SQLite: " + e + ")"; };
    SittingIndex index;
    std::int64_t count = 0, first = 0, last = -1;
    FastQuery q;
    if (auto e = q.Prepare(db, kRows)) return failed(*e);
    if (q.Step() && !q.IsNull(1)) {
        count = q.Int(0);
        first = q.Int(1);
        last = q.Int(2);
    }
    if (!q.Error().empty()) return failed(q.Error());
    std::unordered_set<std::string> in_module;
    if (!filters.module.empty()) {
        if (auto e = q.Prepare(db, kInModule)) return failed(*e);
        q.Bind(1, filters.module.Json());
        while (q.Step()) in_module.emplace(q.Text(0));
        if (!q.Error().empty()) return failed(q.Error());
    }

    // Row ranges read at once; each part numbers what it sees, and the parts are joined below.
    auto expected = static_cast<std::size_t>(count / std::max(split.ThreadsFor(count), 1) + 1);
    std::vector<Part> parts = ScanInParts<Part>(db, split, first, last,
                                                [&](Database& reader, std::int64_t from, std::int64_t to, Part& part) {
                                                    LoadPart(reader, filters, columns, in_module, from, to, expected, part);
                                                });
    for (const Part& part : parts)
        if (!part.error.empty()) return failed(part.error);

    // Join the parts in row order, numbering areas, roles and periods across all of them.
    std::size_t total = 0;
    for (const Part& part : parts) total += part.sittings.size();
    std::size_t slots = 16;
    while (slots < 2 * total) slots *= 2;
    index.m_slots.assign(slots, 0);
    index.m_mask = slots - 1;
    index.m_idOf.reserve(total);
    index.m_sittings.reserve(total);
    std::map<std::array<std::string, 4>, std::uint32_t> area_numbers;
    for (Part& part : parts) {
        std::vector<std::uint32_t> area_of(part.areas.size()), role_of(part.roles.size()), period_of(part.periods.size());
        for (std::size_t a = 0; a < part.areas.size(); ++a) {
            AreaInfo& mine = part.areas[a];
            auto [it, added] = area_numbers.emplace(mine.names, static_cast<std::uint32_t>(index.m_areas.size()));
            if (added) index.m_areas.push_back(AreaInfo{mine.names, {}, {}, {}, 0, {}});
            AreaInfo& area = index.m_areas[it->second];
            if (area.first_start.empty() || mine.first_start < area.first_start) area.first_start = mine.first_start;
            if (mine.latest_start > area.latest_start) {
                area.latest_start = std::move(mine.latest_start);
                area.site = std::move(mine.site);
                area.pack_id = std::move(mine.pack_id);
                area.pack_version = mine.pack_version;
            }
            area_of[a] = it->second;
        }
        for (std::size_t r = 0; r < part.roles.size(); ++r) role_of[r] = Number(index.m_roles, part.roles[r]);
        for (std::size_t p = 0; p < part.periods.size(); ++p) period_of[p] = Number(index.m_periods, part.periods[p]);
        for (std::size_t i = 0; i < part.sittings.size(); ++i) {
            SittingInfo s = part.sittings[i];
            s.area = area_of[s.area];
            s.role = role_of[s.role];
            s.period = period_of[s.period];
            index.AddId(part.ids[i], static_cast<std::uint32_t>(index.m_sittings.size()));
            index.m_idOf.push_back(part.ids[i]);
            index.m_sittings.push_back(s);
        }
        for (std::string& chunk : part.store.Release()) index.m_chunks.push_back(std::move(chunk));
    }

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
