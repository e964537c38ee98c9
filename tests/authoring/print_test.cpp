// The sign-off page (`kiosk-author print`): what a safeguarding lead signs must be what learners see.
// Every text in every language with its scene id, the answer key, the hotspots on the picture, the
// review state (not reviewed, reviewed, changed since), notes and sources, with file text escaped.
#include <doctest/doctest.h>

#include <regex>

#include "checks.h"
#include "compiler.h"
#include "print_page.h"
#include "temp_content.h"

namespace {

namespace fs = std::filesystem;

const fs::path kFixture = fs::path(KIOSK_TEST_FIXTURES) / "i18n" / "content";

struct Printed {
    author::CompileResult compiled;
    std::string page;
};

Printed PrintOf(const fs::path& dir, std::vector<std::string> modules = {}) {
    Printed p;
    p.compiled = author::Compile(author::CompileOptions{dir, "c", "2026-12-01T00:00:00Z"});
    for (const auto& d : p.compiled.diagnostics.All()) INFO(d.code << " " << d.message);
    REQUIRE(p.compiled.pack.has_value());
    p.page = author::PrintPage(*p.compiled.pack, p.compiled.module_sources, author::PrintOptions{modules, "2026-12-01"});
    return p;
}

// The HTML of the scene article `module--scene`, or "" when there is none.
std::string Article(const std::string& page, const std::string& id) {
    auto at = page.find("<article class=\"scene\" id=\"" + id + "\">");
    if (at == std::string::npos) return "";
    return page.substr(at, page.find("</article>", at) - at);
}

const char* kExtraScenes = R"(
[[review_notes]]
about = "borders"
text = "Kept: moving within the UK <script>alert(1)</script> is trafficking (s.2)."
source = "https://www.legislation.gov.uk/ukpga/2015/30/section/2"

[[scenes]]
id = "signs"
kind = "question"
question = "multi"
prompt = "Which are signs?"
[[scenes.options]]
id = "no-passport"
text = "Someone else keeps her passport"
correct = true
feedback = "A sign: control of documents."
[[scenes.options]]
id = "tired"
text = "She has a cold"
correct = false

[[scenes]]
id = "act"
kind = "choice"
prompt = "What do you do?"
[[scenes.options]]
id = "alone"
text = "See her on her own"
goto = "done"
score = 2
)";

}  // namespace

TEST_CASE("print: every scene - every language side by side - with the answer key and escaped notes") {
    test::ScratchContent tmp(kFixture);
    std::string module = tmp.Read("modules/myths/module.toml");
    auto done = module.find("[[scenes]]\nid = \"done\"");
    REQUIRE(done != std::string::npos);
    tmp.Write("modules/myths/module.toml", module.substr(0, done) + kExtraScenes + "\n" + module.substr(done));
    // One Welsh text a translator has not checked yet.
    REQUIRE(tmp.Replace("locales/cy/myths.po", "msgctxt \"myths/borders/prompt\"", "#, fuzzy\nmsgctxt \"myths/borders/prompt\""));

    Printed p = PrintOf(tmp.dir);
    const std::string& page = p.page;
    CHECK(page.find("<th>English (en)</th><th>Welsh (cy)</th>") != std::string::npos);
    // Each scene has its article, in file order, with its Welsh beside the English.
    std::vector<std::string> order;
    for (const char* id : {"welcome", "borders", "signs", "act", "done"}) {
        INFO(id);
        CHECK(!Article(page, std::string("myths--") + id).empty());
        order.push_back(std::to_string(page.find(std::string("id=\"myths--") + id)));
    }
    for (std::size_t i = 1; i < order.size(); ++i) CHECK(std::stoul(order[i - 1]) < std::stoul(order[i]));
    std::string borders = Article(page, "myths--borders");
    CHECK(borders.find("<td>Trafficking always means crossing a border.</td><td><span class=\"draft\">draft</span>"
                       "Mae masnachu pobl bob amser yn golygu croesi ffin.</td>") != std::string::npos);
    CHECK(borders.find("answer</td><td colspan=\"2\"><span class=\"right\">false") != std::string::npos);
    // Not translated yet: says so, never a blank cell that reads as "nothing to check".
    std::string signs = Article(page, "myths--signs");
    CHECK(signs.find("Which are signs?</td><td><span class=\"missing\">not translated") != std::string::npos);
    // The key: which options are signs, each with its feedback.
    std::regex sign(R"(answer <span class="id">no-passport</span><br><span class="right">&#10003; a sign</span></td><td>Someone else keeps her passport)");
    CHECK(std::regex_search(signs, sign));
    CHECK(signs.find("<span class=\"id\">tired</span><br><span class=\"wrong\">&#10007; not a sign") != std::string::npos);
    CHECK(signs.find("A sign: control of documents.") != std::string::npos);
    std::string act = Article(page, "myths--act");
    CHECK(act.find("goes to <span class=\"id\">done</span><br>score +2") != std::string::npos);
    // File text is text, never markup.
    CHECK(page.find("<script>") == std::string::npos);
    CHECK(page.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(page.find("https://www.legislation.gov.uk/ukpga/2015/30/section/2") != std::string::npos);
    // The pack's contacts close a whole-pack page.
    CHECK(page.find("Modern Slavery &amp; Exploitation Helpline") != std::string::npos);
}

TEST_CASE("print: the review state - and the hash to sign is the one the compiler checks") {
    test::ScratchContent tmp(kFixture);
    Printed before = PrintOf(tmp.dir);
    CHECK(before.page.find("Not reviewed yet.") != std::string::npos);
    std::string hash = author::ModuleReviewHash(*before.compiled.pack, 0);
    CHECK(before.page.find("reviewed_hash = \"" + hash + "\"") != std::string::npos);

    // Signed off with the hash the page gave: reviewed, no warning from the compiler.
    std::string module = tmp.Read("modules/myths/module.toml");
    tmp.Write("modules/myths/module.toml", module.insert(module.find("\n[[sources]]"),
        "\nreviewed_by = \"safeguarding lead\"\nreviewed_on = 2026-11-30\nreviewed_hash = \"" + hash + "\"\n"));
    Printed signed_off = PrintOf(tmp.dir);
    CHECK(signed_off.page.find("<strong>Reviewed</strong> by safeguarding lead on 2026-11-30; unchanged since.") != std::string::npos);
    for (const auto& d : signed_off.compiled.diagnostics.All()) CHECK(d.code.rfind("W11", 0) != 0);

    // One word changed after the review: the page says to review it again.
    REQUIRE(tmp.Replace("modules/myths/module.toml", "Well done.", "Well done!"));
    Printed changed = PrintOf(tmp.dir);
    CHECK(changed.page.find("<strong>Changed since its review</strong> by safeguarding lead on 2026-11-30") != std::string::npos);
}

TEST_CASE("print: the real content - one module: every hotspot drawn on its picture - every option listed") {
    Printed p = PrintOf(KIOSK_CONTENT_DIR, {"spot-the-signs"});
    const auto& pack = *p.compiled.pack;
    CHECK(p.page.find("<section class=\"module\" id=\"spot-the-signs\">") != std::string::npos);
    CHECK(p.page.find("<section class=\"module\" id=\"what-to-do-next\">") == std::string::npos);
    CHECK(p.page.find("id=\"pack\"") == std::string::npos);  // contacts only on a whole-pack page
    std::size_t hotspots = 0;
    for (const auto& module : pack.modules) {
        if (module.id != "spot-the-signs") continue;
        for (const auto& scene : module.scenes) {
            std::string article = Article(p.page, module.id + "--" + scene.id);
            INFO(scene.id);
            REQUIRE(!article.empty());
            if (!scene.image.empty()) CHECK(article.find("src=\"data:image/png;base64,iVBORw0KGgo") != std::string::npos);
            for (const auto& option : scene.options) {
                if (scene.question == kiosk::core::QuestionType::TrueFalse) continue;
                CHECK(article.find("answer <span class=\"id\">" + option.id + "</span>") != std::string::npos);
                if (!option.region) continue;
                ++hotspots;
                const auto& r = *option.region;
                std::string rect = "<rect x=\"" + std::to_string(r.x) + "\" y=\"" + std::to_string(r.y) + "\" width=\"" +
                                   std::to_string(r.w) + "\" height=\"" + std::to_string(r.h) + "\" fill=\"none\" stroke=\"" +
                                   (option.correct ? "#00703c" : "#505a5f") + "\"";
                CHECK(article.find(rect) != std::string::npos);
            }
        }
    }
    CHECK(hotspots >= 14);  // seven pictures, each with signs and non-signs
}
