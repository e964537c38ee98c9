// Inputs both WebVTT test files use (webvtt_test.cpp and webvtt_cue_text_test.cpp): a sample caption
// file with every optional part, and a one-cue file around a given timing line and text.
#pragma once

#include <string>

#include "core/session/webvtt.h"

namespace webvtt_test {

using kiosk::core::ParseWebVtt;
using kiosk::core::WebVtt;

// A short caption file as a captioning tool exports it, with every optional part present.
inline const std::string kSample = R"(WEBVTT - Safeguarding basics, film 2
Kind: captions
Language: en-GB

NOTE Checked against the script by the training team.
Speaker names follow the script.

STYLE
::cue(.trainer) { color: yellow; }

REGION
id:lower
width:80%

1
00:00:01.000 --> 00:00:04.500 line:85% align:center
<v Trainer>Welcome to safeguarding basics.</v>

intro-2
00:04.500 --> 00:08.000
<c.trainer>If a child tells you something</c>
<i>worrying</i>, listen &amp; stay calm.

00:00:08.000 --> 00:00:12.250
Don&#39;t promise to keep it a secret &#x2014; you can&#8217;t.
)";

// A one-cue file whose cue has the given timing line and text, then a good cue, so each case also shows
// that parsing carries on after a bad block.
inline WebVtt ParseOne(const std::string& timing, const std::string& text = "Tell your safeguarding lead.") {
    return ParseWebVtt("WEBVTT\n\n" + timing + "\n" + text + "\n\n00:10.000 --> 00:11.000\nNext\n");
}

}  // namespace webvtt_test
