// kiosk-author preview's core pieces: the pipe's message format (round trip, arriving in pieces,
// hostile input) and the preview sitting (opening on a scene, and surviving a rebuilt pack).
#include <doctest/doctest.h>

#include "core/control/preview_message.h"
#include "core/control/preview_session.h"
#include "support/counting_uuid.h"
#include "support/pack_builders.h"

using namespace kiosk::core;

namespace {

using test_support::MakeScene;
using test_support::Opt;

// "m": intro -> q (single) -> film (pausing at 00:04 for "asked") -> asked -> end; "warned" has a
// content warning.
PackData MakePack() {
    PackData pack;
    pack.id = "p";
    pack.version = 1;
    pack.languages = {"en", "cy"};
    Module m;
    m.id = "m";
    m.start = "intro";
    Scene q = MakeScene("q", SceneKind::Question, QuestionType::Single);
    q.options = {Opt("a", true), Opt("b")};
    Scene film = MakeScene("film", SceneKind::Film);
    film.video = {{"en", "film/en.mp4"}};
    film.pauses = {{4000, "asked"}};
    Scene asked = MakeScene("asked", SceneKind::Question, QuestionType::TrueFalse);
    asked.options = {Opt("true", true), Opt("false")};
    m.scenes = {MakeScene("intro", SceneKind::Info), q, film, asked, MakeScene("end", SceneKind::End)};
    m.scenes[0].next = "q";
    m.scenes[1].next = "film";
    m.scenes[2].next = "end";
    pack.modules.push_back(m);
    Module warned;
    warned.id = "warned";
    warned.has_content_warning = true;
    warned.start = "only";
    warned.scenes = {MakeScene("only", SceneKind::End)};
    pack.modules.push_back(warned);
    Site site;
    site.id = "s";
    site.languages = {"en", "cy"};
    pack.sites.push_back(site);
    return pack;
}

struct Preview {
    PackData pack = MakePack();
    int uuids = 0;
    SessionConfig config;
    SessionState state;

    Preview() {
        config.pack = &pack;
        config.site = &pack.sites[0];
        config.new_uuid = test_support::CountingUuid;
        config.uuid_context = &uuids;
    }
    void Start(const std::string& module, const std::string& scene) {
        auto started = PreviewStart(config, module, scene, 1000);
        REQUIRE(std::holds_alternative<SessionState>(started));
        state = std::get<SessionState>(std::move(started));
    }
    std::string Scene() const { return CurrentScene(state, config) ? CurrentScene(state, config)->id : ""; }
    // What the app does on a reload: the place read from the old pack, then the new pack swapped in.
    PreviewFound Reload(PackData fresh) {
        PreviewPlace place = PreviewWhere(state, config);
        pack = std::move(fresh);
        config.site = &pack.sites[0];
        PreviewFound found = PreviewFound::Same;
        state = PreviewRestore(std::move(state), config, place, 2000, &found);
        return found;
    }
};

}  // namespace

TEST_CASE("preview message: every field survives the trip - in pieces of any size") {
    PreviewUpdate update;
    update.changed = "modules/m/module.toml";
    update.changed_ns = 1'000'000'123;
    update.build_ns = 1'050'000'000;
    update.sent_ns = 1'060'000'000;
    update.errors.push_back(PreviewError{"c/modules/m/module.toml:3:9: error[E001]: no closing quote",
                                         "text = \"abc\tdef", 8, 1, {"c/x.toml:1:1: note: here"}});
    update.errors.push_back(PreviewError{"c/pack.toml: error[E005]: cannot read\nthe file", {}, 0, 0, {}});
    const std::string wire = FormatPreviewUpdate(update);
    CHECK(wire.find("the file") != std::string::npos);
    CHECK(wire.find("read\nthe") == std::string::npos);  // a line break in a value would split the message

    for (std::size_t piece : {wire.size(), std::size_t{1}, std::size_t{7}}) {
        PreviewUpdateReader reader;
        std::vector<PreviewUpdate> got;
        for (std::size_t at = 0; at < wire.size(); at += piece) {
            for (auto& u : reader.Feed(std::string_view(wire).substr(at, piece))) got.push_back(std::move(u));
        }
        CHECK(reader.Error().empty());
        REQUIRE(got.size() == 1);
        CHECK(got[0].changed == update.changed);
        CHECK(got[0].changed_ns == update.changed_ns);
        CHECK(got[0].build_ns == update.build_ns);
        CHECK(got[0].sent_ns == update.sent_ns);
        CHECK(got[0].pack.empty());
        REQUIRE(got[0].errors.size() == 2);
        CHECK(got[0].errors[0].headline == update.errors[0].headline);
        CHECK(got[0].errors[0].source_line == "text = \"abc\tdef");
        CHECK(got[0].errors[0].column == 8);
        CHECK(got[0].errors[0].length == 1);
        CHECK(got[0].errors[0].notes == update.errors[0].notes);
        CHECK(got[0].errors[1].headline == "c/pack.toml: error[E005]: cannot read the file");
    }

    PreviewUpdate good;
    good.pack = "/tmp/kiosk-preview-x/preview-2.pack";
    PreviewUpdateReader reader;
    auto two = reader.Feed(FormatPreviewUpdate(good) + FormatPreviewUpdate(update));
    REQUIRE(two.size() == 2);
    CHECK(two[0].pack == good.pack);
    CHECK(two[0].errors.empty());
    CHECK(two[1].errors.size() == 2);
}

TEST_CASE("preview message: unknown keys are skipped - bad values and endless lines stop the stream") {
    PreviewUpdateReader reader;
    auto got = reader.Feed("colour blue\npack /p.pack\nend\n");
    REQUIRE(got.size() == 1);
    CHECK(got[0].pack == "/p.pack");
    CHECK(reader.Error().empty());

    PreviewUpdateReader bad_times;
    CHECK(bad_times.Feed("times 1 two 3\nend\n").empty());
    CHECK(bad_times.Error().find("bad times") != std::string::npos);
    CHECK(bad_times.Feed("pack /p.pack\nend\n").empty());  // a bad stream stays bad

    PreviewUpdateReader orphan;
    orphan.Feed("span 3 1\nend\n");
    CHECK(orphan.Error().find("before any error") != std::string::npos);

    PreviewUpdateReader bad_span;
    bad_span.Feed("error x\nsource y\nspan 0 -4\n");
    CHECK(bad_span.Error().find("bad span") != std::string::npos);

    PreviewUpdateReader endless;
    endless.Feed(std::string(kPreviewMaxLine / 2, 'x'));
    CHECK(endless.Error().empty());
    endless.Feed(std::string(kPreviewMaxLine, 'x'));
    CHECK_FALSE(endless.Error().empty());
}

TEST_CASE("a preview opens on its scene - past the attract screen - about you and the content warning") {
    Preview p;
    p.Start("m", "q");
    CHECK(p.state.screen == Screen::Scene);
    CHECK(p.Scene() == "q");
    REQUIRE(p.state.sitting);
    CHECK(p.state.sitting->role == "other");
    CHECK(p.state.sitting->staff_hash.empty());
    CHECK(p.state.run->points_possible == 1);

    p.Start("m", "");
    CHECK(p.Scene() == "intro");  // the module's start
    p.Start("warned", "");
    CHECK(p.state.screen == Screen::Scene);
    CHECK(p.Scene() == "only");

    auto no_module = PreviewStart(p.config, "nope", "", 0);
    REQUIRE(std::holds_alternative<std::string>(no_module));
    CHECK(std::get<std::string>(no_module) == "no module 'nope' in the pack; its modules are: m, warned");
    auto no_scene = PreviewStart(p.config, "m", "nope", 0);
    REQUIRE(std::holds_alternative<std::string>(no_scene));
    CHECK(std::get<std::string>(no_scene) == "no scene 'nope' in module 'm'; its scenes are: intro, q, film, asked, end");
}

TEST_CASE("a preview of a film's question opens with the film waiting behind it") {
    Preview p;
    p.Start("m", "asked");
    CHECK(p.Scene() == "asked");
    REQUIRE(p.state.run->film_scene);
    CHECK(*p.state.run->film_scene == 2);
    CHECK(p.state.run->film.position_ms == 4000);
    CHECK_FALSE(p.state.run->film.playing);
    p.state = Apply(std::move(p.state), intent::ToggleOption{0}, 1000, p.config);
    p.state = Apply(std::move(p.state), intent::Submit{}, 1000, p.config);
    p.state = Apply(std::move(p.state), intent::Continue{}, 1000, p.config);
    CHECK(p.Scene() == "film");  // back to the film, as during a real sitting
    CHECK(p.state.run->film.playing);
}

TEST_CASE("a reload keeps the scene by id - and the answer in progress only if its options are the same") {
    Preview p;
    p.Start("m", "q");
    p.state = Apply(std::move(p.state), intent::ToggleOption{1}, 1500, p.config);
    p.state.run->variables["seen"] = true;
    p.state.language = "cy";

    // Scenes reordered and text changed: still on "q", with option b still selected.
    PackData moved = MakePack();
    std::swap(moved.modules[0].scenes[0], moved.modules[0].scenes[3]);
    moved.strings["m/q/prompt"]["en"] = {"New words", false};
    CHECK(p.Reload(moved) == PreviewFound::Same);
    CHECK(p.Scene() == "q");
    CHECK(p.state.run->progress.selected == std::vector<int>{1});
    CHECK(p.state.run->variables.count("seen") == 1);
    CHECK(p.state.language == "cy");

    // An option added: the selection (by index) could now mean another option, so it goes.
    PackData more = MakePack();
    more.modules[0].scenes[1].options.insert(more.modules[0].scenes[1].options.begin(), Opt("new"));
    CHECK(p.Reload(more) == PreviewFound::Same);
    CHECK(p.Scene() == "q");
    CHECK(p.state.run->progress.selected.empty());

    // Welsh dropped from the site: back to its first language.
    PackData english = MakePack();
    english.sites[0].languages = {"en"};
    p.Reload(english);
    CHECK(p.state.language == "en");
}

TEST_CASE("a reload without the scene opens the module start - without the module the menu") {
    Preview p;
    p.Start("m", "q");
    PackData renamed = MakePack();
    renamed.modules[0].scenes[1].id = "question";
    renamed.modules[0].scenes[0].next = "question";
    CHECK(p.Reload(renamed) == PreviewFound::SceneGone);
    CHECK(p.state.screen == Screen::Scene);
    CHECK(p.Scene() == "intro");

    PackData gone = MakePack();
    gone.modules.erase(gone.modules.begin());
    CHECK(p.Reload(gone) == PreviewFound::ModuleGone);
    CHECK(p.state.screen == Screen::Menu);
    CHECK_FALSE(p.state.run);
    REQUIRE(p.state.sitting);  // still the same sitting: the trainer can open another module
}

TEST_CASE("a reload on a film carries on from where the film was") {
    Preview p;
    p.Start("m", "film");
    p.state.run->film.position_ms = p.state.run->film.watched_ms = 2500;
    p.state.run->film.playing = true;
    CHECK(p.Reload(MakePack()) == PreviewFound::Same);
    CHECK(p.Scene() == "film");
    CHECK(p.state.run->film.position_ms == 2500);
    CHECK(p.state.run->film.playing);
}
