// One printable line from text that came out of a file (see one_line.h).
#include "core/util/one_line.h"

#include <cstdint>

namespace kiosk::core {
namespace {

// The next UTF-8 character at `at`: its code point and length, or length 0 for a byte that does not
// start a valid, shortest-form sequence (decoded by hand: the standard library's converters are deprecated
// and throw, and this runs on hostile bytes).
struct Char {
    char32_t cp = 0;
    std::size_t len = 0;
};

Char Decode(std::string_view s, std::size_t at) {
    auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[at + i]); };
    unsigned char c = b(0);
    if (c < 0x80) return {c, 1};
    std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? (c < 0xF0 ? 3 : 0) : c >= 0xC2 ? 2 : 0;
    if (len == 0 || at + len > s.size()) return {};
    char32_t cp = c & (0x7F >> len);
    for (std::size_t i = 1; i < len; ++i) {
        if ((b(i) & 0xC0) != 0x80) return {};
        cp = (cp << 6) | (b(i) & 0x3F);
    }
    bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    if (overlong || surrogate || cp > 0x10FFFF) return {};
    return {cp, len};
}

constexpr const char* kHex = "0123456789abcdef";

bool IsBreak(char32_t cp) {
    return cp == '\n' || cp == '\r' || cp == '\t' || cp == '\v' || cp == '\f' || cp == 0x85 || cp == 0x2028 ||
           cp == 0x2029;
}

// Characters that would end the line, be invisible, or reorder what follows on screen or in a terminal.
bool NeedsEscape(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::string Escape(char32_t cp) {
    switch (cp) {
        case '\n': return "\\n";
        case '\r': return "\\r";
        case '\t': return "\\t";
        default: break;
    }
    if (cp < 0x80) return std::string("\\x") + kHex[cp >> 4] + kHex[cp & 15];
    std::string out = "\\u{";
    bool started = false;
    for (int shift = 20; shift >= 0; shift -= 4) {
        unsigned digit = (cp >> shift) & 15;
        if (digit || started || shift == 0) {
            out += kHex[digit];
            started = true;
        }
    }
    return out + "}";
}

}  // namespace

std::string OneLine(std::string_view text, std::size_t max_bytes, LineBreaks breaks) {
    std::string out;
    out.reserve(text.size() < max_bytes ? text.size() : max_bytes);
    bool pending_space = false;
    for (std::size_t at = 0; at < text.size();) {
        Char ch = Decode(text, at);
        std::string piece;
        if (ch.len == 0) {
            auto c = static_cast<unsigned char>(text[at]);
            piece = std::string("\\x") + kHex[c >> 4] + kHex[c & 15];
            ch.len = 1;
        } else if (breaks == LineBreaks::Space && (IsBreak(ch.cp) || (ch.cp == ' ' && pending_space))) {
            // A break and the indentation after it ("CREATE\n  TABLE") read as one space.
            pending_space = !out.empty() && out.back() != ' ';
            at += ch.len;
            continue;
        } else if (NeedsEscape(ch.cp)) {
            piece = Escape(ch.cp);
        } else {
            piece.assign(text.substr(at, ch.len));
        }
        if (pending_space) piece.insert(piece.begin(), ' ');
        pending_space = false;
        if (max_bytes != kNoLimit && out.size() + piece.size() > max_bytes) return out + "...";
        out += piece;
        at += ch.len;
    }
    return out;
}

std::string Quoted(std::string_view text, std::size_t max_bytes) {
    return "'" + OneLine(text, max_bytes, LineBreaks::Escape) + "'";
}

}  // namespace kiosk::core
