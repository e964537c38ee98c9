// BuildStatements (xapi.h): three scans (sittings, answers and completions joined to their sittings),
// each row turned into statements by the shared mapping (kiosk/xapi/statements.h). Cohorts under K are
// found first with one grouped count (the sittings of one module as one set, not a lookup per sitting:
// records DBs have no sitting_id index).
#include "report/xapi.h"

#include <set>
#include <tuple>

#include "xapi/statements.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;

namespace {

// The sitting's columns, as every scan below selects them first (0..12): never r_sittings.person (the
// staff hash) and no pack hash, so no statement of this export can carry either.
#define XAPI_SITTING_COLUMNS                                                                                    \
    "s.id, s.kiosk_id, s.site_id, s.agency, s.region, s.partnership, s.role, s.language, s.pack_id, s.pack_version, " \
    "s.started_at, s.ended_at, s.outcome"
constexpr int kSittingColumns = 13;

constexpr const char* kCohortsSql =
    "SELECT s.region, s.partnership, s.agency, s.role, count(*) FROM r_sittings s WHERE" REPORT_SITTING_WHERE
    "AND (?8 = '[]' OR s.id IN (SELECT sitting_id FROM r_completions WHERE module_id IN (SELECT value FROM "
    "json_each(?8)) UNION SELECT sitting_id FROM r_answers WHERE module_id IN (SELECT value FROM json_each(?8)))) "
    "GROUP BY 1, 2, 3, 4";
constexpr const char* kSittingsSql =
    "SELECT " XAPI_SITTING_COLUMNS " FROM r_sittings s WHERE" REPORT_SITTING_WHERE
    "AND (?8 = '[]' OR s.id IN (SELECT sitting_id FROM r_completions WHERE module_id IN (SELECT value FROM "
    "json_each(?8)) UNION SELECT sitting_id FROM r_answers WHERE module_id IN (SELECT value FROM json_each(?8)))) "
    "ORDER BY s.started_at, s.id";
constexpr const char* kAnswersSql =
    "SELECT " XAPI_SITTING_COLUMNS ", a.id, a.module_id, a.scene_id, a.question_type, a.chosen, a.correct, a.seconds, "
    "a.answered_at FROM r_answers a JOIN r_sittings s ON s.id = a.sitting_id WHERE" REPORT_SITTING_WHERE
    "AND (?8 = '[]' OR a.module_id IN (SELECT value FROM json_each(?8))) ORDER BY a.answered_at, a.id";
constexpr const char* kCompletionsSql =
    "SELECT " XAPI_SITTING_COLUMNS ", c.id, c.module_id, c.points, c.points_possible, c.percent, c.passed, c.seconds, "
    "c.completed_at FROM r_completions c JOIN r_sittings s ON s.id = c.sitting_id WHERE" REPORT_SITTING_WHERE
    "AND (?8 = '[]' OR c.module_id IN (SELECT value FROM json_each(?8))) ORDER BY c.completed_at, c.id";

kiosk::xapi::SittingRow SittingFrom(Statement& st) {
    kiosk::xapi::SittingRow s;
    s.id = st.ColumnText(0);
    s.kiosk_id = st.ColumnText(1);
    s.site_id = st.ColumnText(2);
    s.agency = st.ColumnText(3);
    s.region = st.ColumnText(4);
    s.partnership = st.ColumnText(5);
    s.role = st.ColumnText(6);
    s.language = st.ColumnText(7);
    s.pack_id = st.ColumnText(8);
    s.pack_version = st.ColumnInt64(9);
    s.started_at = st.ColumnText(10);
    if (!st.ColumnIsNull(11) && !st.ColumnIsNull(12)) {
        s.ended_at = st.ColumnText(11);
        s.outcome = st.ColumnText(12);
    }
    return s;
}

}  // namespace

std::string ResultStatementId(const std::string& completion_id) { return kiosk::xapi::ResultStatementId(completion_id); }

std::variant<XapiExport, std::string> BuildStatements(Database& db, const Filters& filters, const std::string& base) {
    std::string root = base;
    while (!root.empty() && root.back() == '/') root.pop_back();
    const kiosk::xapi::MapOptions map{root, kiosk::xapi::ActorKind::PerSitting};
    std::set<std::tuple<std::string, std::string, std::string, std::string>> open_cohorts;
    auto e = ScanFiltered(db, kCohortsSql, filters, true, [&](Statement& st) {
        if (st.ColumnInt64(4) >= filters.min_cell)
            open_cohorts.emplace(st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3));
    });
    if (e) return *e;
    auto published = [&](const kiosk::xapi::SittingRow& s) {
        return open_cohorts.count({s.region, s.partnership, s.agency, s.role}) > 0;
    };

    XapiExport out;
    out.json = "[";
    auto add = [&](const std::string& statement) {
        if (statement.empty()) return;
        out.json += (out.statements++ ? ",\n" : "\n") + statement;
    };
    e = ScanFiltered(db, kSittingsSql, filters, true, [&](Statement& st) {
        kiosk::xapi::SittingRow s = SittingFrom(st);
        if (!published(s)) {
            out.withheld += s.ended_at ? 2 : 1;
            return;
        }
        add(kiosk::xapi::SittingStartedStatement(s, map));
        add(kiosk::xapi::SittingEndedStatement(s, map));
    });
    if (!e)
        e = ScanFiltered(db, kAnswersSql, filters, true, [&](Statement& st) {
            kiosk::xapi::SittingRow s = SittingFrom(st);
            if (!published(s)) {
                ++out.withheld;
                return;
            }
            const int k = kSittingColumns;
            kiosk::xapi::AnswerRow a{st.ColumnText(k),     s.id, st.ColumnText(k + 1), st.ColumnText(k + 2), st.ColumnText(k + 3),
                                     st.ColumnText(k + 4), st.ColumnInt64(k + 5) != 0, st.ColumnInt64(k + 6), st.ColumnText(k + 7)};
            add(kiosk::xapi::AnswerStatement(a, s, map));
        });
    if (!e)
        e = ScanFiltered(db, kCompletionsSql, filters, true, [&](Statement& st) {
            kiosk::xapi::SittingRow s = SittingFrom(st);
            if (!published(s)) {
                out.withheld += 2;
                return;
            }
            const int k = kSittingColumns;
            // The completion code and end scene are not in the report views: an export people read holds
            // no code a learner could be looked up by.
            kiosk::xapi::CompletionRow c{st.ColumnText(k),      s.id,
                                         st.ColumnText(k + 1),  st.ColumnInt64(k + 2),
                                         st.ColumnInt64(k + 3), st.ColumnInt64(k + 4),
                                         st.ColumnInt64(k + 5) != 0, "", "", st.ColumnInt64(k + 6), st.ColumnText(k + 7)};
            for (const std::string& statement : kiosk::xapi::CompletionStatements(c, s, map)) add(statement);
        });
    if (e) return *e;
    out.json += "\n]\n";
    return out;
}

}  // namespace report
