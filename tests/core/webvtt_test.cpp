// The WebVTT caption parser: real-world quirks from captioning tools, every error with its exact position
// and wording (trainers read these), and hostile input. Cue text and the Transcript and CueAt queries are
// tested in webvtt_cue_text_test.cpp.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/session/webvtt.h"
#include "webvtt_fixture.h"

using kiosk::core::Cue;
using kiosk::core::CueAt;
using kiosk::core::ParseWebVtt;
using kiosk::core::Transcript;
using kiosk::core::WebVtt;
using webvtt_test::kSample;
using webvtt_test::ParseOne;

namespace {

std::string Replace(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
        s.replace(at, from.size(), to);
    }
    return s;
}

std::string Repeat(const std::string& s, std::size_t times) {
    std::string out;
    out.reserve(s.size() * times);
    for (std::size_t k = 0; k < times; ++k) out += s;
    return out;
}

bool IsValidUtf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        }
        i += n;
    }
    return true;
}

// What any result must satisfy, however bad the input.
void CheckInvariants(const WebVtt& vtt) {
    CHECK(vtt.cues.size() <= kiosk::core::kWebVttMaxCues);
    CHECK(vtt.errors.size() <= kiosk::core::kWebVttMaxErrors + 1);
    std::size_t text_bytes = 0;
    for (std::size_t k = 0; k < vtt.cues.size(); ++k) {
        const Cue& cue = vtt.cues[k];
        REQUIRE(cue.start_ms >= 0);
        REQUIRE(cue.end_ms > cue.start_ms);
        REQUIRE(!cue.text.empty());
        REQUIRE(IsValidUtf8(cue.text));
        if (k > 0) REQUIRE(vtt.cues[k - 1].start_ms <= cue.start_ms);
        text_bytes += cue.text.size();
    }
    CHECK(text_bytes <= kiosk::core::kWebVttMaxTextBytes);
    for (const auto& e : vtt.errors) {
        REQUIRE(e.line >= 1);
        REQUIRE(e.column >= 1);
        REQUIRE(e.message.rfind("line " + std::to_string(e.line) + ": ", 0) == 0);
        REQUIRE(e.message.find('\n') == std::string::npos);
        REQUIRE(IsValidUtf8(e.message));
    }
}

void CheckSampleCues(const WebVtt& vtt) {
    CHECK(vtt.errors.empty());
    REQUIRE(vtt.cues.size() == 3);
    CHECK(vtt.cues[0].start_ms == 1000);
    CHECK(vtt.cues[0].end_ms == 4500);
    CHECK(vtt.cues[0].text == "Welcome to safeguarding basics.");
    CHECK(vtt.cues[1].start_ms == 4500);
    CHECK(vtt.cues[1].end_ms == 8000);
    CHECK(vtt.cues[1].text == "If a child tells you something\nworrying, listen & stay calm.");
    CHECK(vtt.cues[2].start_ms == 8000);
    CHECK(vtt.cues[2].end_ms == 12250);
    CHECK(vtt.cues[2].text == "Don't promise to keep it a secret \u2014 you can\u2019t.");
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Quirks
// ---------------------------------------------------------------------------------------------------

TEST_CASE("webvtt: a caption file with every optional part parses cleanly") {
    WebVtt vtt = ParseWebVtt(kSample);
    CheckSampleCues(vtt);
    CheckInvariants(vtt);
}

TEST_CASE("webvtt: a UTF-8 BOM and CRLF or lone CR or mixed line endings give the same cues") {
    CheckSampleCues(ParseWebVtt("\xEF\xBB\xBF" + kSample));
    CheckSampleCues(ParseWebVtt(Replace(kSample, "\n", "\r\n")));
    CheckSampleCues(ParseWebVtt(Replace(kSample, "\n", "\r")));
    CheckSampleCues(ParseWebVtt("\xEF\xBB\xBF" + Replace(Replace(kSample, "\n\n", "\r\n\r"), "\n", "\r\n")));
    // A lone CR still ends the header line: "WEBVTT\r" must not read as "WEBVTT" plus text.
    WebVtt vtt = ParseWebVtt("WEBVTT\r\r00:01.000 --> 00:02.000\rListen.\r");
    CHECK(vtt.errors.empty());
    REQUIRE(vtt.cues.size() == 1);
    CHECK(vtt.cues[0].text == "Listen.");
}

TEST_CASE("webvtt: the header may carry text after a space or tab and metadata up to the first blank line") {
    for (std::string header :
         {"WEBVTT", "WEBVTT Safeguarding film 2", "WEBVTT\tSafeguarding film 2",
          "WEBVTT\nKind: captions\nLanguage: en-GB\nX-TIMESTAMP-MAP=LOCAL:00:00:00.000,MPEGTS:0"}) {
        CAPTURE(header);
        WebVtt vtt = ParseWebVtt(header + "\n\n00:01.000 --> 00:03.000\nWelcome.\n");
        CHECK(vtt.errors.empty());
        REQUIRE(vtt.cues.size() == 1);
        CHECK(vtt.cues[0].text == "Welcome.");
    }
    // Some tools leave out the blank line after the header: the first timing line still starts a cue.
    WebVtt vtt = ParseWebVtt("WEBVTT\nKind: captions\n00:01.000 --> 00:03.000\nWelcome.\n");
    CHECK(vtt.errors.empty());
    REQUIRE(vtt.cues.size() == 1);
    CHECK(vtt.cues[0].text == "Welcome.");
    // A header with no cues is a valid, empty caption file; so is one without a final line ending.
    CHECK(ParseWebVtt("WEBVTT").errors.empty());
    CHECK(ParseWebVtt("WEBVTT\n\n").cues.empty());
    CHECK(ParseWebVtt("WEBVTT\n\n00:01.000 --> 00:03.000\nWelcome.").cues.size() == 1);
}

TEST_CASE("webvtt: NOTE and STYLE and REGION blocks are skipped anywhere but NOTE inside cue text is text") {
    WebVtt vtt = ParseWebVtt(
        "WEBVTT\n\nNOTE\nThis film follows the 2024 guidance.\nReview it each year.\n\n"
        "STYLE\n::cue { background: black; }\n\nREGION\nid:top\n\n"
        "00:01.000 --> 00:03.000\nNOTE what the child says, in their words.\n\n"
        "NOTE\tthe next cue is the key point\n\n"
        "00:03.000 --> 00:05.000\nThen pass it on.\n\nNOTE last words of the film\n");
    CHECK(vtt.errors.empty());
    REQUIRE(vtt.cues.size() == 2);
    CHECK(vtt.cues[0].text == "NOTE what the child says, in their words.");
    CHECK(vtt.cues[1].text == "Then pass it on.");
}

TEST_CASE("webvtt: cue identifiers are optional and never part of the text") {
    WebVtt vtt = ParseWebVtt(
        "WEBVTT\n\n1\n00:01.000 --> 00:02.000\nOne.\n\nScene 3 \xE2\x80\x94 the disclosure\n00:02.000 --> "
        "00:03.000\nTwo.\n\n00:03.000 --> 00:04.000\nThree.\n");
    CHECK(vtt.errors.empty());
    REQUIRE(vtt.cues.size() == 3);
    CHECK(vtt.cues[0].text == "One.");
    CHECK(vtt.cues[1].text == "Two.");
    CHECK(vtt.cues[2].text == "Three.");
}

TEST_CASE("webvtt: timings with or without hours or with long hours and any spacing and cue settings") {
    struct Case {
        std::string timing;
        int start_ms;
        int end_ms;
    };
    for (const Case& c : {Case{"00:01.250 --> 00:04.000", 1250, 4000},
                          Case{"00:00:01.250 --> 00:00:04.000", 1250, 4000},
                          Case{"01:02:03.004 --> 01:02:05.000", 3723004, 3725000},
                          Case{"1:00:00.000 --> 1:00:01.000", 3600000, 3601000},
                          Case{"100:00:00.000 --> 100:00:01.500", 360000000, 360001500},
                          Case{"59:59.999 --> 01:00:00.000", 3599999, 3600000},
                          Case{"00:01.000-->00:02.000", 1000, 2000},
                          Case{"  00:01.000 \t-->\t 00:02.000  ", 1000, 2000},
                          Case{"00:01.000 --> 00:02.000 align:start position:10% line:0 size:50%", 1000, 2000},
                          Case{"00:01.000 --> 00:02.000 region:lower vertical:rl", 1000, 2000},
                          Case{"00:01.000 --> 00:02.000align:start", 1000, 2000}}) {
        CAPTURE(c.timing);
        WebVtt vtt = ParseWebVtt("WEBVTT\n\n" + c.timing + "\nTell your safeguarding lead.\n");
        CHECK(vtt.errors.empty());
        REQUIRE(vtt.cues.size() == 1);
        CHECK(vtt.cues[0].start_ms == c.start_ms);
        CHECK(vtt.cues[0].end_ms == c.end_ms);
        CHECK(vtt.cues[0].text == "Tell your safeguarding lead.");
    }
}

// ---------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------

TEST_CASE("webvtt: a missing WEBVTT header is fatal with one error on line 1") {
    struct Case {
        std::string file;
        std::string message;
    };
    for (const Case& c :
         {Case{"", "line 1: a caption file must start with the line WEBVTT, but the file is empty"},
          Case{"\xEF\xBB\xBF", "line 1: a caption file must start with the line WEBVTT, but the file is empty"},
          Case{"1\n00:00:01,000 --> 00:00:04,000\nWelcome.\n",
               "line 1: a caption file must start with the line WEBVTT, but this one starts with '1'"},
          Case{"webvtt\n\n00:01.000 --> 00:04.000\nWelcome.\n",
               "line 1: a caption file must start with the line WEBVTT, but this one starts with 'webvtt'"},
          Case{"WEBVTT-captions\n\n00:01.000 --> 00:04.000\nWelcome.\n",
               "line 1: a caption file must start with the line WEBVTT, but this one starts with 'WEBVTT-captions'"},
          Case{"  WEBVTT\n\n00:01.000 --> 00:04.000\nWelcome.\n",
               "line 1: a caption file must start with the line WEBVTT, but this one starts with '  WEBVTT'"},
          Case{"\nWEBVTT\n\n00:01.000 --> 00:04.000\nWelcome.\n",
               "line 1: a caption file must start with the line WEBVTT, but this one starts with a blank line"},
          Case{"\xFF\xFEW\0E\0B\0V\0T\0T\0",
               "line 1: the file is saved as UTF-16; save it as UTF-8, with WEBVTT as its first line"}}) {
        CAPTURE(c.file);
        WebVtt vtt = ParseWebVtt(c.file);
        CHECK(vtt.cues.empty());
        REQUIRE(vtt.errors.size() == 1);
        CHECK(vtt.errors[0].line == 1);
        CHECK(vtt.errors[0].column == 1);
        CHECK(vtt.errors[0].message == c.message);
    }
}

TEST_CASE("webvtt: each kind of malformed timing line has its own message and column and correction") {
    struct Case {
        std::string timing;
        int column;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"00:01.000 -> 00:02.000", 11,
         "line 3: '00:01.000 -> 00:02.000' is not a cue timing; write 00:01.000 --> 00:02.000"},
        {"00:01.000 \xE2\x80\x94> 00:02.000", 11,
         "line 3: '00:01.000 \xE2\x80\x94> 00:02.000' is not a cue timing; write 00:01.000 --> 00:02.000"},
        {"00:01.000 00:02.000", 11, "line 3: '00:01.000 00:02.000' is not a cue timing; write 00:01.000 --> 00:02.000"},
        {"  00:01.000 - > 00:02.000 align:start", 13,
         "line 3: '00:01.000 - > 00:02.000 align:start' is not a cue timing; write 00:01.000 --> 00:02.000 "
         "align:start"},
        {"00:00:01.000 => 0:0:2.5", 14,
         "line 3: '00:00:01.000 => 0:0:2.5' is not a cue timing; write 00:00:01.000 --> 00:00:02.500"},
        {"1:2.000 --> 00:03.000", 1,
         "line 3: '1:2.000' is not a time; write 01:02.000 (two digits each for minutes and seconds)"},
        {"00:01.000 --> 1:2.000", 15,
         "line 3: '1:2.000' is not a time; write 01:02.000 (two digits each for minutes and seconds)"},
        {"00:01.000 --> 02.000", 15, "line 3: '02.000' is not a time; write 00:02.000"},
        {"00:60.000 --> 01:02.000", 1,
         "line 3: '00:60.000' has 60 seconds, but seconds only go up to 59; write 01:00.000"},
        {"00:00:59.000 --> 00:00:75.000", 18,
         "line 3: '00:00:75.000' has 75 seconds, but seconds only go up to 59; write 00:01:15.000"},
        {"60:00.000 --> 61:00.000", 1,
         "line 3: '60:00.000' has 60 minutes, but minutes only go up to 59; write 01:00:00.000"},
        {"00:75:00.000 --> 01:16:00.000", 1,
         "line 3: '00:75:00.000' has 75 minutes, but minutes only go up to 59; write 01:15:00.000"},
        {"00:01.5 --> 00:02.000", 1,
         "line 3: '00:01.5' needs exactly three digits after the full stop; write 00:01.500"},
        {"00:01.000 --> 00:02.0000", 15,
         "line 3: '00:02.0000' needs exactly three digits after the full stop; write 00:02.000"},
        {"00:01 --> 00:02", 1, "line 3: '00:01' has no milliseconds; write 00:01.000"},
        {"00:00:01,000 --> 00:00:02,000", 1,
         "line 3: '00:00:01,000' uses a comma; write 00:00:01.000 (WebVTT uses a full stop)"},
        {"00:01.000 -->", 14, "line 3: '00:01.000 -->' has no end time; write it like 00:01.000 --> 00:03.000"},
        {"00:00:01.000 --> soon", 18,
         "line 3: '00:00:01.000 --> soon' has no end time; write it like 00:00:01.000 --> 00:00:03.000"},
        {"--> 00:02.000", 1,
         "line 3: '--> 00:02.000' is not a cue timing; a timing line starts with the start time, like 00:01.000 --> "
         "00:04.000 (and caption words cannot contain -->)"},
        {"1:2:3:4.000 --> 00:05.000", 1,
         "line 3: '1:2:3:4.000' is not a time; write times like 01:02.500 (minutes:seconds.milliseconds) or "
         "01:01:02.500 (with hours)"},
        {"999:00:00.000 --> 1000:00:00.000", 1,
         "line 3: '999:00:00.000' is too large; the latest time a caption can use is 596:31:23.647"},
        {"00:01.000 --> 99999999999999999999:00:00.000", 15,
         "line 3: '99999999999999999999:00:00.000' is too large; the latest time a caption can use is 596:31:23.647"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.timing);
        WebVtt vtt = ParseOne(c.timing);
        REQUIRE(vtt.errors.size() == 1);
        CHECK(vtt.errors[0].line == 3);
        CHECK(vtt.errors[0].column == c.column);
        CHECK(vtt.errors[0].message == c.message);
        // The bad cue is dropped and parsing carries on with the next block.
        REQUIRE(vtt.cues.size() == 1);
        CHECK(vtt.cues[0].text == "Next");
    }
    // A mistyped timing after an identifier is found on the identifier's next line.
    WebVtt vtt = ParseWebVtt("WEBVTT\n\n7\n00:01.000 -> 00:02.000\nWelcome.\n");
    REQUIRE(vtt.errors.size() == 1);
    CHECK(vtt.errors[0].line == 4);
    CHECK(vtt.errors[0].message ==
          "line 4: '00:01.000 -> 00:02.000' is not a cue timing; write 00:01.000 --> 00:02.000");
}

TEST_CASE("webvtt: a cue that does not end after it starts is reported and dropped") {
    WebVtt vtt = ParseOne("00:05.000 --> 00:05.000");
    REQUIRE(vtt.errors.size() == 1);
    CHECK(vtt.errors[0].line == 3);
    CHECK(vtt.errors[0].column == 15);
    CHECK(vtt.errors[0].message ==
          "line 3: the cue ends at 00:05.000, which is not after its start at 00:05.000; the end time must be later");
    CHECK(vtt.cues.size() == 1);

    vtt = ParseOne("01:00:05.000 --> 00:59:00.000");
    REQUIRE(vtt.errors.size() == 1);
    CHECK(vtt.errors[0].column == 18);
    CHECK(vtt.errors[0].message ==
          "line 3: the cue ends at 59:00.000, which is not after its start at 01:00:05.000; the end time must be "
          "later");
}

TEST_CASE("webvtt: cues out of start order are reported and kept and put in start order") {
    WebVtt vtt = ParseWebVtt(
        "WEBVTT\n\n00:10.000 --> 00:12.000\nSecond.\n\n00:05.000 --> 00:07.000\nFirst.\n\n"
        "00:12.000 --> 00:13.000\nThird.\n\n00:11.000 --> 00:14.000\nFourth.\n");
    REQUIRE(vtt.errors.size() == 2);
    CHECK(vtt.errors[0].line == 6);
    CHECK(vtt.errors[0].column == 1);
    CHECK(vtt.errors[0].message ==
          "line 6: this cue starts at 00:05.000, before a cue above it that starts at 00:10.000; put the cues in order "
          "of start time");
    CHECK(vtt.errors[1].line == 12);
    CHECK(vtt.errors[1].message ==
          "line 12: this cue starts at 00:11.000, before a cue above it that starts at 00:12.000; put the cues in "
          "order of start time");
    REQUIRE(vtt.cues.size() == 4);
    CHECK(vtt.cues[0].text == "First.");
    CHECK(vtt.cues[1].text == "Second.");
    CHECK(vtt.cues[2].text == "Fourth.");
    CHECK(vtt.cues[3].text == "Third.");
}

TEST_CASE("webvtt: an empty cue is reported and dropped") {
    WebVtt vtt = ParseWebVtt(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:02.000 --> 00:03.000\n00:03.000 --> 00:04.000\nStay calm.\n\n"
        "01:00:00.000 --> 01:00:01.000\n<i></i>\n");
    REQUIRE(vtt.errors.size() == 3);
    CHECK(vtt.errors[0].line == 3);
    CHECK(vtt.errors[0].column == 1);
    CHECK(vtt.errors[0].message ==
          "line 3: the cue 00:01.000 --> 00:02.000 has no words; write them on the line under the timing, or delete "
          "the cue");
    CHECK(vtt.errors[1].line == 5);
    CHECK(vtt.errors[1].message ==
          "line 5: the cue 00:02.000 --> 00:03.000 has no words; write them on the line under the timing, or delete "
          "the cue");
    CHECK(vtt.errors[2].line == 9);
    CHECK(vtt.errors[2].message ==
          "line 9: the cue 01:00:00.000 --> 01:00:01.000 has no words; write them on the line under the timing, or "
          "delete the cue");
    REQUIRE(vtt.cues.size() == 1);
    CHECK(vtt.cues[0].text == "Stay calm.");
}

TEST_CASE("webvtt: invalid UTF-8 is reported once at its column in code points and shown as U+FFFD") {
    // "Café r\xE9sum\xE9": Windows-1252 bytes after a correctly encoded é.
    WebVtt vtt = ParseWebVtt("WEBVTT\n\n00:01.000 --> 00:02.000\nCaf\xC3\xA9 r\xE9sum\xE9\n\n"
                             "00:02.000 --> 00:03.000\nNa\xEF\xBF\n");
    REQUIRE(vtt.errors.size() == 1);
    CHECK(vtt.errors[0].line == 4);
    CHECK(vtt.errors[0].column == 7);
    CHECK(vtt.errors[0].message ==
          "line 4: this text is not valid UTF-8 (byte 0xE9); save the file as UTF-8 (2 more invalid places later in "
          "the file)");
    REQUIRE(vtt.cues.size() == 2);
    CHECK(vtt.cues[0].text == "Caf\xC3\xA9 r\xEF\xBF\xBDsum\xEF\xBF\xBD");
    CHECK(vtt.cues[1].text == "Na\xEF\xBF\xBD");

    vtt = ParseWebVtt("WEBVTT\n\n00:01.000 --> 00:02.000\nSee \xC0\xAF here\n");
    REQUIRE(vtt.errors.size() == 1);
    CHECK(vtt.errors[0].column == 5);
    CHECK(vtt.errors[0].message ==
          "line 4: this text is not valid UTF-8 (byte 0xC0); save the file as UTF-8 (1 more invalid place later in "
          "the file)");
    // NUL is replaced, as the spec says, without an error.
    vtt = ParseWebVtt(std::string("WEBVTT\n\n00:01.000 --> 00:02.000\nA\0B\n", 36));
    CHECK(vtt.errors.empty());
    REQUIRE(vtt.cues.size() == 1);
    CHECK(vtt.cues[0].text == "A\xEF\xBF\xBD" "B");
}

TEST_CASE("webvtt: words outside any cue and unclosed tags are reported as they would never be shown") {
    WebVtt vtt = ParseWebVtt(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nTell your manager\n\nstraight away.\n\n   \n\n"
        "00:02.000 --> 00:03.000\nNa\xC3\xAFve trust <3 is not enough\n");
    REQUIRE(vtt.errors.size() == 2);
    CHECK(vtt.errors[0].line == 6);
    CHECK(vtt.errors[0].column == 1);
    CHECK(vtt.errors[0].message ==
          "line 6: 'straight away.' is not part of any cue, so it will never be shown; check for a blank line inside "
          "a cue or a missing timing line");
    CHECK(vtt.errors[1].line == 11);
    CHECK(vtt.errors[1].column == 13);  // code points: "Naïve trust " is 12
    CHECK(vtt.errors[1].message ==
          "line 11: '<' starts a tag that is never closed with '>', so the words after it are hidden; write &lt; to "
          "show a < sign");
    REQUIRE(vtt.cues.size() == 2);
    CHECK(vtt.cues[0].text == "Tell your manager");
    CHECK(vtt.cues[1].text == "Na\xC3\xAFve trust");  // what a browser shows
}

TEST_CASE("webvtt: at most 16 MiB of file and 100000 cues and 1 MiB of cue text and past a limit parsing stops") {
    std::string many = "WEBVTT\n\n";
    for (std::size_t k = 0; k <= kiosk::core::kWebVttMaxCues; ++k) many += "00:00:01.000 --> 00:00:02.000\nx\n\n";
    WebVtt vtt = ParseWebVtt(many);
    CHECK(vtt.cues.size() == kiosk::core::kWebVttMaxCues);
    REQUIRE(vtt.errors.size() == 1);
    CHECK(vtt.errors[0].line == 300003);
    CHECK(vtt.errors[0].message ==
          "line 300003: the file has more than 100000 cues; this cue and the rest of the file are ignored");

    vtt = ParseWebVtt("WEBVTT\n\n" + std::string(kiosk::core::kWebVttMaxFileBytes, 'x'));
    CHECK(vtt.cues.empty());
    REQUIRE(vtt.errors.size() == 1);
    CHECK(vtt.errors[0].message ==
          "line 1: the file is larger than 16 MiB, far more than a film's captions need; check it is the right file");

    std::string big = "WEBVTT\n\n";
    const std::string words(1000, 'w');
    for (int k = 0; k < 1100; ++k) big += "00:00:01.000 --> 00:00:02.000\n" + words + "\n\n";
    vtt = ParseWebVtt(big);
    CHECK(vtt.cues.size() == 1048);  // 1048 * 1000 bytes fit in 1 MiB, one more cue does not
    REQUIRE(vtt.errors.size() == 1);
    CHECK(vtt.errors[0].line == 3 + 3 * 1048);
    CHECK(vtt.errors[0].message == "line 3147: the captions hold more than 1 MiB of text; this cue and the rest of "
                                   "the file are ignored");
}

TEST_CASE("webvtt: after 100 problems one last error says the rest are not listed and cues still parse") {
    std::string file = "WEBVTT\n\n";
    for (int k = 0; k < 150; ++k) file += "stray words\n\n";
    file += "00:01.000 --> 00:02.000\nStill shown.\n";
    WebVtt vtt = ParseWebVtt(file);
    REQUIRE(vtt.errors.size() == kiosk::core::kWebVttMaxErrors + 1);
    CHECK(vtt.errors.back().line == 203);
    CHECK(vtt.errors.back().message ==
          "line 203: more than 100 problems, so the rest are not listed; fix these and check the file again");
    REQUIRE(vtt.cues.size() == 1);
    CHECK(vtt.cues[0].text == "Still shown.");
}

// ---------------------------------------------------------------------------------------------------
// Hostile input
// ---------------------------------------------------------------------------------------------------

TEST_CASE("webvtt: 2 MB of garbage of several kinds parses quickly without crashing") {
    std::uint64_t seed = 0x9E3779B97F4A7C15ull;
    auto next = [&] {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::uint32_t>(seed >> 33);
    };
    constexpr std::size_t kSize = 2'000'000;
    auto random_from = [&](std::string_view alphabet) {
        std::string s;
        s.reserve(kSize);
        for (std::size_t k = 0; k < kSize; ++k) s += alphabet[next() % alphabet.size()];
        return s;
    };
    std::string all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
    const std::string cue = "00:01.000 --> 00:02.000\n";
    std::vector<std::string> inputs = {
        random_from(all_bytes),
        "WEBVTT\n\n" + random_from(all_bytes),
        "WEBVTT\n\n" + random_from("0123456789::..,--->> \n\n\r\t<>&#x;/NOTE vbi\xC3\xA9\xE2\x80"),
        "WEBVTT\n\n" + random_from("0:0.000 -->\n"),
        // Ten 200 KB cues: the text decoder sees five before the 1 MiB cap stops the file.
        "WEBVTT\n\n" + Repeat(cue + std::string(kSize / 10, '<') + "\n\n", 10),
        "WEBVTT\n\n" + Repeat(cue + "&#" + std::string(kSize / 10, '9') + "\n\n", 10),
        "WEBVTT\n\n" + Repeat(cue + std::string(kSize / 10, '&') + "\n\n", 10),
        "WEBVTT\n\n" + Repeat(cue + Repeat("<ruby><rt>&amp;", kSize / 150) + "\n\n", 10),
        "WEBVTT\n\n" + std::string(kSize, '1') + ":00.000 --> 00:01.000\nx\n",
        "WEBVTT\n\n00:01.000 " + std::string(kSize, '-') + "> 00:02.000\n",
        "WEBVTT\n\n" + Repeat("-->\n", kSize / 4),
        "WEBVTT\n\n" + std::string(kSize, '\n'),
        "WEBVTT\n\n" + std::string(kSize, '\xE9'),
        "WEBVTT\n" + std::string(kSize, 'x'),
    };
    for (std::size_t k = 0; k < inputs.size(); ++k) {
        CAPTURE(k);
        auto started = std::chrono::steady_clock::now();
        WebVtt vtt = ParseWebVtt(inputs[k]);
        (void)Transcript(vtt);
        (void)CueAt(vtt, 1500);
        auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        // Linear work takes ~0.05 s in a release build and ~1 s unoptimised under sanitizers; anything
        // quadratic in 2 MB would take minutes.
        CHECK(elapsed < 5.0);
        CheckInvariants(vtt);
    }
}
