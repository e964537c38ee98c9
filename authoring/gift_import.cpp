// Moodle GIFT to module.toml (see gift_import.h). The reading follows Moodle's own GIFT importer
// (question/format/gift): questions are separated by blank lines, `//` lines are comments, `$CATEGORY:`
// starts a category, `::title::` names a question, `[format]` sets the text format, and the answers sit
// in `{...}`: `=` right, `~` wrong, `~%50%` a weighted answer, `#` feedback, `####` general feedback,
// T/F for true/false, `#` first for numeric, `->` for matching, only `=` for short answer, `{}` an essay.
#include "gift_import.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "core/util/one_line.h"
#include "source_file.h"

namespace author {
namespace {

constexpr std::string_view kSpecial = "~=#{}:";
constexpr std::size_t npos = std::string_view::npos;

// The first `needle` at or after `from` that no backslash escapes.
std::size_t FindUnescaped(std::string_view s, std::string_view needle, std::size_t from = 0) {
    for (std::size_t i = from; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
            continue;
        }
        if (s.substr(i, needle.size()) == needle) return i;
    }
    return npos;
}

std::string Trim(std::string_view s) {
    std::size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
    return a == npos ? std::string() : std::string(s.substr(a, b - a + 1));
}

// GIFT's escapes: \~ \= \# \{ \} \: \\ for the characters themselves, \n for a line break.
std::string Unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            char next = s[i + 1];
            if (kSpecial.find(next) != npos || next == '\\') {
                out += next;
                ++i;
                continue;
            }
            if (next == 'n') {
                out += '\n';
                ++i;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

// A note or comment for a TOML comment line: a line break in it would end the comment.
std::string OneLine(const std::string& s) { return kiosk::core::OneLine(s, kiosk::core::kNoLimit, kiosk::core::LineBreaks::Space); }

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// "&amp;" and friends, and numeric references, as UTF-8.
std::string DecodeEntities(std::string_view s) {
    static const std::map<std::string, std::string> named = {{"amp", "&"},  {"lt", "<"},   {"gt", ">"},   {"quot", "\""},
                                                             {"apos", "'"}, {"nbsp", " "}, {"ndash", "–"}, {"mdash", "—"},
                                                             {"lsquo", "‘"}, {"rsquo", "’"}, {"ldquo", "“"}, {"rdquo", "”"},
                                                             {"hellip", "…"}, {"pound", "£"}};
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::size_t semi = s[i] == '&' ? s.find(';', i) : npos;
        if (semi == npos || semi - i > 10) {
            out += s[i];
            continue;
        }
        std::string name(s.substr(i + 1, semi - i - 1));
        long code = -1;
        if (!name.empty() && name[0] == '#') {
            char* end = nullptr;
            code = name.size() > 1 && (name[1] == 'x' || name[1] == 'X') ? std::strtol(name.c_str() + 2, &end, 16)
                                                                         : std::strtol(name.c_str() + 1, &end, 10);
            if (!end || *end) code = -1;
        }
        if (code > 0 && code < 0x110000 && !(code >= 0xD800 && code < 0xE000)) {
            char32_t c = static_cast<char32_t>(code);
            if (c < 0x80) out += static_cast<char>(c);
            else if (c < 0x800) out += {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
            else if (c < 0x10000)
                out += {static_cast<char>(0xE0 | (c >> 12)), static_cast<char>(0x80 | ((c >> 6) & 0x3F)), static_cast<char>(0x80 | (c & 0x3F))};
            else
                out += {static_cast<char>(0xF0 | (c >> 18)), static_cast<char>(0x80 | ((c >> 12) & 0x3F)),
                        static_cast<char>(0x80 | ((c >> 6) & 0x3F)), static_cast<char>(0x80 | (c & 0x3F))};
        } else if (auto it = named.find(name); it != named.end()) {
            out += it->second;
        } else {
            out += s.substr(i, semi - i + 1);
        }
        i = semi;
    }
    return out;
}

std::string FromHtml(std::string_view html) {
    std::string s;
    for (std::size_t i = 0; i < html.size(); ++i) {
        if (html[i] != '<') {
            s += html[i] == '\n' ? ' ' : html[i];  // HTML's own line ends are spaces
            continue;
        }
        std::size_t close = html.find('>', i);
        if (close == npos) break;
        std::string tag = Lower(std::string(html.substr(i + 1, close - i - 1)));
        std::string name = tag.substr(tag[0] == '/' ? 1 : 0);
        name = name.substr(0, name.find_first_of(" /\t"));
        if (name == "br" || (tag[0] == '/' && (name == "p" || name == "div" || name == "li" || name[0] == 'h'))) s += '\n';
        if (tag[0] != '/' && name == "li") s += "- ";
        i = close;
    }
    return DecodeEntities(s);
}

std::string FromMarkdown(std::string_view md) {
    std::string s;
    for (std::size_t i = 0; i < md.size(); ++i) {
        char c = md[i];
        bool line_start = i == 0 || md[i - 1] == '\n';
        if (line_start && c == '#') {  // a heading's marks
            while (i < md.size() && (md[i] == '#' || md[i] == ' ')) ++i;
            --i;
            continue;
        }
        if (c == '!' && i + 1 < md.size() && md[i + 1] == '[') continue;  // an image: its alt text stays
        if (c == '[') {  // [text](url) -> text (url)
            std::size_t close = md.find(']', i);
            if (close != npos && close + 1 < md.size() && md[close + 1] == '(') {
                std::size_t end = md.find(')', close);
                if (end != npos) {
                    s += std::string(md.substr(i + 1, close - i - 1)) + " (" + std::string(md.substr(close + 2, end - close - 2)) + ")";
                    i = end;
                    continue;
                }
            }
        }
        if (c == '*' || c == '`') continue;  // emphasis and code marks
        if (c == '_' && (i == 0 || !std::isalnum(static_cast<unsigned char>(md[i - 1])) || i + 1 == md.size() ||
                         !std::isalnum(static_cast<unsigned char>(md[i + 1]))))
            continue;  // _emphasis_, not snake_case
        s += c;
    }
    return s;
}

}  // namespace

std::string PlainText(std::string_view text, std::string_view format) {
    std::string out = format == "html" ? FromHtml(text) : format == "markdown" ? FromMarkdown(text) : std::string(text);
    // Spaces tidied, line breaks kept (at most one blank line).
    std::string tidy;
    for (char c : out) {
        if (c == '\t' || c == '\r') c = ' ';
        if (c == ' ' && (tidy.empty() || tidy.back() == ' ' || tidy.back() == '\n')) continue;
        if (c == '\n' && !tidy.empty() && tidy.back() == ' ') tidy.pop_back();
        if (c == '\n' && tidy.size() >= 2 && tidy[tidy.size() - 1] == '\n' && tidy[tidy.size() - 2] == '\n') continue;
        tidy += c;
    }
    return Trim(tidy);
}

namespace {

struct Answer {
    bool right = false;
    bool weighted = false;
    double weight = 0;
    std::string text, feedback;
};

struct Question {
    int line = 0;
    std::string category;
    std::vector<std::string> comments;
    std::string title, prompt, general;
    std::string kind;  // "info", "single", "multi", "truefalse"
    bool answer = false;  // truefalse
    std::string feedback;  // truefalse
    std::vector<Answer> answers;
};

// A TOML basic string, with everything TOML needs escaped.
std::string Toml(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20 || c == 0x7F) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\u%04X", c);
            out += hex;
        } else out += static_cast<char>(c);
    }
    return out + "\"";
}

std::string Slug(const std::string& title) {
    std::string out;
    for (char c : Lower(title)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
        else if (!out.empty() && out.back() != '-') out += '-';
        if (out.size() >= 40) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    if (!out.empty() && !(out[0] >= 'a' && out[0] <= 'z')) out = "q-" + out;
    return out;
}

// One GIFT question (a block between blank lines) read into `q`; false with `why` when a kiosk cannot ask it.
bool ReadQuestion(std::string_view block, Question& q, std::string& why, std::vector<std::string>& changes) {
    std::string_view rest = block.substr(block.find_first_not_of(" \t\r\n"));
    if (rest.starts_with("::")) {
        std::size_t end = FindUnescaped(rest, "::", 2);
        if (end != npos) {
            q.title = Trim(Unescape(rest.substr(2, end - 2)));
            rest = rest.substr(end + 2);
        }
    }
    std::string format = "moodle";
    std::string_view body = rest.substr(std::min(rest.size(), rest.find_first_not_of(" \t\r\n")));
    if (body.starts_with("[")) {
        std::size_t close = body.find(']');
        std::string name = close == npos ? "" : Lower(std::string(body.substr(1, close - 1)));
        if (name == "html" || name == "markdown" || name == "moodle" || name == "plain") {
            format = name;
            body = body.substr(close + 1);
        }
    }
    auto text = [&](std::string_view s) { return PlainText(Unescape(s), format); };
    std::size_t open = FindUnescaped(body, "{");
    if (open == npos) {  // a description: words to read, no question
        q.kind = "info";
        q.prompt = text(body);
        if (q.prompt.empty()) why = "an empty question";
        return !q.prompt.empty();
    }
    std::size_t close = FindUnescaped(body, "}", open);
    if (close == npos) return why = "its answers start with { but have no closing }", false;
    std::string before = text(body.substr(0, open)), after = text(body.substr(close + 1));
    q.prompt = after.empty() ? before : before.empty() ? after : before + " _____ " + after;
    if (!after.empty() && !before.empty()) changes.push_back("a missing-word question: the gap is shown as _____ in its text");
    if (q.prompt.empty()) q.prompt = q.title;
    std::string_view answers = body.substr(open + 1, close - open - 1);
    if (std::size_t general = FindUnescaped(answers, "####"); general != npos) {
        q.general = text(answers.substr(general + 4));
        answers = answers.substr(0, general);
    }
    std::string inside = Trim(answers);
    if (inside.empty()) return why = "an essay question (a written answer)", false;
    if (inside[0] == '#') return why = "a numeric question (the learner types a number)", false;

    // True/false: T, F, TRUE or FALSE, then #feedback for a wrong answer and #feedback for a right one.
    std::size_t hash = FindUnescaped(inside, "#");
    std::string head = Lower(Trim(std::string_view(inside).substr(0, hash)));
    if (head == "t" || head == "true" || head == "f" || head == "false") {
        q.kind = "truefalse";
        q.answer = head[0] == 't';
        std::string wrong, right;
        if (hash != npos) {
            std::string_view fb = std::string_view(inside).substr(hash + 1);
            std::size_t second = FindUnescaped(fb, "#");
            wrong = text(fb.substr(0, second));
            if (second != npos) right = text(fb.substr(second + 1));
        }
        q.feedback = !right.empty() ? right : wrong;
        if (!right.empty() && !wrong.empty() && right != wrong)
            changes.push_back("true/false feedback for a wrong answer (\"" + wrong +
                              "\") is left out: the kiosk shows one feedback after either answer, and it has the right answer's");
        return true;
    }

    // Answers: each starts at an unescaped ~ or =.
    std::vector<std::pair<char, std::string_view>> raw;
    std::size_t start = npos;
    for (std::size_t i = 0; i < inside.size(); ++i) {
        if (inside[i] == '\\') {
            ++i;
            continue;
        }
        if (inside[i] == '~' || inside[i] == '=') {
            if (start != npos) raw.back().second = std::string_view(inside).substr(start, i - start);
            raw.emplace_back(inside[i], std::string_view());
            start = i + 1;
        } else if (start == npos && !std::isspace(static_cast<unsigned char>(inside[i]))) {
            return why = "its answers do not start with = or ~", false;
        }
    }
    if (start != npos) raw.back().second = std::string_view(inside).substr(start);
    if (raw.empty()) return why = "it has no answers", false;
    bool any_wrong = false;
    for (auto& [mark, rest_of] : raw) {
        if (FindUnescaped(rest_of, "->") != npos) return why = "a matching question (pairs to match)", false;
        any_wrong = any_wrong || mark == '~';
    }
    if (!any_wrong) return why = "a short-answer question (the learner types the answer)", false;
    for (auto& [mark, rest_of] : raw) {
        Answer a;
        std::string_view s = rest_of;
        std::size_t lead_space = s.find_first_not_of(" \t\r\n");
        s = lead_space == npos ? std::string_view() : s.substr(lead_space);
        if (s.starts_with("%")) {
            std::size_t end = s.find('%', 1);
            if (end != npos) {
                a.weighted = true;
                a.weight = std::strtod(std::string(s.substr(1, end - 1)).c_str(), nullptr);
                s = s.substr(end + 1);
            }
        }
        std::size_t fb = FindUnescaped(s, "#");
        a.text = text(s.substr(0, fb));
        if (fb != npos) a.feedback = text(s.substr(fb + 1));
        a.right = mark == '=' || (a.weighted && a.weight > 0);
        if (a.text.empty()) return why = "an answer is empty", false;
        q.answers.push_back(std::move(a));
    }
    std::size_t rights = static_cast<std::size_t>(std::count_if(q.answers.begin(), q.answers.end(), [](const Answer& a) { return a.right; }));
    bool weighted = std::any_of(q.answers.begin(), q.answers.end(), [](const Answer& a) { return a.weighted; });
    if (rights == 0) return why = "no answer is right (no = and no positive weight)", false;
    // As Moodle reads it: an answer marked = makes a one-answer question (weights elsewhere are part
    // marks); weights with no = are a multiple-answer question.
    const bool any_equals = std::any_of(raw.begin(), raw.end(), [](const auto& r) { return r.first == '='; });
    if (any_equals && weighted) {
        for (std::size_t k = 0; k < q.answers.size(); ++k) q.answers[k].right = raw[k].first == '=';
        rights = static_cast<std::size_t>(std::count_if(q.answers.begin(), q.answers.end(), [](const Answer& a) { return a.right; }));
        changes.push_back("part marks (~%n%) left out: the answer marked = is the right one");
        weighted = false;
    }
    q.kind = rights > 1 || weighted ? "multi" : "single";
    if (weighted) {
        bool partial = std::any_of(q.answers.begin(), q.answers.end(), [](const Answer& a) { return a.weighted && a.weight > 0 && a.weight < 100; });
        if (partial)
            changes.push_back("weighted answers: those above 0% are the right ones, and the learner must choose all of them "
                              "(the kiosk gives no part marks)");
    }
    return true;
}

}  // namespace

GiftImport ImportGift(std::string_view input, const GiftOptions& options) {
    GiftImport out;
    if (input.starts_with("\xEF\xBB\xBF")) input.remove_prefix(3);  // Notepad's byte-order mark
    // TOML is UTF-8: a byte that is not (a file saved as Windows-1252) becomes U+FFFD, so what is written
    // always parses; the command refuses such a file first, naming the line (found by fuzzing).
    std::string valid;
    for (std::string_view rest = input; !rest.empty();) {
        std::size_t bad = FirstInvalidUtf8(rest);
        valid += rest.substr(0, bad);
        if (bad == std::string_view::npos) break;
        valid += "\xEF\xBF\xBD";
        rest.remove_prefix(bad + 1);
    }
    std::string_view text = valid;
    std::vector<Question> questions;
    std::string category, block;
    std::vector<std::string> comments;
    int line_no = 0, block_line = 0;
    auto finish_block = [&] {
        if (Trim(block).empty()) {
            block.clear();
            return;
        }
        Question q;
        q.line = block_line;
        q.category = category;
        q.comments = std::move(comments);
        comments.clear();
        std::string why;
        std::vector<std::string> changes;
        if (ReadQuestion(block, q, why, changes)) {
            for (const std::string& c : changes)
                out.changed.push_back({q.line, OneLine((q.title.empty() ? "" : "'" + q.title + "': ") + c)});
            questions.push_back(std::move(q));
        } else {
            out.left_out.push_back(
                {q.line, OneLine((q.title.empty() ? "" : "'" + q.title + "': ") + why + "; a kiosk cannot ask it, so it was left out")});
        }
        block.clear();
    };
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        ++line_no;
        pos = end + 1;
        std::string trimmed = Trim(line);
        if (trimmed.starts_with("//")) {
            comments.push_back(Trim(std::string_view(trimmed).substr(2)));
            continue;
        }
        if (trimmed.starts_with("$CATEGORY:")) {
            finish_block();
            category = Trim(std::string_view(trimmed).substr(10));
            if (category.starts_with("$course$/")) category = category.substr(9);
            continue;
        }
        if (trimmed.empty()) {
            finish_block();
            continue;
        }
        if (block.empty()) block_line = line_no;
        block += (block.empty() ? "" : " ") + std::string(line);
    }
    finish_block();

    // The module: what GIFT cannot say about it gets a sensible first value to edit.
    std::string title = options.module_id;
    for (const Question& q : questions)
        if (!q.category.empty()) {
            title = q.category.substr(q.category.rfind('/') == std::string::npos ? 0 : q.category.rfind('/') + 1);
            break;
        }
    int asked = static_cast<int>(std::count_if(questions.begin(), questions.end(), [](const Question& q) { return q.kind != "info"; }));
    std::string& t = out.toml;
    t += "# Imported from " + options.file_name + " by 'kiosk-author import gift' on " + options.today + ".\n";
    t += "# Check every text, write a summary, choose the audience and the pass mark, and list the real sources.\n";
    if (!out.left_out.empty()) {
        t += "# Left out (a kiosk cannot ask these):\n";
        for (const GiftNote& n : out.left_out) t += "#   " + options.file_name + ":" + std::to_string(n.line) + ": " + n.message + "\n";
    }
    t += "id = " + Toml(options.module_id) + "\n";
    t += "title = " + Toml(title) + "\n";
    t += "summary = " + Toml(std::to_string(asked) + " questions from " + options.file_name + ".") + "\n";
    t += "audience = [\"other\"]\n";
    t += "minutes = " + std::to_string(std::max(1, (asked * 3 + 3) / 4)) + "\n";
    t += "pass_mark = 50\n\n";
    if (options.sources.empty()) {
        t += "# A GIFT file does not say where its facts come from: replace this with the real sources.\n";
        t += "[[sources]]\ntitle = " + Toml("REPLACE: the source of these questions' facts (imported from " + options.file_name + ")") +
             "\nurl = \"https://www.gov.uk/\"\nchecked = " + options.today + "\n\n";
    }
    for (const std::string& url : options.sources)
        t += "[[sources]]\ntitle = " + Toml(url) + "\nurl = " + Toml(url) + "\nchecked = " + options.today + "\n\n";

    std::set<std::string> ids = {"end"};
    std::string current_category;
    int n = 0;
    for (const Question& q : questions) {
        ++n;
        if (q.category != current_category) {
            current_category = q.category;
            t += "# ------------------------------------------------------------------------------------------\n";
            t += "# Section: " + OneLine(current_category) + "\n\n";
        }
        for (const std::string& c : q.comments) t += "# " + OneLine(c) + "\n";
        for (const GiftNote& c : out.changed)
            if (c.line == q.line) t += "# Changed on import: " + c.message + "\n";
        std::string id = Slug(q.title);
        if (id.empty()) id = "q" + std::to_string(n);
        for (int k = 2; ids.count(id); ++k) id = (Slug(q.title).empty() ? "q" + std::to_string(n) : Slug(q.title)) + "-" + std::to_string(k);
        ids.insert(id);
        std::string scene_title = !q.title.empty() ? q.title : q.category.substr(q.category.rfind('/') == std::string::npos ? 0 : q.category.rfind('/') + 1);
        t += "[[scenes]]\nid = " + Toml(id) + "\n";
        if (q.kind == "info") {
            t += "kind = \"info\"\n";
            if (!scene_title.empty()) t += "title = " + Toml(scene_title) + "\n";
            t += "text = " + Toml(q.prompt) + "\n\n";
            ++out.scenes;
            continue;
        }
        t += "kind = \"question\"\nquestion = " + Toml(q.kind) + "\n";
        if (!scene_title.empty()) t += "title = " + Toml(scene_title) + "\n";
        t += "prompt = " + Toml(q.prompt) + "\n";
        if (!q.general.empty()) t += "explanation = " + Toml(q.general) + "\n";
        if (q.kind == "truefalse") {
            t += std::string("answer = ") + (q.answer ? "true" : "false") + "\n";
            if (!q.feedback.empty()) t += "feedback = " + Toml(q.feedback) + "\n";
        }
        for (std::size_t i = 0; i < q.answers.size(); ++i) {
            const Answer& a = q.answers[i];
            t += "\n  [[scenes.options]]\n  id = \"" + std::string(1, static_cast<char>('a' + i % 26)) + (i >= 26 ? std::to_string(i / 26) : "") + "\"\n";
            t += "  text = " + Toml(a.text) + "\n";
            if (a.right) t += "  correct = true\n";
            if (!a.feedback.empty()) t += "  feedback = " + Toml(a.feedback) + "\n";
        }
        t += "\n";
        ++out.scenes;
    }
    t += "[[scenes]]\nid = \"end\"\nkind = \"end\"\ntext = \"That is the end of these questions.\"\n";
    return out;
}

}  // namespace author
