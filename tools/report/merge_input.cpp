// One input into the staging copy (see merge.cpp): row by row by id (MergeOne), or appended as it is when
// it comes from a fresh kiosk (AppendOne), each in one transaction.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/util/sqlite_db.h"
#include "report/merge_internal.h"
#include "report/merge_sql.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;

// [SECTION] One input

namespace {

// Runs the steps of one input; the first failure is kept in `error` and later steps are skipped.
struct Run {
    Database& db;
    std::string error;

    bool Failed() const { return !error.empty(); }
    // Fixed SQL returning one number.
    std::int64_t Count(const char* sql) {
        if (Failed()) return 0;
        Statement st;
        if (auto e = st.Prepare(db, sql)) {
            error = *e;
            return 0;
        }
        if (st.Step() != StepResult::Row) {
            error = st.ErrorMessage();
            return 0;
        }
        return st.ColumnInt64(0);
    }
    // Fixed SQL without results; the rows it changed.
    std::int64_t Changes(const char* sql) {
        if (Failed()) return 0;
        if (auto e = db.Exec(sql)) {
            error = *e;
            return 0;
        }
        return sqlite3_changes64(db.Handle());
    }
};

}  // namespace

std::optional<std::int64_t> MergeOne(Database& db, MergeInput& input) {
    Run run{db, {}};
    if (auto e = db.Exec("BEGIN")) {
        input.error = "cannot start a transaction on the output (" + *e + ")";
        return std::nullopt;
    }
    run.Changes(input.schema_version >= 2 ? kSrcSittingsV2 : kSrcSittingsV1);
    run.Changes("CREATE TEMP TABLE conflicts (kind TEXT NOT NULL, id TEXT NOT NULL)");
    std::int64_t src_sittings = 0, src_answers = 0, src_completions = 0;
    {
        Statement counts;
        if (!run.Failed()) {
            if (auto e = counts.Prepare(db, kSourceRows)) run.error = *e;
        }
        if (!run.Failed()) {
            if (counts.Step() == StepResult::Row) {
                src_sittings = counts.ColumnInt64(0);
                src_answers = counts.ColumnInt64(1);
                src_completions = counts.ColumnInt64(2);
            } else {
                run.error = counts.ErrorMessage();
            }
        }
    }
    // Each table: insert what is new; only if some rows were not new, find out why (already there,
    // conflicting, or an answer without its sitting).
    input.sittings_added = run.Changes(kInsertSittings);
    std::int64_t filled = 0;
    if (input.sittings_added < src_sittings) {
        run.Changes(kSittingConflicts);
        input.sittings_ended = run.Changes(kEndSittings);
        filled = run.Changes(kFillPartnership);
    }
    input.answers_added = run.Changes(kInsertAnswers);
    if (input.answers_added < src_answers) {
        run.Changes(kAnswerConflicts);
        input.orphans += run.Count(kAnswerOrphans);
    }
    input.completions_added = run.Changes(kInsertCompletions);
    if (input.completions_added < src_completions) {
        run.Changes(kCompletionConflicts);
        input.orphans += run.Count(kCompletionOrphans);
    }
    if (input.schema_version >= 5) input.admin_events_added = run.Changes(kInsertAdminEvents);
    if (!run.Failed()) {
        Statement examples;
        if (auto e = examples.Prepare(db, "SELECT kind || ' ' || id FROM temp.conflicts ORDER BY rowid"))
            run.error = *e;
        while (!run.Failed() && examples.Step() == StepResult::Row) {
            if (input.conflicts++ < kConflictExamples) input.conflict_examples.push_back(examples.ColumnText(0));
        }
    }
    if (!run.Failed()) {
        // Rows of a conflicting sitting are skipped too; they make this an estimate, floored at 0.
        input.already_there = src_sittings + src_answers + src_completions - input.sittings_added -
                              input.answers_added - input.completions_added - input.conflicts - input.orphans;
        if (input.already_there < 0) input.already_there = 0;
    }
    run.Changes("DROP TABLE temp.conflicts");
    run.Changes("DROP VIEW temp.src_sittings");
    if (!run.Failed())
        if (auto e = db.Exec("COMMIT")) run.error = *e;
    if (run.Failed()) {
        // Ends the transaction; without a journal it undoes nothing (Merge throws this copy away).
        if (!sqlite3_get_autocommit(db.Handle())) db.Exec("ROLLBACK");
        input.error = "not merged (SQLite: " + run.error + ")";
        input.sittings_added = input.answers_added = input.completions_added = input.admin_events_added = 0;
        input.already_there = input.sittings_ended = input.conflicts = input.orphans = 0;
        input.conflict_examples.clear();
        return std::nullopt;
    }
    return input.sittings_added + input.answers_added + input.completions_added + input.sittings_ended + filled +
           input.admin_events_added;
}

std::optional<std::int64_t> AppendOne(Database& db, MergeInput& input) {
    Run run{db, {}};
    if (auto e = db.Exec("BEGIN")) {
        input.error = "cannot start a transaction on the output (" + *e + ")";
        return std::nullopt;
    }
    run.Changes(input.schema_version >= 2 ? kSrcSittingsV2 : kSrcSittingsV1);
    input.sittings_added = run.Changes(kAppendSittings);
    input.answers_added = run.Changes(kAppendAnswers);
    input.completions_added = run.Changes(kAppendCompletions);
    if (input.schema_version >= 5) input.admin_events_added = run.Changes(kInsertAdminEvents);
    run.Changes("DROP VIEW temp.src_sittings");
    if (!run.Failed())
        if (auto e = db.Exec("COMMIT")) run.error = *e;
    if (run.Failed()) {
        if (!sqlite3_get_autocommit(db.Handle())) db.Exec("ROLLBACK");
        input.error = "not merged (SQLite: " + run.error + ")";
        input.sittings_added = input.answers_added = input.completions_added = input.admin_events_added = 0;
        return std::nullopt;
    }
    return input.sittings_added + input.answers_added + input.completions_added + input.admin_events_added;
}

}  // namespace report
