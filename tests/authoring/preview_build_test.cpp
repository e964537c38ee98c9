// kiosk-author preview without a window: each rebuild writes a fresh pack (old ones removed) or the
// errors the overlay shows, with file:line:col and the source line; and the folder watch reports saves
// (in place, by rename, in new folders) under their real names, never an editor's scratch files.
#include <doctest/doctest.h>

#include <poll.h>

#include <algorithm>

#include "core/pack/pack_io.h"
#include "folder_watch.h"
#include "preview_build.h"
#include "scaffold.h"
#include "temp_content.h"

namespace {

// What the watch reports within `ms` (the events of one save arrive together).
std::vector<std::string> Changes(author::FolderWatch& watch, int ms = 500) {
    std::vector<std::string> all;
    pollfd fd{watch.Fd(), POLLIN, 0};
    while (poll(&fd, 1, all.empty() ? ms : 50) > 0) {
        for (std::string& path : watch.Read()) all.push_back(std::move(path));
    }
    return all;
}

bool Has(const std::vector<std::string>& paths, const std::string& path) {
    return std::find(paths.begin(), paths.end(), path) != paths.end();
}

}  // namespace

TEST_CASE("preview rebuild: a good build is a new pack - errors come with their place - old packs go") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\""));
    REQUIRE(author::CreateModule(tmp.dir, "car-wash", "2026-06-01").empty());
    test::ScratchContent packs;
    author::PreviewBuilder builder(tmp.dir, "c", packs.dir);
    CHECK(builder.LastPack() == nullptr);

    author::PreviewBuild first = builder.Build({"modules/car-wash/module.toml"}, author::SteadyNowNs());
    REQUIRE_MESSAGE(!first.update.pack.empty(), first.report);
    CHECK(first.update.errors.empty());
    CHECK(first.update.changed == "modules/car-wash/module.toml");
    CHECK(first.update.changed_ns <= first.update.build_ns);
    CHECK(first.update.build_ns <= first.update.sent_ns);
    auto read = kiosk::core::ReadPack(first.update.pack, false);
    REQUIRE(std::holds_alternative<kiosk::core::PackData>(read));
    CHECK(std::get<kiosk::core::PackData>(read).modules.at(0).id == "car-wash");
    REQUIRE(builder.LastPack());
    CHECK(builder.LastPack()->modules.at(0).id == "car-wash");

    // The first scene's text loses its closing quote.
    std::string toml = tmp.Read("modules/car-wash/module.toml");
    std::size_t text_at = toml.find("\ntext = \"");
    REQUIRE(text_at != std::string::npos);
    std::size_t end = toml.find('\n', text_at + 1);
    REQUIRE(toml[end - 1] == '"');
    toml.erase(end - 1, 1);
    tmp.Write("modules/car-wash/module.toml", toml);
    const int line = static_cast<int>(std::count(toml.begin(), toml.begin() + static_cast<long>(text_at) + 1, '\n')) + 1;

    author::PreviewBuild broken = builder.Build({"modules/car-wash/module.toml"}, author::SteadyNowNs());
    CHECK(broken.update.pack.empty());
    REQUIRE(broken.update.errors.size() == 1);
    const kiosk::core::PreviewError& error = broken.update.errors[0];
    CHECK(error.headline.rfind("c/modules/car-wash/module.toml:" + std::to_string(line) + ":", 0) == 0);
    CHECK(error.headline.find(": error[E001]: ") != std::string::npos);
    CHECK(error.source_line.rfind("text = \"", 0) == 0);
    CHECK(error.column > 0);
    CHECK(error.length >= 1);
    CHECK(broken.report.find(error.headline) != std::string::npos);  // the terminal says it too
    CHECK(broken.report.find("the preview shows the last version that worked") != std::string::npos);

    toml.insert(end - 1, "\"");
    tmp.Write("modules/car-wash/module.toml", toml);
    author::PreviewBuild second = builder.Build({}, author::SteadyNowNs());
    author::PreviewBuild third = builder.Build({}, author::SteadyNowNs());
    REQUIRE(!third.update.pack.empty());
    CHECK(second.update.pack != third.update.pack);  // never rewritten under a kiosk reading it
    CHECK_FALSE(std::filesystem::exists(first.update.pack));
    CHECK(std::filesystem::exists(second.update.pack));
    CHECK(std::filesystem::exists(third.update.pack));
}

TEST_CASE("folder watch: saves in place and by rename - in new folders - not editors' scratch files") {
    test::ScratchContent tmp;
    tmp.Write("modules/car-wash/module.toml", "id = \"car-wash\"\n");
    auto opened = author::FolderWatch::Open(tmp.dir);
    REQUIRE(std::holds_alternative<author::FolderWatch>(opened));
    author::FolderWatch& watch = std::get<author::FolderWatch>(opened);
    CHECK(watch.Read().empty());  // nothing yet, and no waiting

    tmp.Write("modules/car-wash/module.toml", "id = \"car-wash\"\ntitle = \"x\"\n");
    CHECK(Changes(watch) == std::vector<std::string>{"modules/car-wash/module.toml"});

    // vim and most editors: write a scratch file beside it, rename it over the real one.
    tmp.Write("modules/car-wash/.module.toml.swp", "id = \"car-wash\"\n");
    tmp.Write("modules/car-wash/4913", "");
    std::filesystem::rename(tmp.dir / "modules/car-wash/.module.toml.swp", tmp.dir / "modules/car-wash/module.toml");
    std::filesystem::remove(tmp.dir / "modules/car-wash/4913");
    CHECK(Changes(watch) == std::vector<std::string>{"modules/car-wash/module.toml"});

    // A new module folder with its files: the folder is watched from now on.
    tmp.Write("modules/nail-bar/images/shop.png", "png");
    std::vector<std::string> added = Changes(watch);
    CHECK(Has(added, "modules/nail-bar/images/shop.png"));
    tmp.Write("modules/nail-bar/images/shop.png", "png, changed");
    CHECK(Changes(watch) == std::vector<std::string>{"modules/nail-bar/images/shop.png"});
    tmp.Write("locales/cy/car-wash.po", "msgid \"\"\n");
    CHECK(Has(Changes(watch), "locales/cy/car-wash.po"));

    CHECK(author::FolderWatch::IsScratchName(".module.toml.swp"));
    CHECK(author::FolderWatch::IsScratchName("module.toml~"));
    CHECK(author::FolderWatch::IsScratchName("#module.toml#"));
    CHECK(author::FolderWatch::IsScratchName("4913"));
    CHECK(author::FolderWatch::IsScratchName("film.mp4.part"));
    CHECK_FALSE(author::FolderWatch::IsScratchName("module.toml"));
    CHECK_FALSE(author::FolderWatch::IsScratchName("cy.po"));
}

TEST_CASE("preview marks each text with no translation - in the first language with [English] in front - and only those") {
    kiosk::core::PackData pack;
    pack.languages = {"en", "cy"};
    pack.strings["m/a/text"]["en"] = {"Tell your safeguarding lead.", false};
    pack.strings["m/a/text"]["cy"] = {"Dywedwch wrth eich arweinydd diogelu.", true};
    pack.strings["m/b/text"]["en"] = {"Call 999 in an emergency.", false};
    pack.strings["m/c/title"]["en"] = {"", false};  // nothing to show: nothing to mark
    CHECK(author::MarkUntranslated(pack) == 1);
    CHECK(pack.strings["m/b/text"]["cy"].text == "[English] Call 999 in an emergency.");
    CHECK(pack.strings["m/a/text"]["cy"].text == "Dywedwch wrth eich arweinydd diogelu.");
    CHECK(pack.strings["m/b/text"]["en"].text == "Call 999 in an emergency.");
    CHECK(pack.strings["m/c/title"].count("cy") == 0);

    kiosk::core::PackData english_only;
    english_only.languages = {"en"};
    english_only.strings["m/b/text"]["en"] = {"Call 999 in an emergency.", false};
    CHECK(author::MarkUntranslated(english_only) == 0);
}
