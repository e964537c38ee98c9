// A small TOML lexer that only tracks strings, comments, brackets and key positions. It is deliberately
// conservative: it never rejects a file that toml++ would accept at ordinary depths.
#include "prescan.h"

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
        } else if (ch == ']' && in_header) {
            // end of header (second ']' of [[...]] lands here too)
        } else if (!in_key && (ch == '[' || ch == '{')) {
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
