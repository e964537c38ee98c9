// `kiosk-author stats`: the words a learner reads on each scene (every text on it, options included),
// the time that takes at 150 words a minute, and the reading age once there is enough text to judge.
#include <doctest/doctest.h>

#include "content_stats.h"
#include "temp_content.h"

namespace {

const std::string kModule = test::ModuleHead("m", "Supply chains", "reading_age = 9\n") + R"([[scenes]]
id = "intro"
kind = "info"
title = "Who makes it"
text = "Some goods are made by people who are not free to leave. Their passports may be kept. They may owe a debt they cannot pay. Ask where things come from, and who made them."

[[scenes]]
id = "q"
kind = "question"
question = "single"
prompt = "Who do you tell?"
  [[scenes.options]]
  id = "lead"
  text = "Your safeguarding lead"
  correct = true
  [[scenes.options]]
  id = "nobody"
  text = "Nobody"

[[scenes]]
id = "done"
kind = "end"
text = "Well done."
)";

}  // namespace

TEST_CASE("stats count every text a learner reads on a scene - its time - and its reading age when long enough") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\""));
    tmp.Write("modules/m/module.toml", kModule);
    author::CompileResult r = author::Compile({tmp.dir, "c", ""});
    REQUIRE(r.pack);
    auto modules = author::MeasureContent(r);
    REQUIRE(modules.size() == 1);
    const author::ModuleStats& m = modules[0];
    CHECK(m.target_age == 9);
    REQUIRE(m.scenes.size() == 3);
    CHECK(m.scenes[0].id == "intro");
    CHECK(m.scenes[0].words == 3 + 34);          // title and text
    CHECK(m.scenes[0].seconds == (37 * 60 + 149) / 150);
    CHECK(m.scenes[0].reading_age > 0);          // 37 words: enough to judge
    CHECK(m.scenes[0].reading_age < 12);         // short sentences, short words
    CHECK(m.scenes[1].kind == "question (single)");
    CHECK(m.scenes[1].words == 4 + 3 + 1);       // prompt and both options
    CHECK(m.scenes[1].reading_age == 0);         // too short to judge
    CHECK(m.words == 37 + 8 + 2);
    CHECK(m.seconds == m.scenes[0].seconds + m.scenes[1].seconds + m.scenes[2].seconds);
    CHECK(author::MeasureContent(r, "nope").empty());
}
