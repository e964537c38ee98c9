// Touch and mouse to ImGui (see input.h). One pointer: the first finger down owns it until it lifts
// (unless a palm follows it), a mouse drives it otherwise. After a finger lifts the pointer leaves the
// screen, so no button is left looking "hovered" under a finger that has gone.
#include "platform/input.h"

#include <cfloat>

namespace kiosk::platform {
namespace {

constexpr std::size_t kMaxQueued = 64;  // presses pile up only if frames stop; never grow without bound
const ImVec2 kNowhere(-FLT_MAX, -FLT_MAX);

}  // namespace

void Input::Push(ImVec2 pos, bool down, bool transition) {
    // A plain move replaces a plain move still waiting: only where the pointer ended up matters.
    if (!transition && !m_queue.empty() && !m_queue.back().transition) {
        m_queue.back().pos = pos;
        m_queue.back().down = down;
        return;
    }
    if (m_queue.size() >= kMaxQueued) m_queue.pop_front();
    m_queue.push_back(PointerState{pos, down, transition});
}

bool Input::HandleEvent(const SDL_Event& event, int window_width, int window_height) {
    auto finger_pos = [&](const SDL_TouchFingerEvent& f) {
        return ImVec2(f.x * static_cast<float>(window_width), f.y * static_cast<float>(window_height));
    };
    bool last_down = m_queue.empty() ? m_current.down : m_queue.back().down;

    switch (event.type) {
        case SDL_FINGERDOWN:
            ForgetLiftedFingers(event.tfinger.touchId, event.tfinger.timestamp);
            m_down.insert(event.tfinger.fingerId);
            m_seen[event.tfinger.fingerId] = event.tfinger.timestamp;
            if (m_down.size() >= kPalmFingers && !m_palm) {
                // A palm: the press under the first finger is let go away from everything, so it fires
                // nothing (ImGui fires a button on release over it).
                m_palm = true;
                if (m_fingerActive) {
                    Push(kNowhere, true, false);
                    Push(kNowhere, false, true);
                    m_fingerActive = false;
                }
            }
            if (m_palm || m_fingerActive) return true;  // still someone there, but not a press
            m_fingerActive = true;
            m_finger = event.tfinger.fingerId;
            if (m_cursorShown) {
                SDL_ShowCursor(SDL_DISABLE);
                m_cursorShown = false;
            }
            // Hover first, then press, so the widget under the finger is hot when the press lands.
            Push(finger_pos(event.tfinger), false, false);
            Push(finger_pos(event.tfinger), true, true);
            return true;
        case SDL_FINGERMOTION:
            m_seen[event.tfinger.fingerId] = event.tfinger.timestamp;
            if (m_fingerActive && event.tfinger.fingerId == m_finger) Push(finger_pos(event.tfinger), true, false);
            return true;
        case SDL_FINGERUP:
            m_down.erase(event.tfinger.fingerId);
            m_seen.erase(event.tfinger.fingerId);
            if (m_palm && m_down.empty()) m_palm = false;
            if (!m_fingerActive || event.tfinger.fingerId != m_finger) return true;
            m_fingerActive = false;
            Push(finger_pos(event.tfinger), false, true);
            Push(kNowhere, false, true);
            return true;
        case SDL_MOUSEMOTION:
            if (event.motion.which == SDL_TOUCH_MOUSEID || m_fingerActive) return false;
            if (!m_cursorShown) {
                SDL_ShowCursor(SDL_ENABLE);
                m_cursorShown = true;
            }
            Push(ImVec2(static_cast<float>(event.motion.x), static_cast<float>(event.motion.y)), last_down, false);
            return true;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP: {
            if (event.button.which == SDL_TOUCH_MOUSEID || m_fingerActive) return false;
            if (event.button.button != SDL_BUTTON_LEFT) return true;  // someone is there; not a tap
            bool down = event.type == SDL_MOUSEBUTTONDOWN;
            Push(ImVec2(static_cast<float>(event.button.x), static_cast<float>(event.button.y)), down, true);
            return true;
        }
        case SDL_WINDOWEVENT:
            if (event.window.event == SDL_WINDOWEVENT_LEAVE && !m_fingerActive) Push(kNowhere, false, true);
            // Without focus no finger-up may come: start again from an empty glass.
            if (event.window.event == SDL_WINDOWEVENT_FOCUS_LOST) LetGo();
            return false;
        case SDL_MOUSEWHEEL:
        case SDL_KEYDOWN:
        case SDL_TEXTINPUT:
            return true;
        default:
            return false;
    }
}

// Lets go of everything, where it presses nothing: the glass is taken as empty.
void Input::LetGo() {
    if (m_fingerActive) {
        Push(kNowhere, true, false);
        Push(kNowhere, false, true);
    }
    m_fingerActive = false;
    m_palm = false;
    m_down.clear();
    m_seen.clear();
}

void Input::ForgetLiftedFingers(SDL_TouchID touch, Uint32 now_ms) {
    std::optional<std::set<SDL_FingerID>> on_glass;
    if (m_fingersOn) {
        on_glass = m_fingersOn(touch);
    } else {
        for (int d = 0; d < SDL_GetNumTouchDevices() && !on_glass; ++d) {
            if (SDL_GetTouchDevice(d) != touch) continue;
            on_glass.emplace();
            for (int f = 0; f < SDL_GetNumTouchFingers(touch); ++f)
                if (const SDL_Finger* finger = SDL_GetTouchFinger(touch, f)) on_glass->insert(finger->id);
        }
    }
    if (!on_glass) return;  // a device SDL does not know (scripted taps): nothing to compare with
    bool lost_active = false;
    for (auto it = m_down.begin(); it != m_down.end();) {
        const auto seen = m_seen.find(*it);
        const bool silent = seen == m_seen.end() || now_ms - seen->second >= kLostFingerMs;
        if (on_glass->count(*it) || !silent) {
            ++it;
            continue;
        }
        lost_active = lost_active || (m_fingerActive && *it == m_finger);
        m_seen.erase(*it);
        it = m_down.erase(it);
    }
    if (lost_active) {
        // Its release never came: let go away from everything, so it fires nothing.
        Push(kNowhere, true, false);
        Push(kNowhere, false, true);
        m_fingerActive = false;
    }
    if (m_palm && m_down.empty()) m_palm = false;
}

void Input::ApplyToImGui() {
    if (!m_queue.empty()) {
        m_current = m_queue.front();
        m_queue.pop_front();
    }
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = m_current.pos;
    io.MouseDown[0] = m_current.down;
    io.MouseDown[1] = false;
    io.MouseDown[2] = false;
}

SDL_Event SyntheticTouch(Uint32 type, float x, float y, int window_width, int window_height) {
    SDL_Event event{};
    event.type = type;
    event.tfinger.type = type;
    event.tfinger.timestamp = SDL_GetTicks();
    event.tfinger.touchId = kScriptTouchId;
    event.tfinger.fingerId = 1;
    event.tfinger.x = window_width > 0 ? x / static_cast<float>(window_width) : 0.0f;
    event.tfinger.y = window_height > 0 ? y / static_cast<float>(window_height) : 0.0f;
    event.tfinger.pressure = type == SDL_FINGERUP ? 0.0f : 1.0f;
    return event;
}

}  // namespace kiosk::platform
