// ReadRecords (records_rows.h): three fixed scans, one per table. The schema name is one of two fixed
// words, never text from outside, so it is chosen, not spliced.
#include "xapi/records_rows.h"

namespace kiosk::xapi {

using core::Statement;
using core::StepResult;

namespace {

std::optional<std::string> Optional(Statement& st, int column) {
    if (st.ColumnIsNull(column)) return std::nullopt;
    return st.ColumnText(column);
}

}  // namespace

std::variant<Records, std::string> ReadRecords(core::Database& db, const std::string& schema) {
    if (schema != "main" && schema != "src") return std::string("records schema must be main or src");
    const bool src = schema == "src";
    Records records;
    Statement st;
    if (auto e = st.Prepare(db, src ? "SELECT id, kiosk_id, site_id, agency, region, partnership, role, language, staff_hash, "
                                      "pack_id, pack_version, pack_hash, started_at, ended_at, outcome FROM src.sittings ORDER BY rowid"
                                    : "SELECT id, kiosk_id, site_id, agency, region, partnership, role, language, staff_hash, "
                                      "pack_id, pack_version, pack_hash, started_at, ended_at, outcome FROM main.sittings ORDER BY rowid"))
        return "cannot read the sittings (" + *e + ")";
    StepResult step;
    while ((step = st.Step()) == StepResult::Row)
        records.sittings.push_back(SittingRow{st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3),
                                              st.ColumnText(4), st.ColumnText(5), st.ColumnText(6), st.ColumnText(7),
                                              Optional(st, 8), st.ColumnText(9), st.ColumnInt64(10), st.ColumnText(11),
                                              st.ColumnText(12), Optional(st, 13), Optional(st, 14)});
    if (step == StepResult::Error) return "cannot read the sittings (" + st.ErrorMessage() + ")";

    if (auto e = st.Prepare(db, src ? "SELECT id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, "
                                      "answered_at FROM src.answers ORDER BY rowid"
                                    : "SELECT id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, "
                                      "answered_at FROM main.answers ORDER BY rowid"))
        return "cannot read the answers (" + *e + ")";
    while ((step = st.Step()) == StepResult::Row)
        records.answers.push_back(AnswerRow{st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3),
                                            st.ColumnText(4), st.ColumnText(5), st.ColumnInt64(6) != 0, st.ColumnInt64(7),
                                            st.ColumnText(8)});
    if (step == StepResult::Error) return "cannot read the answers (" + st.ErrorMessage() + ")";

    if (auto e = st.Prepare(db, src ? "SELECT id, sitting_id, module_id, points, points_possible, percent, passed, completion_code, "
                                      "end_scene, seconds, completed_at FROM src.completions ORDER BY rowid"
                                    : "SELECT id, sitting_id, module_id, points, points_possible, percent, passed, completion_code, "
                                      "end_scene, seconds, completed_at FROM main.completions ORDER BY rowid"))
        return "cannot read the completions (" + *e + ")";
    while ((step = st.Step()) == StepResult::Row)
        records.completions.push_back(CompletionRow{st.ColumnText(0), st.ColumnText(1), st.ColumnText(2), st.ColumnInt64(3),
                                                    st.ColumnInt64(4), st.ColumnInt64(5), st.ColumnInt64(6) != 0,
                                                    st.ColumnText(7), st.ColumnText(8), st.ColumnInt64(9), st.ColumnText(10)});
    if (step == StepResult::Error) return "cannot read the completions (" + st.ErrorMessage() + ")";
    return records;
}

}  // namespace kiosk::xapi
