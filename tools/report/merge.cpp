// Merge (merge.h): OUT is rebuilt in a private staging copy (in memory when it fits, else a file) and
// the finished file is renamed over OUT, so a killed merge leaves OUT as it was. The copy needs no
// crash safety of its own: no journal, no fsync until the one at the end. Indexes are dropped in it
// and built once at the end by sorting, instead of being updated row by row at random places: all of
// them while only new kiosks' exports come (appended as they are; their ids are checked for clashes
// when the UNIQUE id indexes are built), all but the id indexes once an input may hold rows OUT has
// (then each input is set-based INSERT ... SELECT by id, and the conflict and orphan joins run only
// when some rows did not go in as new). Inputs are checked ahead on another thread. An input that
// fails half-way has the copy built again without it.
// (Measured on 100 kiosks, 1,000,000 answers: one fsync'ed WAL commit per input into OUT itself with
// every index updated per row took 84-134 s; the staging copy by id 20.7 s; appending about 8.5 s.)
//
// [SECTION] SQL (fixed text; the only varying inputs are bound parameters and the attached file): merge_sql.h
// [SECTION] One input: merge_input.cpp
// [SECTION] Checking the inputs ahead: merge_check.cpp
// [SECTION] Staging copy: merge_staging.cpp
// [SECTION] Merge: here (what the files share: merge_internal.h)
#include "report/merge.h"

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <variant>

#include "core/records/records_db.h"
#include "report/merge_internal.h"
#include "report/merge_sql.h"
#include "report/records_input.h"
#include "report/scratch_dir.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;
namespace fs = std::filesystem;

namespace {

bool SameFile(const std::string& a, const std::string& b) {
    std::error_code ec;
    return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

}  // namespace

bool MergeResult::Clean() const {
    if (!error.empty()) return false;
    for (const MergeInput& input : inputs)
        if (!input.error.empty() || input.conflicts > 0 || input.orphans > 0) return false;
    return true;
}

// [SECTION] Merge

MergeResult Merge(const std::string& out, const std::vector<std::string>& inputs, const Progress& progress,
                  std::optional<std::uintmax_t> memory_budget) {
    MergeResult result;
    for (const std::string& path : inputs) {
        MergeInput input;
        input.path = path;
        result.inputs.push_back(std::move(input));
    }
    for (const std::string& path : inputs)
        if (SameFile(path, out)) {
            result.error = out + ": is also an input; merge into a new or different file";
            return result;
        }
    std::string scratch_error;
    std::optional<ScratchDir> scratch = ScratchDir::Create(scratch_error);
    if (!scratch) {
        result.error = scratch_error;
        return result;
    }
    // OUT goes through the kiosk's own open: schema, migrations, checks, and the lock that keeps a kiosk
    // (or a second merge) from writing it while this one runs. The lock is held until the end.
    kiosk::core::OpenReport report;
    auto opened = kiosk::core::RecordsDb::Open(out, report);
    if (auto* e = std::get_if<std::string>(&opened)) {
        result.error = *e;
        return result;
    }
    auto& records = std::get<kiosk::core::RecordsDb>(opened);
    if (!report.quarantined_to.empty()) {
        result.error = out + ": was damaged and has been moved to " + report.quarantined_to + "; nothing merged";
        return result;
    }
    const kiosk::core::RowCounts before = records.Counts();
    RemoveLeftovers(out);
    std::uintmax_t budget = memory_budget ? *memory_budget : MemoryBudget();
    Place place = budget > 0 && ExpectedSize(out, inputs) <= budget ? Place::Memory : Place::File;

    // Each pass builds a fresh staging copy and merges every input not known to be bad. The copy has no
    // journal, so an input that fails half-way (damage quick_check cannot see, rows breaking OUT's CHECK
    // constraints) ends the pass, and the next pass starts again without it: rare, and cheaper than
    // journalling every input's pages.
    //
    // Two ways in. A fresh kiosk (none of its kiosk ids in OUT or in an input before it, and each of its
    // answers and completions with its sitting in the same file) cannot have a row already there, so
    // while only fresh kiosks come, the rows are appended with no index at all and the id indexes are
    // built once, sorted, afterwards: several times faster than inserting ids at random places in an
    // index. From the first input that may overlap (a later export of a kiosk already merged), the id
    // indexes are built and each row goes in by id (MergeOne: already there, conflicting, ended since).
    // Should the id indexes not build (an id twice among "fresh" kiosks: only a forged or edited file),
    // the merge starts again with every input going in by id.
    std::vector<bool> bad(inputs.size(), false);
    bool by_id_only = false;
    InputChecker checker(inputs, *scratch);
    for (;;) {
        kiosk::core::RowCounts counts = before;
        Staging staging;
        if (auto e = staging.Start(out, records.Connection(), place)) {
            result.error = out + ": cannot set up the merge (" + *e + "); nothing merged";
            return result;
        }
        Database& db = staging.Db();
        bool changed = false, again = false;
        // Appending while only fresh kiosks come (the id indexes are dropped at the first of them, so a
        // merge that starts with a known kiosk never drops them); by id from the first other input.
        bool appending = !by_id_only, dropped = false;
        std::set<std::string> kiosks;  // in the copy so far
        if (appending) {
            Statement list;
            std::optional<std::string> e = list.Prepare(db, kOutKiosks);
            StepResult r = StepResult::Error;
            if (!e)
                while ((r = list.Step()) == StepResult::Row) kiosks.insert(list.ColumnText(0));
            if (!e && r == StepResult::Error) e = list.ErrorMessage();
            if (e) {
                result.error = out + ": cannot set up the merge (" + *e + "); nothing merged";
                return result;
            }
        }
        // Ends appending: the id indexes over everything so far. False if the pass cannot go on: with
        // `again` set (an id twice: start again by id) or result.error (OUT cannot be written).
        auto stop_appending = [&]() -> bool {
            appending = false;
            if (!dropped) return true;
            bool duplicate = false;
            if (auto e = staging.BuildUnique(duplicate)) {
                if (duplicate) by_id_only = again = true;
                else result.error = out + ": cannot set up the merge (" + *e + "); nothing merged";
                return false;
            }
            return true;
        };
        for (std::size_t i = 0; i < inputs.size() && !again; ++i) {
            if (bad[i]) continue;
            MergeInput& input = result.inputs[i];
            input = MergeInput{};  // a later pass starts afresh
            input.path = inputs[i];
            if (progress)
                progress("merging " + std::to_string(i + 1) + " of " + std::to_string(inputs.size()) + ": " + input.path);
            auto checked = checker.Get(i);
            std::optional<std::string> error;
            if (auto* e = std::get_if<std::string>(&checked)) error = *e;
            else error = AttachChecked(db, std::get<CheckedInput>(checked).input);
            if (error) {
                input.error = *error;
                bad[i] = true;
                continue;
            }
            const CheckedInput& profile = std::get<CheckedInput>(checked);
            input.schema_version = profile.input.schema_version;
            bool fresh = profile.self_contained;
            for (const std::string& kiosk : profile.kiosks) fresh = fresh && kiosks.count(kiosk) == 0;
            if (appending && !fresh && !stop_appending()) {
                DetachRecords(db);
                if (!result.error.empty()) return result;
                break;
            }
            if (appending && !dropped) {
                if (auto e = staging.DropUnique()) {
                    result.error = out + ": cannot set up the merge (" + *e + "); nothing merged";
                    return result;
                }
                dropped = true;
            }
            std::optional<std::int64_t> added = appending ? AppendOne(db, input) : MergeOne(db, input);
            DetachRecords(db);
            if (!added) {
                input.error = input.path + ": " + input.error;
                bad[i] = again = true;
                continue;
            }
            input.appended = appending;
            kiosks.insert(profile.kiosks.begin(), profile.kiosks.end());
            changed = changed || *added > 0;
            counts.sittings += input.sittings_added;
            counts.answers += input.answers_added;
            counts.completions += input.completions_added;
        }
        if (!again && appending) {
            stop_appending();
            if (!result.error.empty()) return result;
        }
        if (again) continue;
        // Nothing new: OUT stays exactly as it was (the staging copy is thrown away).
        if (changed) {
            if (progress) progress("writing " + out);
            if (auto e = staging.Finish()) {
                result.error = out + ": cannot write the merged records (" + *e + "); nothing merged";
                return result;
            }
            // OUT's connection closes first (folding its WAL back in), then the copy takes its name; the
            // lock stays held by `records` until it goes out of scope.
            records.Connection() = Database();
            std::error_code ec;
            if (fs::file_size(out + "-wal", ec) > 0 && !ec) {
                result.error = out + ": is open in another program; nothing merged";
                return result;
            }
            if (auto e = staging.Publish(out)) {
                result.error = *e + "; nothing merged";
                return result;
            }
        }
        result.sittings = counts.sittings;
        result.answers = counts.answers;
        result.completions = counts.completions;
        return result;
    }
}

}  // namespace report
