// The WebVTT parser's cue text (lines joined, tags stripped, character references decoded) and the two
// queries the film screen asks of the cues: the transcript and the cue showing now.
#include <doctest/doctest.h>

#include <climits>
#include <string>

#include "core/session/webvtt.h"
#include "webvtt_fixture.h"

using kiosk::core::Cue;
using kiosk::core::CueAt;
using kiosk::core::ParseWebVtt;
using kiosk::core::Transcript;
using kiosk::core::WebVtt;
using webvtt_test::kSample;
using webvtt_test::ParseOne;

// ---------------------------------------------------------------------------------------------------
// Cue text
// ---------------------------------------------------------------------------------------------------

TEST_CASE("webvtt: multi-line cue text is joined with newlines and a timing line straight after text starts a cue") {
    WebVtt vtt = ParseWebVtt(
        "WEBVTT\n\n00:01.000 --> 00:04.000\nWrite down what you saw,\nwhat you heard,\nand when.\n"
        "00:04.000 --> 00:06.000\nThen sign and date it.   \n");
    CHECK(vtt.errors.empty());
    REQUIRE(vtt.cues.size() == 2);
    CHECK(vtt.cues[0].text == "Write down what you saw,\nwhat you heard,\nand when.");
    CHECK(vtt.cues[1].text == "Then sign and date it.");  // trailing spaces trimmed
}

TEST_CASE("webvtt: cue text tags are stripped and ruby text is kept in brackets") {
    WebVtt vtt = ParseOne("00:01.000 --> 00:04.000",
                          "<v.loud Sam>Tell me</v> <lang cy>diolch</lang>, <b>now</b> <u>please</u>.\n"
                          "<c.yellow.bg_blue>Karaoke</c> <00:02.000>timed <00:00:03.000>words\n"
                          "<ruby>\xE6\xBC\xA2<rt>kan</rt></ruby> <ruby>\xE5\xAD\x97<rt>ji</ruby> "
                          "<font color=\"red\">unknown tag</font> <i\n>split tag</i>");
    CHECK(vtt.errors.empty());
    REQUIRE(vtt.cues.size() == 2);
    CHECK(vtt.cues[0].text ==
          "Tell me diolch, now please.\nKaraoke timed words\n\xE6\xBC\xA2(kan) \xE5\xAD\x97(ji) unknown tag split tag");
}

TEST_CASE("webvtt: character references are decoded but unknown ones and bare ampersands stay as written") {
    WebVtt vtt = ParseOne("00:01.000 --> 00:04.000",
                          "&amp; &lt;i&gt; a&nbsp;b &lrm;x&rlm; &quot;&apos;\n"
                          "&#65;&#x42;&#X263A; &#150; &#0; &#xD800; &#1114112; &#65 x\n"
                          "&unknown; AT&T & co &#; &#x;");
    CHECK(vtt.errors.empty());
    REQUIRE(vtt.cues.size() == 2);
    CHECK(vtt.cues[0].text ==
          "& <i> a\u00A0b \u200Ex\u200F \"'\n"
          "AB\u263A \u2013 \uFFFD \uFFFD \uFFFD A x\n"
          "&unknown; AT&T & co &#; &#x;");
}

// ---------------------------------------------------------------------------------------------------
// Transcript and CueAt
// ---------------------------------------------------------------------------------------------------

TEST_CASE("webvtt: Transcript gives one paragraph per cue and drops consecutive duplicate lines") {
    WebVtt vtt = ParseWebVtt(
        "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Trainer>Welcome to safeguarding basics.\n\n"
        "00:03.000 --> 00:05.000\nIf a child tells you something\nworrying, listen &amp; stay calm.\n\n"
        "00:05.000 --> 00:07.000\nworrying, listen &amp; stay calm.\nDon't promise to keep secrets.\n\n"
        "00:07.000 --> 00:08.000\nDon't promise to keep secrets.\n\n"
        "00:08.000 --> 00:10.000\nWelcome to safeguarding basics.\n");
    CHECK(Transcript(vtt) ==
          "Welcome to safeguarding basics.\n\n"
          "If a child tells you something worrying, listen & stay calm.\n\n"
          "Don't promise to keep secrets.\n\n"
          "Welcome to safeguarding basics.");
    CHECK(Transcript(WebVtt{}).empty());
    CHECK(Transcript(ParseWebVtt(kSample)) ==
          "Welcome to safeguarding basics.\n\nIf a child tells you something worrying, listen & stay calm.\n\n"
          "Don't promise to keep it a secret \u2014 you can\u2019t.");
}

TEST_CASE("webvtt: CueAt finds the cue showing or the last started one when cues overlap or none") {
    WebVtt vtt = ParseWebVtt(
        "WEBVTT\n\n00:01.000 --> 00:04.000\nA\n\n00:03.000 --> 00:06.000\nB\n\n00:06.000 --> 00:07.000\nC\n\n"
        "00:09.000 --> 00:20.000\nD\n\n00:10.000 --> 00:11.000\nE\n\n00:10.000 --> 00:12.000\nF\n");
    REQUIRE(vtt.errors.empty());
    auto text_at = [&](int ms) -> std::string {
        const Cue* cue = CueAt(vtt, ms);
        return cue ? cue->text : "(none)";
    };
    CHECK(text_at(INT_MIN) == "(none)");
    CHECK(text_at(-1) == "(none)");
    CHECK(text_at(0) == "(none)");
    CHECK(text_at(999) == "(none)");
    CHECK(text_at(1000) == "A");  // start is inclusive
    CHECK(text_at(2999) == "A");
    CHECK(text_at(3000) == "B");  // overlap: the later start wins
    CHECK(text_at(4000) == "B");
    CHECK(text_at(5999) == "B");
    CHECK(text_at(6000) == "C");  // end is exclusive
    CHECK(text_at(7000) == "(none)");
    CHECK(text_at(9500) == "D");
    CHECK(text_at(10000) == "F");  // equal starts: the later one in the file
    CHECK(text_at(11500) == "F");
    CHECK(text_at(12000) == "D");  // back to the long cue that is still showing
    CHECK(text_at(20000) == "(none)");
    CHECK(text_at(INT_MAX) == "(none)");
    CHECK(CueAt(WebVtt{}, 0) == nullptr);
}
