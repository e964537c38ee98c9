// Spelling with Debian's dictionaries through Enchant (Hunspell en-GB, Aspell Welsh): what is checked and
// what is not (abbreviations, addresses, numbers), the project word list, Welsh words joined by an
// apostrophe, and the lint's place in a compile: the caret under the word, translations said per language.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler.h"
#include "diagnostic_view.h"
#include "spelling.h"
#include "temp_content.h"

namespace {

std::vector<std::string> Words(const std::vector<author::Misspelling>& found) {
    std::vector<std::string> out;
    for (const auto& m : found) out.push_back(m.word);
    return out;
}

}  // namespace

TEST_CASE("spelling: a misspelt English word is found with its place and a suggestion - names need the word list") {
    author::SpellChecker speller;
    REQUIRE_MESSAGE(speller.DictionaryFor("en") == "en_GB", "install hunspell-en-gb (tools/install-deps)");
    const std::string text = "She said she had recieved no pay. Call Crimestoppers.";
    auto found = speller.Check(text, "en");
    CHECK(Words(found) == std::vector<std::string>{"recieved", "Crimestoppers"});
    REQUIRE(!found.empty());
    CHECK(found[0].offset == text.find("recieved"));
    CHECK(std::find(found[0].suggestions.begin(), found[0].suggestions.end(), "received") != found[0].suggestions.end());

    speller.SetProjectWords(author::ParseWordList("# names\nCrimestoppers  # the charity\n\nhealthwatch\n"));
    CHECK(Words(speller.Check(text, "en")) == std::vector<std::string>{"recieved"});
    CHECK(speller.Check("Ask Healthwatch, or HEALTHWATCH.", "en").empty());        // lower case in the list: any case
    CHECK(Words(speller.Check("crimestoppers", "en")) == std::vector<std::string>{"crimestoppers"});  // capitals: as written
}

TEST_CASE("spelling: abbreviations - addresses - numbers and British spellings are not reported") {
    author::SpellChecker speller;
    REQUIRE(!speller.DictionaryFor("en").empty());
    CHECK(speller.Check("The NRM and the GLAA. Open 9am to 5pm under s49.", "en").empty());
    CHECK(speller.Check("See https://www.gov.uk/guidance/modern-slavery or www.unseenuk.org or email help@example.org", "en").empty());
    CHECK(speller.Check("The organisation's colour. Don’t wait. A cross-border case.", "en").empty());
}

TEST_CASE("spelling: Welsh words joined by an apostrophe are checked part by part") {
    author::SpellChecker speller;
    REQUIRE_MESSAGE(speller.DictionaryFor("cy") == "cy", "install aspell-cy (tools/install-deps)");
    // Every word known once split; "staff", an English word in the Welsh, is the translator's to add.
    CHECK(Words(speller.Check("Mae'r heddlu'n helpu. Pwy sy’n gallu helpu? Mae hi'n dweud wrth y staff.", "cy")) ==
          std::vector<std::string>{"staff"});
    CHECK(Words(speller.Check("Mae'r heddlu'n helpu.", "cy")).empty());
    // One unknown part is reported as that part, at its place.
    const std::string text = "Mae'r heddlwu'n helpu.";
    auto found = speller.Check(text, "cy");
    REQUIRE(found.size() == 1);
    CHECK(found[0].word == "heddlwu");
    CHECK(found[0].offset == text.find("heddlwu"));
    CHECK(speller.DictionaryFor("xx").empty());
    CHECK(speller.Check("anything at all", "xx").empty());  // no dictionary: W105 says so, nothing is guessed
}

TEST_CASE("spelling in a compile: W104 under the word in module.toml - W086 for a translation - words.txt obeyed") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\", \"cy\""));
    tmp.Write("modules/m/module.toml", test::ModuleHead("m", "Supply chains") + R"([[scenes]]
id = "intro"
kind = "info"
text = "Some workers are not paid. Their wages are kept by a gangmastr. Tell your safegaurding lead."

[[scenes]]
id = "done"
kind = "end"
text = "Well done."
)");
    tmp.Write("locales/cy/m.po", "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
                                 "msgctxt \"m/done/text\"\nmsgid \"Well done.\"\nmsgstr \"Da iawn, wir yw'r gwaithh.\"\n");
    author::SpellChecker speller;
    author::CompileOptions options{tmp.dir, "c", ""};
    options.speller = &speller;
    author::CompileResult r = author::Compile(options);
    std::vector<const author::Diagnostic*> spelling;
    for (const auto& d : r.diagnostics.All())
        if (d.code == "W104" || d.code == "W086") spelling.push_back(&d);
    REQUIRE(spelling.size() == 3);  // gangmastr and safegaurding in English, gwaithh in Welsh
    const author::Diagnostic* english = nullptr;
    for (const auto* d : spelling)
        if (d->message.starts_with("'safegaurding'")) english = d;
    REQUIRE(english);
    CHECK(english->code == "W104");
    CHECK(english->where.file == "c/modules/m/module.toml");
    CHECK(english->where.line == 15);
    CHECK(english->where.column == 83);  // the word itself, not the start of the text
    CHECK(english->message.find("did you mean 'safeguarding'") != std::string::npos);
    auto welsh = std::find_if(spelling.begin(), spelling.end(), [](const auto* d) { return d->code == "W086"; });
    REQUIRE(welsh != spelling.end());
    CHECK((*welsh)->message.starts_with("'gwaithh'"));
    CHECK((*welsh)->where.file == "c/locales/cy/m.po");

    tmp.Write("words.txt", "gangmastr\nsafegaurding\n");
    r = author::Compile(options);
    auto codes = std::count_if(r.diagnostics.All().begin(), r.diagnostics.All().end(), [](const auto& d) { return d.code == "W104"; });
    CHECK(codes == 0);
}
