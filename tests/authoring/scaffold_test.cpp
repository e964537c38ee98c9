// `kiosk-author new module`: the scaffold compiles with no errors and no warnings as it is, in a pack in
// one language and (with its PO file extracted) in two; bad ids and existing modules are refused.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler.h"
#include "i18n_extract.h"
#include "scaffold.h"
#include "temp_content.h"

namespace {

std::string Found(const author::CompileResult& r) {
    std::string found;
    for (const auto& d : r.diagnostics.All()) found += d.code + " line " + std::to_string(d.where.line) + ": " + d.message + "\n";
    return found;
}

}  // namespace

TEST_CASE("new module: the scaffold compiles with no errors and no warnings") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\""));
    REQUIRE(author::CreateModule(tmp.dir, "car-wash", "2026-06-01").empty());
    std::string toml = tmp.Read("modules/car-wash/module.toml");
    CHECK(toml.find("id = \"car-wash\"") != std::string::npos);
    CHECK(toml.find("title = \"Car wash\"") != std::string::npos);
    CHECK(toml.find("checked = 2026-06-01") != std::string::npos);
    auto r = author::Compile({tmp.dir, "c", ""});
    CHECK_MESSAGE(r.diagnostics.All().empty(), Found(r));
    REQUIRE(r.pack.has_value());
    REQUIRE(r.pack->modules.size() == 1);
    const auto& module = r.pack->modules[0];
    CHECK(module.scenes.size() == 7);
    CHECK(module.has_content_warning);
    CHECK(std::any_of(module.scenes.begin(), module.scenes.end(), [](const auto& s) { return s.must_see; }));
}

TEST_CASE("new module: in a two-language pack the only warning after i18n extract is the untranslated file") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\", \"cy\""));
    REQUIRE(author::CreateModule(tmp.dir, "nail-bar", "2026-06-01").empty());
    author::ExtractResult extracted = author::ExtractTranslations(tmp.dir, "c");
    REQUIRE(extracted.errors.empty());
    auto r = author::Compile({tmp.dir, "c", ""});
    REQUIRE(r.pack.has_value());
    // One summary per PO file (pack.po: 2 strings are listed one by one; nail-bar.po: many, summarised).
    for (const auto& d : r.diagnostics.All()) {
        INFO(d.code, " ", d.where.file, ": ", d.message);
        CHECK(d.code == "W080");
    }
    CHECK(r.diagnostics.All().size() == 3);
}

TEST_CASE("new module: refuses an invalid id - an existing module and a folder without pack.toml") {
    test::ScratchContent tmp;
    CHECK(author::CreateModule(tmp.dir, "car-wash", "2026-06-01").find("no pack.toml") != std::string::npos);
    tmp.Write("pack.toml", test::PackToml("\"en\""));
    CHECK(author::CreateModule(tmp.dir, "Car Wash", "2026-06-01").find("is not a module id") != std::string::npos);
    CHECK(author::CreateModule(tmp.dir, "../escape", "2026-06-01").find("is not a module id") != std::string::npos);
    REQUIRE(author::CreateModule(tmp.dir, "car-wash", "2026-06-01").empty());
    tmp.Write("modules/car-wash/module.toml", "# edited by a trainer\n");
    CHECK(author::CreateModule(tmp.dir, "car-wash", "2026-06-01").find("already exists") != std::string::npos);
    CHECK(tmp.Read("modules/car-wash/module.toml") == "# edited by a trainer\n");
}
