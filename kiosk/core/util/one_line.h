// One printable line from text that came out of a file. Every message that embeds such text (pack ids,
// asset paths, SQLite's own error text, TOML values, script tokens, captions) passes it through here, so
// no input can break a message over two lines, hide part of it behind control or bidi characters, or
// make it pages long: the rule is kept in one place instead of case by case (tests/fuzz found three).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kiosk::core {

// What a line break inside the text becomes: a space (SQLite quoting schema SQL across lines reads
// best flattened), or a visible escape (a value the reader must see exactly: "saw 'tr\n'").
enum class LineBreaks { Space, Escape };

inline constexpr std::size_t kOneLineMaxBytes = 240;  // a message a person reads, not a dump
inline constexpr std::size_t kQuotedMaxBytes = 120;   // one value inside such a message
inline constexpr std::size_t kNoLimit = std::string_view::npos;

// `text` as one line of valid, printable UTF-8: C0/C1 controls, DEL, line and paragraph separators
// and bidi overrides become escapes (\n, \t, \x01, \u{202E}; with LineBreaks::Space a run of line
// breaks and tabs becomes one space and the ends are trimmed), bytes that are not UTF-8 become \xNN,
// and past max_bytes the text is cut at a character boundary and "..." added.
std::string OneLine(std::string_view text, std::size_t max_bytes = kOneLineMaxBytes,
                    LineBreaks breaks = LineBreaks::Space);

// A value named inside a message: OneLine with escapes, in single quotes ('hotspo\n').
std::string Quoted(std::string_view text, std::size_t max_bytes = kQuotedMaxBytes);

}  // namespace kiosk::core
