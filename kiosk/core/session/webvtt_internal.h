// What the parts of the WebVTT parser share (webvtt.cpp and webvtt_input/_messages/_timing/_cue_text.cpp),
// declared once here. Internal to those files: nothing else includes it; the interface is webvtt.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kiosk::core::detail {

// ---------------------------------------------------------------------------------------------------
// Input: UTF-8 check, NUL replacement (webvtt_input.cpp)
// ---------------------------------------------------------------------------------------------------

struct Input {
    std::string text;   // valid UTF-8, no NUL, every line ending a single LF
    int bad_count = 0;  // invalid UTF-8 sequences seen
    int bad_line = 0;   // where the first one is
    int bad_column = 0;
    unsigned bad_byte = 0;
};

// The spec's preprocessing in one pass: valid UTF-8 (U+FFFD for NUL and bad bytes), LF line endings, no BOM.
Input Decode(std::string_view raw);

// ---------------------------------------------------------------------------------------------------
// Message helpers (webvtt_messages.cpp)
// ---------------------------------------------------------------------------------------------------

inline constexpr std::size_t kMaxQuotedBytes = 60;

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\f'; }  // CR and LF are gone by now
inline bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The first position at or after `pos` that is not a space or tab.
std::size_t SkipSpaces(std::string_view s, std::size_t pos);
// `s` without spaces and tabs at either end.
std::string_view Trim(std::string_view s);
// 1-based column, in code points, of byte `offset` in a valid UTF-8 line.
int ColumnAt(std::string_view line, std::size_t offset);
// Up to about `max` bytes of `s` as one line, with "..." when cut.
std::string Shorten(std::string_view s, std::size_t max = kMaxQuotedBytes);
// `s`, trimmed and shortened, in single quotes, for a message.
std::string Quote(std::string_view s);
// "mm:ss.ttt", or "hh:mm:ss.ttt" from an hour on (or when asked).
std::string FormatTime(std::int64_t ms, bool with_hours = false);

// ---------------------------------------------------------------------------------------------------
// Timestamps and timing lines (webvtt_timing.cpp)
// ---------------------------------------------------------------------------------------------------

struct Timing {
    bool ok = false;
    int start_ms = 0;
    int end_ms = 0;
    int start_column = 1;
    int end_column = 1;
    int error_column = 1;
    std::string error;  // without the "line N: " prefix
};

// A cue timing line read, or why it is not one and how to write it (no message when `explain` is false).
Timing ParseTiming(std::string_view line, bool explain = true);
// Whether a line without "-->" still reads like a timing ("00:01.000 -> 00:02.000").
bool LooksLikeTiming(std::string_view line);

// ---------------------------------------------------------------------------------------------------
// Cue text: tags and character references (webvtt_cue_text.cpp)
// ---------------------------------------------------------------------------------------------------

struct CueText {
    std::string text;
    bool unclosed_tag = false;
    std::size_t tag_offset = 0;  // of the unclosed tag's '<' in the cue text
};

// Cue text as plain text: tags dropped (ruby text kept in brackets), character references decoded.
CueText DecodeCueText(std::string_view raw);

}  // namespace kiosk::core::detail
