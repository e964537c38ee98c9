// App's scripted mode (kiosk_app.h, core/control/script.h; index in kiosk_app.cpp): drives the same loop,
// input path and records a person gets from a script, so tests and screenshots exercise the real kiosk.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"
#include "ui/drawn_text.h"

namespace kiosk::app {

//-----------------------------------------------------------------------------
// [SECTION] Scripted mode
//-----------------------------------------------------------------------------

// Draws until nothing is pending (queued presses handed to ImGui, intents applied, the layout settled),
// at least one frame, so the widget registry describes what is on screen now.
void App::Settle() {
    for (int frame = 0; frame < 30 && !m_quit; ++frame) {
        core::TimeMs due = 0;
        WaitTimeoutMs(due);
        PumpEvents(0);
        if (m_previewLink) TakePreviewUpdates();
        RunTimers(due);
        SyncFilm();
        TrackFilmPlaying();
        DrawFrame();
        if (!WantsFrame()) return;
    }
}

int App::ScriptFail(int line, const std::string& message) {
    std::fprintf(stderr, "%s:%d: %s\n", m_options.script.c_str(), line, message.c_str());
    return 1;
}

bool App::ScriptTap(const std::string& widget_id, int line, std::string& failure, std::int64_t hold_ms) {
    Settle();
    // Below the fold, a person taps "More below" until they see enough of it to tap (all of it, or a
    // finger's height: a page more scrolled a tall card, half in sight, off the top); so does a script.
    for (int page = 0; page < core::kScriptMaxPages && widget_id != "scroll.more"; ++page) {
        const ui::WidgetRect* target = ui::FindWidget(widget_id);
        if ((target && (!target->clipped || target->max.y - target->min.y >= 44.0f)) || !ui::FindWidget("scroll.more")) break;
        if (!ScriptTap("scroll.more", line, failure)) return false;
    }
    const ui::WidgetRect* widget = ui::FindWidget(widget_id);
    std::string screen = core::ToString(m_state.screen);
    if (!widget) {
        std::string ids;
        int listed = 0;
        for (const ui::WidgetRect& w : ui::Widgets()) {
            if (listed++ == 20) {
                ids += ", ...";
                break;
            }
            ids += (ids.empty() ? "" : ", ") + w.id;
        }
        failure = "no widget '" + widget_id + "' on the " + screen + " screen" +
                  (ids.empty() ? std::string(" (it has none)") : "; it has " + ids);
        return false;
    }
    if (!widget->enabled) {
        failure = "widget '" + widget_id + "' is disabled on the " + screen + " screen";
        return false;
    }
    ImVec2 centre((widget->min.x + widget->max.x) * 0.5f, (widget->min.y + widget->max.y) * 0.5f);
    int w = m_window.Width(), h = m_window.Height();
    if (centre.x < 0 || centre.y < 0 || centre.x >= static_cast<float>(w) || centre.y >= static_cast<float>(h)) {
        failure = "widget '" + widget_id + "' is outside the window (scrolled off or clipped)";
        return false;
    }
    // Exactly what a finger does: Input turns these into a hover frame, a down frame and an up frame. The
    // press lands before the finger lifts, as it does under a real finger (a tap lasts about a tenth of a
    // second), so the time from the lift to the next screen (--stats) is what a learner waits.
    HandleEvent(platform::SyntheticTouch(SDL_FINGERDOWN, centre.x, centre.y, w, h));
    std::size_t intents = 0;
    for (int frame = 0; frame < 10 && m_input.NeedsFrame(); ++frame) {
        DrawFrame();
        intents += m_intentsLastFrame;
    }
    // A long press: keep the finger down while the kiosk's clock moves on.
    if (hold_ms > 0) m_offsetMs += hold_ms;
    HandleEvent(platform::SyntheticTouch(SDL_FINGERUP, centre.x, centre.y, w, h));
    for (int frame = 0; frame < 10 && m_input.NeedsFrame(); ++frame) {
        DrawFrame();
        intents += m_intentsLastFrame;
    }
    // Scrolling and reading aloud act on the screen, not the session: no intent is their normal.
    const bool acts_outside = widget_id == "scroll.more" || widget_id == "a11y.read";
    if (intents == 0 && !m_quit && m_usbPending == UsbAction::None && !acts_outside)
        Log("warning: line " + std::to_string(line) + ": tapping '" + widget_id + "' did nothing");
    Settle();
    return true;
}

int App::RunScript() {
    using Kind = core::ScriptCommand::Kind;
    Settle();  // the warm-up frame(s): ImGui needs one before the first tap lands
    for (const core::ScriptCommand& command : m_script) {
        if (m_quit) return ScriptFail(command.line, "the window was closed before the script finished");
        std::string failure;
        switch (command.kind) {
            case Kind::Tap:
                if (!ScriptTap(command.text, command.line, failure)) return ScriptFail(command.line, failure);
                break;
            case Kind::Hold:
                if (!ScriptTap(command.text, command.line, failure, command.number)) return ScriptFail(command.line, failure);
                break;
            case Kind::Type:
                for (char digit : command.text) {
                    if (!ScriptTap(std::string("keypad.digit.") + digit, command.line, failure)) {
                        return ScriptFail(command.line, failure);
                    }
                }
                break;
            case Kind::Wait:
                LoopUntil(std::chrono::steady_clock::now() + std::chrono::milliseconds(command.number));
                break;
            case Kind::Scroll: {
                // "more": one tap on More below; "end": until it has gone.
                if (!ui::FindWidget("scroll.more")) {
                    if (command.text == "more")
                        return ScriptFail(command.line, "nothing to scroll: there is no 'More below' on the " +
                                                            std::string(core::ToString(m_state.screen)) + " screen");
                    break;
                }
                for (int page = 0; page < (command.text == "more" ? 1 : core::kScriptMaxPages) && ui::FindWidget("scroll.more"); ++page)
                    if (!ScriptTap("scroll.more", command.line, failure)) return ScriptFail(command.line, failure);
                break;
            }
            case Kind::Advance:
                m_offsetMs += command.number;
                Settle();
                break;
            case Kind::Screenshot: {
                Settle();
                std::string path = (std::filesystem::path(m_options.screenshot_dir) / command.text).string();
                if (!command.arg.empty() && !ui::FindWidget(command.arg)) {
                    return ScriptFail(command.line, "cannot crop to widget '" + command.arg + "': it is not on the " +
                                                        core::ToString(m_state.screen) + " screen");
                }
                DrawFrame(&path, command.arg);
                Log("screenshot " + path);
                break;
            }
            case Kind::DumpText: {
                // What a person would read on the screen now, whatever drew it (see ui/drawn_text.h).
                Settle();
                DrawFrame();
                const ImDrawData* data = ImGui::GetDrawData();
                std::string path = (std::filesystem::path(m_options.screenshot_dir) / command.text).string();
                std::ofstream out(path, std::ios::binary | std::ios::trunc);
                std::size_t runs = 0;
                if (data && data->Valid) {
                    for (const ui::DrawnRun& run : ui::DrawnRuns(*data, *ImGui::GetIO().Fonts)) {
                        if (command.arg == "boxes")
                            out << static_cast<int>(run.min.x) << ' ' << static_cast<int>(run.min.y) << ' '
                                << static_cast<int>(run.max.x + 0.999f) << ' ' << static_cast<int>(run.max.y + 0.999f) << '\t';
                        out << run.text << '\n';
                        ++runs;
                    }
                }
                out.close();
                if (!out) return ScriptFail(command.line, "cannot write " + path);
                Log("dump-text " + path + " (" + std::to_string(runs) + " runs of text)");
                break;
            }
            case Kind::WaitFor: {
                // Real time passes (a film plays on) until the widget is there and tappable.
                auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(command.number);
                for (;;) {
                    Settle();
                    const ui::WidgetRect* widget = ui::FindWidget(command.text);
                    if (widget && widget->enabled) break;
                    if (m_quit || std::chrono::steady_clock::now() >= until) {
                        return ScriptFail(command.line, "widget '" + command.text + "' was not " +
                                                            (widget ? "enabled" : "on screen") + " within " +
                                                            std::to_string(command.number) + " ms (the " +
                                                            core::ToString(m_state.screen) + " screen shows)");
                    }
                    LoopUntil(std::min(until, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)));
                }
                break;
            }
            case Kind::ExpectScreen: {
                Settle();
                std::string screen = core::ToString(m_state.screen);
                if (screen != command.text) {
                    return ScriptFail(command.line,
                                      "expected the " + command.text + " screen, but the kiosk shows " + screen);
                }
                break;
            }
            case Kind::ExpectWidget:
            case Kind::ExpectNoWidget: {
                Settle();
                const ui::WidgetRect* widget = ui::FindWidget(command.text);
                bool want = command.kind == Kind::ExpectWidget;
                if (want != (widget != nullptr)) {
                    return ScriptFail(command.line, "expected " + std::string(want ? "" : "no ") + "widget '" +
                                                        command.text + "' on the " + core::ToString(m_state.screen) +
                                                        " screen, but there " + (widget ? "is one" : "is none"));
                }
                break;
            }
            case Kind::ExpectEnabled:
            case Kind::ExpectDisabled:
            case Kind::ExpectLabel: {
                Settle();
                const ui::WidgetRect* widget = ui::FindWidget(command.text);
                std::string where = " on the " + std::string(core::ToString(m_state.screen)) + " screen";
                if (!widget) return ScriptFail(command.line, "expected widget '" + command.text + "'" + where + ", but there is none");
                if (command.kind == Kind::ExpectLabel) {
                    if (widget->label.find(command.arg) == std::string::npos) {
                        return ScriptFail(command.line, "expected widget '" + command.text + "' to show \"" + command.arg +
                                                            "\", but it shows \"" + widget->label + "\"");
                    }
                } else if (widget->enabled != (command.kind == Kind::ExpectEnabled)) {
                    return ScriptFail(command.line, "expected widget '" + command.text + "' to be " +
                                                        (widget->enabled ? "disabled" : "enabled") + where +
                                                        ", but it is " + (widget->enabled ? "enabled" : "disabled"));
                }
                break;
            }
            case Kind::WaitReload: {
                if (!m_previewLink) {
                    return ScriptFail(command.line, "wait-reload needs a preview started by kiosk-author preview");
                }
                auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(command.number);
                while (m_previewUpdates == m_previewUpdatesSeen) {
                    if (m_quit || std::chrono::steady_clock::now() >= until) {
                        return ScriptFail(command.line, "kiosk-author sent no rebuild within " +
                                                            std::to_string(command.number) + " ms");
                    }
                    LoopUntil(std::min(until, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)));
                }
                m_previewUpdatesSeen = m_previewUpdates;
                Settle();
                break;
            }
            case Kind::Quit:
                Log("script: quit at line " + std::to_string(command.line));
                return 0;
        }
    }
    // A script may end by quitting from the admin screen, as an admin would; any other close is a failure.
    bool quit_by_admin = !m_script.empty() && m_script.back().kind == Kind::Tap && m_script.back().text == "admin.quit";
    if (m_quit && !quit_by_admin) return ScriptFail(m_script.empty() ? 0 : m_script.back().line, "the window was closed");
    Log("script passed: " + std::to_string(m_script.size()) + " commands");
    return 0;
}

}  // namespace kiosk::app
