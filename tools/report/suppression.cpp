// SuppressionPlan (suppression.h): primary suppression of small counts and the fixed-point search for
// the secondary cells that stop totals from giving them away.
#include "report/suppression.h"

#include <limits>

namespace report {

std::size_t SuppressionPlan::IndexOf(Cell& cell, bool hidden) {
    // A total is also a part of its parent's sum: one entry per cell, found by address.
    auto [it, added] = m_index.emplace(&cell, m_entries.size());
    if (added) m_entries.push_back(Entry{&cell, hidden});
    return it->second;
}

void SuppressionPlan::Add(Cell& cell) { IndexOf(cell, false); }

Cell& SuppressionPlan::Hidden(Cell value) {
    Cell& cell = m_hidden.emplace_back(value);
    IndexOf(cell, true);
    return cell;
}

void SuppressionPlan::Sum(Cell& total, std::vector<Cell*> parts) {
    Equation equation{IndexOf(total, false), {}};
    for (Cell* part : parts) equation.parts.push_back(IndexOf(*part, false));
    // A hidden cell registered through Hidden() keeps its flag: IndexOf only sets it on first sight.
    m_equations.push_back(std::move(equation));
}

// Hides one more part of `equation` if it is needed; true if it hid one.
bool SuppressionPlan::Protect(const Equation& equation, int min_cell) {
    std::size_t hidden_parts = 0;
    std::int64_t hidden_sum = 0;
    std::size_t candidate = std::numeric_limits<std::size_t>::max();
    for (std::size_t part : equation.parts) {
        const Entry& e = m_entries[part];
        if (e.cell->suppressed) {
            ++hidden_parts;
            hidden_sum += e.cell->learners;
        } else if (!e.hidden && e.cell->value > 0 &&
                   (candidate == std::numeric_limits<std::size_t>::max() ||
                    e.cell->learners < m_entries[candidate].cell->learners)) {
            candidate = part;  // the smallest published part: hiding it costs the reader least
        }
    }
    bool needed = false;
    if (m_entries[equation.total].cell->suppressed)
        needed = hidden_parts == 0;  // otherwise the parts add up to the hidden total
    else
        needed = hidden_parts > 0 && (hidden_parts < 2 || hidden_sum < min_cell);
    if (!needed || candidate == std::numeric_limits<std::size_t>::max()) return false;
    m_entries[candidate].cell->suppressed = true;
    return true;
}

void SuppressionPlan::Apply(int min_cell) {
    for (Entry& e : m_entries)
        if (e.cell->learners > 0 && e.cell->learners < min_cell) e.cell->suppressed = true;
    // Each pass only ever hides more cells, so this ends (at worst with every part hidden).
    for (bool changed = true; changed;) {
        changed = false;
        for (const Equation& equation : m_equations) changed = Protect(equation, min_cell) || changed;
    }
    for (Entry& e : m_entries)
        if (e.cell->suppressed) e.cell->value = e.cell->learners = 0;
}

}  // namespace report
