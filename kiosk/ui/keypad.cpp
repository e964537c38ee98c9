// The on-screen number pad (see keypad.h).
#include "keypad.h"

#include "theme.h"
#include "widgets.h"

namespace kiosk::ui {

void DrawKeypad(Context& ctx, const std::string& shown, float width, core::Intent (*digit)(char),
                core::Intent backspace) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float key = (width - spacing * 2) / 3;
    const float key_h = kMinTouch * 1.1f * std::max(1.0f, Scale() * 0.85f);
    ImGui::BeginGroup();
    {
        ImVec2 min = ImGui::GetCursorScreenPos();
        ImVec2 max(min.x + width, min.y + key_h);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(min, max, Colors().surface, 10.0f);
        draw->AddRect(min, max, Colors().border, 10.0f, 0, 2.0f);
        draw->AddText(ImVec2(min.x + 20, min.y + (key_h - ImGui::GetFontSize()) * 0.5f), Colors().text, shown.c_str());
        ImGui::Dummy(ImVec2(width, key_h));
    }
    auto key_button = [&](char c) {
        char label[2] = {c, 0};
        core::Intent intent = digit(c);
        if (TouchButton(std::string("keypad.digit.") + c, label, ImVec2(key, key_h), ButtonStyle::Option, ctx.Allowed(intent)))
            ctx.Emit(intent);
    };
    for (int i = 0; i < 9; ++i) {
        if (i % 3) ImGui::SameLine();
        key_button(static_cast<char>('1' + i));
    }
    ImGui::Dummy(ImVec2(key, key_h));
    ImGui::SameLine();
    key_button('0');
    ImGui::SameLine();
    if (TouchButton("keypad.backspace", "\xE2\x8C\xAB", ImVec2(key, key_h), ButtonStyle::Option, ctx.Allowed(backspace)))
        ctx.Emit(backspace);
    ImGui::EndGroup();
}

}  // namespace kiosk::ui
