// When to try again after a failure: exponential backoff with full jitter (a random wait between zero and
// base * 2^failures, capped), the scheme AWS's architecture blog showed spreads a fleet's retries best,
// so thirty kiosks that lost the network together do not come back at the same second.
#pragma once

#include <cstdint>
#include <random>

namespace kiosk::sync {

class Backoff {
public:
    Backoff(double base_s, double cap_s, std::uint64_t seed) : m_base(base_s), m_cap(cap_s), m_random(seed) {}
    // The wait before the next try, after one more failure.
    double Next();
    void Reset() { m_failures = 0; }
    int failures() const { return m_failures; }
    // A uniform random wait in [0, max_s]: the start-up spread.
    double Uniform(double max_s);

private:
    double m_base, m_cap;
    int m_failures = 0;
    std::mt19937_64 m_random;
};

}  // namespace kiosk::sync
