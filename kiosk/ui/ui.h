// The kiosk's screens, drawn with Dear ImGui from the session state. Screens never change state: they
// append Intents, which the app applies through kiosk_core. Platform services (textures, QR codes,
// speech) come in through Services so this library links the ImGui core only.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/control/preview_message.h"
#include "core/session/session.h"
#include "core/session/webvtt.h"

namespace kiosk::ui {

struct Texture {
    ImTextureID id = nullptr;
    int width = 0, height = 0;
};

// What the platform provides to screens. Any member may be empty (tests, or a missing feature).
struct Services {
    std::function<Texture(const std::string& asset_path)> image;  // a pack image, loaded on first use
    std::function<Texture(const std::string& text)> qr;           // a QR code of `text`
    std::function<void(const std::string& text, const std::string& language)> speak;  // read aloud
    std::function<std::string()> admin_summary;                   // lines for the admin screen
    std::function<std::string(const std::string& captions_asset)> transcript;  // a film's words, from its captions
    std::function<const core::WebVtt*(const std::string& captions_asset)> captions;  // parsed once; null if unreadable
    std::function<Texture()> film_frame;  // the current film's latest picture; id null until the first one
    std::function<void()> export_records;                         // admin: copy the records DB to a file
    std::function<void()> usb_export;                             // admin: copy the records to a USB stick
    std::function<void()> usb_install;                            // admin: install the pack on a USB stick
    // admin: the last USB action in words; busy while it runs (the buttons wait), ok once it succeeded.
    struct UsbOutcome {
        std::string text;
        bool busy = false, ok = false;
    };
    std::function<UsbOutcome()> usb_outcome;
    std::function<void()> quit;                                   // admin: stop the kiosk
};

struct Frame {
    const core::SessionState& state;
    const core::SessionConfig& config;
    core::TimeMs now;
    const Services& services;
};

// Whether a scroll area is still moving (a flick slowing down, a page from "More below") or about to
// change (its "More below" strip), so the app draws another frame: it otherwise draws only on input
// and deadlines (widgets_scroll.cpp).
bool ScrollMoving();

// Draws the whole screen for `frame.state` into the current ImGui frame and appends what the learner
// did to `intents`. Also rebuilds the widget registry (Widgets()).
void DrawKiosk(const Frame& frame, std::vector<core::Intent>& intents);

// kiosk-author preview, drawn over the screen after DrawKiosk: a label saying this is a preview that
// records nothing (with `status`, e.g. the last reload time), and, while the content does not compile,
// a panel of its errors, each with file:line:col, message and the source line with the span underlined.
// Registers "preview.banner" (label: `status`), "preview.errors" and "preview.error.N" (label: the
// error's headline) so scripts can check them. The screen beneath stays usable above the panel.
void DrawPreviewOverlay(const std::string& status, const std::vector<core::PreviewError>& errors);

// Font sizes in pixels for each text-size step, for body text; headings are kHeadingScale larger.
// The platform loads io.Fonts in this order: for step s, Fonts[2*s] = body, Fonts[2*s+1] = heading.
inline constexpr float kBodySizes[core::kTextSizes] = {24.0f, 30.0f, 38.0f, 48.0f};
inline constexpr float kHeadingScale = 1.45f;

// Applies the learner's accessibility settings (text size, contrast, spacing) to ImGui's style and
// picks the matching fonts. Call before NewFrame whenever they change.
void ApplyTheme(const core::Accessibility& settings);

// Every tappable widget drawn in the last frame, by stable id ("menu.module.what-to-do-next",
// "quiz.option.2", "nav.continue"), so scripts and tests can tap by id instead of by pixel.
struct WidgetRect {
    std::string id;
    ImVec2 min, max;      // the part that is visible (and so tappable) now
    bool enabled = true;
    bool clipped = false; // part of it is scrolled out of view
    ImVec2 whole_min{}, whole_max{};  // all of it, seen or not (layout checks: what lies past an edge)
    std::string label;    // the text it shows (a button's label, a caption), for scripts and tests
};
const std::vector<WidgetRect>& Widgets();
const WidgetRect* FindWidget(const std::string& id);

}  // namespace kiosk::ui
