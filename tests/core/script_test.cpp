// Scripted-mode parser: every command, the exact one-line errors a script author sees, and that hostile
// input (binary, huge numbers, path tricks, endless errors) gives messages rather than surprises.
#include <doctest/doctest.h>

#include <string>

#include "core/control/script.h"
#include "core/session/session.h"

using kiosk::core::ParsedScript;
using kiosk::core::ParseScript;
using kiosk::core::ScriptCommand;
using Kind = kiosk::core::ScriptCommand::Kind;

namespace {

ParsedScript MustParse(std::string_view text) {
    ParsedScript parsed = ParseScript(text, "s.txt");
    for (const std::string& e : parsed.errors) FAIL_CHECK("unexpected error: " << e);
    return parsed;
}

std::string OnlyError(std::string_view text) {
    ParsedScript parsed = ParseScript(text, "s.txt");
    REQUIRE_MESSAGE(parsed.errors.size() == 1, "errors: " << parsed.errors.size());
    return parsed.errors[0];
}

}  // namespace

TEST_CASE("every command parses - with its line number") {
    std::string attract = kiosk::core::ToString(kiosk::core::Screen::Attract);
    ParsedScript p = MustParse("# a tour\n"
                               "\n"
                               "tap start\n"
                               "type 0123\n"
                               "  wait 250   # settle\n"
                               "advance 95\n"
                               "advance 0.25\n"
                               "screenshot attract\n"
                               "screenshot end.png\n"
                               "expect screen " + attract + "\n"
                               "expect widget nav.continue\n"
                               "expect no-widget quiz.option.9\n"
                               "quit\n");
    REQUIRE(p.commands.size() == 11);
    CHECK(p.commands[0].kind == Kind::Tap);
    CHECK(p.commands[0].text == "start");
    CHECK(p.commands[0].line == 3);
    CHECK(p.commands[1].kind == Kind::Type);
    CHECK(p.commands[1].text == "0123");
    CHECK(p.commands[2].kind == Kind::Wait);
    CHECK(p.commands[2].number == 250);
    CHECK(p.commands[2].line == 5);
    CHECK(p.commands[3].kind == Kind::Advance);
    CHECK(p.commands[3].number == 95000);
    CHECK(p.commands[4].number == 250);
    CHECK(p.commands[5].kind == Kind::Screenshot);
    CHECK(p.commands[5].text == "attract.png");
    CHECK(p.commands[6].text == "end.png");
    CHECK(p.commands[7].kind == Kind::ExpectScreen);
    CHECK(p.commands[7].text == attract);
    CHECK(p.commands[8].kind == Kind::ExpectWidget);
    CHECK(p.commands[8].text == "nav.continue");
    CHECK(p.commands[9].kind == Kind::ExpectNoWidget);
    CHECK(p.commands[10].kind == Kind::Quit);
    CHECK(p.commands[10].line == 13);
}

TEST_CASE("film commands: wait-for - cropped screenshots - enabled and disabled and label expectations") {
    ParsedScript p = MustParse("wait-for quiz.option.0 10000\n"
                               "screenshot frame-0 film.video\n"
                               "expect enabled nav.continue\n"
                               "expect disabled film.chapter.1\n"
                               "expect label film.caption Second caption,   in the middle.\n");
    REQUIRE(p.commands.size() == 5);
    CHECK(p.commands[0].kind == Kind::WaitFor);
    CHECK(p.commands[0].text == "quiz.option.0");
    CHECK(p.commands[0].number == 10000);
    CHECK(p.commands[1].kind == Kind::Screenshot);
    CHECK(p.commands[1].text == "frame-0.png");
    CHECK(p.commands[1].arg == "film.video");
    CHECK(p.commands[2].kind == Kind::ExpectEnabled);
    CHECK(p.commands[3].kind == Kind::ExpectDisabled);
    CHECK(p.commands[3].text == "film.chapter.1");
    CHECK(p.commands[4].kind == Kind::ExpectLabel);
    CHECK(p.commands[4].text == "film.caption");
    CHECK(p.commands[4].arg == "Second caption, in the middle.");  // words joined by single spaces

    CHECK(OnlyError("wait-for x") ==
          "s.txt:1: 'wait-for' needs a widget id and milliseconds, e.g. 'wait-for quiz.option.0 10000'");
    CHECK(OnlyError("wait-for x 99999999999") ==
          "s.txt:1: 'wait-for' takes whole milliseconds from 0 to 600000, not '99999999999'");
    CHECK(OnlyError("expect label film.caption") ==
          "s.txt:1: 'expect label' takes a widget id and the words its label must contain");
    CHECK(OnlyError("screenshot a b c") ==
          "s.txt:1: 'screenshot' takes a file name and optionally a widget to crop to, e.g. 'screenshot attract', but "
          "there is more: 'c'");
}

TEST_CASE("every screen name is accepted by expect screen") {
    using kiosk::core::Screen;
    for (Screen s : {Screen::Attract, Screen::AboutYou, Screen::Menu, Screen::ContentWarning, Screen::Scene,
                     Screen::Leaving}) {
        ParsedScript p = MustParse(std::string("expect screen ") + kiosk::core::ToString(s));
        REQUIRE(p.commands.size() == 1);
        CHECK(p.commands[0].text == kiosk::core::ToString(s));
    }
}

TEST_CASE("CRLF line ends - tabs and a BOM are fine") {
    ParsedScript p = MustParse("\xEF\xBB\xBFtap\tstart\r\nwait 1\r\n");
    REQUIRE(p.commands.size() == 2);
    CHECK(p.commands[0].text == "start");
    CHECK(p.commands[1].line == 2);
}

TEST_CASE("a typo gets a suggestion") {
    CHECK(OnlyError("tapp start") == "s.txt:1: unknown command 'tapp'; did you mean 'tap'?");
    CHECK(OnlyError("\nscrenshot x") == "s.txt:2: unknown command 'screnshot'; did you mean 'screenshot'?");
    CHECK(OnlyError("Quit") == "s.txt:1: unknown command 'Quit'; did you mean 'quit'?");
    CHECK(OnlyError("expect scren Menu") == "s.txt:1: unknown expectation 'scren'; did you mean 'screen'?");
    CHECK(OnlyError("frobnicate") ==
          "s.txt:1: unknown command 'frobnicate'; commands are 'tap', 'hold', 'type', 'wait', 'wait-for', 'wait-reload', "
          "'advance', 'screenshot', 'dump-text', 'expect', 'scroll' or 'quit'");
}

TEST_CASE("preview command: wait-reload") {
    ParsedScript p = MustParse("wait-reload 5000\n");
    REQUIRE(p.commands.size() == 1);
    CHECK(p.commands[0].kind == Kind::WaitReload);
    CHECK(p.commands[0].number == 5000);
    CHECK(OnlyError("wait-reload") == "s.txt:1: 'wait-reload' needs milliseconds, e.g. 'wait-reload 10000'");
    CHECK(OnlyError("wait-reload soon") == "s.txt:1: 'wait-reload' takes whole milliseconds from 0 to 600000, not 'soon'");
    CHECK(OnlyError("wait-reloa 10") == "s.txt:1: unknown command 'wait-reloa'; did you mean 'wait-reload'?");
}

TEST_CASE("an unknown screen name suggests the nearest one") {
    std::string menu = kiosk::core::ToString(kiosk::core::Screen::Menu);
    std::string typo = menu.substr(0, menu.size() - 1);
    CHECK(OnlyError("expect screen " + typo) == "s.txt:1: unknown screen '" + typo + "'; did you mean '" + menu + "'?");
    CHECK(OnlyError("expect screen Nowhere-at-all").find("screens are") != std::string::npos);
}

TEST_CASE("missing and extra arguments say what the command takes") {
    CHECK(OnlyError("tap") == "s.txt:1: 'tap' needs one widget id, e.g. 'tap nav.continue'");
    CHECK(OnlyError("tap a b") ==
          "s.txt:1: 'tap' takes one widget id, e.g. 'tap nav.continue', but there is more: 'b'");
    CHECK(OnlyError("quit now") == "s.txt:1: 'quit' takes no arguments, but there is 'now'");
    CHECK(OnlyError("wait") == "s.txt:1: 'wait' needs milliseconds, e.g. 'wait 500'");
    CHECK(OnlyError("expect") ==
          "s.txt:1: 'expect' needs 'screen', 'widget', 'no-widget', 'enabled', 'disabled' or 'label', e.g. 'expect "
          "screen menu'");
    CHECK(OnlyError("expect widget") == "s.txt:1: 'expect widget' takes one widget id");
}

TEST_CASE("numbers are checked and bounded") {
    CHECK(OnlyError("wait -5") == "s.txt:1: 'wait' takes whole milliseconds from 0 to 600000, not '-5'");
    CHECK(OnlyError("wait 1.5").find("not '1.5'") != std::string::npos);
    CHECK(OnlyError("wait 99999999999999999999999999").find("'wait' takes whole milliseconds") != std::string::npos);
    CHECK(OnlyError("advance 1.2345").find("up to 3 decimals") != std::string::npos);
    CHECK(OnlyError("advance .5").find("not '.5'") != std::string::npos);
    CHECK(OnlyError("advance 5.").find("not '5.'") != std::string::npos);
    CHECK(OnlyError("advance 604801").find("from 0 to 604800") != std::string::npos);
    CHECK(MustParse("advance 604800").commands[0].number == kiosk::core::kScriptMaxAdvanceMs);
    CHECK(MustParse("wait 0").commands[0].number == 0);
    CHECK(OnlyError("type 12a4") == "s.txt:1: 'type' types digits 0-9 on the keypad, not '12a4'");
    CHECK(OnlyError("type " + std::string(33, '1')) == "s.txt:1: 'type' takes at most 32 digits");
}

TEST_CASE("screenshot names cannot leave the screenshot dir") {
    CHECK(OnlyError("screenshot ../etc/passwd").find("screenshot name '../etc/passwd' must be") != std::string::npos);
    CHECK(!ParseScript("screenshot a/b", "s").errors.empty());
    CHECK(!ParseScript("screenshot .hidden", "s").errors.empty());
    CHECK(!ParseScript("screenshot " + std::string(101, 'a'), "s").errors.empty());
}

TEST_CASE("dump-text writes a .txt file inside the screenshot dir") {
    ParsedScript p = MustParse("dump-text after-reset\ndump-text screen.txt\ndump-text menu boxes\n");
    REQUIRE(p.commands.size() == 3);
    CHECK(p.commands[0].kind == Kind::DumpText);
    CHECK(p.commands[0].text == "after-reset.txt");
    CHECK(p.commands[0].arg.empty());
    CHECK(p.commands[1].text == "screen.txt");
    CHECK(p.commands[2].text == "menu.txt");
    CHECK(p.commands[2].arg == "boxes");  // each run with its rectangle (tests/contrast_test.sh)
    CHECK(std::string(kiosk::core::ToString(Kind::DumpText)) == "dump-text");
    CHECK(OnlyError("dump-text") == "s.txt:1: 'dump-text' needs a file name (then 'boxes' for rectangles), e.g. 'dump-text after-reset'");
    CHECK(OnlyError("dump-text ../x").find("dump-text name '../x' must be") != std::string::npos);
    CHECK(!ParseScript("dump-text .hidden", "s").errors.empty());
    CHECK(!ParseScript("dump-text a b", "s").errors.empty());
    CHECK(OnlyError("dump-txt x") == "s.txt:1: unknown command 'dump-txt'; did you mean 'dump-text'?");
}

TEST_CASE("binary junk is quoted safely and errors stay one line") {
    std::string e = OnlyError(std::string("t\x01\xff\x1b[2J", 7));
    CHECK(e.rfind("s.txt:1: unknown command 't\\x01\\xff\\x1b[2J'; commands are", 0) == 0);
    CHECK(e.find('\n') == std::string::npos);
    std::string nul("tap a\0b", 7);
    CHECK(OnlyError(nul) == "s.txt:1: widget id 'a\\x00b' must be printable ASCII");
    CHECK(OnlyError("tap caf\xc3\xa9") == "s.txt:1: widget id 'café' must be printable ASCII");
    std::string long_word(1000, 'x');
    CHECK(OnlyError(long_word).size() < 260);  // the word cut to 48 bytes, then the list of commands
}

TEST_CASE("overlong lines and error floods are capped") {
    CHECK(OnlyError("tap " + std::string(5000, 'a')) == "s.txt:1: line is longer than 4096 bytes");
    std::string flood;
    for (int i = 0; i < 100; ++i) flood += "nope\n";
    ParsedScript p = ParseScript(flood, "s.txt");
    REQUIRE(p.errors.size() == kiosk::core::kScriptMaxErrors + 1);
    CHECK(p.errors.back() == "s.txt: ... and 80 more errors");
}

TEST_CASE("good lines still parse around bad ones - and empty input is an empty script") {
    ParsedScript p = ParseScript("tap a\nbogus\ntap b\n", "s.txt");
    CHECK(p.errors.size() == 1);
    CHECK(p.commands.size() == 2);
    CHECK(ParseScript("", "s").commands.empty());
    CHECK(ParseScript("", "s").errors.empty());
    CHECK(ParseScript("\n\n   \n# only comments\n", "s").commands.empty());
}

TEST_CASE("a # glued to a word is part of it - a # after a space starts a comment") {
    ParsedScript p = MustParse("tap a#b # comment\n");
    REQUIRE(p.commands.size() == 1);
    CHECK(p.commands[0].text == "a#b");
}

TEST_CASE("hold takes a widget and seconds: a long press") {
    auto parsed = kiosk::core::ParseScript("hold admin.corner 3\nhold admin.corner\nhold x 1.5s\n", "s.txt");
    REQUIRE(parsed.commands.size() == 1);
    CHECK(parsed.commands[0].kind == kiosk::core::ScriptCommand::Kind::Hold);
    CHECK(parsed.commands[0].text == "admin.corner");
    CHECK(parsed.commands[0].number == 3000);
    REQUIRE(parsed.errors.size() == 2);
    CHECK(parsed.errors[0].find("s.txt:2:") == 0);
    CHECK(parsed.errors[1].find("s.txt:3:") == 0);
}

TEST_CASE("scroll takes more or end") {
    auto parsed = kiosk::core::ParseScript("scroll end\nscroll more\n", "s.txt");
    REQUIRE(parsed.errors.empty());
    REQUIRE(parsed.commands.size() == 2);
    CHECK(parsed.commands[0].kind == kiosk::core::ScriptCommand::Kind::Scroll);
    CHECK(parsed.commands[0].text == "end");
    CHECK(parsed.commands[1].text == "more");
    CHECK(OnlyError("scroll up") == "s.txt:1: 'scroll' takes 'more' (one page) or 'end' (to the end), not 'up'");
}
