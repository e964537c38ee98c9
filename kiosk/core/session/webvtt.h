// Film captions: a careful WebVTT (W3C) parser that turns a caption file into plain-text cues, plus the
// two queries the film screen needs (the cue showing now, and a transcript). Pure and total: no I/O, no
// exceptions, bounded work on hostile input, and errors worded for the trainer who wrote the file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

// One caption, shown from start_ms (inclusive) until end_ms (exclusive); end_ms > start_ms always.
struct Cue {
    int start_ms = 0;
    int end_ms = 0;
    std::string text;  // tags stripped, entities decoded, lines joined with '\n', trailing blanks trimmed
};

// One problem in a caption file, worded for a trainer: "line 7: '...' is not a cue timing; write ...".
struct WebVttError {
    int line = 0;         // 1-based
    int column = 1;       // 1-based, counted in code points (a BOM is not counted)
    std::string message;  // starts with "line N: "; valid UTF-8, one line
};

// A parsed caption file. Cues are in start order (file order for equal starts), as a browser shows them.
struct WebVtt {
    std::vector<Cue> cues;
    std::vector<WebVttError> errors;  // sorted by line and column; empty = clean
};

// Limits that keep a hostile or mistaken file from using unbounded memory or time; past them parsing
// stops with an error. After kWebVttMaxErrors problems one last error says so and the rest go unlisted.
inline constexpr std::size_t kWebVttMaxFileBytes = std::size_t{16} << 20;  // larger files: no cues, one error
inline constexpr std::size_t kWebVttMaxCues = 100'000;
inline constexpr std::size_t kWebVttMaxTextBytes = std::size_t{1} << 20;  // cue text as written in the file
inline constexpr std::size_t kWebVttMaxErrors = 100;

// Parses a whole WebVTT file (UTF-8, optional BOM, LF, CRLF or CR line endings). A file that does not
// start with WEBVTT gives no cues and one error; otherwise bad blocks are reported and skipped.
WebVtt ParseWebVtt(std::string_view text);

// The spoken words as plain paragraphs (one per cue, consecutive duplicate lines dropped), for a transcript.
std::string Transcript(const WebVtt& vtt);

// The cue showing at `ms` (the last one that started, for overlaps), or nullptr.
const Cue* CueAt(const WebVtt& vtt, int ms);

}  // namespace kiosk::core
