// Colours and fonts of the current theme (normal or high contrast) and the current text size, set by
// ApplyTheme (ui.h) and read by every widget.
#pragma once

#include <imgui.h>

#include "core/session/session.h"

namespace kiosk::ui {

// The spacing scale: every gap between blocks and controls, and every padding around a block, is one of
// these (pixels at the default text size; where a gap grows with the text, it is one of them times
// Scale()). After GOV.UK's spacing scale (5, 10, 15, 20, 25, 30, 40, 50, 60), on this kiosk's 4-pixel
// grid. Gap() (widgets.h) is the vertical rhythm between paragraphs, a fraction of a line of text.
// Button padding (28 a side, GOV.UK's button) and border widths are a control's own, not spacing.
inline constexpr float kSpace1 = 4.0f;    // hair: a touch target's extra margin
inline constexpr float kSpace2 = 8.0f;
inline constexpr float kSpace3 = 12.0f;   // tight: an arrow beside the item it moves, a page's top margin
inline constexpr float kSpace4 = 16.0f;   // related controls in one row (a film's), inset text's padding
inline constexpr float kSpace5 = 24.0f;   // the gutter: side-by-side buttons and columns, a page's foot
inline constexpr float kSpace6 = 32.0f;   // a block's padding (the confirmation panel)
inline constexpr float kSpace7 = 48.0f;   // between the attract screen's words and its button
inline constexpr float kSpace8 = 64.0f;   // the attract button's padding

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
