// Colours and fonts of the current theme (normal or high contrast) and the current text size, set by
// ApplyTheme (ui.h) and read by every widget.
#pragma once

#include <imgui.h>

#include "core/session/session.h"

namespace kiosk::ui {

struct Palette {
    ImU32 background, surface, text, muted, accent, accent_text, border, selected, selected_text, right, wrong,
        overlay;
};

const Palette& Colors();
const core::Accessibility& CurrentSettings();
ImFont* BodyFont();
// Bold, larger than the body; on a short screen the two largest text sizes take the next size down.
ImFont* HeadingFont();
// A heading one text-size step larger (the attract title, the completion code): a real font size, not a
// scaled one, so it stays crisp.
ImFont* DisplayFont();
// The top bar's font: it grows with the text size only up to the third step, so the bar stays one row.
ImFont* ChromeFont();
// Scale for spacing and sizes relative to the default text size.
float Scale();
// A screen under 900 pixels tall (1280x720, 1280x800, 1366x768): there the larger text sizes take
// smaller headings and button padding, so the text itself can stay large.
bool ShortScreen();

}  // namespace kiosk::ui
