// ReadRecords, ReadRecordsAfter and ReadSitting (records_rows.h): fixed scans, one per table, with one
// column list and one row decoder per table. The schema name is one of two fixed words, never text from
// outside, so it is chosen, not spliced.
#include "xapi/records_rows.h"

namespace kiosk::xapi {

using core::Statement;
using core::StepResult;

namespace {

#define KIOSK_SITTING_COLUMNS \
    "id, kiosk_id, site_id, agency, region, partnership, role, language, staff_hash, pack_id, pack_version, pack_hash, " \
    "started_at, ended_at, outcome, rowid"
#define KIOSK_ANSWER_COLUMNS "id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, answered_at, rowid"
#define KIOSK_COMPLETION_COLUMNS \
    "id, sitting_id, module_id, points, points_possible, percent, passed, completion_code, end_scene, seconds, " \
    "completed_at, rowid"

std::optional<std::string> Optional(Statement& st, int column) {
    if (st.ColumnIsNull(column)) return std::nullopt;
    return st.ColumnText(column);
}

SittingRow Sitting(Statement& st) {
    return SittingRow{st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3),  st.ColumnText(4),
                      st.ColumnText(5), st.ColumnText(6), st.ColumnText(7), Optional(st, 8),   st.ColumnText(9),
                      st.ColumnInt64(10), st.ColumnText(11), st.ColumnText(12), Optional(st, 13), Optional(st, 14)};
}
AnswerRow Answer(Statement& st) {
    return AnswerRow{st.ColumnText(0), st.ColumnText(1),     st.ColumnText(2),   st.ColumnText(3), st.ColumnText(4),
                     st.ColumnText(5), st.ColumnInt64(6) != 0, st.ColumnInt64(7), st.ColumnText(8)};
}
CompletionRow Completion(Statement& st) {
    return CompletionRow{st.ColumnText(0),   st.ColumnText(1),   st.ColumnText(2), st.ColumnInt64(3),
                         st.ColumnInt64(4),  st.ColumnInt64(5),  st.ColumnInt64(6) != 0, st.ColumnText(7),
                         st.ColumnText(8),   st.ColumnInt64(9),  st.ColumnText(10)};
}

// Runs a prepared scan, appending each row; `last_rowid` (if given) gets the rowid column's last value.
template <typename Row, typename Decode>
std::optional<std::string> Scan(Statement& st, Decode decode, int rowid_column, std::vector<Row>& out,
                                std::int64_t* last_rowid, const char* what) {
    StepResult step;
    while ((step = st.Step()) == StepResult::Row) {
        out.push_back(decode(st));
        if (last_rowid) *last_rowid = st.ColumnInt64(rowid_column);
    }
    if (step == StepResult::Error) return std::string("cannot read the ") + what + " (" + st.ErrorMessage() + ")";
    return std::nullopt;
}

}  // namespace

std::variant<Records, std::string> ReadRecords(core::Database& db, const std::string& schema) {
    if (schema != "main" && schema != "src") return std::string("records schema must be main or src");
    const bool src = schema == "src";
    Records records;
    Statement st;
    if (auto e = st.Prepare(db, src ? "SELECT " KIOSK_SITTING_COLUMNS " FROM src.sittings ORDER BY rowid"
                                    : "SELECT " KIOSK_SITTING_COLUMNS " FROM main.sittings ORDER BY rowid"))
        return "cannot read the sittings (" + *e + ")";
    if (auto e = Scan(st, Sitting, 15, records.sittings, nullptr, "sittings")) return *e;
    if (auto e = st.Prepare(db, src ? "SELECT " KIOSK_ANSWER_COLUMNS " FROM src.answers ORDER BY rowid"
                                    : "SELECT " KIOSK_ANSWER_COLUMNS " FROM main.answers ORDER BY rowid"))
        return "cannot read the answers (" + *e + ")";
    if (auto e = Scan(st, Answer, 9, records.answers, nullptr, "answers")) return *e;
    if (auto e = st.Prepare(db, src ? "SELECT " KIOSK_COMPLETION_COLUMNS " FROM src.completions ORDER BY rowid"
                                    : "SELECT " KIOSK_COMPLETION_COLUMNS " FROM main.completions ORDER BY rowid"))
        return "cannot read the completions (" + *e + ")";
    if (auto e = Scan(st, Completion, 11, records.completions, nullptr, "completions")) return *e;
    return records;
}

std::variant<RowsAfter, std::string> ReadRecordsAfter(core::Database& db, const RowCursor& after, std::int64_t limit) {
    RowsAfter out;
    out.next = after;
    Statement st;
    if (auto e = st.Prepare(db, "SELECT " KIOSK_SITTING_COLUMNS " FROM main.sittings WHERE rowid > ?1 ORDER BY rowid LIMIT ?2"))
        return "cannot read the sittings (" + *e + ")";
    st.Bind(1, after.sittings).Bind(2, limit);
    if (auto e = Scan(st, Sitting, 15, out.records.sittings, &out.next.sittings, "sittings")) return *e;
    if (auto e = st.Prepare(db, "SELECT " KIOSK_ANSWER_COLUMNS " FROM main.answers WHERE rowid > ?1 ORDER BY rowid LIMIT ?2"))
        return "cannot read the answers (" + *e + ")";
    st.Bind(1, after.answers).Bind(2, limit);
    if (auto e = Scan(st, Answer, 9, out.records.answers, &out.next.answers, "answers")) return *e;
    if (auto e = st.Prepare(db, "SELECT " KIOSK_COMPLETION_COLUMNS " FROM main.completions WHERE rowid > ?1 ORDER BY rowid LIMIT ?2"))
        return "cannot read the completions (" + *e + ")";
    st.Bind(1, after.completions).Bind(2, limit);
    if (auto e = Scan(st, Completion, 11, out.records.completions, &out.next.completions, "completions")) return *e;
    return out;
}

std::variant<std::optional<SittingRow>, std::string> ReadSitting(core::Database& db, const std::string& id) {
    Statement st;
    if (auto e = st.Prepare(db, "SELECT " KIOSK_SITTING_COLUMNS " FROM main.sittings WHERE id = ?1"))
        return "cannot read the sittings (" + *e + ")";
    st.Bind(1, id);
    std::vector<SittingRow> rows;
    if (auto e = Scan(st, Sitting, 15, rows, nullptr, "sittings")) return *e;
    if (rows.empty()) return std::optional<SittingRow>();
    return std::optional<SittingRow>(rows.front());
}

std::variant<std::vector<ResumeRow>, std::string> ReadResumePointsSince(core::Database& db, const std::string& since,
                                                                        std::int64_t limit) {
    std::vector<ResumeRow> rows;
    Statement table;
    if (auto e = table.Prepare(db, "SELECT count(*) FROM main.sqlite_schema WHERE type = 'table' AND name = 'resume_points'"))
        return "cannot read the records' schema (" + *e + ")";
    if (table.Step() != StepResult::Row) return "cannot read the records' schema (" + table.ErrorMessage() + ")";
    if (table.ColumnInt64(0) == 0) return rows;
    Statement st;
    if (auto e = st.Prepare(db,
                            "SELECT staff_hash, module_id, scene_id, points, points_possible, bonus, variables, seconds, "
                            "film_ms, film_asked, sitting_id, saved_at FROM main.resume_points WHERE saved_at >= ?1 "
                            "ORDER BY saved_at, staff_hash, module_id LIMIT ?2"))
        return "cannot read the resume points (" + *e + ")";
    st.Bind(1, since).Bind(2, limit);
    StepResult step;
    while ((step = st.Step()) == StepResult::Row)
        rows.push_back(ResumeRow{st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnInt64(3),
                                 st.ColumnInt64(4), st.ColumnInt64(5), st.ColumnText(6), st.ColumnInt64(7),
                                 st.ColumnInt64(8), st.ColumnText(9), st.ColumnText(10), st.ColumnText(11)});
    if (step == StepResult::Error) return "cannot read the resume points (" + st.ErrorMessage() + ")";
    return rows;
}

}  // namespace kiosk::xapi
