// Touch widgets and layout helpers shared by the screens: large buttons that wrap their text and record
// their rectangles by stable id (for scripted taps), text in the theme's fonts, and a content column
// that scrolls by dragging, since a touchscreen has no wheel and nothing may be clipped.
#pragma once

#include <string>

#include <imgui.h>

namespace kiosk::ui {

enum class ButtonStyle {
    Primary,         // the main action on a screen ("Continue")
    Secondary,       // other actions
    Option,          // an answer or choice, not selected
    OptionSelected,  // an answer or choice the learner has selected
    Right,           // after checking: a right answer
    Wrong,           // after checking: a wrong answer the learner chose
};

// Minimum touch target height in pixels at 1080p (WCAG 2.5.5 asks for 44 CSS px; kiosks need more).
inline constexpr float kMinTouch = 72.0f;

// A button of at least `size` (width 0 = fill the line) whose label wraps; `mark` is drawn before the
// label ("✓"), so meaning never rests on colour alone. Returns true when tapped while enabled.
bool TouchButton(const std::string& id, const std::string& label, ImVec2 size, ButtonStyle style,
                 bool enabled = true, const char* mark = nullptr, bool centered = true);
// The size TouchButton gives `label` in a button `width` wide (0: the rest of the line): taller where
// the label wraps.
ImVec2 TouchButtonSize(const std::string& label, float width, const char* mark = nullptr);
// The width a TouchButton needs for `label` on one line with `pad` pixels a side (28 is its own; it gives
// up padding down to 12 before it wraps).
float OneLineButtonWidth(const std::string& label, const char* mark = nullptr, float pad = 28.0f);
// The height of a TouchButton whose label fits one line, in the current font: its padding grows with the
// text size, so bars and strips that hold buttons ask this rather than assume kMinTouch.
float OneLineButtonHeight();

// A card to tap (widgets_card.cpp): `title` bold, then `body`, then `meta` in the muted colour; `mark`
// ("✓") before the title. The menu's modules. Returns true when tapped.
struct Card {
    std::string title, body, meta;
};
bool CardButton(const std::string& id, const Card& card, ButtonStyle style, const char* mark = nullptr);

// A confirmation panel (widgets_panel.cpp), GOV.UK's block for the outcome of a task: what is drawn
// between BeginPanel and EndPanel sits on the accent colour in its text colour, with padding, across
// the column. Use Heading, Body and larger fonts inside (Note's muted colour is for the page).
void BeginPanel();
float PanelInnerWidth();  // the width inside the open panel's padding
void EndPanel();
// GOV.UK's inset text: `text` in the body font, set off by a thick bar of `bar_colour` at its left (a key
// fact, such as a question's explanation; a status that must stand out).
void InsetText(const std::string& text, ImU32 bar_colour);

// Records a tappable rectangle under `id` with the text it shows (TouchButton does this itself).
void RegisterWidget(const std::string& id, ImVec2 min, ImVec2 max, bool enabled, const std::string& label = {});
void ResetWidgets();

// Text wrapped at the column's edge, or after `wrap_width` pixels when that is given.
void Heading(const std::string& text, float wrap_width = 0.0f);  // heading font
void Body(const std::string& text, float wrap_width = 0.0f);  // body font; blank lines make paragraphs
void Note(const std::string& text, float wrap_width = 0.0f);  // body font, muted colour
void Gap(float lines = 1.0f);                 // vertical space, larger with calm spacing
// GOV.UK's warning text: a round "!" and the words in bold, for what must not be missed ("If someone is
// in immediate danger, call 999.").
void WarningText(const std::string& text);

// The main column: centred, at most a comfortable reading width, scrollable by dragging.
// `reserve_bottom` keeps room for the action bar below it.
void BeginContent(const char* id, float reserve_bottom);
void EndContent();
inline constexpr float kContentFoot = 24.0f;  // the space EndContent leaves under a page (kSpace5)
// A smaller area of `size` inside a screen that scrolls the same way (widgets_scroll.cpp): dragged with
// a finger, a flick carries on and slows down, and while more lies below, a "More below" button
// ("scroll.more") under the area scrolls most of a page.
void BeginScrollArea(const char* id, ImVec2 size);
void EndScrollArea();
// Called by DrawKiosk at the start of each frame: the "More below" button's words in the learner's
// language, and which page the screen shows (a new page starts every area at its top).
void StartScrollFrame(const char* more_label, const std::string& page);


}  // namespace kiosk::ui
