// `kiosk-report merge OUT IN...`: many kiosks' records into one records DB. Rows are keyed by their
// UUIDs, so merging the same export twice adds nothing; a row whose id is already there with other
// content is reported and left as it was (never overwritten); older schemas are read as the current
// one; a damaged or foreign input is named and skipped without losing the others.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/progress.h"

namespace report {

struct MergeInput {
    std::string path;
    std::string error;        // "" = merged; otherwise why the whole input was skipped (nothing from it kept)
    int schema_version = 0;
    std::int64_t sittings_added = 0, answers_added = 0, completions_added = 0;
    std::int64_t already_there = 0;  // identical rows skipped (the same export merged before)
    std::int64_t sittings_ended = 0;  // sittings still open in OUT that this later export saw end
    std::int64_t conflicts = 0;       // same id, different content: kept OUT's row
    std::vector<std::string> conflict_examples;  // "sittings <id>", at most a few
    std::int64_t orphans = 0;         // answers/completions whose sitting is in neither file: skipped
    std::int64_t admin_events_added = 0;  // lines of the kiosk's admin trail (schema 5 and later)
    bool appended = false;            // a fresh kiosk: its rows appended, their ids checked once at the end
};

struct MergeResult {
    std::string error;                // "" unless OUT itself could not be opened or written (nothing merged)
    std::vector<MergeInput> inputs;   // in the order given
    std::int64_t sittings = 0, answers = 0, completions = 0;  // in OUT afterwards

    // True when every input merged without conflicts or skipped rows.
    bool Clean() const;
};

// Merges `inputs` into the records DB `out` (created if missing, with the kiosk's own schema and
// checks). Each input goes in whole or not at all. Inputs from kiosks not yet in OUT (the usual case:
// new exports) are appended and indexed once at the end; the others go in row by row by id. OUT is replaced in one step at the end (a killed
// merge leaves it as it was), and not at all if nothing was added. Refuses an input that is `out`.
// The new OUT is built in memory if it should fit in `memory_budget` bytes (default: a quarter of the
// machine's memory), otherwise in a file beside OUT.
MergeResult Merge(const std::string& out, const std::vector<std::string>& inputs, const Progress& progress = {},
                  std::optional<std::uintmax_t> memory_budget = std::nullopt);

}  // namespace report
