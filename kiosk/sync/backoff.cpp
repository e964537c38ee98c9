// Backoff (backoff.h).
#include "sync/backoff.h"

#include <algorithm>
#include <cmath>

namespace kiosk::sync {

double Backoff::Next() {
    double ceiling = std::min(m_cap, m_base * std::pow(2.0, std::min(m_failures, 40)));
    ++m_failures;
    return Uniform(ceiling);
}

double Backoff::Uniform(double max_s) {
    if (max_s <= 0) return 0;
    return std::uniform_real_distribution<double>(0.0, max_s)(m_random);
}

}  // namespace kiosk::sync
