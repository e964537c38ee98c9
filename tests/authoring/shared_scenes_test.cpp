// Shared scenes: "who to tell" written once in content/shared/ and used by several modules with
// `use = "..."`, each module leading on from it its own way; translated once, in shared.po.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler.h"
#include "i18n_extract.h"
#include "po_file.h"
#include "temp_content.h"

namespace {

std::string Module(const std::string& id, const std::string& use_block) {
    return test::ModuleHead(id) + "[[scenes]]\nid = \"start\"\nkind = \"info\"\ntext = \"Hello.\"\n\n" +
           use_block +
           "\n[[scenes]]\nid = \"finish\"\nkind = \"end\"\ntext = \"Well done.\"\n\n"
           "[[scenes]]\nid = \"extra\"\nkind = \"end\"\ntext = \"The other end.\"\n";
}

const char* kWhoToTell = "kind = \"info\"\ntitle = \"Who to tell\"\n"
                         "text = \"If no one is in immediate danger, tell your safeguarding lead.\"\n";

const kiosk::core::Scene* Find(const kiosk::core::PackData& pack, const std::string& module, const std::string& scene) {
    for (const auto& m : pack.modules)
        for (const auto& s : m.scenes)
            if (m.id == module && s.id == scene) return &s;
    return nullptr;
}

}  // namespace

TEST_CASE("shared scenes: written once - used by two modules - each leading on its own way - translated once") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\", \"cy\""));
    tmp.Write("shared/who-to-tell.toml", kWhoToTell);
    tmp.Write("modules/a/module.toml", Module("a", "[[scenes]]\nuse = \"who-to-tell\"\nnext = \"finish\"\nmust_see = true\n"));
    tmp.Write("modules/b/module.toml", Module("b", "[[scenes]]\nuse = \"who-to-tell\"\nid = \"tell\"\nnext = \"extra\"\n"));

    author::ExtractResult extracted = author::ExtractTranslations(tmp.dir, "c");
    CHECK(extracted.errors.empty());
    std::string shared_po = tmp.Read("locales/cy/shared.po");
    CHECK(shared_po.find("msgctxt \"shared/who-to-tell/text\"") != std::string::npos);
    CHECK(shared_po.find("#: shared/who-to-tell.toml:3") != std::string::npos);
    CHECK(tmp.Read("locales/cy/a.po").find("who-to-tell") == std::string::npos);  // not once per module
    CHECK(tmp.Read("locales/cy/b.po").find("tell/text") == std::string::npos);

    // The translator fills in shared.po once; both modules show the Welsh.
    std::string po = shared_po;
    auto at = po.find("msgctxt \"shared/who-to-tell/text\"");
    at = po.find("msgstr \"\"", at);
    po.replace(at, 9, "msgstr \"Os nad oes neb mewn perygl uniongyrchol, dywedwch wrth eich arweinydd diogelu.\"");
    at = po.find("msgstr \"\"", po.find("msgctxt \"shared/who-to-tell/title\""));
    po.replace(at, 9, "msgstr \"Pwy i'w hysbysu\"");
    tmp.Write("locales/cy/shared.po", po);

    author::CompileResult r = author::Compile({tmp.dir, "c", ""});
    for (const auto& d : r.diagnostics.All()) INFO(d.code, " ", d.where.file, ":", d.where.line, " ", d.message);
    REQUIRE(r.pack);
    const auto* in_a = Find(*r.pack, "a", "who-to-tell");
    const auto* in_b = Find(*r.pack, "b", "tell");
    REQUIRE(in_a);
    REQUIRE(in_b);
    CHECK(in_a->next == "finish");
    CHECK(in_a->must_see);
    CHECK(in_b->next == "extra");
    CHECK_FALSE(in_b->must_see);
    CHECK(r.pack->strings.at("a/who-to-tell/text").at("en").text == "If no one is in immediate danger, tell your safeguarding lead.");
    CHECK(r.pack->strings.at("b/tell/text").at("cy").text ==
          "Os nad oes neb mewn perygl uniongyrchol, dywedwch wrth eich arweinydd diogelu.");
    CHECK(r.pack->strings.at("a/who-to-tell/title").at("cy").text == "Pwy i'w hysbysu");
    CHECK(r.pack->strings.count("shared/who-to-tell/text") == 0);  // the kiosk reads each module's own copy
    // shared.po translates both copies: nothing of the shared scene is missing (the modules' own texts are).
    for (const auto& d : r.diagnostics.All()) {
        CHECK(d.code != "W083");
        if (d.code == "W080") CHECK(d.message.find("who-to-tell") == std::string::npos);
    }
}

TEST_CASE("shared scenes: a misspelt name - a link in the shared file - a film - and an unused scene are each reported") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\""));
    tmp.Write("shared/who-to-tell.toml", kWhoToTell);
    tmp.Write("shared/with-next.toml", std::string(kWhoToTell) + "next = \"finish\"\n");
    tmp.Write("shared/unused.toml", kWhoToTell);
    tmp.Write("modules/a/module.toml", Module("a", "[[scenes]]\nuse = \"who-to-tel\"\nnext = \"finish\"\n\n"
                                                   "[[scenes]]\nuse = \"with-next\"\nnext = \"finish\"\n"));
    author::CompileResult r = author::Compile({tmp.dir, "c", ""});
    auto has = [&](const std::string& code, const std::string& file, const std::string& words) {
        return std::any_of(r.diagnostics.All().begin(), r.diagnostics.All().end(), [&](const author::Diagnostic& d) {
            return d.code == code && d.where.file == file && d.message.find(words) != std::string::npos;
        });
    };
    CHECK(has("E021", "c/modules/a/module.toml", "there is no shared scene 'who-to-tel'"));
    CHECK(has("E021", "c/modules/a/module.toml", "did you mean 'who-to-tell'"));
    CHECK(has("E017", "c/shared/with-next.toml", "next"));
    CHECK(has("W096", "c/shared/unused.toml", "shared scene 'unused' is used by no module"));
    CHECK(has("W096", "c/shared/who-to-tell.toml", "used by no module"));  // misspelt where it was meant

    tmp.Write("shared/film.toml", "kind = \"film\"\nvideo = \"film/en.mp4\"\ncaptions = \"film/en.vtt\"\n");
    tmp.Write("modules/a/module.toml", Module("a", "[[scenes]]\nuse = \"film\"\nnext = \"finish\"\n"));
    r = author::Compile({tmp.dir, "c", ""});
    CHECK(has("E022", "c/shared/film.toml", "a shared scene cannot be a film"));
}
