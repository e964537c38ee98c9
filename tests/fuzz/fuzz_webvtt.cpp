// Fuzz target: the kiosk's WebVTT captions parser (kiosk/core/session/webvtt.h) on any bytes, with the promises
// of its header checked on every result: cues in start order with end > start, errors sorted with a
// position and one valid UTF-8 line each, limits kept, and the transcript and CueAt total on the result.
#include <algorithm>

#include "core/session/webvtt.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kiosk::core;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    WebVtt vtt = ParseWebVtt(text);

    FUZZ_CHECK(vtt.cues.size() <= kWebVttMaxCues, "no more cues than the limit");
    FUZZ_CHECK(vtt.errors.size() <= kWebVttMaxErrors + 1, "at most the error limit and one summary");
    std::size_t text_bytes = 0;
    for (std::size_t i = 0; i < vtt.cues.size(); ++i) {
        const Cue& cue = vtt.cues[i];
        text_bytes += cue.text.size();
        FUZZ_CHECK(!cue.text.empty(), "an empty cue is dropped");
        FUZZ_CHECK(cue.start_ms >= 0 && cue.end_ms > cue.start_ms, "a cue ends after it starts");
        FUZZ_CHECK(i == 0 || vtt.cues[i - 1].start_ms <= cue.start_ms, "cues are in start order");
        FUZZ_CHECK(fuzz::IsValidUtf8(cue.text), "cue text is valid UTF-8");
        FUZZ_CHECK(cue.text.find('\0') == std::string::npos, "cue text has no NUL");
        FUZZ_CHECK(cue.text.empty() || (cue.text.back() != ' ' && cue.text.back() != '\n'), "trailing blanks trimmed");
    }
    FUZZ_CHECK(text_bytes <= kWebVttMaxTextBytes, "cue text within its limit");
    for (std::size_t i = 0; i < vtt.errors.size(); ++i) {
        const WebVttError& e = vtt.errors[i];
        FUZZ_CHECK(e.line >= 1 && e.column >= 1, "an error has a 1-based position");
        FUZZ_CHECK(e.message.rfind("line " + std::to_string(e.line) + ": ", 0) == 0, "an error message starts with its line");
        FUZZ_CHECK(fuzz::IsPrintableLine(e.message), "an error message is one printable line");
        if (i > 0) {
            const WebVttError& p = vtt.errors[i - 1];
            FUZZ_CHECK(p.line < e.line || (p.line == e.line && p.column <= e.column), "errors sorted by position");
        }
    }
    if (size > kWebVttMaxFileBytes) FUZZ_CHECK(vtt.cues.empty(), "an oversized file gives no cues");

    std::string transcript = Transcript(vtt);
    FUZZ_CHECK(fuzz::IsValidUtf8(transcript), "the transcript is valid UTF-8");
    // CueAt at every cue edge and just around it: the cue it returns must be showing at that time.
    for (const Cue& cue : vtt.cues) {
        for (int ms : {cue.start_ms - 1, cue.start_ms, cue.end_ms - 1, cue.end_ms}) {
            const Cue* at = CueAt(vtt, ms);
            if (at) FUZZ_CHECK(at->start_ms <= ms && ms < at->end_ms, "CueAt returns a cue showing at that time");
        }
        if (vtt.cues.size() > 64) break;  // bounded work per input
    }
    return 0;
}
