// Screens that fit the kiosks they run on (issue 18): at the common kiosk touchscreen sizes, every
// control a learner needs on the about-you screen (each role, every keypad key, Continue, Leave) is
// on screen whole, with no scrolling, and no touch target is smaller than GOV.UK's 44 pixels.
#include <doctest/doctest.h>

#include "ui_screen.h"

using namespace kiosk;
using namespace ui_test;

namespace {

struct Size {
    float w, h;
};
// 1280x720, 1280x800, 1366x768, 1920x1080, and 1080x1920 portrait.
constexpr Size kKioskSizes[] = {{1280, 720}, {1280, 800}, {1366, 768}, {1920, 1080}, {1080, 1920}};

}  // namespace

TEST_CASE("about you: every role and keypad key and Continue are on screen whole at each kiosk size") {
    Screen s;
    s.Tap("attract.start");
    REQUIRE(s.state.screen == core::Screen::AboutYou);
    for (Size size : kKioskSizes) {
        CAPTURE(size.w);
        CAPTURE(size.h);
        ImGui::GetIO().DisplaySize = ImVec2(size.w, size.h);
        for (int frame = 0; frame < 3; ++frame) s.Draw();
        std::vector<std::string> needed = {"about.continue", "nav.leave", "keypad.backspace"};
        for (char c = '0'; c <= '9'; ++c) needed.push_back(std::string("keypad.digit.") + c);
        for (const std::string& role : core::RoleCategories()) needed.push_back("role." + role);
        for (const std::string& id : needed) {
            CAPTURE(id);
            const ui::WidgetRect* w = ui::FindWidget(id);
            REQUIRE_MESSAGE(w != nullptr, "below the fold");
            CHECK_FALSE(w->clipped);
            CHECK(w->max.x <= size.w);
            CHECK(w->max.y <= size.h);
            CHECK(w->max.y - w->min.y >= 44.0f);
            CHECK(w->max.x - w->min.x >= 44.0f);
        }
        // The partnership's name in the top bar is inside it and clear of the buttons: at 1080 wide it was
        // cut off mid-word. It takes two lines where it must, and where even two are not enough (this
        // pack's long name beside three buttons in portrait) it ends in "..." rather than mid-letter.
        const ui::WidgetRect* name = ui::FindWidget("chrome.partnership");
        const ui::WidgetRect* bar = ui::FindWidget("chrome.top-bar");
        const ui::WidgetRect* display = ui::FindWidget("a11y.open");
        REQUIRE(name != nullptr);
        REQUIRE(bar != nullptr);
        REQUIRE(display != nullptr);
        CHECK(name->max.y <= bar->max.y);
        CHECK(name->max.x <= display->min.x);
        const std::string full = "Greater Manchester Modern Slavery Partnership (sample)";
        if (size.w >= 1280) CHECK(name->label == full);
        else CHECK((name->label == full || name->label.rfind("...") == name->label.size() - 3));
    }
}
