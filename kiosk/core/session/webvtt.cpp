// WebVTT parser (see webvtt.h). Block structure follows the W3C "WebVTT parser algorithm" step by step, so
// the kiosk shows the same cues a browser preview shows; on top of it, every place where words would go
// missing without a sound (bad timing, stray text, unclosed tag) becomes an error that says how to fix it.
//
// [SECTION] Input: line splitting (here); UTF-8 check, NUL replacement -> webvtt_input.cpp
// [SECTION] Message helpers: the error list (here, its only user); the rest -> webvtt_messages.cpp
// [SECTION] Timestamps and timing lines -> webvtt_timing.cpp
// [SECTION] Cue text: tags and character references -> webvtt_cue_text.cpp
// [SECTION] Blocks and the public functions (here)
// What these files share is declared once, in webvtt_internal.h.
#include "core/session/webvtt.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>

#include "core/session/webvtt_internal.h"

namespace kiosk::core {
using namespace detail;
namespace {

// ===================================================================================================
// [SECTION] Input: line splitting (the UTF-8 check and NUL replacement are in webvtt_input.cpp)
// ===================================================================================================

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
// [SECTION] Message helpers: the error list (the other helpers are in webvtt_messages.cpp)
// ===================================================================================================

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
