// Parser for scripted mode (see script.h). Line based: a command word, then arguments separated by
// spaces or tabs; '#' starts a comment. Every error names the file and line, quotes what it saw with
// control bytes escaped, and suggests the nearest command when the word is a likely typo.
#include "core/control/script.h"

#include <algorithm>
#include <array>
#include <optional>

#include "core/util/did_you_mean.h"
#include "core/util/one_line.h"
#include "core/session/session.h"

namespace kiosk::core {
namespace {

constexpr std::size_t kMaxLineBytes = 4096;
constexpr std::size_t kMaxQuoted = 48;
constexpr std::size_t kMaxNameBytes = 100;

// The token in single quotes as one line (core/util/one_line.h), long ones cut short, so an error stays one
// readable line whatever bytes the file holds.
std::string Quote(std::string_view token) { return Quoted(token, kMaxQuoted); }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::vector<std::string_view> Tokenize(std::string_view line) {
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && IsSpace(line[i])) ++i;
        if (i >= line.size() || line[i] == '#') break;
        std::size_t start = i;
        while (i < line.size() && !IsSpace(line[i])) ++i;
        tokens.push_back(line.substr(start, i - start));
    }
    return tokens;
}

bool IsWidgetId(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool IsDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Screenshot names become file names in the screenshot dir: no separators, no leading dot, no "..".
bool IsFileName(std::string_view s) {
    if (s.empty() || s.size() > kMaxNameBytes || s.front() == '.') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    });
}

// Non-negative decimal with up to 3 fraction digits, in thousandths; nullopt if malformed or > max.
std::optional<std::int64_t> ParseThousandths(std::string_view s, std::int64_t max_thousandths) {
    std::size_t dot = s.find('.');
    std::string_view whole = s.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    if (!IsDigits(whole) || (dot != std::string_view::npos && (!IsDigits(fraction) || fraction.size() > 3))) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (char c : whole) {
        value = value * 10 + (c - '0');
        if (value > max_thousandths / 1000) return std::nullopt;  // also stops overflow on long inputs
    }
    value *= 1000;
    std::int64_t scale = 100;
    for (char c : fraction) {
        value += (c - '0') * scale;
        scale /= 10;
    }
    if (value > max_thousandths) return std::nullopt;
    return value;
}

std::optional<std::int64_t> ParseWholeNumber(std::string_view s, std::int64_t max) {
    if (!IsDigits(s)) return std::nullopt;
    std::int64_t value = 0;
    for (char c : s) {
        value = value * 10 + (c - '0');
        if (value > max) return std::nullopt;
    }
    return value;
}

const std::vector<std::string>& CommandWords() {
    static const std::vector<std::string> words = {"tap",     "hold",       "type",      "wait",   "wait-for", "wait-reload",
                                                   "advance", "screenshot", "dump-text", "expect", "scroll", "quit"};
    return words;
}

const std::vector<std::string>& ExpectWords() {
    static const std::vector<std::string> words = {"screen", "widget", "no-widget", "enabled", "disabled", "label"};
    return words;
}

const std::vector<std::string>& ScreenNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (Screen s : {Screen::Attract, Screen::AboutYou, Screen::Menu, Screen::ResumeOffer, Screen::ContentWarning, Screen::Scene,
                         Screen::Leaving, Screen::AdminPin, Screen::Admin}) {
            out.emplace_back(ToString(s));
        }
        return out;
    }();
    return names;
}

std::string JoinQuoted(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i) out += i + 1 == words.size() ? " or " : ", ";
        out += "'" + words[i] + "'";
    }
    return out;
}

// Parses one line's tokens; returns an error message (without the FILE:LINE prefix) or the command.
std::string ParseLine(const std::vector<std::string_view>& tokens, ScriptCommand& command) {
    using Kind = ScriptCommand::Kind;
    std::string_view word = tokens[0];
    std::size_t args = tokens.size() - 1;

    auto want_args = [&](std::size_t n, const char* usage) -> std::string {
        if (args == n) return "";
        if (args < n) return "'" + std::string(word) + "' needs " + usage;
        return "'" + std::string(word) + "' takes " + usage + ", but there is more: " + Quote(tokens[n + 1]);
    };

    if (word == "quit") {
        command.kind = Kind::Quit;
        return args == 0 ? "" : "'quit' takes no arguments, but there is " + Quote(tokens[1]);
    }
    if (word == "tap") {
        command.kind = Kind::Tap;
        if (auto e = want_args(1, "one widget id, e.g. 'tap nav.continue'"); !e.empty()) return e;
        if (!IsWidgetId(tokens[1])) return "widget id " + Quote(tokens[1]) + " must be printable ASCII";
        command.text = tokens[1];
        return "";
    }
    if (word == "hold") {
        command.kind = Kind::Hold;
        if (auto e = want_args(2, "a widget id and seconds, e.g. 'hold admin.corner 3'"); !e.empty()) return e;
        if (!IsWidgetId(tokens[1])) return "widget id " + Quote(tokens[1]) + " must be printable ASCII";
        auto ms = ParseThousandths(tokens[2], kScriptMaxAdvanceMs);
        if (!ms) return "'hold' takes seconds (up to 3 decimals), not " + Quote(tokens[2]);
        command.text = tokens[1];
        command.number = *ms;
        return "";
    }
    if (word == "type") {
        command.kind = Kind::Type;
        if (auto e = want_args(1, "the digits to type on the keypad, e.g. 'type 4711'"); !e.empty()) return e;
        if (!IsDigits(tokens[1])) return "'type' types digits 0-9 on the keypad, not " + Quote(tokens[1]);
        if (tokens[1].size() > kScriptMaxDigits) {
            return "'type' takes at most " + std::to_string(kScriptMaxDigits) + " digits";
        }
        command.text = tokens[1];
        return "";
    }
    if (word == "wait") {
        command.kind = Kind::Wait;
        if (auto e = want_args(1, "milliseconds, e.g. 'wait 500'"); !e.empty()) return e;
        auto ms = ParseWholeNumber(tokens[1], kScriptMaxWaitMs);
        if (!ms) {
            return "'wait' takes whole milliseconds from 0 to " + std::to_string(kScriptMaxWaitMs) + ", not " +
                   Quote(tokens[1]);
        }
        command.number = *ms;
        return "";
    }
    if (word == "scroll") {
        command.kind = Kind::Scroll;
        if (auto e = want_args(1, "'more' or 'end', e.g. 'scroll end'"); !e.empty()) return e;
        if (tokens[1] != "more" && tokens[1] != "end")
            return "'scroll' takes 'more' (one page) or 'end' (to the end), not " + Quote(tokens[1]);
        command.text = tokens[1];
        return "";
    }
    if (word == "wait-for") {
        command.kind = Kind::WaitFor;
        if (auto e = want_args(2, "a widget id and milliseconds, e.g. 'wait-for quiz.option.0 10000'"); !e.empty())
            return e;
        if (!IsWidgetId(tokens[1])) return "widget id " + Quote(tokens[1]) + " must be printable ASCII";
        auto ms = ParseWholeNumber(tokens[2], kScriptMaxWaitMs);
        if (!ms) {
            return "'wait-for' takes whole milliseconds from 0 to " + std::to_string(kScriptMaxWaitMs) + ", not " +
                   Quote(tokens[2]);
        }
        command.text = tokens[1];
        command.number = *ms;
        return "";
    }
    if (word == "wait-reload") {
        command.kind = Kind::WaitReload;
        if (auto e = want_args(1, "milliseconds, e.g. 'wait-reload 10000'"); !e.empty()) return e;
        auto ms = ParseWholeNumber(tokens[1], kScriptMaxWaitMs);
        if (!ms) {
            return "'wait-reload' takes whole milliseconds from 0 to " + std::to_string(kScriptMaxWaitMs) + ", not " +
                   Quote(tokens[1]);
        }
        command.number = *ms;
        return "";
    }
    if (word == "advance") {
        command.kind = Kind::Advance;
        if (auto e = want_args(1, "seconds, e.g. 'advance 95' or 'advance 0.5'"); !e.empty()) return e;
        auto ms = ParseThousandths(tokens[1], kScriptMaxAdvanceMs);
        if (!ms) {
            return "'advance' takes seconds from 0 to " + std::to_string(kScriptMaxAdvanceMs / 1000) +
                   " (up to 3 decimals), not " + Quote(tokens[1]);
        }
        command.number = *ms;
        return "";
    }
    if (word == "screenshot") {
        command.kind = Kind::Screenshot;
        const char* usage = "a file name and optionally a widget to crop to, e.g. 'screenshot attract'";
        if (args > 2) return "'screenshot' takes " + std::string(usage) + ", but there is more: " + Quote(tokens[3]);
        if (args == 2) {
            if (!IsWidgetId(tokens[2])) return "widget id " + Quote(tokens[2]) + " must be printable ASCII";
            command.arg = tokens[2];
        } else if (auto e = want_args(1, usage); !e.empty()) {
            return e;
        }
        if (!IsFileName(tokens[1])) {
            return "screenshot name " + Quote(tokens[1]) +
                   " must be letters, digits, '-', '_' or '.', not start with '.', at most " +
                   std::to_string(kMaxNameBytes) + " characters";
        }
        command.text = tokens[1];
        if (command.text.size() < 4 || command.text.compare(command.text.size() - 4, 4, ".png") != 0) {
            command.text += ".png";
        }
        return "";
    }
    if (word == "dump-text") {
        command.kind = Kind::DumpText;
        if (args == 2 && tokens[2] == "boxes") {
            command.arg = "boxes";  // each run with its rectangle
        } else if (auto e = want_args(1, "a file name (then 'boxes' for rectangles), e.g. 'dump-text after-reset'"); !e.empty()) {
            return e;
        }
        if (!IsFileName(tokens[1])) {
            return "dump-text name " + Quote(tokens[1]) +
                   " must be letters, digits, '-', '_' or '.', not start with '.', at most " +
                   std::to_string(kMaxNameBytes) + " characters";
        }
        command.text = tokens[1];
        if (command.text.size() < 4 || command.text.compare(command.text.size() - 4, 4, ".txt") != 0) {
            command.text += ".txt";
        }
        return "";
    }
    if (word == "expect") {
        if (args == 0) return "'expect' needs " + JoinQuoted(ExpectWords()) + ", e.g. 'expect screen menu'";
        std::string_view what = tokens[1];
        if (what == "screen") {
            command.kind = Kind::ExpectScreen;
            if (args != 2) return "'expect screen' takes one screen name: " + JoinQuoted(ScreenNames());
            const auto& names = ScreenNames();
            if (std::find(names.begin(), names.end(), tokens[2]) == names.end()) {
                std::string hint = DidYouMean(tokens[2], names);
                return "unknown screen " + Quote(tokens[2]) +
                       (hint.empty() ? "; screens are " + JoinQuoted(names) : hint);
            }
        } else if (what == "widget" || what == "no-widget" || what == "enabled" || what == "disabled") {
            command.kind = what == "widget"      ? Kind::ExpectWidget
                           : what == "no-widget" ? Kind::ExpectNoWidget
                           : what == "enabled"   ? Kind::ExpectEnabled
                                                 : Kind::ExpectDisabled;
            if (args != 2) return "'expect " + std::string(what) + "' takes one widget id";
            if (!IsWidgetId(tokens[2])) return "widget id " + Quote(tokens[2]) + " must be printable ASCII";
        } else if (what == "label") {
            command.kind = Kind::ExpectLabel;
            if (args < 3) return "'expect label' takes a widget id and the words its label must contain";
            if (!IsWidgetId(tokens[2])) return "widget id " + Quote(tokens[2]) + " must be printable ASCII";
            for (std::size_t i = 3; i < tokens.size(); ++i) command.arg += (i > 3 ? " " : "") + std::string(tokens[i]);
        } else {
            std::string hint = DidYouMean(what, ExpectWords());
            return "unknown expectation " + Quote(what) + (hint.empty() ? "; use " + JoinQuoted(ExpectWords()) : hint);
        }
        command.text = tokens[2];
        return "";
    }
    std::string hint = DidYouMean(word, CommandWords());
    return "unknown command " + Quote(word) + (hint.empty() ? "; commands are " + JoinQuoted(CommandWords()) : hint);
}

}  // namespace

ParsedScript ParseScript(std::string_view text, std::string_view file_name) {
    ParsedScript result;
    std::size_t extra_errors = 0;
    std::string prefix(file_name);
    auto add_error = [&](std::size_t line, const std::string& message) {
        if (result.errors.size() < kScriptMaxErrors) {
            result.errors.push_back(prefix + ":" + std::to_string(line) + ": " + message);
        } else {
            ++extra_errors;
        }
    };

    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 BOM from a Windows editor
    std::size_t line_number = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_number;
        if (line.size() > kMaxLineBytes) {
            add_error(line_number, "line is longer than " + std::to_string(kMaxLineBytes) + " bytes");
            continue;
        }
        std::vector<std::string_view> tokens = Tokenize(line);
        if (tokens.empty()) continue;
        ScriptCommand command;
        command.line = static_cast<int>(std::min<std::size_t>(line_number, 2147483647));
        std::string error = ParseLine(tokens, command);
        if (error.empty()) {
            result.commands.push_back(std::move(command));
        } else {
            add_error(line_number, error);
        }
    }
    if (extra_errors > 0) {
        result.errors.push_back(prefix + ": ... and " + std::to_string(extra_errors) + " more errors");
    }
    return result;
}

const char* ToString(ScriptCommand::Kind kind) {
    switch (kind) {
        case ScriptCommand::Kind::Tap: return "tap";
        case ScriptCommand::Kind::Hold: return "hold";
        case ScriptCommand::Kind::Type: return "type";
        case ScriptCommand::Kind::Wait: return "wait";
        case ScriptCommand::Kind::Scroll: return "scroll";
        case ScriptCommand::Kind::WaitFor: return "wait-for";
        case ScriptCommand::Kind::WaitReload: return "wait-reload";
        case ScriptCommand::Kind::Advance: return "advance";
        case ScriptCommand::Kind::Screenshot: return "screenshot";
        case ScriptCommand::Kind::DumpText: return "dump-text";
        case ScriptCommand::Kind::ExpectScreen: return "expect screen";
        case ScriptCommand::Kind::ExpectWidget: return "expect widget";
        case ScriptCommand::Kind::ExpectNoWidget: return "expect no-widget";
        case ScriptCommand::Kind::ExpectEnabled: return "expect enabled";
        case ScriptCommand::Kind::ExpectDisabled: return "expect disabled";
        case ScriptCommand::Kind::ExpectLabel: return "expect label";
        case ScriptCommand::Kind::Quit: return "quit";
    }
    return "?";
}

}  // namespace kiosk::core
