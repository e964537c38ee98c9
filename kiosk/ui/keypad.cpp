// The on-screen number pad (see keypad.h).
#include "keypad.h"

#include <cfloat>

#include "theme.h"
#include "widgets.h"

namespace kiosk::ui {

float KeypadKeyHeight() { return kMinTouch * 1.1f * std::max(1.0f, Scale() * 0.85f); }

float KeypadHeight(KeypadShape shape, float key_height) {
    const int rows = shape == KeypadShape::Phone ? 5 : 3;  // the box and the keys
    return rows * key_height + (rows - 1) * ImGui::GetStyle().ItemSpacing.y;
}

KeypadShape ChooseKeypad(float room) {
    return KeypadHeight(KeypadShape::Phone, KeypadKeyHeight()) <= room ? KeypadShape::Phone : KeypadShape::TwoRows;
}

void DrawKeypad(Context& ctx, const std::string& shown, float width, core::Intent (*digit)(char),
                core::Intent backspace, KeypadShape shape, float key_height, const char* placeholder) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const int columns = shape == KeypadShape::Phone ? 3 : 5;
    const float key = (width - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float key_h = key_height > 0 ? key_height : KeypadKeyHeight();
    ImGui::BeginGroup();
    {
        // The box: the whole width, or beside delete in two rows.
        const float box_w = shape == KeypadShape::Phone ? width : width - key - spacing;
        ImVec2 min = ImGui::GetCursorScreenPos();
        ImVec2 max(min.x + box_w, min.y + key_h);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(min, max, Colors().surface, 10.0f);
        draw->AddRect(min, max, Colors().border, 10.0f, 0, 2.0f);
        const bool empty = shown.empty() && placeholder;
        const char* text = empty ? placeholder : shown.c_str();
        // A placeholder takes a smaller text size where it would not fit the box on one line.
        ImFont* font = ImGui::GetFont();
        const ImVector<ImFont*>& fonts = ImGui::GetIO().Fonts->Fonts;
        for (int step = CurrentSettings().text_size; empty && step >= 0 && 2 * step < fonts.Size; --step) {
            font = fonts[2 * step];
            if (font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text).x <= box_w - 32.0f) break;
        }
        const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text);
        ImGui::PushClipRect(min, max, true);
        draw->AddText(font, font->FontSize, ImVec2(min.x + 16, min.y + std::max(0.0f, (key_h - size.y) * 0.5f)),
                      empty ? Colors().muted : Colors().text, text);
        ImGui::PopClipRect();
        ImGui::Dummy(ImVec2(box_w, key_h));
    }
    auto delete_button = [&] {
        if (TouchButton("keypad.backspace", "\xE2\x8C\xAB", ImVec2(key, key_h), ButtonStyle::Option, ctx.Allowed(backspace)))
            ctx.Emit(backspace);
    };
    if (shape == KeypadShape::TwoRows) {
        ImGui::SameLine();
        delete_button();
    }
    auto key_button = [&](char c) {
        char label[2] = {c, 0};
        core::Intent intent = digit(c);
        if (TouchButton(std::string("keypad.digit.") + c, label, ImVec2(key, key_h), ButtonStyle::Option, ctx.Allowed(intent)))
            ctx.Emit(intent);
    };
    // 1-9 then 0 (last, as on a phone and on a keyboard's number row).
    for (int i = 0; i < 10; ++i) {
        if (shape == KeypadShape::Phone && i == 9) {  // 0 in the middle of the last row
            ImGui::Dummy(ImVec2(key, key_h));
            ImGui::SameLine();
        } else if (i % columns) {
            ImGui::SameLine();
        }
        key_button(i == 9 ? '0' : static_cast<char>('1' + i));
    }
    if (shape == KeypadShape::Phone) {
        ImGui::SameLine();
        delete_button();
    }
    ImGui::EndGroup();
}

}  // namespace kiosk::ui
