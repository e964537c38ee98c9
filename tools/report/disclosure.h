// Statistical disclosure control for every kiosk-report output, applied once, the same way, to every
// table, CSV, JSON and HTML page. Why this method, and what it does and does not protect against, is in
// the README ("Disclosure control") with the attack test that measures it.
//
// - A group (a row: a kiosk, agency, role, module, period, question slice...) is listed only when it
//   covers at least K people (--min-cell, default 5); smaller groups get no row at all, not a row of
//   marks, so which rows appear gives nothing away. They still count in the totals above them.
// - Every published count is randomly rounded to a multiple of 5 (the random rounding of Statistics
//   Canada's and Stats NZ's census tables): a multiple of 5 stays, any other count goes up or down to a
//   neighbouring multiple, up with a chance of its remainder / 5, so the figures are unbiased and a
//   published 5 may be anything from 1 to 9. The "random" choice is fixed by a cell key, the sum of
//   the keys of the records in the cell (the cell-key method of the Australian Bureau of Statistics
//   and the ONS): the same records always give the same figure, in every table and every report, so
//   asking again or slicing another way gains nothing, while two cells that differ by a few records
//   are rounded independently. Rounding to the nearest 5 (HESA's way, used here before) left a
//   published figure only ±2 of the truth; the attack test pinned small counts from that on most
//   fixtures it was tried on, and pins none with ±4.
// - A percentage is worked out from the rounded counts (so a reader can check it, and it says nothing
//   the counts do not) and only on a rounded base of at least 25 (HESA: 22.5 people).
// - A median or a correlation needs at least 7 people (HESA's rule for averages) and K.
// - No table prints every part of a total (tabulate.cpp): with the total and all its parts rounded,
//   reasoning over their ranges pins small counts far more often (tests/report/disclosure_attack_test.cpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace report {

// One published count. `value` is what is shown (sittings, completions, answers...); `learners` is how
// many different people it covers (PeopleCount below), which is what the listing threshold applies to.
// After Publish, `value` is rounded and `learners` is no longer needed by any formatter. `suppressed`
// marks a cell that is not shown at all (a small kiosk's counts in the kiosks list): its value is 0.
// `key` is the cell key: the sum (mod 2^64) of its records' keys (RecordKey), which decides which way
// it is rounded.
struct Cell {
    std::int64_t value = 0;
    std::int64_t learners = 0;
    bool suppressed = false;
    std::uint64_t key = 0;
};

// A count in which every unit is a different learner (sittings of anonymous learners; answers to one
// question), with the cell key of its records.
inline Cell LearnerCount(std::int64_t n, std::uint64_t key) { return Cell{n, n, false, key}; }

// The default --min-cell.
inline constexpr int kDefaultMinCell = 5;
// The rounding base (HESA's, Statistics Canada's).
inline constexpr std::int64_t kRoundingBase = 5;
// The smallest rounded base a percentage is shown on (HESA: fewer than 22.5 people, no percentage).
inline constexpr std::int64_t kMinPercentBase = 25;
// The fewest people a median or correlation is shown for (HESA's rule for averages).
inline constexpr std::int64_t kMinAveragePeople = 7;

// SplitMix64's finaliser: spreads a key's bits so that sums of keys and their remainders look random.
inline std::uint64_t MixKey(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// The key of a name (a sitting id, a module or question id): FNV-1a, mixed. Spelled out rather than
// std::hash, whose values the standard leaves to each library: a report must give the same figures
// wherever it is run.
inline std::uint64_t TextKey(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ull;
    return MixKey(h);
}

// A record's key: a sitting's is TextKey(its id); a finished module's or an answer's is its sitting's
// key with the module's or question's (RecordKey(sitting, TextKey(module))), so the same sitting's
// records in different modules round independently.
inline std::uint64_t RecordKey(std::uint64_t sitting_key, std::uint64_t topic_key) {
    return MixKey(sitting_key ^ topic_key);
}

// `n` randomly rounded to a multiple of 5 by the cell key `key`: a multiple stays; otherwise up with a
// chance of (n mod 5) / 5, else down (so 1 is 0 four times in five and 5 once).
inline std::int64_t RoundCount(std::int64_t n, std::uint64_t key) {
    if (n <= 0) return 0;
    std::int64_t down = n / kRoundingBase * kRoundingBase;
    auto rest = static_cast<std::uint64_t>(n - down);
    return MixKey(key) % static_cast<std::uint64_t>(kRoundingBase) < rest ? down + kRoundingBase : down;
}

// Whether a group of `people` gets a row of its own.
inline bool Listed(std::int64_t people, int min_cell) { return people >= min_cell; }

// Whether a median or correlation over `people` may be shown.
inline bool AverageShown(std::int64_t people, int min_cell) {
    return people >= std::max<std::int64_t>(kMinAveragePeople, min_cell);
}

// Rounds `cell` for publication (a suppressed cell stays 0).
inline void Publish(Cell& cell) { cell.value = cell.suppressed ? 0 : RoundCount(cell.value, cell.key); }

// Hides `cell` altogether.
inline void Withhold(Cell& cell) { cell = Cell{0, 0, true, 0}; }

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
