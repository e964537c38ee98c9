// Small layout helpers for screens: the bottom action row, the size a picture is drawn at.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "ui.h"
#include "widgets.h"

namespace kiosk::ui {

// The action bar at the bottom of a screen: a row of buttons of one width, planned before the content
// so the content leaves room for it. Each button is `preferred` wide, wider where a label needs it to
// stay on one line, narrower where the row would not fit the window (a 1080-pixel portrait screen cut
// two 560-pixel buttons off); the bar is as tall as the tallest button, so a label that must wrap at
// the largest text size still sits inside it.
struct ActionBar {
    int buttons = 0;
    float button_width = 0, button_height = 0;
    float Height() const { return button_height + 40.0f; }
};

inline ActionBar PlanActionBar(const std::vector<std::string>& labels, float preferred = 560.0f) {
    ActionBar bar;
    bar.buttons = static_cast<int>(labels.size());
    const float gap = 24.0f;
    const float room = (ImGui::GetWindowWidth() - 2 * gap - gap * static_cast<float>(bar.buttons - 1)) /
                       static_cast<float>(std::max(1, bar.buttons));
    float width = preferred;
    for (const std::string& label : labels)
        width = std::max(width, OneLineButtonWidth(label) + 8.0f);
    bar.button_width = std::min(width, room);
    bar.button_height = kMinTouch;
    for (const std::string& label : labels)
        bar.button_height = std::max(bar.button_height, TouchButtonSize(label, bar.button_width).y);
    return bar;
}

// Places the cursor at the start of the action bar, the row centred in the window.
inline void BeginActionRow(const ActionBar& bar) {
    const float row = bar.button_width * static_cast<float>(bar.buttons) + 24.0f * static_cast<float>(bar.buttons - 1);
    ImGui::SetCursorPosX(std::max(24.0f, (ImGui::GetWindowWidth() - row) * 0.5f));
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - bar.Height() + 20.0f);
}

// The size to draw `texture` at: the column's width at most, `max_share` of the height between the top
// bar and the action bar at most, and never more than its own pixels. Enlarged 1.5 times, a 600-pixel picture blurred
// and pushed the question below the fold at 1600x900 (issue 18).
inline ImVec2 PictureSize(const Texture& texture, float max_share) {
    float width = std::min(ImGui::GetContentRegionAvail().x, static_cast<float>(texture.width));
    float height = width * static_cast<float>(texture.height) / static_cast<float>(texture.width);
    // Worked out from the screen, not the scroll area: the area shrinks while it shows "More below", and
    // a picture sized by it shrank the content, which took the button away, which grew it, every frame.
    const float content = ImGui::GetIO().DisplaySize.y - 2 * (OneLineButtonHeight() + 40.0f);
    const float max_height = content * max_share;
    if (height > max_height && height > 0) {
        width *= max_height / height;
        height = max_height;
    }
    return ImVec2(width, height);
}

}  // namespace kiosk::ui
