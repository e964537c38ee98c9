// `kiosk-author import gift` on GIFT written as Moodle's documentation shows it (every feature and every
// escape, tests/fixtures/gift/moodle-docs.gift) and on a realistic quiz bank (supply-chains.gift): what is
// converted and how, what is named as left out with its line, and that the module compiles.
#include <doctest/doctest.h>

#include <algorithm>

#include <toml++/toml.h>

#include "compiler.h"
#include "gift_import.h"
#include "temp_content.h"

namespace {

const std::filesystem::path kGift = std::filesystem::path(KIOSK_TEST_FIXTURES) / "gift";

int LineOf(const std::string& text, const std::string& needle) {
    auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

struct Imported {
    std::string gift;
    author::GiftImport result;
    toml::table doc;
    const toml::table* Scene(const std::string& id) const {
        for (const auto& node : *doc["scenes"].as_array())
            if (node.as_table()->at("id").value<std::string>() == id) return node.as_table();
        return nullptr;
    }
    std::vector<std::string> OptionTexts(const std::string& id, bool right_only = false) const {
        std::vector<std::string> out;
        const toml::table* scene = Scene(id);
        REQUIRE(scene);
        for (const auto& o : *scene->at("options").as_array())
            if (!right_only || o.as_table()->contains("correct")) out.push_back(*o.as_table()->at("text").value<std::string>());
        return out;
    }
};

Imported Import(const std::string& file, const std::string& id) {
    Imported i;
    i.gift = test::ReadText(kGift / file);
    i.result = author::ImportGift(i.gift, author::GiftOptions{id, file, "2026-12-07", {}});
    INFO(i.result.toml);
    i.doc = toml::parse(i.result.toml);
    return i;
}

std::string Str(const toml::table* t, const char* key) { return t && t->contains(key) ? *t->at(key).value<std::string>() : ""; }

// The module compiles in a scratch content folder, with no errors.
void Compiles(const Imported& i, const std::string& id, std::size_t scenes) {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\""));
    tmp.Write("modules/" + id + "/module.toml", i.result.toml);
    author::CompileResult r = author::Compile({tmp.dir, "c", ""});
    for (const auto& d : r.diagnostics.All()) INFO(d.code, " ", d.where.line, ": ", d.message);
    REQUIRE(r.diagnostics.ErrorCount() == 0);
    REQUIRE(r.pack);
    CHECK(r.pack->modules.at(0).scenes.size() == scenes);
}

}  // namespace

TEST_CASE("import gift: every feature of Moodle's documented GIFT - converted or named with its line") {
    Imported i = Import("moodle-docs.gift", "gift-docs");
    // Left out, each with its line: what needs a keyboard.
    REQUIRE(i.result.left_out.size() == 6);
    const std::vector<std::pair<std::string, std::string>> left = {
        {"::Q3::", "'Q3': a short-answer question"}, {"::Q4::", "'Q4': a matching question"}, {"::Q5::", "'Q5': a numeric question"},
        {"::Q6::", "'Q6': a numeric question"},      {"::Q7::", "'Q7': a numeric question"},  {"::Q8::", "'Q8': an essay question"}};
    for (std::size_t k = 0; k < left.size(); ++k) {
        CHECK(i.result.left_out[k].line == LineOf(i.gift, left[k].first));
        CHECK(i.result.left_out[k].message.starts_with(left[k].second));
    }
    CHECK(i.result.toml.find("#   moodle-docs.gift:" + std::to_string(LineOf(i.gift, "::Q4::")) + ": 'Q4': a matching question") != std::string::npos);

    // True/false, with feedback: the right answer's kept, the wrong answer's named as changed.
    CHECK(i.Scene("q1")->at("question").value<std::string>() == "truefalse");
    CHECK(i.Scene("q1")->at("answer").value<bool>() == true);
    CHECK(Str(i.Scene("q1"), "prompt") == "1+1=2");
    CHECK(i.Scene("q1b")->at("answer").value<bool>() == false);
    CHECK(Str(i.Scene("q1b"), "feedback") == "Yes, it sets in the west.");
    REQUIRE(!i.result.changed.empty());
    CHECK(i.result.changed[0].line == LineOf(i.gift, "::Q1b::"));
    CHECK(i.result.changed[0].message.find("No, in the east.") != std::string::npos);

    // Multiple choice with feedback per answer, across lines.
    CHECK(Str(i.Scene("q2"), "question") == "single");
    CHECK(Str(i.Scene("q2"), "prompt") == "What's between orange and green in the spectrum?");
    CHECK(i.OptionTexts("q2") == std::vector<std::string>{"yellow", "red", "blue"});
    CHECK(i.OptionTexts("q2", true) == std::vector<std::string>{"yellow"});
    CHECK(Str(i.Scene("q2")->at("options").as_array()->at(0).as_table(), "feedback") == "right; good!");

    // A missing word, the answers inside the sentence: the gap shown.
    const toml::table* missing = i.Scene("q4");
    REQUIRE(missing);
    CHECK(Str(missing, "prompt") == "Moodle costs _____ to download from moodle.org.");
    CHECK(Str(missing, "title") == "Format examples");  // untitled: its category names it
    CHECK(i.OptionTexts("q4", true) == std::vector<std::string>{"nothing"});

    // General feedback becomes the explanation.
    CHECK(Str(i.Scene("grant-s-tomb"), "explanation") == "Grant and his wife are entombed above ground.");
    CHECK(i.OptionTexts("grant-s-tomb", true) == std::vector<std::string>{"no one"});

    // Multiple answers with weights: above 0% is right.
    CHECK(Str(i.Scene("q6"), "question") == "multi");
    CHECK(i.OptionTexts("q6", true) == std::vector<std::string>{"Grant", "Grant's wife"});
    CHECK(Str(i.Scene("q6"), "title") == "Multiple answers");

    // Every escape: \: in a title, \= \~ \# \{ \} and \\ in answers.
    CHECK(Str(i.Scene("escapes-all-of-them"), "title") == "Escapes: all of them");
    CHECK(i.OptionTexts("escapes-all-of-them") == std::vector<std::string>{"= 2 + 2", "= 2 + 3", "= 2 + 4", "~ 5, #5, {5} and a backslash \\"});
    CHECK(i.OptionTexts("escapes-all-of-them", true) == std::vector<std::string>{"= 2 + 3"});

    // Formats reduced to plain text.
    CHECK(Str(i.Scene("formats"), "prompt") == "Which of these is bold & right?");
    CHECK(i.OptionTexts("formats", true) == std::vector<std::string>{"This one"});
    CHECK(Str(i.Scene("formats")->at("options").as_array()->at(0).as_table(), "feedback") == "Yes,\nthis one.");
    CHECK(Str(i.Scene("markdown"), "prompt") == "Which is the right answer? See the guide (https://www.gov.uk/).");
    CHECK(i.OptionTexts("markdown", true) == std::vector<std::string>{"The first one"});
    CHECK(i.Scene("plain")->at("answer").value<bool>() == true);

    // A description is an info scene; categories are sections; comments are kept.
    CHECK(Str(i.Scene("welcome"), "kind") == "info");
    CHECK(Str(i.Scene("welcome"), "text") == "These questions come from Moodle's examples.");
    CHECK(i.result.toml.find("# Section: Format examples\n") != std::string::npos);
    CHECK(i.result.toml.find("# Section: Format examples/Multiple answers\n") != std::string::npos);
    CHECK(i.result.toml.find("# multiple choice with specified feedback for right and wrong answers\n[[scenes]]\nid = \"q2\"") != std::string::npos);
    CHECK(i.result.scenes == 11);
    Compiles(i, "gift-docs", 12);  // and the end scene
}

TEST_CASE("import gift: a realistic quiz bank compiles - part marks and a typed answer are named") {
    Imported i = Import("supply-chains.gift", "supply-chains");
    REQUIRE(i.result.left_out.size() == 1);
    CHECK(i.result.left_out[0].line == LineOf(i.gift, "::Helpline::"));
    CHECK(i.result.left_out[0].message.find("short-answer") != std::string::npos);
    CHECK(Str(i.Scene("s54"), "question") == "single");
    CHECK(Str(i.Scene("s54"), "explanation").starts_with("The statement says what the organisation has done"));
    CHECK(i.OptionTexts("signs-at-a-supplier", true).size() == 3);
    CHECK(i.doc["title"].value<std::string>() == "The law");
    CHECK(i.result.toml.find("REPLACE: the source of these questions' facts") != std::string::npos);
    bool part_marks = false;
    for (const auto& c : i.result.changed) part_marks = part_marks || c.message.find("no part marks") != std::string::npos;
    CHECK(part_marks);
    Compiles(i, "supply-chains", 5);

    // With --source, the sources are the ones given and there is no placeholder.
    author::GiftImport sourced = author::ImportGift(
        i.gift, author::GiftOptions{"supply-chains", "supply-chains.gift", "2026-12-07",
                                    {"https://www.gov.uk/government/publications/transparency-in-supply-chains-a-practical-guide"}});
    CHECK(sourced.toml.find("REPLACE") == std::string::npos);
    CHECK(sourced.toml.find("url = \"https://www.gov.uk/government/publications/transparency-in-supply-chains-a-practical-guide\"") !=
          std::string::npos);
}

TEST_CASE("import gift: an answer marked = with part marks beside it is one answer - a byte-order mark and line breaks in notes do no harm") {
    const std::string gift = "\xEF\xBB\xBF// saved by Notepad\n"
                             "::Tomb:: Who is buried in Grant's tomb?{=Grant ~%50%Grant's wife ~No one}\n\n"
                             "::Rain:: It rains a lot in Wales.{T#Not quite.\\nSee the Met Office.#Yes.}\n";
    author::GiftImport r = author::ImportGift(gift, author::GiftOptions{"m", "q.gift", "2026-12-07", {}});
    INFO(r.toml);
    toml::table doc = toml::parse(r.toml);  // notes with line breaks stay comments
    const toml::table* tomb = doc["scenes"][0].as_table();
    REQUIRE(tomb);
    CHECK(tomb->at("id").value<std::string>() == "tomb");
    CHECK(tomb->at("question").value<std::string>() == "single");
    const toml::array& options = *tomb->at("options").as_array();
    CHECK(options.at(0).as_table()->contains("correct"));
    CHECK_FALSE(options.at(1).as_table()->contains("correct"));
    CHECK(r.toml.find("# saved by Notepad") != std::string::npos);
    REQUIRE(r.changed.size() == 2);
    CHECK(r.changed[0].message.find("part marks") != std::string::npos);
    CHECK(r.changed[1].message.find("Not quite. See the Met Office.") != std::string::npos);
}

TEST_CASE("import gift: HTML entities and tags and Markdown marks become plain text") {
    CHECK(author::PlainText("<p>Call <b>999</b>&nbsp;now &lt;if in danger&gt;</p><p>Or 101&#46;</p>", "html") ==
          "Call 999 now <if in danger>\nOr 101.");
    CHECK(author::PlainText("<ul><li>One</li><li>Two</li></ul>", "html") == "- One\n- Two");
    CHECK(author::PlainText("# Heading\n**Bold** and _this_ but not snake_case; ![a van](van.png)", "markdown") ==
          "Heading\nBold and this but not snake_case; a van (van.png)");
    CHECK(author::PlainText("  spaced   out  ", "plain") == "spaced out");
}
