// Real touch (issue 18): finger events pushed onto SDL's own event queue and read back with
// SDL_PollEvent, as the kiosk's loop reads a touchscreen, through the kiosk's Input into its real
// screens. A tap; a second finger that is not a second tap; a palm that is no tap at all; a drag that
// scrolls without pressing what it started on; a flick that carries on and stops; a long press for admin.
#include <doctest/doctest.h>

#include <SDL.h>

#include "../ui/ui_screen.h"
#include "platform/input.h"

using namespace kiosk;

namespace {

constexpr int kW = 1280, kH = 720;

// SDL with its event queue only (no window is needed to push and poll events).
struct Glass {
    Glass() { REQUIRE(SDL_Init(SDL_INIT_EVENTS) == 0); }
    ~Glass() { SDL_Quit(); }
    Glass(const Glass&) = delete;
    Glass& operator=(const Glass&) = delete;

    // A finger event as a touchscreen's driver delivers it: normalised position, its own finger id.
    static void Finger(Uint32 type, SDL_FingerID finger, ImVec2 at) {
        SDL_Event event = platform::SyntheticTouch(type, at.x, at.y, kW, kH);
        event.tfinger.touchId = 7;  // a touchscreen, not the scripted taps' id
        event.tfinger.fingerId = finger;
        REQUIRE(SDL_PushEvent(&event) == 1);
    }
};

// The kiosk's screens on a 1280x720 touchscreen, fed from the queue.
struct Kiosk {
    Glass glass;
    ui_test::Screen screen;
    platform::Input input;

    Kiosk() {
        ImGui::GetIO().DisplaySize = ImVec2(kW, kH);
        screen.Draw();
    }
    // Everything waiting on the queue, then frames until every press and release has had its own (as
    // the app's loop draws while Input::NeedsFrame), and one more so the screen shows the outcome.
    void Pump() {
        SDL_Event event;
        while (SDL_PollEvent(&event)) input.HandleEvent(event, kW, kH);
        for (int frame = 0; frame < 32 && input.NeedsFrame(); ++frame) Frame();
        Frame();
    }
    void Frame() {
        input.ApplyToImGui();
        screen.Draw();
    }
    ImVec2 Centre(const std::string& id) const {
        const ui::WidgetRect* w = ui::FindWidget(id);
        REQUIRE_MESSAGE(w != nullptr, "no widget ", id);
        return ImVec2((w->min.x + w->max.x) / 2, (w->min.y + w->max.y) / 2);
    }
    void Tap(const std::string& id, SDL_FingerID finger = 1) {
        const ImVec2 at = Centre(id);
        Glass::Finger(SDL_FINGERDOWN, finger, at);
        Glass::Finger(SDL_FINGERUP, finger, at);
        Pump();
    }
    template <typename T>
    int Count() const {
        int n = 0;
        for (const core::Intent& intent : screen.last) n += std::holds_alternative<T>(intent);
        return n;
    }
    int Scrolled() const {
        const ui::WidgetRect* area = ui::FindWidget("scroll.scene");
        REQUIRE(area != nullptr);
        return std::stoi(area->label);
    }
    // The test pack's long question at the largest text size: far taller than the screen (reached with
    // the UI tests' taps; the touches under test come after).
    void OpenLongQuestion() { screen.OpenLongQuestion(); }
};

}  // namespace

TEST_CASE("touch: a tap through SDL's event queue starts a sitting and presses a button once") {
    Kiosk k;
    k.Tap("attract.start");
    CHECK(k.screen.state.screen == core::Screen::AboutYou);
    k.Tap("role.police");
    CHECK(k.screen.state.sitting->role == "police");
    CHECK(k.Count<core::intent::PickRole>() == 1);
}

TEST_CASE("touch: a second finger while the first is down is not a second tap") {
    Kiosk k;
    k.Tap("attract.start");
    const ImVec2 police = k.Centre("role.police"), health = k.Centre("role.health");
    Glass::Finger(SDL_FINGERDOWN, 1, police);
    Glass::Finger(SDL_FINGERDOWN, 2, health);
    Glass::Finger(SDL_FINGERUP, 2, health);
    Glass::Finger(SDL_FINGERUP, 1, police);
    k.Pump();
    CHECK(k.screen.state.sitting->role == "police");
    CHECK(k.Count<core::intent::PickRole>() == 1);
}

TEST_CASE("touch: a palm on the glass presses nothing - and the next tap works") {
    Kiosk k;
    k.Tap("attract.start");
    const ImVec2 police = k.Centre("role.police");
    // The heel of a hand: four contacts landing together around the first, lifting in another order.
    Glass::Finger(SDL_FINGERDOWN, 1, police);
    Glass::Finger(SDL_FINGERDOWN, 2, ImVec2(police.x + 60, police.y + 20));
    Glass::Finger(SDL_FINGERDOWN, 3, ImVec2(police.x + 90, police.y + 70));
    Glass::Finger(SDL_FINGERDOWN, 4, ImVec2(police.x + 30, police.y + 110));
    Glass::Finger(SDL_FINGERUP, 3, ImVec2(police.x + 90, police.y + 70));
    Glass::Finger(SDL_FINGERUP, 1, police);
    Glass::Finger(SDL_FINGERUP, 4, ImVec2(police.x + 30, police.y + 110));
    Glass::Finger(SDL_FINGERUP, 2, ImVec2(police.x + 60, police.y + 20));
    k.Pump();
    CHECK(k.screen.state.sitting->role.empty());
    CHECK(k.Count<core::intent::PickRole>() == 0);
    k.Tap("role.health", 5);
    CHECK(k.screen.state.sitting->role == "health");
}

TEST_CASE("touch: a palm whose finger-up events were lost does not leave the kiosk deaf - the next tap works") {
    Kiosk k;
    k.Tap("attract.start");
    // The touchscreen's driver says no finger is on the glass: the three ups below never arrive.
    k.input.SetFingerQuery([](SDL_TouchID touch) -> std::optional<std::set<SDL_FingerID>> {
        if (touch != 7) return std::nullopt;
        return std::set<SDL_FingerID>{};
    });
    // Fed straight to Input with the driver's times (SDL_PushEvent would stamp its own).
    auto finger = [&](Uint32 type, SDL_FingerID id, ImVec2 at, Uint32 ms) {
        SDL_Event event = platform::SyntheticTouch(type, at.x, at.y, kW, kH);
        event.tfinger.touchId = 7;
        event.tfinger.fingerId = id;
        event.tfinger.timestamp = ms;
        k.input.HandleEvent(event, kW, kH);
        k.Pump();
    };
    const ImVec2 police = k.Centre("role.police"), health = k.Centre("role.health");
    for (SDL_FingerID id : {1, 2, 3}) finger(SDL_FINGERDOWN, id, ImVec2(police.x + 40.0f * id, police.y), 1000);
    // Four seconds on they may only be resting: still a palm, so a tap does nothing.
    finger(SDL_FINGERDOWN, 4, health, 5000);
    finger(SDL_FINGERUP, 4, health, 5100);
    CHECK(k.screen.state.sitting->role.empty());
    // Silent for longer than kLostFingerMs and not on the glass: forgotten, and the next tap is a tap.
    finger(SDL_FINGERDOWN, 5, health, 1000 + platform::kLostFingerMs + 500);
    finger(SDL_FINGERUP, 5, health, 1000 + platform::kLostFingerMs + 600);
    CHECK(k.screen.state.sitting->role == "health");
    CHECK(k.Count<core::intent::PickRole>() == 1);
}

TEST_CASE("touch: the kiosk losing focus with a finger down presses nothing - and the next tap works") {
    Kiosk k;
    k.Tap("attract.start");
    Glass::Finger(SDL_FINGERDOWN, 1, k.Centre("role.police"));
    SDL_Event focus{};
    focus.type = SDL_WINDOWEVENT;
    focus.window.event = SDL_WINDOWEVENT_FOCUS_LOST;
    REQUIRE(SDL_PushEvent(&focus) == 1);
    Glass::Finger(SDL_FINGERUP, 1, k.Centre("role.police"));  // lifted while the window had no focus
    k.Pump();
    CHECK(k.screen.state.sitting->role.empty());
    k.Tap("role.health", 2);
    CHECK(k.screen.state.sitting->role == "health");
}

TEST_CASE("touch: a drag scrolls the page and does not press the answer it started on") {
    Kiosk k;
    k.OpenLongQuestion();
    const int toggles = k.Count<core::intent::ToggleOption>();
    REQUIRE(k.Scrolled() == 0);
    // Start on whatever answer is in sight, else on the question's words.
    ImVec2 at = ui::FindWidget("quiz.option.0") ? k.Centre("quiz.option.0") : k.Centre("scroll.scene");
    Glass::Finger(SDL_FINGERDOWN, 1, at);
    k.Pump();
    for (int step = 0; step < 10; ++step) {  // slowly, 30 px a frame: a drag, not a flick
        at.y -= 15;
        Glass::Finger(SDL_FINGERMOTION, 1, at);
        k.Pump();
    }
    for (int still = 0; still < 6; ++still) k.Pump();  // the finger rests: the page stops with it
    Glass::Finger(SDL_FINGERUP, 1, at);
    k.Pump();
    CHECK(k.Scrolled() >= 100);
    CHECK(k.Count<core::intent::ToggleOption>() == toggles);
}

TEST_CASE("touch: a flick carries the page on after the finger lifts and then it stops") {
    Kiosk k;
    k.OpenLongQuestion();
    ImVec2 at = k.Centre("scroll.scene");
    Glass::Finger(SDL_FINGERDOWN, 1, at);
    k.Pump();
    for (int step = 0; step < 4; ++step) {  // 60 px a frame at 60 frames a second: 3,600 px/s
        at.y -= 60;
        Glass::Finger(SDL_FINGERMOTION, 1, at);
        k.Pump();
    }
    Glass::Finger(SDL_FINGERUP, 1, at);
    k.Pump();
    const int lifted = k.Scrolled();
    int frames = 0, last = lifted;
    while (ui::ScrollMoving() && frames < 600) {
        k.Frame();
        ++frames;
        CHECK(k.Scrolled() >= last);  // never back
        last = k.Scrolled();
    }
    CHECK(last > lifted + 50);  // it carried on
    CHECK(frames < 600);        // and stopped
}

TEST_CASE("touch: a long press on the corner opens the admin pad and a short one does not") {
    Kiosk k;
    struct Gate {
        static core::AdminGateState Status(void*) { return core::AdminGateState{true, false, 0, 0}; }
        static core::AdminGateState Try(void*, const std::string&) { return Status(nullptr); }
    };
    k.screen.config.admin_status = Gate::Status;
    k.screen.config.admin_try = Gate::Try;
    const ImVec2 corner = k.Centre("admin.corner");
    auto press = [&](core::TimeMs ms) {
        Glass::Finger(SDL_FINGERDOWN, 1, corner);
        k.Pump();
        k.screen.now += ms;  // the finger rests; the session clock moves on
        Glass::Finger(SDL_FINGERUP, 1, corner);
        k.Pump();
    };
    press(1000);
    CHECK(k.screen.state.screen == core::Screen::Attract);
    press(3000);
    CHECK(k.screen.state.screen == core::Screen::AdminPin);
}
