// UTC time stamps (utc_time.h). gmtime_r, not gmtime: the kiosk's threads and tools may stamp at once.
#include "core/util/utc_time.h"

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

}  // namespace kiosk::core
