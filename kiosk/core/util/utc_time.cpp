// UTC time stamps (utc_time.h). gmtime_r, not gmtime: the kiosk's threads and tools may stamp at once.
#include "core/util/utc_time.h"

#include <cstdio>

namespace kiosk::core {
namespace {

std::string Format(std::time_t t, const char* format) {
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, format, &utc);
    return text;
}

}  // namespace

std::string Iso8601Utc(std::time_t t) { return Format(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string CompactUtc(std::time_t t) { return Format(t, "%Y%m%dT%H%M%SZ"); }

std::optional<std::int64_t> ParseIso8601Utc(const std::string& text) {
    std::tm utc{};
    int used = 0;
    if (text.size() != 20 ||
        std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &utc.tm_year, &utc.tm_mon, &utc.tm_mday, &utc.tm_hour,
                    &utc.tm_min, &utc.tm_sec, &used) != 6 ||
        used != 20)
        return std::nullopt;
    utc.tm_year -= 1900;
    utc.tm_mon -= 1;
    const std::time_t t = timegm(&utc);
    // timegm normalises 2024-02-30 into March: a date that does not print back the same is not a date.
    if (Iso8601Utc(t) != text) return std::nullopt;
    return static_cast<std::int64_t>(t);
}

}  // namespace kiosk::core
