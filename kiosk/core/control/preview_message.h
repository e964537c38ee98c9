// What `kiosk-author preview` tells the kiosk it started, over a pipe, after each rebuild of the
// content: a new pack to show, or the errors that stopped the build. Written by the author tool and
// read by the kiosk through this one file, so the two cannot disagree (as with the pack schema).
//
// The wire format is lines of "key value", one message ending with "end":
//   changed modules/car-wash/module.toml    what changed (for the terminal)
//   times 1234 1290 1301                    steady-clock ns: first change seen, build started, sent
//   pack /tmp/kiosk-preview-x/3.pack        the new pack (absent when there are errors)
//   error content/...:12:7: error[E001]: …  one per error, then optionally its
//   source name = "x                        source line and
//   span 8 1                                column (1-based, in code points) and length
//   note content/...:3:1: note: …           and any notes
//   end
// Values are single lines: line breaks in them are sent as spaces.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

struct PreviewError {
    std::string headline;     // "file:line:col: error[CODE]: message"
    std::string source_line;  // the line it points at, or empty
    int column = 0;           // 1-based code point column of the span in source_line; 0 = no span
    int length = 0;           // code points
    std::vector<std::string> notes;
};

struct PreviewUpdate {
    std::string changed;               // the files that changed, relative to the content folder
    std::int64_t changed_ns = 0;       // std::chrono::steady_clock (CLOCK_MONOTONIC, shared by processes)
    std::int64_t build_ns = 0;         // when the rebuild started, once the editor's writes had settled
    std::int64_t sent_ns = 0;          // when the pack was written (or the errors known) and sent
    std::string pack;                  // the rebuilt pack; empty when `errors` stopped the build
    std::vector<PreviewError> errors;  // empty when `pack` is set
};

// One message, ready to write to the pipe.
std::string FormatPreviewUpdate(const PreviewUpdate& update);

// Reassembles messages from bytes as they arrive, in pieces of any size. Unknown keys are skipped
// (a newer kiosk-author may say more); an over-long line or a malformed value makes the stream bad.
class PreviewUpdateReader {
public:
    // Appends `bytes`; returns the messages they complete, in order.
    std::vector<PreviewUpdate> Feed(std::string_view bytes);
    // Empty while the stream is good; else what was wrong (further input is ignored).
    const std::string& Error() const { return m_error; }

private:
    void Line(std::string_view line, std::vector<PreviewUpdate>& done);

    std::string m_partial;     // an unfinished line
    PreviewUpdate m_current;   // the message being read
    std::string m_error;
};

// Lines longer than this are refused (a pack path, an error and its source line are far shorter).
inline constexpr std::size_t kPreviewMaxLine = 64 * 1024;

}  // namespace kiosk::core
