// ListKiosks (kiosks.h): the selected sittings (SittingIndex) counted per kiosk and protected by the
// rules of disclosure.h; the pack and site are those of each kiosk's latest sitting.
#include "report/kiosks.h"

#include <array>
#include <map>
#include <optional>
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

}  // namespace

std::variant<KiosksReport, std::string> ListKiosks(Database& db, const Filters& filters, const ScanSplit& split) {
    auto loaded = SittingIndex::Load(db, filters, split);
    if (auto* e = std::get_if<std::string>(&loaded)) return *e;
    const SittingIndex& index = std::get<SittingIndex>(loaded);
    KiosksReport report;
    report.filters = filters;
    // Areas are sorted {region, partnership, agency, kiosk}: one row each, in that order.
    std::vector<std::array<std::int64_t, 5>> counts(index.Areas().size(), {0, 0, 0, 0, 0});
    std::vector<PeopleCount> people(index.Areas().size());
    for (const SittingInfo& s : index.Sittings()) {
        auto& c = counts[s.area];
        ++c[0];
        ++c[s.outcome == Outcome::Completed ? 1 : s.outcome == Outcome::Abandoned ? 2 : s.outcome == Outcome::Left ? 3 : 4];
        people[s.area].Add(s.person);
    }
    std::array<std::int64_t, 5> totals{0, 0, 0, 0, 0};
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
            *cells[i] = LearnerCount(counts[a][i]);
            if (small) Withhold(*cells[i]);
            Publish(*cells[i]);
        }
        report.kiosks.push_back(std::move(row));
    }
    PeopleCount everyone;
    for (PeopleCount& p : people) everyone.Add(p);
    report.people_by_staff_number = everyone.AnyNamed();
    std::vector<Cell*> total_cells = CellsOf(report.total);
    for (std::size_t i = 0; i < total_cells.size(); ++i) {
        *total_cells[i] = LearnerCount(totals[i]);
        if (!Listed(everyone.Distinct(), filters.min_cell)) Withhold(*total_cells[i]);
        Publish(*total_cells[i]);
    }
    if (auto e = AddAdminTrail(db, report)) return *e;
    return report;
}

}  // namespace report
