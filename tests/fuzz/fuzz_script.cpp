// Fuzz target: the scripted-mode parser (kiosk/core/control/script.h) on any bytes. Besides not crashing, every
// promise the app relies on is checked: errors one line each and capped, screenshot names that cannot
// leave the screenshot folder, waits and clock jumps within their limits, digits only for `type`.
#include <algorithm>

#include "core/control/script.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kiosk::core;
    using Kind = ScriptCommand::Kind;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    ParsedScript script = ParseScript(text, "fuzz.script");

    FUZZ_CHECK(script.errors.size() <= kScriptMaxErrors + 1, "errors capped, with one summary line");
    for (const std::string& e : script.errors) {
        FUZZ_CHECK(e.rfind("fuzz.script:", 0) == 0, "an error names the file");
        FUZZ_CHECK(fuzz::IsPrintableLine(e), "an error is one printable line");
    }
    int last_line = 0;
    for (const ScriptCommand& c : script.commands) {
        FUZZ_CHECK(c.line >= 1 && c.line >= last_line, "commands in line order");
        last_line = c.line;
        FUZZ_CHECK(ToString(c.kind) != nullptr, "every kind has a name");
        switch (c.kind) {
            case Kind::Screenshot:
                FUZZ_CHECK(!c.text.empty() && c.text.front() != '.', "a screenshot name is not hidden or empty");
                FUZZ_CHECK(c.text.find('/') == std::string::npos && c.text.find('\\') == std::string::npos,
                           "a screenshot name has no path separator");
                FUZZ_CHECK(c.text.size() >= 4 && c.text.compare(c.text.size() - 4, 4, ".png") == 0,
                           "a screenshot name ends in .png");
                break;
            case Kind::Wait:
            case Kind::WaitFor:
            case Kind::WaitReload:
                FUZZ_CHECK(c.number >= 0 && c.number <= kScriptMaxWaitMs, "a wait is within its limit");
                break;
            case Kind::Advance:
                FUZZ_CHECK(c.number >= 0 && c.number <= kScriptMaxAdvanceMs, "a clock jump is within its limit");
                break;
            case Kind::Type:
                FUZZ_CHECK(!c.text.empty() && c.text.size() <= kScriptMaxDigits, "typed digits within the limit");
                FUZZ_CHECK(std::all_of(c.text.begin(), c.text.end(), [](char d) { return d >= '0' && d <= '9'; }),
                           "only digits are typed");
                break;
            case Kind::Tap:
            case Kind::Hold:
            case Kind::ExpectWidget:
            case Kind::ExpectNoWidget:
            case Kind::ExpectEnabled:
            case Kind::ExpectDisabled:
            case Kind::ExpectLabel:
                FUZZ_CHECK(!c.text.empty(), "a widget command names a widget");
                break;
            default: break;
        }
    }
    return 0;
}
