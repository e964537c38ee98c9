// WebVTT input (a part of the parser in webvtt.cpp): one pass over the file's bytes that checks UTF-8,
// replaces NUL and invalid sequences with U+FFFD and makes every line ending a single LF.
#include "core/session/webvtt_internal.h"

namespace kiosk::core::detail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

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

}  // namespace kiosk::core::detail
