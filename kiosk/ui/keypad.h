// The on-screen number pad, shared by "about you" (staff number) and the admin PIN: a box showing what
// was typed (or dots), then 1-9, 0 and delete. Keys are "keypad.digit.N" and "keypad.backspace" on
// both screens, so scripts type the same way everywhere.
#pragma once

#include <string>

#include "screens.h"

namespace kiosk::ui {

// Draws the pad at the cursor, `width` wide; `shown` is what the box displays.
void DrawKeypad(Context& ctx, const std::string& shown, float width, core::Intent (*digit)(char),
                core::Intent backspace);

}  // namespace kiosk::ui
