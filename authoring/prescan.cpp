// A small TOML lexer that only tracks strings, comments, brackets and key positions. It is deliberately
// conservative: it never rejects a file that toml++ would accept at ordinary depths.
#include "prescan.h"

#include <cstdint>
#include <string>
#include <vector>

namespace author {
namespace {

struct Cursor {
    std::string_view text;
    std::size_t pos = 0;
    int line = 1;
    int column = 1;

    bool AtEnd() const { return pos >= text.size(); }
    char Peek(std::size_t ahead = 0) const { return pos + ahead < text.size() ? text[pos + ahead] : '\0'; }
    void Advance() {
        unsigned char c = static_cast<unsigned char>(text[pos++]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            // Count a column at the lead byte only; the next code point starts a new column.
            if (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) {
                while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
            }
            ++column;
        }
    }
    bool StartsWith(std::string_view s) const { return text.substr(pos, s.size()) == s; }
};

// Skips a string starting at the cursor (basic, literal, or their multi-line forms).
void SkipString(Cursor& c) {
    char quote = c.Peek();
    bool multi = c.Peek(1) == quote && c.Peek(2) == quote;
    std::size_t open = multi ? 3 : 1;
    for (std::size_t i = 0; i < open; ++i) c.Advance();
    while (!c.AtEnd()) {
        char ch = c.Peek();
        if (quote == '"' && ch == '\\') {
            c.Advance();
            if (!c.AtEnd()) c.Advance();
            continue;
        }
        if (!multi && ch == '\n') return;  // unterminated: toml++ reports it
        if (ch == quote) {
            if (!multi) {
                c.Advance();
                return;
            }
            if (c.Peek(1) == quote && c.Peek(2) == quote) {
                // Up to two extra quotes may close a multi-line string ("""a"""").
                c.Advance();
                c.Advance();
                c.Advance();
                while (c.Peek() == quote) c.Advance();
                return;
            }
        }
        c.Advance();
    }
}

// True when `s` is exactly one well-formed UTF-8 sequence for a code point past ASCII.
bool IsOneCodePoint(std::string_view s) {
    auto lead = static_cast<unsigned char>(s[0]);
    std::size_t n = (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (n != s.size()) return false;
    std::uint32_t cp = lead & (0x7Fu >> n);
    for (std::size_t i = 1; i < n; ++i) cp = cp << 6 | (static_cast<unsigned char>(s[i]) & 0x3Fu);
    static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    return cp >= kMin[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

// Where the first key of the table header whose '[' is at the cursor starts (past "[" or "[[" and blanks).
std::size_t HeaderKeyStart(const Cursor& c) {
    std::size_t at = c.pos + (c.Peek(1) == '[' ? 2 : 1);
    while (at < c.text.size() && (c.text[at] == ' ' || c.text[at] == '\t')) ++at;
    return at;
}

// True when what follows the header's brackets is something toml++ handles: a bare key character, a quote,
// ']' (an empty header, which it reports), the end of the file, or for "[" a second '[' (not contiguous).
bool HeaderStartsWell(const Cursor& c) {
    std::size_t at = HeaderKeyStart(c);
    if (at >= c.text.size()) return true;
    char k = c.text[at];
    bool bare = (k >= 'a' && k <= 'z') || (k >= 'A' && k <= 'Z') || (k >= '0' && k <= '9') || k == '_' || k == '-';
    return bare || k == '"' || k == '\'' || k == ']' || (k == '[' && c.Peek(1) != '[');
}

// The first character after the cursor's that is not a blank, a line break or a comment ('\0' at the end).
char NextMeaningful(const Cursor& c) {
    std::size_t at = c.pos + 1;
    while (at < c.text.size()) {
        char ch = c.text[at];
        if (ch == '#') {
            while (at < c.text.size() && c.text[at] != '\n') ++at;
        } else if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
            ++at;
        } else {
            return ch;
        }
    }
    return '\0';
}

}  // namespace

bool PrescanToml(const SourceFile& file, Diagnostics& diags) {
    Cursor c{file.Text()};
    // Bracket stack of the current value: '[' arrays, '{' inline tables. Headers are not values.
    std::vector<char> stack;
    bool in_key = true;        // at a position where a key (or header) is being read
    int key_parts = 1;
    int key_line = 1, key_column = 1;
    bool key_started = false;  // the key's first character has been seen (where E004 points)
    bool in_header = false;

    auto fail = [&](const char* code, int line, int column, std::string message) {
        diags.Add(code, Location{file.Path(), line, column, 1}, std::move(message));
        return false;
    };

    while (!c.AtEnd()) {
        char ch = c.Peek();
        if (ch == '#') {
            while (!c.AtEnd() && c.Peek() != '\n') c.Advance();
            continue;
        }
        if (in_key && !key_started && ch != ' ' && ch != '\t' && ch != '[' && ch != '\r' && ch != '\n') {
            key_started = true;
            key_line = c.line;
            key_column = c.column;
        }
        if (ch == '"' || ch == '\'') {
            SkipString(c);
            continue;
        }
        if (static_cast<unsigned char>(ch) >= 0x80) {
            // Outside strings and comments TOML allows only ASCII, and toml++ 3.3 reaches unreachable code
            // (undefined behaviour) when it meets a character such as 'é' there; found by fuzzing
            // (tests/fuzz/crashers/module_toml/). Report it here, as toml++ would, without calling it.
            std::size_t end = c.pos + 1;
            while (end < c.text.size() && end - c.pos < 4 && (static_cast<unsigned char>(c.text[end]) & 0xC0) == 0x80) ++end;
            std::string_view seen = c.text.substr(c.pos, end - c.pos);
            return fail("E001", c.line, c.column,
                        (IsOneCodePoint(seen) ? "'" + std::string(seen) + "'" : std::string("a byte that is not UTF-8")) +
                            " is outside quotes, where only keys, numbers, dates, true and false may be written; put text in quotes");
        }
        if (ch == '\n') {
            if (stack.empty()) {
                in_key = true;
                in_header = false;
                key_parts = 1;
            key_started = false;
            }
            c.Advance();
            continue;
        }
        if (in_key && ch == '.') {
            if (++key_parts > kMaxKeyParts) {
                diags.Add("E004", Location{file.Path(), key_line, key_column, c.column - key_column + 1},
                          "key has more than " + std::to_string(kMaxKeyParts) + " dotted parts");
                return false;
            }
        } else if (ch == '=' && in_key && !in_header) {
            in_key = false;
            key_parts = 1;
            key_started = false;
        } else if (ch == '[' && in_key && stack.empty() && !in_header) {
            in_header = true;  // [table] or [[array]] header: the brackets are not nesting
            if (!HeaderStartsWell(c)) {
                // toml++ 3.3 asserts (debug) or assumes (release) that a header's first key starts with a
                // key character; found by fuzzing (tests/fuzz/crashers/module_toml/). Say it here instead.
                std::size_t at = HeaderKeyStart(c);
                char k = at < c.text.size() ? c.text[at] : ' ';
                std::string seen = k > 0x20 && k < 0x7f ? std::string("'") + k + "'" : std::string("this character");
                return fail("E001", c.line, c.column + static_cast<int>(at - c.pos),
                            "a table header starts with a key: letters, digits, '_' or '-', or a quoted key, not " + seen);
            }
        } else if (ch == ']' && in_header) {
            // end of header (second ']' of [[...]] lands here too)
        } else if (!in_key && (ch == '[' || ch == '{')) {
            // toml++ 3.3 asserts (debug) or assumes (release: undefined behaviour) that an array's value
            // does not start with '}'; found by fuzzing (tests/fuzz/crashers/module_toml/). Say it here.
            if (ch == '[' && NextMeaningful(c) == '}')
                return fail("E001", c.line, c.column, "'}' where the array's first value should be; close the array with ']'");
            stack.push_back(ch);
            if (static_cast<int>(stack.size()) > kMaxNesting)
                return fail("E003", c.line, c.column,
                            "arrays and inline tables nest more than " + std::to_string(kMaxNesting) + " levels deep");
            if (ch == '{') {
                in_key = true;
                key_parts = 1;
            key_started = false;
            }
        } else if (!stack.empty() && (ch == ']' || ch == '}')) {
            stack.pop_back();
            in_key = false;
        } else if (!stack.empty() && stack.back() == '[' && ch == ',' && NextMeaningful(c) == '}') {
            return fail("E001", c.line, c.column, "'}' where the array's next value should be; close the array with ']'");
        } else if (!stack.empty() && stack.back() == '{' && ch == ',') {
            in_key = true;
            key_parts = 1;
            key_started = false;
        } else if (!stack.empty() && stack.back() == '{' && ch == '=' && in_key) {
            in_key = false;
            key_parts = 1;
            key_started = false;
        }
        c.Advance();
    }
    return true;
}

}  // namespace author
