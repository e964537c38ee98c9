// The content lints: the Flesch-Kincaid measure itself (syllables, sentences, grade), and when the
// reading-age (W100), caption-language (W101) and content-warning (W102) warnings fire and when they
// stay quiet. The golden fixtures (tests/fixtures/diagnostics/W10x-*) pin their exact messages.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler.h"
#include "readability.h"
#include "temp_content.h"

namespace {

namespace fs = std::filesystem;

const char* kModuleHead = "id = \"m\"\ntitle = \"T\"\nsummary = \"S\"\naudience = [\"other\"]\nminutes = 1\npass_mark = 0\n"
                          "[[sources]]\ntitle = \"GOV.UK\"\nurl = \"https://www.gov.uk/\"\nchecked = 2026-01-01\n";

std::string InfoScene(const std::string& text) {
    return "[[scenes]]\nid = \"a\"\nkind = \"info\"\ntext = \"" + text + "\"\n[[scenes]]\nid = \"z\"\nkind = \"end\"\ntext = \"Bye\"\n";
}

std::vector<std::string> Codes(const author::CompileResult& r) {
    std::vector<std::string> codes;
    for (const auto& d : r.diagnostics.All()) codes.push_back(d.code);
    return codes;
}

bool Has(const std::vector<std::string>& codes, const char* code) { return std::find(codes.begin(), codes.end(), code) != codes.end(); }

const char* kDense =
    "The National Referral Mechanism constitutes the administrative framework through which designated organisations "
    "facilitate the identification of potential victims of modern slavery and coordinate appropriate specialist assistance.";
const char* kPlain =
    "The police and councils can refer someone. If you work somewhere else, tell your safeguarding lead. They will know "
    "what to do next. You do not need to be sure. Just say what you saw.";

}  // namespace

TEST_CASE("readability: syllables are counted by English spelling rules") {
    CHECK(author::CountSyllables("cat") == 1);
    CHECK(author::CountSyllables("water") == 2);
    CHECK(author::CountSyllables("people") == 2);
    CHECK(author::CountSyllables("make") == 1);
    CHECK(author::CountSyllables("makes") == 1);
    CHECK(author::CountSyllables("worked") == 1);
    CHECK(author::CountSyllables("wanted") == 2);
    CHECK(author::CountSyllables("uses") == 2);
    CHECK(author::CountSyllables("free") == 1);
    CHECK(author::CountSyllables("year") == 1);
    CHECK(author::CountSyllables("yesterday") == 3);
    CHECK(author::CountSyllables("media") == 3);
    CHECK(author::CountSyllables("radio") == 3);
    CHECK(author::CountSyllables("nation") == 2);
    CHECK(author::CountSyllables("social") == 2);
    CHECK(author::CountSyllables("exploitation") == 4);
    CHECK(author::CountSyllables("identification") == 6);
    CHECK(author::CountSyllables("cross-border") == 3);
    CHECK(author::CountSyllables("Exploited") == 3);
    CHECK(author::CountSyllables("NHS") == 1);  // acronyms are read as known words
}

TEST_CASE("readability: sentences end at full stops before a capital and at line breaks - not after e.g.") {
    author::Readability r = author::MeasureReadability("The cat sat on the mat. The dog ran!");
    CHECK(r.words == 9);
    CHECK(r.sentences == 2);
    CHECK(r.syllables == 9);
    CHECK(r.grade == doctest::Approx(0.39 * 9 / 2 + 11.8 * 9 / 9 - 15.59));
    CHECK(author::MeasureReadability("Call 999. Then wait for help.").sentences == 2);
    CHECK(author::MeasureReadability("Signs, e.g. the person has no documents.").sentences == 1);
    CHECK(author::MeasureReadability("Look for:\nno documents\nno money").sentences == 3);
    CHECK(author::MeasureReadability("He said \xE2\x80\x9Cstop.\xE2\x80\x9D Then he left.").sentences == 2);
    CHECK(author::MeasureReadability("They don\xE2\x80\x99t know. It\xE2\x80\x99s late.").words == 5);
    CHECK(author::MeasureReadability("").grade == 0);
}

TEST_CASE("readability: dense official prose scores far above plain English - and names its longest sentence and words") {
    author::Readability dense = author::MeasureReadability(kDense);
    author::Readability plain = author::MeasureReadability(kPlain);
    CHECK(dense.grade > 16);
    CHECK(plain.grade < 5);
    CHECK(dense.longest_sentence_words == dense.words);
    CHECK(dense.long_words.size() == 3);
    CHECK(dense.long_words.front() == "identification");
}

TEST_CASE("W100: a long text above the module's reading age is flagged - a short one or a raised target is not") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\""));
    tmp.Write("modules/m/module.toml", std::string(kModuleHead) + InfoScene(kDense));
    auto r = author::Compile({tmp.dir, "c", ""});
    REQUIRE(Codes(r) == std::vector<std::string>{"W100"});
    CHECK(r.diagnostics.All()[0].message.find("'m/a/text'") == 0);
    CHECK(r.pack.has_value());  // a warning, not an error

    tmp.Write("modules/m/module.toml", std::string(kModuleHead) + InfoScene(kPlain));
    CHECK(Codes(author::Compile({tmp.dir, "c", ""})).empty());

    // Short texts are never scored, however long their words.
    tmp.Write("modules/m/module.toml", std::string(kModuleHead) + InfoScene("Institutionalised exploitation necessitates identification."));
    CHECK(Codes(author::Compile({tmp.dir, "c", ""})).empty());

    // A module for specialists may raise its target; out-of-range targets are errors.
    const std::string nrm = InfoScene(
        "The National Referral Mechanism (NRM) is the UK's way of identifying potential victims of modern slavery and "
        "getting them support. Only First Responder Organisations can refer someone to it. These include the police, "
        "councils, parts of the Home Office and some charities.");
    tmp.Write("modules/m/module.toml", std::string(kModuleHead) + nrm);
    CHECK(Codes(author::Compile({tmp.dir, "c", ""})) == std::vector<std::string>{"W100"});  // about 16
    std::string head = kModuleHead;
    tmp.Write("modules/m/module.toml", head.replace(head.find("[[sources]]"), 0, "reading_age = 16\n") + nrm);
    CHECK(Codes(author::Compile({tmp.dir, "c", ""})).empty());
    head = kModuleHead;
    tmp.Write("modules/m/module.toml", head.replace(head.find("[[sources]]"), 0, "reading_age = 30\n") + InfoScene("Hi"));
    CHECK(Codes(author::Compile({tmp.dir, "c", ""})) == std::vector<std::string>{"E013"});
}

TEST_CASE("W101: a film needs captions in each of the pack's languages") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\", \"cy\""));
    fs::create_directories(tmp.dir / "modules/m/film");
    fs::copy_file(fs::path(KIOSK_TEST_FIXTURES) / "films" / "h264-aac.mp4", tmp.dir / "modules/m/film/en.mp4");
    tmp.Write("modules/m/film/en.vtt", "WEBVTT\n\n00:00.000 --> 00:04.000\nHello.\n");
    tmp.Write("modules/m/film/cy.vtt", "WEBVTT\n\n00:00.000 --> 00:04.000\nHelo.\n");
    auto film = [&](const std::string& captions) {
        tmp.Write("modules/m/module.toml", std::string(kModuleHead) + "[[scenes]]\nid = \"f\"\nkind = \"film\"\nvideo = \"film/en.mp4\"\n"
                                                                        "captions = " + captions + "\n"
                                                                        "[[scenes]]\nid = \"z\"\nkind = \"end\"\ntext = \"Bye\"\n");
        return Codes(author::Compile({tmp.dir, "c", ""}));
    };
    CHECK(Has(film("\"film/en.vtt\""), "W101"));
    CHECK_FALSE(Has(film("{ en = \"film/en.vtt\", cy = \"film/cy.vtt\" }"), "W101"));
    // No captions at all is the error E063, not also W101.
    auto none = film("{ cy = \"film/cy.vtt\" }");
    CHECK(Has(none, "E063"));
    CHECK_FALSE(Has(none, "W101"));
}

TEST_CASE("W102: a module marked sensitive needs a content warning") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\""));
    std::string head = kModuleHead;
    head.replace(head.find("[[sources]]"), 0, "sensitive = true\n");
    tmp.Write("modules/m/module.toml", head + InfoScene("Hello"));
    CHECK(Codes(author::Compile({tmp.dir, "c", ""})) == std::vector<std::string>{"W102"});
    std::string warned = head;
    warned.replace(warned.find("[[sources]]"), 0, "content_warning = \"This module talks about exploitation.\"\n");
    tmp.Write("modules/m/module.toml", warned + InfoScene("Hello"));
    CHECK(Codes(author::Compile({tmp.dir, "c", ""})).empty());
    std::string typed = kModuleHead;
    tmp.Write("modules/m/module.toml", typed.replace(typed.find("[[sources]]"), 0, "sensitive = \"yes\"\n") + InfoScene("Hello"));
    CHECK(Codes(author::Compile({tmp.dir, "c", ""})) == std::vector<std::string>{"E012"});
}
