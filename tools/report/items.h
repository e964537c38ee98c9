// `kiosk-report items`: item analysis per question. Facility (share answered correctly),
// discrimination (point-biserial correlation of getting it right with the module score), how often
// each option was chosen (and chosen in a wrong answer: the distractors that work), and the same
// facility sliced by role category, by region and by agency: "which signs do health staff miss most?",
// "which agencies' staff miss which signs?". With a
// content pack, each question also shows its prompt and each option its text.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/filters.h"
#include "report/records_source.h"
#include "report/sitting_index.h"
#include "report/disclosure.h"

namespace report {

struct ItemStats {
    Cell answers, correct, incorrect;
    std::optional<double> facility;  // correct / answers (rounded), 0..1, on a big enough base
};

struct SliceStats {
    std::string key;  // the role category or region
    ItemStats stats;
};

struct OptionStats {
    std::string option;       // the option id as recorded
    std::string text;         // its text in the content pack (AddQuestionText); "" if not known
    Cell chosen;              // answers that included it
    Cell chosen_when_wrong;   // wrong answers that included it
    std::optional<double> share;  // chosen / answers
};

struct ItemRow {
    std::string module, scene, question_type;
    std::string prompt;  // the question as the pack words it (AddQuestionText); "" if not known
    ItemStats all;
    std::optional<double> discrimination;  // -1..1; from learners who finished the module (at least K)
    std::vector<OptionStats> options;       // none for order questions (every option is always placed)
    std::vector<SliceStats> by_role, by_region, by_agency;
};

struct ItemsReport {
    Filters filters;
    // By module, then scene id; choice scenes are not questions: left out. Questions and slices answered
    // by fewer than K people are not listed.
    std::vector<ItemRow> items;
    bool people_by_staff_number = false;  // some sittings had a staff-number hash (PeopleCount)
    Coverage coverage;
    std::map<std::string, std::string> module_titles;  // module id -> its title in the pack (AddQuestionText)
    std::string text_source;     // where prompts and option texts came from ("<pack id> version <n> (<language>)"),
                                 // "" = nowhere: ids only
};

// Reads the item analysis from an open RecordsSource connection, protected with filters.min_cell (disclosure.h);
// the sittings, module scores and answers are read in row ranges at once as `split` allows.
std::variant<ItemsReport, std::string> AnalyseItems(kiosk::core::Database& db, const Filters& filters,
                                                    const ScanSplit& split = {});

// Fills in each item's prompt and each option's text from the content pack at `pack_path`, in the
// pack's first language. A question or option the pack does not have keeps "" (a pack of another
// version). Error message if the pack cannot be read, or has none of the report's questions.
std::optional<std::string> AddQuestionText(ItemsReport& report, const std::string& pack_path);

}  // namespace report
