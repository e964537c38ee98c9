// Small layout helpers for screens: the bottom action row, the size a picture is drawn at.
#pragma once

#include <algorithm>
#include <string>

#include "ui.h"
#include "widgets.h"

namespace kiosk::ui {

// Places the cursor at the start of the action bar, centred at `width` within the window.
inline void BeginActionRow(float width) {
    float window_w = ImGui::GetWindowWidth();
    ImGui::SetCursorPosX(std::max(24.0f, (window_w - width) * 0.5f));
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ActionBarHeight() + 20.0f);
}

// The size to draw `texture` at: the column's width at most, `max_share` of the visible content's
// height at most, and never more than its own pixels. Enlarged 1.5 times, a 600-pixel picture blurred
// and pushed the question below the fold at 1600x900 (issue 18).
inline ImVec2 PictureSize(const Texture& texture, float max_share) {
    float width = std::min(ImGui::GetContentRegionAvail().x, static_cast<float>(texture.width));
    float height = width * static_cast<float>(texture.height) / static_cast<float>(texture.width);
    const float max_height = ImGui::GetWindowHeight() * max_share;
    if (height > max_height && height > 0) {
        width *= max_height / height;
        height = max_height;
    }
    return ImVec2(width, height);
}

}  // namespace kiosk::ui
