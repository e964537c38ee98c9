// WebVTT timestamps and timing lines (a part of the parser in webvtt.cpp): the spec's rules for reading
// them and, for a line that breaks them, what is wrong and the nearest valid line to write instead.
#include "core/session/webvtt_internal.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <optional>

namespace kiosk::core::detail {
namespace {

constexpr std::int64_t kMaxMs = INT_MAX;  // 596:31:23.647, the most a Cue's int can hold

// The spec's "collect a WebVTT timestamp": [h+:]mm:ss.ttt, where a first field that is not two digits or
// is over 59 means hours. Returns milliseconds (possibly over kMaxMs) and moves `pos`, or nullopt.
std::optional<std::int64_t> CollectTimestamp(std::string_view s, std::size_t& pos) {
    // Saturating below 10^9 (hours * 3.6e6 still fits), so a million digits cannot overflow; anything
    // saturated is far past kMaxMs anyway.
    auto digits = [&](std::int64_t& value) {
        std::size_t start = pos;
        value = 0;
        while (pos < s.size() && IsDigit(s[pos])) {
            if (value < 100'000'000) value = value * 10 + (s[pos] - '0');
            ++pos;
        }
        return pos - start;
    };
    if (pos >= s.size() || !IsDigit(s[pos])) return std::nullopt;
    std::int64_t value1 = 0;
    std::int64_t value2 = 0;
    std::int64_t value3 = 0;
    std::int64_t value4 = 0;
    bool hours = digits(value1) != 2 || value1 > 59;
    if (pos >= s.size() || s[pos] != ':') return std::nullopt;
    ++pos;
    if (digits(value2) != 2) return std::nullopt;
    if (hours || (pos < s.size() && s[pos] == ':')) {
        if (pos >= s.size() || s[pos] != ':') return std::nullopt;
        ++pos;
        if (digits(value3) != 2) return std::nullopt;
    } else {
        value3 = value2;
        value2 = value1;
        value1 = 0;
    }
    if (pos >= s.size() || s[pos] != '.') return std::nullopt;
    ++pos;
    if (digits(value4) != 3) return std::nullopt;
    if (value2 > 59 || value3 > 59) return std::nullopt;
    return ((value1 * 60 + value2) * 60 + value3) * 1000 + value4;
}

// The run of characters a person would have meant as a time: digits, ':', '.' and ','.
std::string_view TimeToken(std::string_view s, std::size_t pos) {
    std::size_t end = pos;
    while (end < s.size() && (IsDigit(s[end]) || s[end] == ':' || s[end] == '.' || s[end] == ',')) ++end;
    return s.substr(pos, end - pos);
}

// A forgiving reading of a time token (one to three ':'-separated fields, '.' or ',' before the fraction),
// used only to explain what is wrong and to suggest the nearest valid time.
struct LooseTime {
    std::size_t fields = 0;          // 1 = ss, 2 = mm:ss, 3 = h:mm:ss
    std::int64_t minutes = 0;        // as written (may be >= 60)
    std::int64_t seconds = 0;        // as written (may be >= 60)
    std::int64_t total_ms = 0;       // saturated far above kMaxMs when huge
    char separator = 0;              // '.', ',' or 0 when there is no fraction
    std::size_t fraction_digits = 0;
    bool widths_ok = true;           // minutes and seconds two digits, hours at least one
};

std::optional<LooseTime> ReadLooseTime(std::string_view token) {
    std::array<std::string_view, 3> parts;
    std::size_t count = 0;
    std::size_t start = 0;
    while (true) {
        std::size_t colon = token.find(':', start);
        if (count == parts.size()) return std::nullopt;
        parts[count++] = token.substr(start, colon == std::string_view::npos ? colon : colon - start);
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    LooseTime t;
    t.fields = count;
    std::string_view last = parts[count - 1];
    std::size_t sep = last.find_first_of(".,");
    std::string_view fraction;
    if (sep != std::string_view::npos) {
        t.separator = last[sep];
        fraction = last.substr(sep + 1);
        parts[count - 1] = last.substr(0, sep);
        if (fraction.find_first_of(".,") != std::string_view::npos) return std::nullopt;
    }
    std::array<std::int64_t, 3> values{};
    for (std::size_t k = 0; k < count; ++k) {
        if (parts[k].empty() || parts[k].find_first_of(".,") != std::string_view::npos) return std::nullopt;
        // More than nine digits is past any film: saturate so the "too large" message fires.
        values[k] = parts[k].size() > 9 ? 10'000'000'000 : 0;
        if (parts[k].size() <= 9) {
            for (char c : parts[k]) values[k] = values[k] * 10 + (c - '0');
        }
        bool is_hours = count == 3 && k == 0;
        if (!is_hours && parts[k].size() != 2) t.widths_ok = false;
    }
    std::int64_t hours = count == 3 ? values[0] : 0;
    t.minutes = count >= 2 ? values[count - 2] : 0;
    t.seconds = values[count - 1];
    t.fraction_digits = fraction.size();
    std::int64_t millis = 0;
    for (std::size_t k = 0; k < 3; ++k) millis = millis * 10 + (k < fraction.size() ? fraction[k] - '0' : 0);
    t.total_ms = ((hours * 60 + t.minutes) * 60 + t.seconds) * 1000 + millis;
    return t;
}

// Why `token` is not a WebVTT timestamp, with the nearest valid time to write instead.
std::string ExplainTime(std::string_view token) {
    std::string quoted = Quote(token);
    std::optional<LooseTime> t = ReadLooseTime(token);
    if (!t) {
        return quoted + " is not a time; write times like 01:02.500 (minutes:seconds.milliseconds) or " +
               "01:01:02.500 (with hours)";
    }
    if (t->total_ms > kMaxMs) {
        return quoted + " is too large; the latest time a caption can use is " + FormatTime(kMaxMs);
    }
    std::string fix = FormatTime(t->total_ms, t->fields == 3);
    if (t->separator == ',') return quoted + " uses a comma; write " + fix + " (WebVTT uses a full stop)";
    if (t->minutes > 59) {
        return quoted + " has " + std::to_string(t->minutes) + " minutes, but minutes only go up to 59; write " + fix;
    }
    if (t->seconds > 59) {
        return quoted + " has " + std::to_string(t->seconds) + " seconds, but seconds only go up to 59; write " + fix;
    }
    if (t->separator == 0 || t->fraction_digits == 0) return quoted + " has no milliseconds; write " + fix;
    if (t->fraction_digits != 3) {
        return quoted + " needs exactly three digits after the full stop; write " + fix;
    }
    if (!t->widths_ok) return quoted + " is not a time; write " + fix + " (two digits each for minutes and seconds)";
    return quoted + " is not a time; write " + fix;  // seconds alone, with no minutes
}

}  // namespace

// The spec's "collect WebVTT cue timings and settings" (settings are ignored), with a specific reason
// and a corrected line when it fails.
// `explain` false skips building the message (once errors are no longer listed).
Timing ParseTiming(std::string_view line, bool explain) {
    Timing t;
    auto fail = [&](std::size_t at, auto message) {
        t.error_column = ColumnAt(line, at);
        if (explain) t.error = message();
        return t;
    };
    std::size_t pos = SkipSpaces(line, 0);
    const std::size_t start_pos = pos;
    std::optional<std::int64_t> start = CollectTimestamp(line, pos);
    if (!start || *start > kMaxMs) {
        std::string_view token = TimeToken(line, start_pos);
        if (token.empty()) {
            return fail(start_pos, [&] {
                return Quote(line) + " is not a cue timing; a timing line starts with the start time, like " +
                       "00:01.000 --> 00:04.000 (and caption words cannot contain -->)";
            });
        }
        return fail(start_pos, [&] { return ExplainTime(token); });
    }
    std::string_view start_text = line.substr(start_pos, pos - start_pos);
    const bool writes_hours = std::count(start_text.begin(), start_text.end(), ':') == 2;
    auto no_end_time = [&](std::size_t at) {
        return fail(at, [&] {
            return Quote(line) + " has no end time; write it like " + std::string(start_text) + " --> " +
                   FormatTime(std::min(*start + 2000, kMaxMs), writes_hours);
        });
    };
    pos = SkipSpaces(line, pos);
    if (line.substr(pos).starts_with("-->")) {
        pos += 3;
    } else {
        // A wrong arrow ("->", "—>", "=>", none): show the whole line as it should be.
        std::size_t end_at = pos;
        while (end_at < line.size() && !IsDigit(line[end_at])) ++end_at;
        if (end_at == line.size()) return no_end_time(pos);
        return fail(pos, [&] {
            std::string_view end_token = TimeToken(line, end_at);
            std::optional<LooseTime> end_time = ReadLooseTime(end_token);
            std::string end_text = end_time && end_time->total_ms <= kMaxMs
                                       ? FormatTime(end_time->total_ms, end_time->fields == 3)
                                       : std::string(end_token);
            std::string_view settings = Trim(line.substr(end_at + end_token.size()));
            return Quote(line) + " is not a cue timing; write " + std::string(start_text) + " --> " + end_text +
                   (settings.empty() ? "" : " " + Shorten(settings, 40));
        });
    }
    pos = SkipSpaces(line, pos);
    const std::size_t end_pos = pos;
    std::optional<std::int64_t> end = CollectTimestamp(line, pos);
    if (!end || *end > kMaxMs) {
        std::string_view token = TimeToken(line, end_pos);
        if (token.empty()) return no_end_time(end_pos);
        return fail(end_pos, [&] { return ExplainTime(token); });
    }
    t.ok = true;
    t.start_ms = static_cast<int>(*start);
    t.end_ms = static_cast<int>(*end);
    t.start_column = ColumnAt(line, start_pos);
    t.end_column = ColumnAt(line, end_pos);
    return t;
}

// A line without "-->" that still reads like a timing ("00:01.000 -> 00:02.000"): a time, something, a time.
bool LooksLikeTiming(std::string_view line) {
    std::size_t pos = SkipSpaces(line, 0);
    if (pos >= line.size() || !IsDigit(line[pos])) return false;
    std::string_view first = TimeToken(line, pos);
    if (first.find(':') == std::string_view::npos) return false;
    for (std::size_t k = pos + first.size(); k < line.size(); ++k) {
        if (IsDigit(line[k])) return TimeToken(line, k).find(':') != std::string_view::npos;
    }
    return false;
}

}  // namespace kiosk::core::detail
