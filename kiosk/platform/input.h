// Touch and mouse input, fed to ImGui by hand. ImGui 1.86's SDL backend ignores finger events and reads
// the real pointer each frame, so neither a touchscreen nor a scripted tap would ever press a button;
// this class keeps its own pointer and writes io.MousePos / io.MouseDown after the backend has run.
#pragma once

#include <SDL.h>
#include <imgui.h>

#include <cfloat>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace kiosk::platform {

class Input {
public:
    // Feeds one SDL event. Returns true if it was learner input (a touch, click, pointer motion, wheel or
    // key) that resets the idle timer and needs a redraw; false for everything else.
    bool HandleEvent(const SDL_Event& event, int window_width, int window_height);

    // Writes the pointer for the coming frame into ImGui's io. Call after ImGui_ImplSDL2_NewFrame (which
    // overwrites them) and before ImGui::NewFrame. Presses and releases that arrived together are handed
    // out one per frame, because ImGui needs to see the button down in one frame and up in a later one.
    void ApplyToImGui();

    // True while a press, release or move is still waiting for a frame: the loop must draw again.
    bool NeedsFrame() const { return !m_queue.empty(); }

    // Which fingers a touchscreen has on the glass now; nullopt for a device SDL does not know (scripted
    // taps). The default asks SDL. Tests set one to play a touchscreen whose finger-up events went missing,
    // a fault no real one produces on demand.
    using FingerQuery = std::function<std::optional<std::set<SDL_FingerID>>(SDL_TouchID)>;
    void SetFingerQuery(FingerQuery query) { m_fingersOn = std::move(query); }

private:
    struct PointerState {
        ImVec2 pos;
        bool down = false;
        bool transition = false;  // a press or release, which must get a frame of its own
    };
    void Push(ImVec2 pos, bool down, bool transition);
    void ForgetLiftedFingers(SDL_TouchID touch, Uint32 now_ms);
    void LetGo();

    std::deque<PointerState> m_queue;
    PointerState m_current{ImVec2(-FLT_MAX, -FLT_MAX), false, false};
    bool m_fingerActive = false;       // a finger is down (others are ignored until it lifts)
    SDL_FingerID m_finger = 0;
    std::set<SDL_FingerID> m_down;     // every finger on the glass now
    std::map<SDL_FingerID, Uint32> m_seen;  // when each of them last sent an event (SDL ticks)
    FingerQuery m_fingersOn;
    bool m_palm = false;               // a palm (kPalmFingers or more at once): ignored until all lift
    bool m_cursorShown = true;
};

// This many fingers on the glass at once is a palm or a leaning arm, not a tap: what the first finger was
// pressing is let go without firing, and nothing counts until every finger has lifted.
inline constexpr std::size_t kPalmFingers = 3;

// A finger SDL no longer has on the glass, silent for this long, lost its finger-up event (a driver hiccup,
// a cable knocked): it is forgotten when the next finger lands, so three lost ups never leave the kiosk
// taking every later tap for a palm. Long enough that an up still waiting in the queue is never overtaken.
inline constexpr Uint32 kLostFingerMs = 10'000;

// The touch identifier scripted taps use, so logs can tell them from real touches.
inline constexpr SDL_TouchID kScriptTouchId = 0x5C819;

// An SDL finger event at window position (x, y), as a touchscreen would deliver it; scripted mode feeds
// these to Input::HandleEvent so scripted taps take exactly the path of real ones.
SDL_Event SyntheticTouch(Uint32 type, float x, float y, int window_width, int window_height);

}  // namespace kiosk::platform
