// Message helpers for the WebVTT parser (webvtt.cpp and its parts): trimming, columns in code points,
// quoting and writing times, so every error message quotes the file and writes times the same way.
#include "core/session/webvtt_internal.h"

#include "core/util/one_line.h"

namespace kiosk::core::detail {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;

}  // namespace

std::size_t SkipSpaces(std::string_view s, std::size_t pos) {
    while (pos < s.size() && IsSpace(s[pos])) ++pos;
    return pos;
}

std::string_view Trim(std::string_view s) {
    std::size_t begin = SkipSpaces(s, 0);
    std::size_t end = s.size();
    while (end > begin && IsSpace(s[end - 1])) --end;
    return s.substr(begin, end - begin);
}

// 1-based column, in code points, of byte `offset` in a valid UTF-8 line.
int ColumnAt(std::string_view line, std::size_t offset) {
    int column = 1;
    for (std::size_t i = 0; i < offset && i < line.size(); ++i) {
        if (!IsContinuation(line[i])) ++column;
    }
    return column;
}

// Up to about `max` bytes of `s` as one line, with "..." when cut (core/util/one_line.h).
std::string Shorten(std::string_view s, std::size_t max) { return OneLine(s, max); }

std::string Quote(std::string_view s) { return Quoted(Trim(s), kMaxQuotedBytes); }

// "mm:ss.ttt", or "hh:mm:ss.ttt" from an hour on (or when asked, to match the writer's style).
std::string FormatTime(std::int64_t ms, bool with_hours) {
    auto two = [](std::int64_t v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    std::int64_t hours = ms / kHourMs;
    std::int64_t minutes = ms / 60'000 % 60;
    std::int64_t seconds = ms / 1000 % 60;
    std::int64_t millis = ms % 1000;
    std::string out;
    if (with_hours || hours > 0) out = two(hours) + ":";
    out += two(minutes) + ":" + two(seconds) + ".";
    out += std::string(millis < 100 ? (millis < 10 ? "00" : "0") : "") + std::to_string(millis);
    return out;
}

}  // namespace kiosk::core::detail
