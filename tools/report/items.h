// `kiosk-report items`: item analysis per question. Facility (share answered correctly),
// discrimination (point-biserial correlation of getting it right with the module score), how often
// each option was chosen (and chosen in a wrong answer: the distractors that work), and the same
// facility sliced by role category and by region: "which signs do health staff miss most?".
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/sqlite_db.h"
#include "report/filters.h"
#include "report/suppression.h"

namespace report {

struct ItemStats {
    Cell answers, correct, incorrect;
    std::optional<double> facility;  // correct / answers, 0..1, when all three are published
};

struct SliceStats {
    std::string key;  // the role category or region
    ItemStats stats;
};

struct OptionStats {
    std::string option;       // the option id as recorded
    Cell chosen;              // answers that included it
    Cell chosen_when_wrong;   // wrong answers that included it
    std::optional<double> share;  // chosen / answers
};

struct ItemRow {
    std::string module, scene, question_type;
    ItemStats all;
    std::optional<double> discrimination;  // -1..1; from learners who finished the module (at least K)
    std::vector<OptionStats> options;       // none for order questions (every option is always placed)
    std::vector<SliceStats> by_role, by_region;
};

struct ItemsReport {
    Filters filters;
    std::vector<ItemRow> items;  // by module, then scene id; choice scenes are not questions: left out
};

// Reads the item analysis from an open RecordsSource connection, suppressed with filters.min_cell.
std::variant<ItemsReport, std::string> AnalyseItems(kiosk::core::Database& db, const Filters& filters);

}  // namespace report
