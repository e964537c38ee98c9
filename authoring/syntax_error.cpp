// Rephrasing toml++'s parse errors for trainers (see syntax_error.h). Runs only after toml++ has refused
// a file, so a guess here can never turn a good file bad; each rule checks the text for the mistake it
// names and otherwise leaves toml++'s words.
#include "syntax_error.h"

#include <cctype>

#include "core/util/one_line.h"
#include "toml_load.h"

namespace author {
namespace {

// Column (1-based, code points) of byte offset `at` in `line`.
int ColumnAt(std::string_view line, std::size_t at) { return static_cast<int>(CodePoints(line.substr(0, at))) + 1; }

// toml++ quotes what it saw, control characters included ("saw 'tr\n'"); a diagnostic is one line, so
// they are written as escapes (found by fuzzing: tests/fuzz/crashers/module_toml/).
std::string EscapeControls(std::string_view text) {
    return kiosk::core::OneLine(text, kiosk::core::kNoLimit, kiosk::core::LineBreaks::Escape);
}

// A multi-line text ("""...""" or '''...''') as a TOML reader sees it, and the first line inside it that
// looks like TOML rather than prose: a sign that its closing quotes are missing.
struct LongText {
    int open_line = 0, open_column = 0;
    std::string quotes;      // """ or '''
    int close_line = 0;      // 0: never closed
    int toml_line = 0;       // 0: nothing inside looks like TOML
    bool closed_by_opener = false;  // its "closing" quotes open the next text (`text = """`): never closed
};

bool KeyChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// A table header ("[[scenes]]", "[scenes.options]") or a key given a value ("id = \"x\"", "correct = true").
// Written by hand, not with std::regex: libstdc++'s regex recurses per character and a fuzzed line is long.
bool LooksLikeToml(std::string_view line) {
    std::size_t i = line.find_first_not_of(" \t");
    if (i == std::string_view::npos) return false;
    if (line[i] == '[') {
        std::size_t close = line.find(']', i);
        if (close == std::string_view::npos || close == i + 1) return false;
        std::string_view inside = line.substr(i + 1, close - i - 1);
        if (!inside.empty() && inside[0] == '[') inside.remove_prefix(1);
        if (inside.empty()) return false;
        for (char c : inside)
            if (!KeyChar(c) && c != '.' && c != ' ') return false;
        std::size_t after = line.find_first_not_of("] \t", close);
        return after == std::string_view::npos || line[after] == '#';
    }
    std::size_t key_end = i;
    while (key_end < line.size() && (KeyChar(line[key_end]) || line[key_end] == '.')) ++key_end;
    if (key_end == i) return false;
    std::size_t equals = line.find_first_not_of(" \t", key_end);
    if (equals == std::string_view::npos || line[equals] != '=') return false;
    std::size_t value = line.find_first_not_of(" \t", equals + 1);
    if (value == std::string_view::npos) return false;
    std::string_view rest = line.substr(value);
    return rest[0] == '"' || rest[0] == '\'' || rest[0] == '[' || rest[0] == '{' || rest[0] == '-' ||
           std::isdigit(static_cast<unsigned char>(rest[0])) || rest.starts_with("true") || rest.starts_with("false");
}

// Every multi-line text of the file, found the way TOML reads strings and comments.
std::vector<LongText> LongTexts(const SourceFile& file) {
    std::vector<LongText> found;
    LongText* open = nullptr;
    for (std::size_t n = 1; n <= file.LineCount(); ++n) {
        std::string_view line = file.Line(n);
        std::size_t i = 0;
        if (open) {
            std::size_t close = std::string_view::npos;
            for (std::size_t j = 0; j + 3 <= line.size(); ++j) {
                if (open->quotes == "\"\"\"" && line[j] == '\\') {
                    ++j;
                    continue;
                }
                if (line.substr(j, 3) == open->quotes) {
                    close = j;
                    break;
                }
            }
            if (close == std::string_view::npos) {
                if (!open->toml_line && LooksLikeToml(line)) open->toml_line = static_cast<int>(n);
                continue;
            }
            open->close_line = static_cast<int>(n);
            std::string_view before = line.substr(0, close);
            std::size_t equals = before.find('=');
            open->closed_by_opener = equals != std::string_view::npos && before.find_first_not_of(" \t", equals + 1) == std::string_view::npos &&
                                     LooksLikeToml(std::string(before) + "\"\"");
            if (open->closed_by_opener && !open->toml_line) open->toml_line = static_cast<int>(n);
            open = nullptr;
            i = close + 3;
            while (i < line.size() && line[i] == line[i - 1]) ++i;  // up to two quotes more belong to the text
        }
        while (i < line.size()) {
            char c = line[i];
            if (c == '#') break;
            if (c != '"' && c != '\'') {
                ++i;
                continue;
            }
            std::string three(3, c);
            if (line.substr(i, 3) == three) {
                std::size_t close = line.find(three, i + 3);
                if (close == std::string_view::npos) {
                    found.push_back(LongText{static_cast<int>(n), ColumnAt(line, i), three, 0, 0});
                    open = &found.back();
                    break;
                }
                i = close + 3;
                continue;
            }
            std::size_t j = i + 1;  // a one-line text: to its closing quote (escapes only in "...")
            while (j < line.size() && line[j] != c) j += (c == '"' && line[j] == '\\') ? 2 : 1;
            i = j + 1;
        }
    }
    return found;
}

// The """ opened and never closed, or closed only by the next text's opening quotes after running over
// lines of TOML: report it where it opened.
bool UnclosedLongText(const SourceFile& file, int error_line, Diagnostics& diags) {
    for (const LongText& t : LongTexts(file)) {
        if (t.open_line > error_line) break;
        std::string_view at_line = file.Line(static_cast<std::size_t>(t.toml_line));
        // A text that is closed, by its own quotes, is not the mistake, whatever lines it holds.
        if (t.close_line == 0 || (t.closed_by_opener && t.close_line <= error_line)) {
            std::string where = t.toml_line ? " before line " + std::to_string(t.toml_line) + " ('" +
                                                  EscapeControls(kiosk::core::OneLine(std::string(at_line), 40)) + "')"
                                            : " before the end of the file";
            diags.Add("E001", Location{file.Path(), t.open_line, t.open_column, 3},
                      "this text starts with " + t.quotes + " but is not closed" + where + "; end it with " + t.quotes +
                          " right after its last word");
            return true;
        }
    }
    return false;
}

// `text = "He said "come" and left"`: toml++ stops after the second quote. Point at it.
bool QuoteInsideText(std::string_view line, int error_column, const Location& loc, Diagnostics& diags) {
    std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) return false;
    std::size_t open = line.find_first_not_of(" \t", equals + 1);
    if (open == std::string_view::npos || line[open] != '"' || line.substr(open, 3) == "\"\"\"") return false;
    std::size_t close = open + 1;
    while (close < line.size() && line[close] != '"') close += line[close] == '\\' ? 2 : 1;
    if (close >= line.size() || ColumnAt(line, close) >= error_column) return false;
    if (line.find('"', close + 1) == std::string_view::npos) return false;  // no more quotes: another mistake
    Location at = loc;
    at.column = ColumnAt(line, close);
    diags.Add("E001", at,
              "this \" ends the text early: inside a text, write \\\" for a quotation mark, or use single quotes ('like "
              "this')");
    return true;
}

// [scenes.options] where the list is written [[scenes.options]]: either order of the two gets one message,
// at the single-bracket header.
bool SingleBracketHeader(const SourceFile& file, const std::string& message, const Location& loc, Diagnostics& diags) {
    // The name between the quotes after `prefix`, when the message goes on with `suffix`.
    auto quoted = [&](std::string_view prefix, std::string_view suffix) -> std::string {
        std::size_t at = message.find(prefix);
        if (at == std::string::npos) return "";
        std::size_t start = at + prefix.size(), end = message.find('\'', start);
        if (end == std::string::npos || end == start || message.compare(end + 1, suffix.size(), suffix) != 0) return "";
        return message.substr(start, end - start);
    };
    int line = loc.line;
    std::string name = quoted("cannot redefine existing array '", " as table");
    if (name.empty()) {
        name = quoted("cannot redefine existing table '", " as array-of-tables");
        if (name.empty()) return false;
        for (int l = loc.line - 1; l >= 1; --l) {
            std::string text(file.Line(static_cast<std::size_t>(l)));
            std::size_t start = text.find_first_not_of(" \t");
            if (start == std::string::npos || text.compare(start, 1, "[") || !text.compare(start, 2, "[[")) continue;
            std::size_t end = text.find(']', start);
            std::string inside = end == std::string::npos ? "" : text.substr(start + 1, end - start - 1);
            inside.erase(0, inside.find_first_not_of(" \t"));
            inside.erase(inside.find_last_not_of(" \t") + 1);
            if (inside == name) {
                line = l;
                break;
            }
        }
        if (line == loc.line) return false;
    }
    std::string_view text = file.Line(static_cast<std::size_t>(line));
    std::size_t start = text.find_first_not_of(" \t");
    Location at{file.Path(), line, ColumnAt(text, start == std::string_view::npos ? 0 : start),
                static_cast<int>(CodePoints(text.substr(start == std::string_view::npos ? 0 : start)))};
    Diagnostic& d = diags.Add("E001", at, "write [[" + name + "]] with two brackets each side: every entry of the list starts that way");
    if (line != loc.line) d.notes.push_back({loc, "the next [[" + name + "]] is here"});
    return true;
}

// "... cannot redefine existing string 'text'": point at the key and at its first definition.
bool KeySetTwice(const SourceFile& file, const std::string& message, std::string_view line, Location loc, Diagnostics& diags) {
    static const std::string kRedefine = "cannot redefine existing ";
    auto at = message.find(kRedefine);
    if (at == std::string::npos) return false;
    auto open = message.find('\'', at), close = message.rfind('\'');
    std::string key = open != std::string::npos && close > open ? message.substr(open + 1, close - open - 1) : "";
    std::size_t key_at = line.find_first_not_of(" \t");
    if (key.empty() || key_at == std::string_view::npos || line.substr(key_at, key.size()) != key) return false;
    loc.column = ColumnAt(line, key_at);
    loc.length = static_cast<int>(CodePoints(key));
    Diagnostic& d = diags.Add("E001", loc, "'" + key + "' is set twice in the same table; remove one");
    for (int l = loc.line - 1; l >= 1; --l) {
        std::string_view earlier = file.Line(static_cast<std::size_t>(l));
        std::size_t start = earlier.find_first_not_of(" \t");
        if (start != std::string_view::npos && earlier[start] == '[') break;  // another table began
        if (start == std::string_view::npos || earlier.substr(start, key.size()) != key) continue;
        std::string_view rest = earlier.substr(start + key.size());
        if (rest.find_first_not_of(" \t") == std::string_view::npos || rest[rest.find_first_not_of(" \t")] != '=') continue;
        d.notes.push_back({Location{file.Path(), l, ColumnAt(earlier, start), loc.length}, "first set here"});
        break;
    }
    return true;
}

}  // namespace

void ReportSyntaxError(const SourceFile& file, const toml::parse_error& e, Diagnostics& diags) {
    Location loc = LocationOf(file, e.source());
    loc.length = 1;
    std::string message = EscapeControls(e.description());
    std::string_view line = file.Line(static_cast<std::size_t>(loc.line));

    if (UnclosedLongText(file, loc.line, diags)) return;
    if (message.find("unescaped control characters") != std::string::npos ||
        message.find("encountered end-of-file") != std::string::npos) {
        // An unclosed "...": toml++ stops at the line end; point at the opening quote.
        std::size_t equals = line.find('=');
        std::size_t quote = line.find('"', equals == std::string_view::npos ? 0 : equals);
        if (quote != std::string_view::npos && line.find('"', quote + 1) == std::string_view::npos) {
            loc.column = ColumnAt(line, quote);
            diags.Add("E001", loc, "this text has no closing quote (\"); add one at the end of the text");
            return;
        }
    }
    if (message.find("expected a comment or whitespace") != std::string::npos && QuoteInsideText(line, loc.column, loc, diags)) return;
    if (SingleBracketHeader(file, message, loc, diags)) return;
    if (KeySetTwice(file, message, line, loc, diags)) return;
    diags.Add("E001", loc, message);
}

}  // namespace author
