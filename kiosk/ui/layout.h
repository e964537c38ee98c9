// Small layout helpers for screens: the bottom action row.
#pragma once

#include <string>

#include "widgets.h"

namespace kiosk::ui {

// Places the cursor at the start of the action bar, centred at `width` within the window.
inline void BeginActionRow(float width) {
    float window_w = ImGui::GetWindowWidth();
    ImGui::SetCursorPosX(std::max(24.0f, (window_w - width) * 0.5f));
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ActionBarHeight() + 20.0f);
}

}  // namespace kiosk::ui
