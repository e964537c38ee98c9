// WebVTT cue text (a part of the parser in webvtt.cpp): tags dropped and character references decoded as
// HTML does, so a cue reads as the plain text a browser shows.
#include "core/session/webvtt_internal.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace kiosk::core::detail {
namespace {

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

}  // namespace

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

}  // namespace kiosk::core::detail
