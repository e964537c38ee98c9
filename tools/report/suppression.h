// Small-cohort suppression for every kiosk-report output. A count of learners under K (default 5) is
// never published, and a second cell is hidden wherever a published total would let a reader work a
// hidden cell back out by subtraction (secondary suppression). Reports register their cells and the
// sums that tie them together, call Apply once, and only then format anything.
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

namespace report {

// One published count. `value` is what is shown (sittings, completions, answers...); `learners` is how
// many different learners (sittings) it covers, which is what the threshold applies to: 6 completions
// by 3 learners are still 3 learners. After SuppressionPlan::Apply a suppressed cell's value and
// learners are 0, so no formatter can leak them by mistake.
struct Cell {
    std::int64_t value = 0;
    std::int64_t learners = 0;
    bool suppressed = false;
};

// A count in which every unit is a different learner (sittings; answers to one question).
inline Cell LearnerCount(std::int64_t n) { return Cell{n, n, false}; }

// The default --min-cell.
inline constexpr int kDefaultMinCell = 5;

class SuppressionPlan {
public:
    // A cell that will be published. Cells must not move until Apply has run (build rows first).
    void Add(Cell& cell);
    // A count that is not published but follows from published ones (e.g. "answered but did not choose
    // option b" = answers - chosen). It is never shown, but if it is under K it must not be derivable.
    Cell& Hidden(Cell value);
    // States that `total` = sum of `parts` in what is published (also registers every cell).
    void Sum(Cell& total, std::vector<Cell*> parts);

    // Suppresses every registered cell covering 1..K-1 learners (primary), then, until nothing changes,
    // a second cell in any sum that would otherwise give a hidden cell away: in each sum with a known
    // total the hidden parts are at least two and cover at least K learners; a hidden total has at
    // least one hidden part. Zero is published: it counts no one. Then zeroes every hidden cell.
    void Apply(int min_cell);

private:
    struct Entry {
        Cell* cell;
        bool hidden;  // not published: never chosen for secondary suppression (hiding it adds nothing)
    };
    struct Equation {
        std::size_t total;
        std::vector<std::size_t> parts;
    };
    std::size_t IndexOf(Cell& cell, bool hidden);
    bool Protect(const Equation& equation, int min_cell);

    std::vector<Entry> m_entries;
    std::unordered_map<const Cell*, std::size_t> m_index;
    std::vector<Equation> m_equations;
    std::deque<Cell> m_hidden;  // deque: Hidden() hands out references that must stay valid
};

}  // namespace report
