// Predictable UUIDv4-shaped ids for session tests: 00000001-0000-4000-8000-000000000001, then ...2, and
// so on, counted in the int that SessionConfig::uuid_context points to.
#pragma once

#include <cstdio>
#include <string>

namespace test_support {

inline std::string CountingUuid(void* context) {
    int& n = *static_cast<int*>(context);
    char buffer[40];
    ++n;
    std::snprintf(buffer, sizeof buffer, "%08x-0000-4000-8000-%012x", n, n);
    return buffer;
}

}  // namespace test_support
