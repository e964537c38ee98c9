// SecondsHistogram (median.h): walk the counts in order to the middle position(s).
#include "report/median.h"

namespace report {

void SecondsHistogram::Add(std::int64_t seconds, std::int64_t count) {
    m_count += count;
    if (seconds >= 0 && seconds < kDense) {
        if (m_dense.empty()) m_dense.assign(kDense, 0);
        m_dense[static_cast<std::size_t>(seconds)] += count;
    } else {
        m_sparse[seconds] += count;
    }
}

double SecondsHistogram::Median() const {
    if (m_count == 0) return 0;
    // Positions (0-based) of the middle value(s); equal when the count is odd.
    std::int64_t low = (m_count - 1) / 2, high = m_count / 2, seen = 0;
    double low_value = 0;
    bool have_low = false;
    auto visit = [&](std::int64_t value, std::int64_t count) {  // true once the high middle is found
        if (count == 0) return false;
        if (!have_low && low < seen + count) {
            low_value = static_cast<double>(value);
            have_low = true;
        }
        if (high < seen + count) {
            low_value = (low_value + static_cast<double>(value)) / 2;
            return true;
        }
        seen += count;
        return false;
    };
    for (auto it = m_sparse.begin(); it != m_sparse.end() && it->first < 0; ++it)
        if (visit(it->first, it->second)) return low_value;
    for (std::size_t s = 0; s < m_dense.size(); ++s)
        if (visit(static_cast<std::int64_t>(s), m_dense[s])) return low_value;
    for (auto it = m_sparse.lower_bound(kDense); it != m_sparse.end(); ++it)
        if (visit(it->first, it->second)) return low_value;
    return low_value;
}

}  // namespace report
