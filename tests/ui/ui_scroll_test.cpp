// Scrolling by touch (issue 18): a "More below" button a finger can use while content lies below the
// fold, which goes when the end is reached; a flick that keeps moving after the finger lifts and then
// stops; a new page that opens at its top. On the UI tests' screen (ui_screen.h), at the largest text
// size, where the question does not fit.
#include <doctest/doctest.h>

#include "ui_screen.h"

using namespace kiosk;
using namespace ui_test;

namespace {

// How far the scene's content is scrolled, in pixels (the area's label).
int Scrolled() {
    const ui::WidgetRect* area = ui::FindWidget("scroll.scene");
    REQUIRE(area != nullptr);
    return std::stoi(area->label);
}

}  // namespace

TEST_CASE("more below: a finger-sized button scrolls down a page at a time and goes at the end") {
    Screen s;
    s.OpenLongQuestion();
    // The area keeps a strip for the button once it has found more below two frames running (ImGui
    // measures content a frame late).
    for (int frame = 0; frame < 4; ++frame) s.Draw();
    const ui::WidgetRect* more = ui::FindWidget("scroll.more");
    REQUIRE(more != nullptr);
    CHECK(more->max.y - more->min.y >= 72.0f);  // kMinTouch
    CHECK_FALSE(more->clipped);
    CHECK(more->max.y <= 720.0f);
    // It does not cover the action bar's buttons.
    if (const ui::WidgetRect* submit = ui::FindWidget("quiz.submit")) CHECK((more->max.y <= submit->min.y || more->min.y >= submit->max.y));
    int taps = 0;
    while (s.Has("scroll.more") && taps < 10) {
        int before = Scrolled();
        s.Tap("scroll.more");
        s.Draw();  // ImGui scrolls on the frame after it is asked
        CHECK(Scrolled() > before);  // the page moved up
        ++taps;
    }
    CHECK(taps >= 1);
    CHECK_FALSE(s.Has("scroll.more"));  // at the end it is gone
    const ui::WidgetRect* last = ui::FindWidget("quiz.option.2");
    REQUIRE(last != nullptr);
    CHECK_FALSE(last->clipped);
    CHECK(s.state.run->progress.selected.empty());  // scrolling chose nothing
}

TEST_CASE("more below: the button stays until the last line of the page is in sight") {
    Screen s;
    s.OpenLongQuestion();
    // Answered: the options' feedback and the explanation under them make the page longer still.
    for (const core::Intent& intent : {core::Intent(core::intent::ToggleOption{0}), core::Intent(core::intent::Submit{})})
        s.state = core::Apply(std::move(s.state), intent, s.now, s.config);
    for (int frame = 0; frame < 4; ++frame) s.Draw();
    for (int taps = 0; s.Has("scroll.more") && taps < 20; ++taps) {
        s.Tap("scroll.more");
        s.Draw();
    }
    for (int frame = 0; frame < 4; ++frame) s.Draw();
    REQUIRE_FALSE(s.Has("scroll.more"));
    // The explanation's last line is drawn, and whole inside the page's area (it was hidden under the
    // strip the button had left, with nothing to say more lay below).
    const ui::WidgetRect* area = ui::FindWidget("scroll.scene");
    REQUIRE(area != nullptr);
    bool found = false;
    for (const ui::DrawnRun& run : ui::DrawnRuns(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts)) {
        if (run.text.find("reachable.") == std::string::npos) continue;
        found = true;
        CHECK(run.max.y <= area->max.y);
        CHECK(run.max.y - run.min.y >= 20.0f);  // the whole line, not a sliver of it
    }
    CHECK(found);

    // Back up a little, slowly (no flick): a line or two is out of sight again, less than the strip is
    // tall. The button must be back: judged as if the strip were not there, it stayed away.
    const int end = Scrolled();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(640, 300);
    io.MouseDown[0] = true;
    s.Draw();
    for (int step = 1; step <= 35; ++step) {
        io.MousePos = ImVec2(640, 300 + 2.0f * step);
        s.Draw();
    }
    for (int still = 0; still < 12; ++still) s.Draw();
    io.MouseDown[0] = false;
    for (int frame = 0; frame < 6; ++frame) s.Draw();
    CHECK(end - Scrolled() >= 40);
    CHECK(end - Scrolled() <= 70);
    CHECK(s.Has("scroll.more"));
}

TEST_CASE("a flick keeps the page moving after the finger lifts and then it stops") {
    Screen s;
    s.OpenLongQuestion();
    for (int frame = 0; frame < 4; ++frame) s.Draw();
    // A quick upward flick in the content: 120 pixels in a tenth of a second, then the finger lifts.
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(640, 450);
    io.MouseDown[0] = true;
    s.Draw();
    for (int step = 1; step <= 6; ++step) {
        io.MousePos = ImVec2(640, 450 - 20.0f * step);
        s.Draw();
    }
    io.MouseDown[0] = false;
    s.Draw();
    s.Draw();
    int lifted = Scrolled();
    for (int frame = 0; frame < 5; ++frame) s.Draw();
    int after = Scrolled();
    CHECK(after > lifted);  // still moving
    for (int frame = 0; frame < 120; ++frame) s.Draw();
    int settled = Scrolled();
    s.Draw();
    s.Draw();
    CHECK(Scrolled() == settled);  // and stopped
    CHECK(s.state.run->progress.selected.empty());  // a flick is not a tap
}

TEST_CASE("a page keeps its place at its end and while the learner answers - and the next page opens at its top") {
    Screen s;
    s.OpenLongQuestion();
    for (int frame = 0; frame < 4; ++frame) s.Draw();
    while (s.Has("scroll.more")) {  // down to the answers
        s.Tap("scroll.more");
        s.Draw();
    }
    // The button has gone and the page stays where it is: it used to jump down by the button's strip a
    // frame later, and a tap on an answer at the top edge then landed on nothing.
    const int at_end = Scrolled();
    CHECK(at_end > 0);
    s.Draw();
    s.Draw();
    CHECK(Scrolled() == at_end);
    s.Tap("quiz.option.0");
    CHECK(s.state.run->progress.selected == std::vector<int>{0});
    s.Tap("quiz.submit");
    REQUIRE(s.state.run->progress.submitted);
    CHECK(Scrolled() > 0);  // checking the answer did not jump to the top
    // Every scene is drawn in the same scroll area: the next one must not open where this one was.
    s.Tap("nav.continue");
    REQUIRE(s.state.run->scene_index == 2);
    CHECK(ui::ScrollMoving());  // the app draws again, and ImGui scrolls on the frame after it is asked
    s.Draw();
    CHECK(Scrolled() == 0);
}
