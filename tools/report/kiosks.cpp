// ListKiosks (kiosks.h): the selected sittings (SittingIndex) counted per kiosk and protected by the
// rules of disclosure.h; the pack and site are those of each kiosk's latest sitting.
#include "report/kiosks.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "report/sitting_index.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;

namespace {

std::vector<Cell*> CellsOf(KioskRow& row) {
    return {&row.sittings, &row.completed, &row.idle_resets, &row.left, &row.unfinished};
}

// Each kiosk's admin trail, all time: what an admin did is not a learner's record, so no filter of
// learners (role, dates) applies, and nothing is suppressed.
std::optional<std::string> AddAdminTrail(Database& db, KiosksReport& report) {
    Statement query;
    if (auto e = query.Prepare(db, "SELECT kiosk_id, sum(kind = 'sign-in'), sum(kind = 'lockout'), "
                                   "max(CASE WHEN kind NOT IN ('attempt', 'lockout') THEN substr(at, 1, 10) END) "
                                   "FROM r_admin_events GROUP BY kiosk_id"))
        return "cannot read the admin trail (" + *e + ")";
    std::map<std::string, std::tuple<std::int64_t, std::int64_t, std::string>> trail;
    StepResult step;
    while ((step = query.Step()) == StepResult::Row)
        trail[query.ColumnText(0)] = {query.ColumnInt64(1), query.ColumnInt64(2), query.ColumnText(3)};
    if (step == StepResult::Error) return "cannot read the admin trail (" + query.ErrorMessage() + ")";
    for (KioskRow& row : report.kiosks) {
        auto it = trail.find(row.kiosk);
        if (it == trail.end()) continue;
        row.admin_sign_ins.value = std::get<0>(it->second);
        row.admin_lockouts.value = std::get<1>(it->second);
        row.last_admin = std::get<2>(it->second);
        report.total.admin_sign_ins.value += row.admin_sign_ins.value;
        report.total.admin_lockouts.value += row.admin_lockouts.value;
        report.total.last_admin = std::max(report.total.last_admin, row.last_admin);
    }
    return std::nullopt;
}

// The kiosks (within the area filters) that have no selected sitting in the window, from every sitting
// up to the window's end and from the admin trail (a kiosk installed but never used has only that).
// Each shows its last sitting before the window (a month only if fewer than K people ever used it).
std::optional<std::string> KeepIdle(Database& db, const Filters& filters, KiosksReport& report) {
    std::set<std::string> active;
    for (const KioskRow& row : report.kiosks) active.insert(row.kiosk);
    std::vector<KioskRow> idle;
    std::set<std::string> known;
    Statement query;
    // SQLite takes the bare columns of an aggregate query from the row that gave max().
    if (auto e = query.Prepare(db, "SELECT kiosk_id, region, partnership, agency, site_id, max(started_at), "
                                   "count(DISTINCT coalesce(person, id)), pack_id, pack_version FROM r_sittings "
                                   "WHERE started_at < ?1 AND (?2 = '[]' OR region IN (SELECT value FROM json_each(?2))) "
                                   "AND (?3 = '[]' OR partnership IN (SELECT value FROM json_each(?3))) AND (?4 = '[]' OR "
                                   "agency IN (SELECT value FROM json_each(?4))) AND (?5 = '[]' OR kiosk_id IN (SELECT value "
                                   "FROM json_each(?5))) GROUP BY kiosk_id"))
        return "cannot read the records (" + *e + ")";
    query.Bind(1, filters.to + "T~");
    query.Bind(2, filters.region.Json());
    query.Bind(3, filters.partnership.Json());
    query.Bind(4, filters.agency.Json());
    query.Bind(5, filters.kiosk.Json());
    StepResult step;
    while ((step = query.Step()) == StepResult::Row) {
        std::string kiosk = query.ColumnText(0);
        known.insert(kiosk);
        if (active.count(kiosk)) continue;
        KioskRow row;
        row.kiosk = kiosk;
        row.region = query.ColumnText(1);
        row.partnership = query.ColumnText(2);
        row.agency = query.ColumnText(3);
        row.site = query.ColumnText(4);
        bool small = !Listed(query.ColumnInt64(6), filters.min_cell);
        row.last_sitting = query.ColumnText(5).substr(0, small ? 7 : 10);
        row.pack_id = query.ColumnText(7);
        row.pack_version = static_cast<int>(query.ColumnInt64(8));
        idle.push_back(std::move(row));
    }
    if (step == StepResult::Error) return "cannot read the records (" + query.ErrorMessage() + ")";
    // Kiosks never used: known only from their admin trail, so their area is not known; listed only when
    // no area filter could have left them out.
    bool area_filtered = !filters.region.empty() || !filters.partnership.empty() || !filters.agency.empty();
    Statement trail;
    if (auto e = trail.Prepare(db, "SELECT DISTINCT kiosk_id FROM r_admin_events WHERE ?1 = '[]' OR kiosk_id IN (SELECT value FROM json_each(?1))"))
        return "cannot read the admin trail (" + *e + ")";
    trail.Bind(1, filters.kiosk.Json());
    while (!area_filtered && (step = trail.Step()) == StepResult::Row) {
        std::string kiosk = trail.ColumnText(0);
        if (known.count(kiosk) || active.count(kiosk)) continue;
        KioskRow row;
        row.kiosk = kiosk;
        idle.push_back(std::move(row));
    }
    if (step == StepResult::Error) return "cannot read the admin trail (" + trail.ErrorMessage() + ")";
    std::sort(idle.begin(), idle.end(), [](const KioskRow& a, const KioskRow& b) {
        return std::tie(a.region, a.partnership, a.agency, a.kiosk) < std::tie(b.region, b.partnership, b.agency, b.kiosk);
    });
    // No one sat at these kiosks in the window: their counts are zeros about no one.
    report.kiosks = std::move(idle);
    report.total = KioskRow{};
    report.idle_since = filters.from;
    return std::nullopt;
}

}  // namespace

std::variant<KiosksReport, std::string> ListKiosks(Database& db, const Filters& filters, const ScanSplit& split) {
    auto loaded = SittingIndex::Load(db, filters, split);
    if (auto* e = std::get_if<std::string>(&loaded)) return *e;
    const SittingIndex& index = std::get<SittingIndex>(loaded);
    KiosksReport report;
    report.filters = filters;
    report.coverage = index.Covered();
    // Areas are sorted {region, partnership, agency, kiosk}: one row each, in that order.
    // Each kiosk's sittings, and how they ended, with their cell keys (disclosure.h).
    std::vector<std::array<std::int64_t, 5>> counts(index.Areas().size(), {0, 0, 0, 0, 0});
    std::vector<std::array<std::uint64_t, 5>> keys(index.Areas().size(), {0, 0, 0, 0, 0});
    std::vector<PeopleCount> people(index.Areas().size());
    for (const SittingInfo& s : index.Sittings()) {
        std::size_t ended =
            s.outcome == Outcome::Completed ? 1 : s.outcome == Outcome::Abandoned ? 2 : s.outcome == Outcome::Left ? 3 : 4;
        for (std::size_t i : {std::size_t{0}, ended}) {
            ++counts[s.area][i];
            keys[s.area][i] += s.key;
        }
        people[s.area].Add(s.person);
    }
    std::array<std::int64_t, 5> totals{0, 0, 0, 0, 0};
    std::array<std::uint64_t, 5> total_keys{0, 0, 0, 0, 0};
    // For one role, how each kiosk's sittings ended is not shown: kiosk x role x outcome, with the
    // other roles' reports and the kiosk's own row, pinned small groups' figures in the attack test
    // (tests/report/disclosure_attack_test.cpp). The sittings still are.
    const bool split_outcomes = filters.role.empty();
    for (std::size_t a = 0; a < index.Areas().size(); ++a) {
        const AreaInfo& area = index.Areas()[a];
        KioskRow row;
        row.region = area.names[0];
        row.partnership = area.names[1];
        row.agency = area.names[2];
        row.kiosk = area.names[3];
        row.site = area.site;
        row.pack_id = area.pack_id;
        row.pack_version = static_cast<int>(area.pack_version);
        std::vector<Cell*> cells = CellsOf(row);
        // A kiosk is a device, not a group of people: every kiosk has its row, so the people who look
        // after them see them all. But a kiosk used by fewer than K people shows no count (its zeros
        // would say what those few did), and its last sitting only as a month.
        bool small = !Listed(people[a].Distinct(), filters.min_cell);
        row.last_sitting = area.latest_start.substr(0, small ? 7 : 10);
        for (std::size_t i = 0; i < cells.size(); ++i) {
            totals[i] += counts[a][i];
            total_keys[i] += keys[a][i];
            *cells[i] = LearnerCount(counts[a][i], keys[a][i]);
            if (small || (i > 0 && !split_outcomes)) Withhold(*cells[i]);
            Publish(*cells[i]);
        }
        report.kiosks.push_back(std::move(row));
    }
    PeopleCount everyone;
    for (PeopleCount& p : people) everyone.Add(p);
    report.people_by_staff_number = everyone.AnyNamed();
    std::vector<Cell*> total_cells = CellsOf(report.total);
    for (std::size_t i = 0; i < total_cells.size(); ++i) {
        *total_cells[i] = LearnerCount(totals[i], total_keys[i]);
        if (!Listed(everyone.Distinct(), filters.min_cell) || (i > 0 && !split_outcomes)) Withhold(*total_cells[i]);
        Publish(*total_cells[i]);
    }
    if (filters.idle_days > 0)
        if (auto e = KeepIdle(db, filters, report)) return *e;
    if (auto e = AddAdminTrail(db, report)) return *e;
    return report;
}

}  // namespace report
