// VerifyCodes (verify.h): each input attached read-only in turn (records_input.h), its completions looked
// up by code; a completion found in several inputs (an export and the merged DB) is listed once.
#include "report/verify.h"

#include <sqlite3.h>

#include <cctype>
#include <set>
#include <variant>

#include "report/records_input.h"
#include "report/scratch_dir.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;

std::optional<std::string> NormaliseCompletionCode(std::string_view typed) {
    static const std::string kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string code;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (u == 'O') u = '0';
        if (u == 'I' || u == 'L') u = '1';
        if (kAlphabet.find(u) == std::string::npos) return std::nullopt;
        code += u;
        if (code.size() > 8) return std::nullopt;
    }
    if (code.size() != 8) return std::nullopt;
    return code.substr(0, 4) + "-" + code.substr(4);
}

VerifyResult VerifyCodes(const std::vector<std::string>& codes, const std::vector<std::string>& inputs) {
    VerifyResult result;
    for (const std::string& typed : codes) result.codes.push_back(CodeCheck{typed, NormaliseCompletionCode(typed), {}});
    std::string error;
    std::optional<ScratchDir> scratch = ScratchDir::Create(error);
    if (!scratch) {
        result.problems.push_back("cannot make a scratch folder (" + error + ")");
        return result;
    }
    Database db;
    if (auto e = db.Open(":memory:", SQLITE_OPEN_READWRITE)) {
        result.problems.push_back("cannot start SQLite (" + *e + ")");
        return result;
    }
    db.Exec("PRAGMA trusted_schema = OFF");
    std::vector<std::set<std::string>> seen(codes.size());  // completion ids already listed, per code
    for (const std::string& path : inputs) {
        auto attached = AttachRecords(db, path, *scratch, false);
        if (auto* e = std::get_if<std::string>(&attached)) {
            result.problems.push_back(*e);
            continue;
        }
        Statement query;
        if (auto e = query.Prepare(db,
                                   "SELECT c.id, c.module_id, c.percent, c.passed, substr(c.completed_at, 1, 10), s.agency, "
                                   "s.site_id, s.kiosk_id, s.region FROM src.completions c JOIN src.sittings s ON "
                                   "s.id = c.sitting_id WHERE c.completion_code = ?1 ORDER BY c.completed_at")) {
            result.problems.push_back(path + ": cannot read its completions (" + *e + ")");
            DetachRecords(db);
            continue;
        }
        result.any_input_read = true;
        for (std::size_t i = 0; i < result.codes.size(); ++i) {
            CodeCheck& check = result.codes[i];
            if (!check.code) continue;
            query.Reset();
            query.Bind(1, *check.code);
            StepResult step;
            while ((step = query.Step()) == StepResult::Row) {
                if (!seen[i].insert(query.ColumnText(0)).second) continue;
                check.matches.push_back(CodeMatch{query.ColumnText(1), static_cast<int>(query.ColumnInt64(2)),
                                                  query.ColumnInt64(3) != 0, query.ColumnText(4), query.ColumnText(5),
                                                  query.ColumnText(6), query.ColumnText(7), query.ColumnText(8)});
            }
            if (step == StepResult::Error) result.problems.push_back(path + ": " + query.ErrorMessage());
        }
        query = Statement();
        DetachRecords(db);
    }
    return result;
}

}  // namespace report
