// The screens driven by taps on widget ids, with real ImGui and real fonts but no GPU: ImGui builds its
// draw lists without a renderer, so what a learner could tap, and what each tap does, is testable here.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include <imgui.h>

#include "core/session/session.h"
#include "ui/drawn_text.h"
#include "ui/ui.h"
#include "ui_screen.h"

using namespace kiosk;
using namespace ui_test;

TEST_CASE("a whole sitting can be taken by tapping: attract - about you - menu - question - end - finish") {
    Screen s;
    CHECK(s.state.screen == core::Screen::Attract);
    s.Tap("attract.start");
    CHECK(s.state.screen == core::Screen::AboutYou);
    CHECK_FALSE(s.Enabled("about.continue"));  // a role is required
    s.Tap("role.health");
    CHECK(s.state.sitting->role == "health");
    s.Tap("keypad.digit.4");
    s.Tap("keypad.digit.2");
    CHECK(s.state.sitting->keypad == "42");
    s.Tap("keypad.backspace");
    CHECK(s.state.sitting->keypad == "4");
    CHECK(s.Enabled("about.continue"));
    s.Tap("about.continue");
    CHECK(s.state.screen == core::Screen::Menu);
    CHECK(s.state.sitting->staff_hash == "hashed");
    s.Tap("menu.module.spot");
    CHECK(s.state.screen == core::Screen::Scene);
    s.Tap("nav.continue");
    CHECK(core::CurrentScene(s.state, s.config)->id == "q");
    CHECK_FALSE(s.Enabled("quiz.submit"));  // nothing selected yet
    CHECK_FALSE(s.Has("nav.continue"));     // cannot skip the question
    s.Tap("quiz.option.0");
    s.Tap("quiz.option.2");
    CHECK(s.Enabled("quiz.submit"));
    s.Tap("quiz.submit");
    CHECK(s.state.run->progress.submitted);
    CHECK(s.state.run->progress.correct);
    s.Tap("nav.continue");
    REQUIRE(s.state.run->result);
    CHECK(s.state.run->result->passed);
    s.Tap("nav.continue");
    CHECK(s.state.screen == core::Screen::Menu);
    s.Tap("menu.finish");
    CHECK(s.state.screen == core::Screen::Attract);
    CHECK_FALSE(s.state.sitting.has_value());
}

TEST_CASE("Leave and the display button are on every screen after the attract screen") {
    Screen s;
    CHECK(s.Has("a11y.open"));
    CHECK_FALSE(s.Has("nav.leave"));
    s.Tap("attract.start");
    CHECK(s.Has("nav.leave"));
    CHECK(s.Has("a11y.open"));
    s.Tap("nav.leave");
    CHECK(s.state.screen == core::Screen::Leaving);
    CHECK(s.Has("leave.done"));
    s.Tap("leave.done");
    CHECK(s.state.screen == core::Screen::Attract);
}

TEST_CASE("the idle overlay covers the screen: only 'I'm still here' can be tapped") {
    Screen s;
    s.Tap("attract.start");
    s.now += 95'000;
    s.state = core::Apply(std::move(s.state), core::intent::Tick{}, s.now, s.config);
    s.Draw();
    REQUIRE(s.state.idle_warning);
    CHECK(s.Has("idle.still-here"));
    CHECK_FALSE(s.Has("role.health"));
    CHECK_FALSE(s.Has("nav.leave"));
    s.Tap("idle.still-here");
    CHECK_FALSE(s.state.idle_warning);
    CHECK(s.Has("role.health"));
}

// Everything the last frame drew, read back from the draw data (what scripted 'dump-text' writes).
std::string ScreenText() {
    std::string all;
    for (const std::string& run : ui::DrawnText(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts)) all += run + "\n";
    return all;
}

TEST_CASE("drawn text: the keypad's display - labels - headings - and the digits gone once deleted") {
    Screen s;
    s.Tap("attract.start");
    s.Tap("role.health");
    for (char d : std::string("4711")) s.Tap(std::string("keypad.digit.") + d);
    std::string text = ScreenText();
    CHECK(text.find("\n4711\n") != std::string::npos);  // the keypad draws it with a raw AddText
    CHECK(text.find("Continue") != std::string::npos);   // a button label
    CHECK(text.find("About you") != std::string::npos);  // a heading (another font)
    for (int i = 0; i < 4; ++i) s.Tap("keypad.backspace");
    text = ScreenText();
    CHECK(text.find("4711") == std::string::npos);
    CHECK(text.find("471") == std::string::npos);
    CHECK(text.find("Continue") != std::string::npos);
}

TEST_CASE("drawn text: words keep their spaces - any font size - and clipped-away text is not on screen") {
    Screen s;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 400));
    ImGui::Begin("probe", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::TextUnformatted("Spot the signs");
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddText(io.Fonts->Fonts[1], 90.0f, ImVec2(10, 100), IM_COL32_WHITE, "Big 8675309");
    draw->AddText(ImVec2(2500, 100), IM_COL32_WHITE, "offscreen 1234");  // beyond the 1920-wide display
    draw->PushClipRect(ImVec2(0, 300), ImVec2(10, 310));
    draw->AddText(ImVec2(100, 300), IM_COL32_WHITE, "scissored 5678");   // right of its clip rectangle
    draw->PopClipRect();
    ImGui::End();
    ImGui::Render();
    std::vector<std::string> runs = ui::DrawnText(*ImGui::GetDrawData(), *io.Fonts);
    CHECK(std::find(runs.begin(), runs.end(), "Spot the signs") != runs.end());
    CHECK(std::find(runs.begin(), runs.end(), "Big 8675309") != runs.end());
    std::string all = ScreenText();
    CHECK(all.find("offscreen") == std::string::npos);
    CHECK(all.find("1234") == std::string::npos);
    CHECK(all.find("5678") == std::string::npos);
}

TEST_CASE("attract on a 1280x720 screen: the call to action is below the fact and wholly on screen") {
    Screen s;
    // The sample content's longest kind of fact: two lines of text and two of source at 1280 wide.
    s.pack.facts.push_back({"https://www.gov.uk/"});
    s.pack.strings[core::FactKey(0, "text")]["en"] = {
        "In 2025, 23,411 people in the UK were referred as potential victims of modern slavery. That is the highest number ever.", false};
    s.pack.strings[core::FactKey(0, "source")]["en"] = {
        "Home Office: Modern Slavery NRM and DtN statistics, end of year summary 2025 (published 19 February 2026)", false};
    s.state.accessibility.text_size = 2;  // a size up from the default, with dyslexia spacing
    s.state.accessibility.calm_spacing = true;
    ui::ApplyTheme(s.state.accessibility);
    ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
    s.Draw();
    s.Draw();  // the text block's height is measured in one frame and used in the next, as in the kiosk
    const ui::WidgetRect* call = ui::FindWidget("attract.call");
    REQUIRE(call != nullptr);
    CHECK(call->max.y <= 720.0f);
    std::string text = ScreenText();
    const std::size_t source = text.find("(published 19 February 2026)");
    REQUIRE(source != std::string::npos);
    CHECK(text.find("Touch the screen to start", source) != std::string::npos);  // drawn after, i.e. below it
    ImGui::GetIO().DisplaySize = ImVec2(1920, 1080);
    s.Draw();
    s.Draw();
    call = ui::FindWidget("attract.call");
    REQUIRE(call != nullptr);
    CHECK(call->min.y >= 1080.0f * 0.6f);  // on a tall screen it keeps its place, two-thirds down
}

TEST_CASE("language switch: the Welsh button changes the interface text") {
    Screen s;
    CHECK(s.Has("lang.cy"));
    s.Tap("lang.cy");
    CHECK(s.state.language == "cy");
    CHECK(s.Has("lang.en"));
    CHECK_FALSE(s.Has("lang.cy"));
}

TEST_CASE("at the largest text size every widget still fits on the screen and is big enough to touch") {
    Screen s;
    s.Tap("a11y.open");
    CHECK(s.state.accessibility_open);
    s.Tap("a11y.size.3");
    s.Tap("a11y.contrast");
    CHECK(s.state.accessibility.text_size == 3);
    CHECK(s.state.accessibility.high_contrast);
    s.Tap("a11y.close");
    s.Tap("attract.start");
    s.Tap("role.social-care");
    s.Tap("about.continue");
    s.Tap("menu.module.spot");
    s.Tap("nav.continue");
    // The question does not fit at this size: dragging scrolls until the last option is in full view.
    for (int i = 0; i < 10; ++i) {
        const ui::WidgetRect* w = ui::FindWidget("quiz.option.2");
        if (w && !w->clipped) break;
        s.Drag(-300.0f);
    }
    CHECK(s.state.run->progress.selected.empty());  // dragging is not tapping
    const ui::WidgetRect* option = ui::FindWidget("quiz.option.2");
    REQUIRE(option);
    CHECK_FALSE(option->clipped);
    // The long option wraps inside its button instead of running off the screen.
    CHECK(option->max.y - option->min.y > ui::kBodySizes[3] * 2);
    for (const auto& w : ui::Widgets()) {
        INFO("widget ", w.id);
        CHECK(w.min.x >= 0.0f);
        CHECK(w.max.x <= 1920.0f);
        CHECK(w.max.y <= 1080.0f);
        if (!w.clipped) CHECK(w.max.y - w.min.y >= 48.0f);
    }
    s.Tap("quiz.option.2");
    CHECK(s.state.run->progress.selected == std::vector<int>{2});
}

namespace {
// The admin gate as the session sees it (the real one is core/admin/admin_gate.h): 24682468 is right, the
// third wrong passcode locks the pad for four minutes.
struct PadGate {
    int failures = 0;
    core::TimeMs locked_for = 0;
};
core::AdminGateState PadStatus(void* g) {
    auto* gate = static_cast<PadGate*>(g);
    return core::AdminGateState{true, false, gate->failures, gate->locked_for};
}
core::AdminGateState PadTry(void* g, const std::string& passcode) {
    auto* gate = static_cast<PadGate*>(g);
    if (passcode == "24682468") return core::AdminGateState{true, true, 0, 0};
    if (++gate->failures == 3) gate->locked_for = 4 * 60'000;
    return PadStatus(g);
}
// Puts `gate` behind the screen's admin corner: the passcode pad asks it for its state and each try.
void UsePadGate(Screen& s, PadGate& gate) {
    s.config.admin_status = PadStatus;
    s.config.admin_try = PadTry;
    s.config.admin_context = &gate;
}
}  // namespace

TEST_CASE("the admin corner opens the passcode pad only after a long press - and the pad shows no digits") {
    Screen s;
    PadGate gate;
    UsePadGate(s, gate);
    s.Tap("admin.corner");
    CHECK(s.state.screen == core::Screen::Attract);
    s.Hold("admin.corner", 1000);
    CHECK(s.state.screen == core::Screen::Attract);
    s.Hold("admin.corner", 3000);
    CHECK(s.state.screen == core::Screen::AdminPin);
    CHECK_FALSE(s.Has("nav.leave"));
    for (char d : std::string("24682468")) s.Tap(std::string("keypad.digit.") + d);
    CHECK(ScreenText().find("24682468") == std::string::npos);
    s.Tap("admin.submit");
    CHECK(s.state.screen == core::Screen::Admin);
    CHECK(s.Has("admin.export"));
    s.Tap("admin.close");
    CHECK(s.state.screen == core::Screen::Attract);
}

TEST_CASE("a locked passcode pad says how long to wait - in plain words - and shows no keys") {
    Screen s;
    PadGate gate;
    UsePadGate(s, gate);
    s.Hold("admin.corner", 3000);
    REQUIRE(s.state.screen == core::Screen::AdminPin);
    for (int i = 0; i < 2; ++i) {
        s.Tap("keypad.digit.1");
        s.Tap("admin.submit");
    }
    s.Draw();
    CHECK(ScreenText().find("That passcode is not right. 1 more try before the pad locks") != std::string::npos);
    s.Tap("keypad.digit.1");
    s.Tap("admin.submit");
    s.Draw();
    CHECK(ScreenText().find("Too many wrong passcodes. Try again in 4 minutes.") != std::string::npos);
    CHECK_FALSE(s.Has("keypad.digit.2"));  // no keys that could do nothing
    CHECK_FALSE(s.Has("admin.submit"));
    CHECK(s.Enabled("admin.close"));
}

TEST_CASE("a film that cannot play shows its transcript - from the captions in the learner's language") {
    Screen s;
    core::Scene film;
    film.id = "film";
    film.kind = core::SceneKind::Film;
    film.captions = {{"en", "modules/spot/film/en.vtt"}, {"cy", "modules/spot/film/cy.vtt"}};
    film.next = "q";
    s.pack.modules[0].scenes.insert(s.pack.modules[0].scenes.begin() + 1, film);
    s.pack.modules[0].scenes[0].next = "film";
    std::vector<std::string> asked;
    s.services.transcript = [&](const std::string& asset) {
        asked.push_back(asset);
        return std::string("Professional curiosity means noticing, asking and not accepting the first answer.");
    };
    s.Tap("lang.cy");
    s.Tap("attract.start");
    s.Tap("role.fire");
    s.Tap("about.continue");
    s.Tap("menu.module.spot");
    s.Tap("nav.continue");
    REQUIRE(core::CurrentScene(s.state, s.config)->id == "film");
    CHECK(asked.empty());  // the film itself is expected until the player says otherwise
    CHECK(s.Has("film.video"));
    // What the app does when libvlc cannot play the film.
    s.state = core::Apply(std::move(s.state), core::intent::FilmFailed{}, s.now, s.config);
    s.Draw();
    REQUIRE_FALSE(asked.empty());
    CHECK(asked.back() == "modules/spot/film/cy.vtt");
    CHECK_FALSE(s.Has("film.video"));
    REQUIRE(s.Has("film.transcript"));
    CHECK(ui::FindWidget("film.transcript")->label.find("noticing, asking") != std::string::npos);
    CHECK(s.Enabled("nav.continue"));  // the module can still be completed without the film
}

TEST_CASE("a film scene: touch controls - captions from the cues at the film's position - chapters ahead locked") {
    Screen s;
    core::Scene film;
    film.id = "film";
    film.kind = core::SceneKind::Film;
    film.must_watch = true;
    film.video = {{"en", "modules/spot/film/en.mp4"}};
    film.captions = {{"en", "modules/spot/film/en.vtt"}};
    film.chapters = {{0}, {30000}};
    film.next = "q";
    s.pack.modules[0].scenes.insert(s.pack.modules[0].scenes.begin() + 1, film);
    s.pack.modules[0].scenes[0].next = "film";
    s.pack.strings["spot/film/chapters/1/title"]["en"] = {"Later on", false};
    core::WebVtt vtt = core::ParseWebVtt("WEBVTT\n\n00:00.000 --> 00:04.000\nShe says she is fine.\n\n"
                                         "00:04.000 --> 00:09.000\nHer manager answers\nfor her.\n");
    REQUIRE(vtt.errors.empty());
    s.services.captions = [&](const std::string& asset) {
        CHECK(asset == "modules/spot/film/en.vtt");
        return &vtt;
    };
    static int frame_marker = 0;
    s.services.film_frame = [] { return ui::Texture{&frame_marker, 1280, 720}; };
    s.Tap("attract.start");
    s.Tap("role.health");
    s.Tap("about.continue");
    s.Tap("menu.module.spot");
    s.Tap("nav.continue");
    REQUIRE(core::CurrentScene(s.state, s.config)->id == "film");

    // At 0 s: the first cue; Continue and the later chapter are locked until the film has been watched.
    REQUIRE(s.Has("film.caption"));
    CHECK(ui::FindWidget("film.caption")->label == "She says she is fine.");
    CHECK_FALSE(s.Enabled("nav.continue"));
    CHECK_FALSE(s.Enabled("film.chapter.1"));
    CHECK(ui::FindWidget("film.chapter.1")->label.find("Later on") != std::string::npos);
    // The picture fills its column at the film's own shape (16:9).
    const ui::WidgetRect* video = ui::FindWidget("film.video");
    REQUIRE(video != nullptr);
    CHECK((video->max.x - video->min.x) / (video->max.y - video->min.y) == doctest::Approx(16.0 / 9.0).epsilon(0.01));
    CHECK(video->max.x - video->min.x >= 0.4f * 1920);  // a real picture, not a thumbnail, at 1080p

    s.Tap("film.play");
    CHECK(s.state.run->film.playing);
    CHECK(s.Has("film.pause"));
    CHECK_FALSE(s.Has("film.play"));
    // The player reports 5 s: the second cue shows, both lines of it.
    s.state = core::Apply(std::move(s.state), core::intent::FilmProgress{5000, 40000, 0}, s.now, s.config);
    s.Draw();
    CHECK(ui::FindWidget("film.caption")->label == "Her manager answers\nfor her.");
    // Tapping the picture pauses, as on any player.
    s.Tap("film.video");
    CHECK_FALSE(s.state.run->film.playing);
    // Captions off: no caption drawn; the choice lasts for this person only.
    s.Tap("film.captions");
    CHECK_FALSE(s.Has("film.caption"));
    s.Tap("film.louder");
    CHECK(s.state.accessibility.volume == 100);
    CHECK_FALSE(s.Enabled("film.louder"));
    s.Tap("film.back");
    CHECK(s.state.run->film.position_ms == 0);
}

TEST_CASE("a hotspot question shows its picture once and taps on a region select that sign") {
    Screen s;
    core::Scene& q = s.pack.modules[0].scenes[1];
    q.question = core::QuestionType::Hotspot;
    q.image = "modules/spot/images/car-wash.png";
    q.options[0].region = core::Rect{10, 10, 100, 80};
    q.options[1].region = core::Rect{200, 10, 100, 80};
    q.options[2].region = core::Rect{10, 200, 100, 80};
    static int texture_marker = 0;
    int image_calls = 0;
    s.services.image = [&](const std::string& path) {
        ++image_calls;
        CHECK(path == "modules/spot/images/car-wash.png");
        return ui::Texture{&texture_marker, 400, 300};
    };
    s.Tap("attract.start");
    s.Tap("role.business");
    s.Tap("about.continue");
    s.Tap("menu.module.spot");
    s.Tap("nav.continue");
    REQUIRE(core::CurrentScene(s.state, s.config)->id == "q");
    image_calls = 0;
    s.Draw();
    CHECK(image_calls == 1);
    // Drawn at its own size, never enlarged (issue 18): region 0 is 100 pixels wide in the picture.
    const ui::WidgetRect* region = ui::FindWidget("hotspot.region.0");
    REQUIRE(region != nullptr);
    CHECK(region->max.x - region->min.x == doctest::Approx(100).epsilon(0.02));
    s.Tap("hotspot.region.2");
    s.Tap("hotspot.region.0");
    CHECK(s.state.run->progress.selected == std::vector<int>{2, 0});
    s.Tap("quiz.submit");
    CHECK(s.state.run->progress.correct);
}
