// WebVTT parser (see webvtt.h). Block structure follows the W3C "WebVTT parser algorithm" step by step, so
// the kiosk shows the same cues a browser preview shows; on top of it, every place where words would go
// missing without a sound (bad timing, stray text, unclosed tag) becomes an error that says how to fix it.
//
// [SECTION] Input: UTF-8 check, NUL replacement, line splitting
// [SECTION] Message helpers
// [SECTION] Timestamps and timing lines
// [SECTION] Cue text: tags and character references
// [SECTION] Blocks and the public functions
#include "core/session/webvtt.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>

#include "core/util/one_line.h"

namespace kiosk::core {
namespace {

// ===================================================================================================
// [SECTION] Input: UTF-8 check, NUL replacement, line splitting
// ===================================================================================================

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct Input {
    std::string text;   // valid UTF-8, no NUL, every line ending a single LF
    int bad_count = 0;  // invalid UTF-8 sequences seen
    int bad_line = 0;   // where the first one is
    int bad_column = 0;
    unsigned bad_byte = 0;
};

// One pass over the bytes, as the spec's preprocessing: drops a leading BOM, replaces NUL and each
// invalid UTF-8 sequence (WHATWG "maximal subpart" rule) by U+FFFD, and turns CRLF and lone CR into LF.
// Everything later can rely on valid UTF-8 (error messages and the UI's fonts need it), and memory stays
// one copy of the file whatever its shape (no per-line tables a file of blank lines could blow up).
Input Decode(std::string_view raw) {
    Input in;
    in.text.reserve(raw.size());
    int line = 1;
    int columns = 0;  // code points so far on the current line
    auto end_line = [&] {
        in.text += '\n';
        ++line;
        columns = 0;
    };
    auto bad = [&](unsigned char byte) {
        if (in.bad_count++ == 0) {
            in.bad_line = line;
            in.bad_column = columns + 1;
            in.bad_byte = byte;
        }
        in.text += kReplacement;
        ++columns;
    };
    auto printable = [](char c) { return c >= 0x20 && c < 0x7F; };  // right for signed and unsigned char
    std::size_t i = raw.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (i < raw.size()) {
        auto b = static_cast<unsigned char>(raw[i]);
        if (printable(raw[i])) {  // printable ASCII, by far the most common: copied a run at a time
            std::size_t j = i + 1;
            while (j < raw.size() && printable(raw[j])) ++j;
            in.text.append(raw.substr(i, j - i));
            columns += static_cast<int>(j - i);
            i = j;
        } else if (b == '\r') {
            end_line();
            i += (i + 1 < raw.size() && raw[i + 1] == '\n') ? 2 : 1;
        } else if (b == '\n') {
            end_line();
            ++i;
        } else if (b == 0) {
            in.text += kReplacement;  // the spec's preprocessing step
            ++columns;
            ++i;
        } else if (b < 0x80) {
            in.text += static_cast<char>(b);
            ++columns;
            ++i;
        } else {
            int needed = 0;
            unsigned char lower = 0x80;
            unsigned char upper = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                needed = 2;
                if (b == 0xE0) lower = 0xA0;  // no overlong forms
                if (b == 0xED) upper = 0x9F;  // no surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                needed = 3;
                if (b == 0xF0) lower = 0x90;
                if (b == 0xF4) upper = 0x8F;  // nothing past U+10FFFF
            } else {
                bad(b);
                ++i;
                continue;
            }
            std::size_t j = i + 1;
            int seen = 0;
            while (seen < needed && j < raw.size()) {
                auto c = static_cast<unsigned char>(raw[j]);
                if (c < lower || c > upper) break;
                lower = 0x80;
                upper = 0xBF;
                ++j;
                ++seen;
            }
            if (seen == needed) {
                in.text.append(raw.substr(i, j - i));
                ++columns;
            } else {
                bad(b);  // the byte that broke the sequence (if any) is read again as a fresh start
            }
            i = j;
        }
    }
    return in;
}

// Walks the LF-separated text line by line; the parser only ever looks one line ahead.
class LineReader {
  public:
    explicit LineReader(std::string_view text) : m_text(text) { Find(); }

    bool AtEnd() const { return m_pos >= m_text.size(); }
    std::string_view Peek() const { return m_line; }  // the current line, without its LF
    std::size_t Position() const { return m_pos; }     // of the current line in the text
    int Number() const { return m_number; }            // 1-based
    std::string_view Text() const { return m_text; }
    void Advance() {
        m_pos += m_line.size() + 1;
        ++m_number;
        Find();
    }

  private:
    void Find() {
        if (AtEnd()) {
            m_line = {};
            return;
        }
        std::size_t end = m_text.find('\n', m_pos);
        m_line = m_text.substr(m_pos, end == std::string_view::npos ? std::string_view::npos : end - m_pos);
    }

    std::string_view m_text;
    std::string_view m_line;
    std::size_t m_pos = 0;
    int m_number = 1;
};

// ===================================================================================================
// [SECTION] Message helpers
// ===================================================================================================

constexpr std::size_t kMaxQuotedBytes = 60;
constexpr std::int64_t kMaxMs = INT_MAX;  // 596:31:23.647, the most a Cue's int can hold
constexpr std::int64_t kHourMs = 3'600'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\f'; }  // CR and LF are gone by now
bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

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
std::string Shorten(std::string_view s, std::size_t max = kMaxQuotedBytes) { return OneLine(s, max); }

std::string Quote(std::string_view s) { return Quoted(Trim(s), kMaxQuotedBytes); }

// "mm:ss.ttt", or "hh:mm:ss.ttt" from an hour on (or when asked, to match the writer's style).
std::string FormatTime(std::int64_t ms, bool with_hours = false) {
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

// Collects errors with the "line N: " prefix, and stops listing (with one last note) once there are enough
// for anyone to start fixing. A message may be given as a function, called only while errors are still
// listed, so a hostile file with a million bad blocks does not build a million messages.
struct ErrorList {
    std::vector<WebVttError>* out = nullptr;
    bool full = false;

    template <class Message>
    void Add(int line, int column, Message&& message) {
        if (full) return;
        std::string prefix = "line " + std::to_string(line) + ": ";
        if (out->size() >= kWebVttMaxErrors) {
            full = true;
            out->push_back({line, 1,
                            prefix + "more than " + std::to_string(kWebVttMaxErrors) +
                                " problems, so the rest are not listed; fix these and check the file again"});
            return;
        }
        if constexpr (std::is_invocable_v<Message>) {
            out->push_back({line, column, prefix + message()});
        } else {
            out->push_back({line, column, prefix + message});
        }
    }
};

// ===================================================================================================
// [SECTION] Timestamps and timing lines
// ===================================================================================================

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

struct Timing {
    bool ok = false;
    int start_ms = 0;
    int end_ms = 0;
    int start_column = 1;
    int end_column = 1;
    int error_column = 1;
    std::string error;  // without the "line N: " prefix
};

// The spec's "collect WebVTT cue timings and settings" (settings are ignored), with a specific reason
// and a corrected line when it fails.
// `explain` false skips building the message (once errors are no longer listed).
Timing ParseTiming(std::string_view line, bool explain = true) {
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

// ===================================================================================================
// [SECTION] Cue text: tags and character references
// ===================================================================================================

void AppendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// HTML's rules for a numeric reference: nothing invalid gets through, and &#150; style references
// (Windows-1252 numbers, common in text pasted from word processors) mean what their writer meant.
char32_t NumericReference(std::uint32_t value) {
    static constexpr std::array<char32_t, 32> kWindows1252 = {
        0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
    if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0xFFFD;
    if (value >= 0x80 && value <= 0x9F) return kWindows1252[value - 0x80];
    return value;
}

// Decodes the character reference at the start of `s` (which begins with '&') into `out`; returns the
// bytes used, or 0 when it is not one (the '&' is then plain text, as in HTML).
std::size_t DecodeReference(std::string_view s, std::string& out) {
    if (s.size() >= 2 && s[1] == '#') {
        std::size_t k = 2;
        bool hex = k < s.size() && (s[k] == 'x' || s[k] == 'X');
        if (hex) ++k;
        const std::size_t first_digit = k;
        std::uint32_t value = 0;
        while (k < s.size()) {
            char c = s[k];
            int digit = IsDigit(c) ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
            if (digit < 0) break;
            value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit), 0x110000);
            ++k;
        }
        if (k == first_digit) return 0;
        if (k < s.size() && s[k] == ';') ++k;
        AppendUtf8(out, NumericReference(value));
        return k;
    }
    if (s.size() < 4 || s[1] < 'a' || s[1] > 'z') return 0;  // the shortest, "&lt;", is four bytes
    struct Named {
        std::string_view name;
        char32_t cp;
    };
    static constexpr std::array<Named, 8> kNamed = {{{"amp;", U'&'},
                                                     {"lt;", U'<'},
                                                     {"gt;", U'>'},
                                                     {"nbsp;", 0x00A0},
                                                     {"lrm;", 0x200E},
                                                     {"rlm;", 0x200F},
                                                     {"quot;", U'"'},
                                                     {"apos;", U'\''}}};
    for (const Named& n : kNamed) {
        if (s.substr(1).starts_with(n.name)) {
            AppendUtf8(out, n.cp);
            return 1 + n.name.size();
        }
    }
    return 0;
}

struct CueText {
    std::string text;
    bool unclosed_tag = false;
    std::size_t tag_offset = 0;  // of the unclosed tag's '<' in the cue text
};

// The spec's cue text tokenizer reduced to what plain text needs: every tag is dropped (a tag runs to the
// next '>', across lines too, as in browsers), references are decoded. Ruby text is kept in brackets,
// "漢(kan)", the plain-text fallback HTML's <rp> gives, rather than run into the base text.
CueText DecodeCueText(std::string_view raw) {
    CueText result;
    std::string& out = result.text;
    bool in_tag = false;
    bool name_done = false;
    std::string name;  // the tag's name, '/' first for an end tag; only ruby and rt matter
    bool in_ruby = false;
    bool in_rt = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (in_tag) {
            if (c == '>') {
                in_tag = false;
                if (name == "ruby") {
                    in_ruby = true;
                } else if (name == "rt" && in_ruby && !in_rt) {
                    in_rt = true;
                    out += '(';
                } else if ((name == "/rt" || name == "/ruby") && in_rt) {
                    in_rt = false;
                    out += ')';
                }
                if (name == "/ruby") in_ruby = false;
            } else if (!name_done) {
                if (IsSpace(c) || c == '\n' || c == '.') {
                    name_done = true;
                } else if (name.size() < 8) {
                    name += c;
                }
            }
        } else if (c == '<') {
            in_tag = true;
            name_done = false;
            name.clear();
            result.tag_offset = i;
        } else if (c == '&') {
            std::size_t used = DecodeReference(raw.substr(i), out);
            if (used == 0) {
                out += '&';
            } else {
                i += used - 1;
            }
        } else {
            out += c;
        }
    }
    result.unclosed_tag = in_tag;
    if (in_rt) out += ')';
    while (!out.empty() && (IsSpace(out.back()) || out.back() == '\n')) out.pop_back();
    return result;
}

// ===================================================================================================
// [SECTION] Blocks and the public functions
// ===================================================================================================

bool IsSignature(std::string_view line) {
    return line.starts_with("WEBVTT") && (line.size() == 6 || line[6] == ' ' || line[6] == '\t');
}

// "NOTE", "STYLE" or "REGION" blocks: comments and styling, which plain-text captions do not need.
bool IsSkippedBlock(std::string_view first_line) {
    if (first_line.starts_with("NOTE") && (first_line.size() == 4 || IsSpace(first_line[4]))) return true;
    std::string_view word = first_line.substr(0, first_line.find_first_of(" \t\f"));
    return (word == "STYLE" || word == "REGION") && Trim(first_line) == word;
}

struct Parser {
    LineReader reader;
    WebVtt& vtt;
    ErrorList errors;
    std::int64_t latest_start = -1;
    std::size_t text_bytes = 0;
    bool stopped = false;

    // A block with a timing line and its text (lines joined by LF, starting on line `text_line`).
    void HandleCue(std::string_view timing_line, int line_no, std::string_view raw_text, int text_line) {
        Timing timing = ParseTiming(timing_line, !errors.full);
        if (!timing.ok) {
            errors.Add(line_no, timing.error_column, timing.error);
            return;
        }
        if (timing.end_ms <= timing.start_ms) {
            errors.Add(line_no, timing.end_column, [&] {
                return "the cue ends at " + FormatTime(timing.end_ms) + ", which is not after its start at " +
                       FormatTime(timing.start_ms) + "; the end time must be later";
            });
            return;
        }
        if (vtt.cues.size() >= kWebVttMaxCues || text_bytes + raw_text.size() > kWebVttMaxTextBytes) {
            errors.Add(line_no, 1,
                       vtt.cues.size() >= kWebVttMaxCues
                           ? "the file has more than " + std::to_string(kWebVttMaxCues) +
                                 " cues; this cue and the rest of the file are ignored"
                           : std::string("the captions hold more than 1 MiB of text; this cue and the rest of the "
                                         "file are ignored"));
            stopped = true;
            return;
        }
        CueText text = DecodeCueText(raw_text);
        if (text.unclosed_tag) {
            std::size_t line_start = raw_text.rfind('\n', text.tag_offset);
            line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
            auto lines_before = std::count(raw_text.begin(), raw_text.begin() + static_cast<std::ptrdiff_t>(line_start),
                                           '\n');
            errors.Add(text_line + static_cast<int>(lines_before),
                       ColumnAt(raw_text.substr(line_start), text.tag_offset - line_start),
                       "'<' starts a tag that is never closed with '>', so the words after it are hidden; write "
                       "&lt; to show a < sign");
        } else if (text.text.empty()) {
            errors.Add(line_no, 1, [&] {
                return "the cue " + FormatTime(timing.start_ms) + " --> " + FormatTime(timing.end_ms) +
                       " has no words; write them on the line under the timing, or delete the cue";
            });
        }
        if (text.text.empty()) return;
        if (timing.start_ms < latest_start) {
            errors.Add(line_no, timing.start_column, [&] {
                return "this cue starts at " + FormatTime(timing.start_ms) + ", before a cue above it that starts at " +
                       FormatTime(latest_start) + "; put the cues in order of start time";
            });
        }
        latest_start = std::max<std::int64_t>(latest_start, timing.start_ms);
        text_bytes += raw_text.size();
        vtt.cues.push_back({timing.start_ms, timing.end_ms, std::move(text.text)});
    }

    struct NumberedLine {
        std::string_view text;
        int number = 0;
    };

    // A block with no timing line: a comment or styling (skipped), a mistyped timing, or words that would
    // never be shown. `head` holds its first two lines, `words` its first line that is not just spaces.
    void HandleOther(std::span<const NumberedLine> head, std::optional<NumberedLine> words) {
        if (IsSkippedBlock(head[0].text)) return;
        for (const NumberedLine& line : head) {
            if (!LooksLikeTiming(line.text)) continue;
            // Always fails: a block without "-->" has no valid timing.
            Timing timing = ParseTiming(line.text, !errors.full);
            if (!timing.ok) {
                errors.Add(line.number, timing.error_column, timing.error);
                return;
            }
        }
        if (!words) return;  // lines of spaces only: nothing would be lost
        errors.Add(words->number, ColumnAt(words->text, SkipSpaces(words->text, 0)), [&] {
            return Quote(words->text) +
                   " is not part of any cue, so it will never be shown; check for a blank line inside a cue or a "
                   "missing timing line";
        });
    }

    // The spec's block loop ("collect a WebVTT block" repeated), on whole lines instead of characters.
    void Run() {
        LineReader& r = reader;
        const std::string_view text = r.Text();
        r.Advance();  // the WEBVTT line, already checked
        // Header metadata ("Kind: captions"): up to a blank line, or a timing line if the blank is missing.
        while (!r.AtEnd() && !r.Peek().empty() && r.Peek().find("-->") == std::string_view::npos) r.Advance();
        while (!stopped) {
            while (!r.AtEnd() && r.Peek().empty()) r.Advance();
            if (r.AtEnd()) break;
            std::optional<NumberedLine> timing;
            std::size_t text_begin = r.Position();
            int text_line = r.Number();
            std::array<NumberedLine, 2> head;
            std::size_t head_count = 0;
            std::optional<NumberedLine> words;
            for (int line_count = 1; !r.AtEnd(); ++line_count) {
                std::string_view line = r.Peek();
                if (line.find("-->") != std::string_view::npos) {
                    // A timing line is the block's first line, or its second after an identifier; any other
                    // line with an arrow starts the next block.
                    if (line_count == 1 || (line_count == 2 && !timing)) {
                        timing = NumberedLine{line, r.Number()};
                        r.Advance();
                        text_begin = r.Position();
                        text_line = r.Number();
                        continue;
                    }
                    break;
                }
                if (line.empty()) break;
                if (head_count < head.size()) head[head_count++] = {line, r.Number()};
                if (!words && !Trim(line).empty()) words = NumberedLine{line, r.Number()};
                r.Advance();
            }
            if (timing) {
                // The cue text runs from the line after the timing to the end of the block's last line.
                std::size_t text_end = std::min(r.Position(), text.size());
                if (text_end > text_begin && text[text_end - 1] == '\n') --text_end;
                std::string_view raw_text = text_begin < text_end ? text.substr(text_begin, text_end - text_begin)
                                                                  : std::string_view{};
                HandleCue(timing->text, timing->number, raw_text, text_line);
            } else {
                HandleOther(std::span(head).first(head_count), words);
            }
        }
    }
};

}  // namespace

WebVtt ParseWebVtt(std::string_view text) {
    WebVtt vtt;
    ErrorList errors{&vtt.errors};
    if (text.size() > kWebVttMaxFileBytes) {
        errors.Add(1, 1, "the file is larger than 16 MiB, far more than a film's captions need; check it is the "
                         "right file");
        return vtt;
    }
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
        errors.Add(1, 1, "the file is saved as UTF-16; save it as UTF-8, with WEBVTT as its first line");
        return vtt;
    }
    const Input input = Decode(text);
    if (input.bad_count > 0) {
        static const char* hex = "0123456789ABCDEF";
        std::string byte = {'0', 'x', hex[input.bad_byte >> 4], hex[input.bad_byte & 15]};
        const int more_count = input.bad_count - 1;
        std::string more = more_count == 0 ? ""
                           : " (" + std::to_string(more_count) + " more invalid place" + (more_count == 1 ? "" : "s") +
                                 " later in the file)";
        errors.Add(input.bad_line, input.bad_column,
                   "this text is not valid UTF-8 (byte " + byte + "); save the file as UTF-8" + more);
    }
    const std::string_view first_line = LineReader(input.text).Peek();
    if (input.text.empty() || !IsSignature(first_line)) {
        std::string seen = input.text.empty()           ? "the file is empty"
                           : Trim(first_line).empty() ? "this one starts with a blank line"
                                                      : "this one starts with '" + Shorten(first_line) + "'";
        errors.Add(1, 1, "a caption file must start with the line WEBVTT, but " + seen);
    } else {
        Parser parser{LineReader(input.text), vtt, errors};
        parser.Run();
        // Browsers show cues in start order whatever the file order; out-of-order ones were reported.
        std::stable_sort(vtt.cues.begin(), vtt.cues.end(),
                         [](const Cue& a, const Cue& b) { return a.start_ms < b.start_ms; });
    }
    std::stable_sort(vtt.errors.begin(), vtt.errors.end(), [](const WebVttError& a, const WebVttError& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return vtt;
}

std::string Transcript(const WebVtt& vtt) {
    std::string out;
    std::string_view previous;  // the last line kept: roll-up captions repeat it in the next cue
    for (const Cue& cue : vtt.cues) {
        std::string paragraph;
        std::string_view rest = cue.text;
        while (!rest.empty()) {
            std::size_t nl = rest.find('\n');
            std::string_view line = Trim(rest.substr(0, nl));
            rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
            if (line.empty() || line == previous) continue;
            previous = line;
            if (!paragraph.empty()) paragraph += ' ';
            paragraph += line;
        }
        if (paragraph.empty()) continue;
        if (!out.empty()) out += "\n\n";
        out += paragraph;
    }
    return out;
}

const Cue* CueAt(const WebVtt& vtt, int ms) {
    // A linear scan: correct for any cue order, and a few thousand cues cost microseconds per frame.
    const Cue* showing = nullptr;
    for (const Cue& cue : vtt.cues) {
        if (cue.start_ms <= ms && ms < cue.end_ms && (!showing || cue.start_ms >= showing->start_ms)) showing = &cue;
    }
    return showing;
}

}  // namespace kiosk::core
