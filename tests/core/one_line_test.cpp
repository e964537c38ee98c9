// core::OneLine and Quoted: the one function every message runs file text through. What a reader would
// notice if it broke: a message over two lines, a value hidden by control or bidi characters, garbage
// bytes in a terminal, a message pages long, or text cut in the middle of a character.
#include <doctest/doctest.h>

#include <string>

#include "core/util/one_line.h"

using kiosk::core::kNoLimit;
using kiosk::core::LineBreaks;
using kiosk::core::OneLine;
using kiosk::core::Quoted;

TEST_CASE("OneLine: line breaks become one space and the ends are trimmed") {
    CHECK(OneLine("malformed database schema (x) - near \"CREATE\n  TABLE\r\n\tx\"") ==
          "malformed database schema (x) - near \"CREATE TABLE x\"");
    CHECK(OneLine("\n\nfirst\n") == "first");
    CHECK(OneLine("a\u2028b\u2029c\u0085d") == "a b c d");  // Unicode's own line breaks too
}

TEST_CASE("OneLine: plain and Welsh text pass through untouched") {
    CHECK(OneLine("Gwasanaeth Cymorth Caethwasiaeth Fodern – ŵ ŷ € “quotes”") ==
          "Gwasanaeth Cymorth Caethwasiaeth Fodern – ŵ ŷ € “quotes”");
}

TEST_CASE("Quoted: a value is shown exactly with escapes for what cannot be printed") {
    CHECK(Quoted("hotspo\n") == "'hotspo\\n'");  // the fuzz find: tests/fuzz/crashers/pack/crash-1012a007...
    CHECK(Quoted("tab\there\r") == "'tab\\there\\r'");
    CHECK(Quoted(std::string("nul\0bell\a esc\x1b[31m", 18)) == "'nul\\x00bell\\x07 esc\\x1b[31m'");
    CHECK(Quoted("del\x7f") == "'del\\x7f'");
    CHECK(Quoted("c1\u0085") == "'c1\\u{85}'");
}

TEST_CASE("OneLine: bidi overrides cannot reorder the rest of a message") {
    CHECK(OneLine("evil\u202Etxt.exe") == "evil\\u{202e}txt.exe");
    CHECK(OneLine("a\u2066b\u2069") == "a\\u{2066}b\\u{2069}");
}

TEST_CASE("OneLine: bytes that are not UTF-8 become escapes and never a broken character") {
    CHECK(OneLine("caf\xc3") == "caf\\xc3");                   // truncated sequence
    CHECK(OneLine("\xc0\xaf") == "\\xc0\\xaf");                // overlong '/'
    CHECK(OneLine("\xed\xa0\x80") == "\\xed\\xa0\\x80");       // a surrogate
    CHECK(OneLine("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
    CHECK(OneLine("\xff") == "\\xff");
}

TEST_CASE("OneLine: a long text is cut at a character boundary and marked") {
    std::string welsh;
    for (int i = 0; i < 200; ++i) welsh += "ŵ";  // two bytes each
    std::string cut = OneLine(welsh, 11);
    CHECK(cut == "ŵŵŵŵŵ...");
    CHECK(OneLine(std::string(300, 'x')).size() == kiosk::core::kOneLineMaxBytes + 3);
    CHECK(OneLine(std::string(300, 'x'), kNoLimit).size() == 300);
    // An escape is never split either.
    CHECK(OneLine("ab\n", 3, LineBreaks::Escape) == "ab...");
}
