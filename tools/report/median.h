// Medians from histograms (seconds -> count), so groups are merged by adding counts instead of keeping
// every finished module's time. Shared by the summary's many groups; cheap to add to, since a million
// answers' worth of completions is added to eight groups each.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace report {

class SecondsHistogram {
public:
    void Add(std::int64_t seconds, std::int64_t count = 1);
    // The middle value, or the mean of the two middle ones for an even count; 0 when empty.
    double Median() const;

private:
    // Times up to two hours are counted in an array (allocated on first use); longer ones in a map.
    static constexpr std::int64_t kDense = 7200;
    std::vector<std::int64_t> m_dense;
    std::map<std::int64_t, std::int64_t> m_sparse;  // also negative times, which the schema forbids
    std::int64_t m_count = 0;
};

}  // namespace report
