// Statistical disclosure control for every kiosk-report output: the HESA rounding and suppression
// strategy (Higher Education Statistics Agency, "Rounding and suppression to anonymise statistics",
// https://www.hesa.ac.uk/about/regulation/data-protection/rounding-and-suppression-anonymise-statistics),
// applied once, the same way, to every table, CSV, JSON and HTML page. Why this method and not cell-key
// perturbation, and what it does and does not protect against: tools/report/README.md.
//
// - A group (a row: a kiosk, agency, role, module, period, question slice...) is listed only when it
//   covers at least K people (--min-cell, default 5); smaller groups get no row at all, not a row of
//   marks, so which rows appear gives nothing away. They still count in the totals above them.
// - Every published count is rounded to the nearest multiple of 5, halves up; 0, 1 and 2 become 0. A
//   count is rounded on its own, so the same group has the same figure in every table and every report,
//   and a difference of two published figures is only known to within ±5: no total minus its listed
//   parts, and no report minus another, gives back a small group's count.
// - A percentage is worked out from the rounded counts (so a reader can check it, and it says nothing
//   the counts do not) and only on a rounded base of at least 25 (HESA: 22.5 people).
// - A median or a correlation needs at least 7 people (HESA's rule for averages) and K.
// - No table prints every part of a total (tabulate.cpp): with the total and all its parts rounded,
//   reasoning over their ranges pins small counts far more often (tests/report/disclosure_attack_test.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace report {

// One published count. `value` is what is shown (sittings, completions, answers...); `learners` is how
// many different people it covers (PeopleCount below), which is what the listing threshold applies to.
// After Publish, `value` is rounded and `learners` is no longer needed by any formatter. `suppressed`
// marks a cell that is not shown at all (a small kiosk's counts in the kiosks list): its value is 0.
struct Cell {
    std::int64_t value = 0;
    std::int64_t learners = 0;
    bool suppressed = false;
};

// A count in which every unit is a different learner (sittings of anonymous learners; answers to one
// question).
inline Cell LearnerCount(std::int64_t n) { return Cell{n, n, false}; }

// The default --min-cell.
inline constexpr int kDefaultMinCell = 5;
// HESA's rounding base.
inline constexpr std::int64_t kRoundingBase = 5;
// The smallest rounded base a percentage is shown on (HESA: fewer than 22.5 people, no percentage).
inline constexpr std::int64_t kMinPercentBase = 25;
// The fewest people a median or correlation is shown for (HESA's rule for averages).
inline constexpr std::int64_t kMinAveragePeople = 7;

// `n` rounded to the nearest multiple of 5, halves up (so 0, 1, 2 -> 0; 3..7 -> 5).
inline std::int64_t RoundCount(std::int64_t n) {
    return n <= 0 ? 0 : (n + kRoundingBase / 2) / kRoundingBase * kRoundingBase;
}

// Whether a group of `people` gets a row of its own.
inline bool Listed(std::int64_t people, int min_cell) { return people >= min_cell; }

// Whether a median or correlation over `people` may be shown.
inline bool AverageShown(std::int64_t people, int min_cell) {
    return people >= std::max<std::int64_t>(kMinAveragePeople, min_cell);
}

// Rounds `cell` for publication (a suppressed cell stays 0).
inline void Publish(Cell& cell) { cell.value = cell.suppressed ? 0 : RoundCount(cell.value); }

// Hides `cell` altogether.
inline void Withhold(Cell& cell) { cell = Cell{0, 0, true}; }

// part / base as 0..1 from two published (rounded) cells, when the base is big enough.
inline std::optional<double> PublishedRate(const Cell& part, const Cell& base) {
    if (part.suppressed || base.suppressed || base.value < kMinPercentBase) return std::nullopt;
    return static_cast<double>(part.value) / static_cast<double>(base.value);
}

// How many different people a set of sittings covers: a sitting with a staff-number hash is that
// person's (the same hash is the same person, at one kiosk or across kiosks that share a key); a
// sitting without one is counted as a person of its own, the most the records can say.
class PeopleCount {
public:
    // `person` is a hash of the staff-number hash, or 0 for an anonymous sitting.
    void Add(std::uint64_t person) {
        if (person == 0)
            ++m_anonymous;
        else
            m_named.push_back(person);
        m_counted = false;
    }
    void Add(const PeopleCount& other) {
        m_anonymous += other.m_anonymous;
        m_named.insert(m_named.end(), other.m_named.begin(), other.m_named.end());
        m_counted = false;
    }
    std::int64_t Distinct() {
        if (!m_counted) {
            std::sort(m_named.begin(), m_named.end());
            m_named.erase(std::unique(m_named.begin(), m_named.end()), m_named.end());
            m_counted = true;
        }
        return m_anonymous + static_cast<std::int64_t>(m_named.size());
    }
    // Whether any sitting had a staff-number hash (the report says which way people were counted).
    bool AnyNamed() const { return !m_named.empty(); }

private:
    std::int64_t m_anonymous = 0;
    std::vector<std::uint64_t> m_named;
    bool m_counted = true;
};

}  // namespace report
