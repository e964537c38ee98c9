// Touch input fed to ImGui: a tap that arrives as one burst (down and up before any frame) still gives
// ImGui a hover frame, a down frame and an up frame, so a real ImGui button fires exactly once. This is
// the path scripted taps take too.
#include <doctest/doctest.h>

#include <imgui.h>

#include "platform/input.h"

namespace {

constexpr int kW = 800, kH = 600;

struct Ui {
    Ui() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(kW, kH);
        io.DeltaTime = 1.0f / 60.0f;
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    }
    ~Ui() { ImGui::DestroyContext(); }

    // One frame with a button at (100,100)-(300,160); returns whether it fired.
    bool Frame(kiosk::platform::Input& input) {
        input.ApplyToImGui();
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(kW, kH));
        ImGui::Begin("w", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::SetCursorScreenPos(ImVec2(100, 100));
        bool fired = ImGui::Button("tap me", ImVec2(200, 60));
        ImGui::End();
        ImGui::Render();
        return fired;
    }
};

}  // namespace

TEST_CASE("a burst tap gives hover - down and up frames and fires the button once") {
    Ui ui;
    kiosk::platform::Input input;
    ui.Frame(input);  // warm-up
    CHECK(input.HandleEvent(kiosk::platform::SyntheticTouch(SDL_FINGERDOWN, 200, 130, kW, kH), kW, kH));
    CHECK(input.HandleEvent(kiosk::platform::SyntheticTouch(SDL_FINGERUP, 200, 130, kW, kH), kW, kH));
    int fired = 0, frames = 0;
    while (input.NeedsFrame() && frames < 10) {
        fired += ui.Frame(input);
        ++frames;
    }
    CHECK(frames == 4);  // hover, down, up, pointer leaves
    CHECK(fired == 1);
    CHECK(ImGui::GetIO().MousePos.x < -1e30f);  // no hover left behind under a lifted finger
    CHECK(ui.Frame(input) == false);
}

TEST_CASE("a tap outside the button does nothing - and a second finger is not a second tap") {
    Ui ui;
    kiosk::platform::Input input;
    ui.Frame(input);
    input.HandleEvent(kiosk::platform::SyntheticTouch(SDL_FINGERDOWN, 500, 500, kW, kH), kW, kH);
    input.HandleEvent(kiosk::platform::SyntheticTouch(SDL_FINGERUP, 500, 500, kW, kH), kW, kH);
    int fired = 0;
    while (input.NeedsFrame()) fired += ui.Frame(input);
    CHECK(fired == 0);

    SDL_Event first = kiosk::platform::SyntheticTouch(SDL_FINGERDOWN, 200, 130, kW, kH);
    SDL_Event second = kiosk::platform::SyntheticTouch(SDL_FINGERDOWN, 500, 500, kW, kH);
    second.tfinger.fingerId = 2;
    SDL_Event second_up = second;
    second_up.type = SDL_FINGERUP;
    input.HandleEvent(first, kW, kH);
    CHECK(input.HandleEvent(second, kW, kH));  // still someone there: counts for the idle timer
    input.HandleEvent(second_up, kW, kH);
    input.HandleEvent(kiosk::platform::SyntheticTouch(SDL_FINGERUP, 200, 130, kW, kH), kW, kH);
    while (input.NeedsFrame()) fired += ui.Frame(input);
    CHECK(fired == 1);
}

TEST_CASE("events that are not learner input say so") {
    kiosk::platform::Input input;
    SDL_Event event{};
    event.type = SDL_WINDOWEVENT;
    event.window.event = SDL_WINDOWEVENT_EXPOSED;
    CHECK_FALSE(input.HandleEvent(event, kW, kH));
    event = SDL_Event{};
    event.type = SDL_USEREVENT;
    CHECK_FALSE(input.HandleEvent(event, kW, kH));
    event = SDL_Event{};
    event.type = SDL_MOUSEBUTTONDOWN;
    event.button.which = SDL_TOUCH_MOUSEID;  // SDL's copy of a touch: the finger event already counted
    event.button.button = SDL_BUTTON_LEFT;
    CHECK_FALSE(input.HandleEvent(event, kW, kH));
}
