// Resume points in the records DB (table resume_points, schema 7): written in the same transaction as
// the answers that moved the learner on, looked up when the same staff number comes back, and deleted
// when the module is finished, started again, or older than the site's resume_days.
#include <sqlite3.h>

#include <string>
#include <vector>

#include "core/records/records_db.h"
#include "core/records/records_internal.h"
#include "core/util/statement_cache.h"

namespace kiosk::core {

namespace {

std::string VariablesJson(const Variables& variables) {
    std::string json = "{";
    bool first = true;
    for (const auto& [name, value] : variables) {
        if (!first) json += ',';
        first = false;
        records_detail::AppendJson(json, name);
        json += ':';
        if (const bool* b = std::get_if<bool>(&value)) json += *b ? "true" : "false";
        else if (const long long* n = std::get_if<long long>(&value)) json += std::to_string(*n);
        else records_detail::AppendJson(json, std::get<std::string>(value));
    }
    return json + "}";
}

std::string AskedJson(const std::vector<std::size_t>& asked) {
    std::string json = "[";
    for (std::size_t i = 0; i < asked.size(); ++i) json += (i ? "," : "") + std::to_string(asked[i]);
    return json + "]";
}

}  // namespace

namespace records_detail {

std::optional<std::pair<int, std::string>> WriteResumeEvent(Database& db, StatementCache& statements,
                                                            const RecordEvent& event) {
    if (!event.resume || event.staff_hash.empty()) return std::pair<int, std::string>{SQLITE_MISUSE, "a resume event without its point"};
    const ResumePoint& p = *event.resume;
    const bool clear = event.kind == RecordEvent::Kind::ProgressCleared;
    // The newest point wins, so a retry of an older batch never takes the learner back.
    auto got = statements.Get(
        db, clear ? "DELETE FROM resume_points WHERE staff_hash = ?1 AND module_id = ?2"
                  : "INSERT INTO resume_points (staff_hash, module_id, scene_id, points, "
                    "points_possible, bonus, variables, seconds, film_ms, film_asked, sitting_id, "
                    "saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                    "ON CONFLICT (staff_hash, module_id) DO UPDATE SET scene_id = excluded.scene_id, "
                    "points = excluded.points, points_possible = excluded.points_possible, "
                    "bonus = excluded.bonus, variables = excluded.variables, seconds = excluded.seconds, "
                    "film_ms = excluded.film_ms, film_asked = excluded.film_asked, "
                    "sitting_id = excluded.sitting_id, saved_at = excluded.saved_at "
                    "WHERE excluded.saved_at >= resume_points.saved_at");
    if (auto* failed = std::get_if<std::pair<int, std::string>>(&got)) return *failed;
    Statement& statement = *std::get<Statement*>(got);
    if (clear) {
        statement.Bind(1, event.staff_hash).Bind(2, p.module_id);
    } else {
        statement.Bind(1, event.staff_hash)
            .Bind(2, p.module_id)
            .Bind(3, p.scene_id)
            .Bind(4, p.points)
            .Bind(5, p.points_possible)
            .Bind(6, p.bonus)
            .Bind(7, VariablesJson(p.variables))
            .Bind(8, p.seconds)
            .Bind(9, static_cast<std::int64_t>(p.film_ms))
            .Bind(10, AskedJson(p.film_asked))
            .Bind(11, event.sitting_id)
            .Bind(12, event.wall_time);
    }
    if (statement.Step() != StepResult::Done) return std::pair{statement.ErrorCode(), statement.ErrorMessage()};
    return std::nullopt;
}

}  // namespace records_detail

std::vector<ResumePoint> RecordsDb::ResumePoints(const std::string& staff_hash, const std::string& since) {
    std::vector<ResumePoint> points;
    if (!m_db.IsOpen() || staff_hash.empty()) return points;
    Statement query;
    if (query.Prepare(m_db,
                      "SELECT module_id, scene_id, points, points_possible, bonus, variables, seconds, film_ms, "
                      "film_asked, saved_at FROM resume_points WHERE staff_hash = ?1 AND saved_at >= ?2 "
                      "ORDER BY saved_at DESC"))
        return points;
    query.Bind(1, staff_hash).Bind(2, since);
    while (query.Step() == StepResult::Row) {
        ResumePoint& p = points.emplace_back();
        p.module_id = query.ColumnText(0);
        p.scene_id = query.ColumnText(1);
        p.points = static_cast<int>(query.ColumnInt64(2));
        p.points_possible = static_cast<int>(query.ColumnInt64(3));
        p.bonus = static_cast<int>(query.ColumnInt64(4));
        p.seconds = static_cast<int>(query.ColumnInt64(6));
        p.film_ms = query.ColumnInt64(7);
        p.saved_at = query.ColumnText(9);
        ReadResumeJson(m_db, query.ColumnText(5), query.ColumnText(8), p);
    }
    return points;
}

void ReadResumeJson(Database& db, const std::string& variables, const std::string& film_asked, ResumePoint& point) {
    // JSON1 reads back what VariablesJson and AskedJson wrote (json_each: one row per member).
    Statement members;
    if (!members.Prepare(db, "SELECT key, type, atom FROM json_each(?1)")) {
        members.Bind(1, variables);
        while (members.Step() == StepResult::Row) {
            std::string type = members.ColumnText(1);
            if (type == "true" || type == "false") point.variables[members.ColumnText(0)] = type == "true";
            else if (type == "integer") point.variables[members.ColumnText(0)] = static_cast<long long>(members.ColumnInt64(2));
            else if (type == "text") point.variables[members.ColumnText(0)] = members.ColumnText(2);
        }
    }
    Statement asked;
    if (!asked.Prepare(db, "SELECT value FROM json_each(?1) WHERE type = 'integer' AND value >= 0")) {
        asked.Bind(1, film_asked);
        while (asked.Step() == StepResult::Row) point.film_asked.push_back(static_cast<std::size_t>(asked.ColumnInt64(0)));
    }
}

std::map<std::string, std::string> RecordsDb::LastFinished(const std::string& staff_hash) {
    std::map<std::string, std::string> finished;
    Statement query;
    if (!m_db.IsOpen() || staff_hash.empty() ||
        query.Prepare(m_db, "SELECT c.module_id, max(c.completed_at) FROM completions c JOIN sittings s ON s.id = c.sitting_id "
                            "WHERE s.staff_hash = ?1 GROUP BY c.module_id"))
        return finished;
    query.Bind(1, staff_hash);
    while (query.Step() == StepResult::Row) finished[query.ColumnText(0)] = query.ColumnText(1);
    return finished;
}

std::variant<std::int64_t, std::string> RecordsDb::DeleteResumePointsBefore(const std::string& before) {
    if (!m_db.IsOpen()) return std::string("the records file is not open");
    Statement statement;
    if (auto e = statement.Prepare(m_db, "DELETE FROM resume_points WHERE saved_at < ?1")) return *e;
    statement.Bind(1, before);
    if (statement.Step() != StepResult::Done) return PlainWriteError(statement.ErrorCode(), statement.ErrorMessage());
    return static_cast<std::int64_t>(sqlite3_changes(m_db.Handle()));
}

}  // namespace kiosk::core
