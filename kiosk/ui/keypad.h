// The on-screen number pad, shared by "about you" (staff number) and the admin PIN: a box showing what
// was typed (or dots), then 1-9, 0 and delete. Keys are "keypad.digit.N" and "keypad.backspace" on
// both screens, so scripts type the same way everywhere.
#pragma once

#include <string>

#include "screens.h"

namespace kiosk::ui {

// How the pad is laid out: a phone's 3 x 4 under the box, or (where height is short) the box with
// delete beside it over two rows of five, which is two rows shorter.
enum class KeypadShape { Phone, TwoRows };

// Draws the pad at the cursor, `width` wide, each row `key_height` tall (0: the usual height);
// `shown` is what the box displays, and `placeholder` (muted) what it says while `shown` is empty, where
// there is no room for a label above it.
void DrawKeypad(Context& ctx, const std::string& shown, float width, core::Intent (*digit)(char),
                core::Intent backspace, KeypadShape shape = KeypadShape::Phone, float key_height = 0.0f,
                const char* placeholder = nullptr);

// The usual height of a key at the current text size.
float KeypadKeyHeight();

// The pad's height in `shape` with keys `key_height` tall.
float KeypadHeight(KeypadShape shape, float key_height);

// The phone-shaped pad where it fits `room` pixels of height with the usual keys, else the two-row one.
KeypadShape ChooseKeypad(float room);

}  // namespace kiosk::ui
