// A card to tap (widgets.h, CardButton): a bold title, then the body, then a quieter meta line, as
// GOV.UK lays out a link with its description (issue 18: the menu's cards were one block of one style).
#include <algorithm>

#include "theme.h"
#include "ui.h"
#include "widgets.h"

namespace kiosk::ui {

bool CardButton(const std::string& id, const Card& card, ButtonStyle style, const char* mark) {
    const Palette& p = Colors();
    const float pad_x = 28.0f * Scale(), pad_y = 18.0f * Scale(), line_gap = 6.0f * Scale();
    const float width = ImGui::GetContentRegionAvail().x;
    const float mark_width = mark ? ImGui::CalcTextSize(mark).x + 18.0f * Scale() : 0.0f;
    const float wrap = std::max(40.0f, width - 2 * pad_x - mark_width);
    ImFont* body_font = ImGui::GetFont();
    const float body_size = ImGui::GetFontSize();
    // The title in the heading face at a little over body size: it leads without shouting.
    ImFont* title_font = HeadingFont();
    const float title_size = body_size * 1.15f;
    const ImVec2 title = title_font->CalcTextSizeA(title_size, FLT_MAX, wrap, card.title.c_str());
    const ImVec2 body = ImGui::CalcTextSize(card.body.c_str(), nullptr, false, wrap);
    const ImVec2 meta = ImGui::CalcTextSize(card.meta.c_str(), nullptr, false, wrap);
    const float height = std::max(kMinTouch, pad_y * 2 + title.y + line_gap + body.y + line_gap + meta.y);

    ImGui::PushID(id.c_str());
    const bool pressed = ImGui::InvisibleButton("##card", ImVec2(width, height));
    const bool held = ImGui::IsItemActive();
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    RegisterWidget(id, min, max, true, card.title + "\n" + card.body + "\n" + card.meta);
    ImU32 border = p.border;
    float border_width = 2.0f;
    if (style == ButtonStyle::Right) border = p.right, border_width = 5.0f;
    if (held) min.x += 2, min.y += 2;  // touch has no hover: the press is the feedback
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(min, max, p.surface, 14.0f);
    draw->AddRect(min, max, border, 14.0f, 0, border_width);
    float x = min.x + pad_x, y = min.y + pad_y;
    if (mark) {
        draw->AddText(title_font, title_size, ImVec2(x, y), p.text, mark);
        x += mark_width;
    }
    draw->AddText(title_font, title_size, ImVec2(x, y), p.text, card.title.c_str(), nullptr, wrap);
    y += title.y + line_gap;
    draw->AddText(body_font, body_size, ImVec2(x, y), p.text, card.body.c_str(), nullptr, wrap);
    y += body.y + line_gap;
    draw->AddText(body_font, body_size, ImVec2(x, y), p.muted, card.meta.c_str(), nullptr, wrap);
    ImGui::PopID();
    const bool dragged = ImGui::GetIO().MouseDragMaxDistanceSqr[0] > 12.0f * 12.0f;  // a scroll is not a tap
    return pressed && !dragged;
}

}  // namespace kiosk::ui
