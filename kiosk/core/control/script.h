// Scripted mode: the small language that drives the real kiosk binary in tests and docs ("tap
// nav.continue", "advance 95", "screenshot attract"). Parsing only, pure and total, so it can be fuzzed;
// the app runs the commands. Errors are one line each: "FILE:LINE: what is wrong; did you mean ...?".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

struct ScriptCommand {
    enum class Kind {
        Tap,             // tap WIDGET_ID           text = widget id
        Hold,            // hold WIDGET_ID SECONDS  a long press: finger down, clock forward, finger up
        Type,            // type DIGITS             text = digits; taps keypad.digit.N for each
        Wait,            // wait MS                 number = real milliseconds
        Scroll,          // scroll more|end         text = "more" (one tap on More below) or "end" (until it
                         //                         goes); a tap on a widget below the fold scrolls to it too
        WaitFor,         // wait-for ID MS          until widget ID is on screen and enabled, at most MS real ms
        Advance,         // advance SECONDS         number = milliseconds to move the kiosk clock on
        Screenshot,      // screenshot NAME [ID]    text = file name, always ending in ".png"; arg = a widget
                         //                         id to crop to (only that widget's rectangle is saved)
        DumpText,        // dump-text NAME [boxes]  text = file name, always ending in ".txt": every run of text
                         //                         the frame draws, one per line (ui::DrawnText); arg "boxes":
                         //                         each line starts with its rectangle, "x0 y0 x1 y1<TAB>"
        ExpectScreen,    // expect screen NAME      text = a core::ToString(Screen) name
        ExpectWidget,    // expect widget ID        text = widget id
        ExpectNoWidget,  // expect no-widget ID     text = widget id
        ExpectEnabled,   // expect enabled ID       text = widget id (present and tappable)
        ExpectDisabled,  // expect disabled ID      text = widget id (present, greyed out)
        ExpectLabel,     // expect label ID WORDS   text = widget id; arg = words its label must contain
        WaitReload,      // wait-reload MS          preview only: until kiosk-author has sent a rebuilt pack or
                         //                         its errors since the last wait-reload, at most MS real ms
        Quit,            // quit
    };
    Kind kind = Kind::Quit;
    std::string text;
    std::string arg;
    std::int64_t number = 0;
    int line = 0;  // 1-based line in the script file
};

struct ParsedScript {
    std::vector<ScriptCommand> commands;
    std::vector<std::string> errors;  // one line each, "FILE:LINE: message"; empty when the script is good
};

// Limits that keep a hostile or mistaken script from hanging CI or writing outside the screenshot dir.
inline constexpr std::int64_t kScriptMaxWaitMs = 10 * 60 * 1000;        // one `wait`: 10 minutes
inline constexpr std::int64_t kScriptMaxAdvanceMs = 7LL * 24 * 3600 * 1000;  // one `advance`: a week
inline constexpr std::size_t kScriptMaxDigits = 32;
inline constexpr std::size_t kScriptMaxErrors = 20;  // later errors are summarised in one line
inline constexpr int kScriptMaxPages = 30;             // More-below taps in one `scroll end` or tap

// Parses a whole script. `file_name` only labels the error messages. Never throws; any input is fine.
ParsedScript ParseScript(std::string_view text, std::string_view file_name);

// The command's name as written in a script ("tap", "expect screen").
const char* ToString(ScriptCommand::Kind kind);

}  // namespace kiosk::core
