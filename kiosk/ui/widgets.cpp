// Touch widgets (see widgets.h). Buttons are drawn by hand rather than with ImGui::Button so labels can
// wrap, carry a mark, and keep the theme's contrast in every state.
#include "widgets.h"

#include <algorithm>
#include <cfloat>
#include <vector>

#include "theme.h"
#include "ui.h"

namespace kiosk::ui {
namespace {

std::vector<WidgetRect> g_widgets;

}  // namespace

const std::vector<WidgetRect>& Widgets() { return g_widgets; }

const WidgetRect* FindWidget(const std::string& id) {
    for (const WidgetRect& w : g_widgets)
        if (w.id == id) return &w;
    return nullptr;
}

void RegisterWidget(const std::string& id, ImVec2 min, ImVec2 max, bool enabled, const std::string& label) {
    // Only what is actually visible can be tapped: clip to the current window's visible area.
    ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
    ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
    ImVec2 a(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y));
    ImVec2 b(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y));
    if (b.x <= a.x || b.y <= a.y) return;
    bool clipped = a.x != min.x || a.y != min.y || b.x != max.x || b.y != max.y;
    g_widgets.push_back({id, a, b, enabled, clipped, min, max, label});
}

void ResetWidgets() { g_widgets.clear(); }

namespace {

// The padding grows with the text, except on a short screen, where the text alone grows: at the largest
// size the padding cost 20 pixels a row of buttons, and a 720-pixel screen has few rows to spare.
float ButtonPadY() { return 16.0f * (ShortScreen() ? std::min(1.0f, Scale()) : Scale()); }
float MarkWidth(const char* mark) { return mark ? ImGui::CalcTextSize(mark).x + 18.0f * Scale() : 0.0f; }

// TouchButton's layout of `label` in a button `width` wide (0: the rest of the line).
struct ButtonLayout {
    float width, height, pad_x, wrap, mark_width;
    ImVec2 text;
};
ButtonLayout LayOutButton(const std::string& label, float width, const char* mark) {
    ButtonLayout b{};
    b.pad_x = 28.0f * Scale();
    b.width = width > 0 ? width : ImGui::GetContentRegionAvail().x;
    b.mark_width = MarkWidth(mark);
    // A label that would just miss one line takes some of the padding first (down to 12 px a side):
    // "Fire and rescue" on two lines made its row of roles taller than the screen at 1280x720.
    const float one_line = ImGui::CalcTextSize(label.c_str()).x;
    if (one_line + b.mark_width + 2 * b.pad_x > b.width)
        b.pad_x = std::max(12.0f * Scale(), (b.width - one_line - b.mark_width) * 0.5f);
    b.wrap = std::max(40.0f, b.width - 2 * b.pad_x - b.mark_width);
    b.text = ImGui::CalcTextSize(label.c_str(), nullptr, false, b.wrap);
    b.height = std::max(kMinTouch, b.text.y + 2 * ButtonPadY());
    return b;
}

}  // namespace

float OneLineButtonHeight() { return std::max(kMinTouch, ImGui::GetTextLineHeight() + 2 * ButtonPadY()); }

float OneLineButtonWidth(const std::string& label, const char* mark, float pad) {
    return ImGui::CalcTextSize(label.c_str()).x + MarkWidth(mark) + 2 * pad * Scale();
}

ImVec2 TouchButtonSize(const std::string& label, float width, const char* mark) {
    const ButtonLayout b = LayOutButton(label, width, mark);
    return ImVec2(b.width, b.height);
}

bool TouchButton(const std::string& id, const std::string& label, ImVec2 size, ButtonStyle style, bool enabled,
                 const char* mark, bool centered) {
    const Palette& p = Colors();
    const ButtonLayout layout = LayOutButton(label, size.x, mark);
    const float pad_x = layout.pad_x, wrap = layout.wrap, mark_width = layout.mark_width, width = layout.width;
    const ImVec2 text = layout.text;
    const float height = std::max(size.y, layout.height);

    ImGui::PushID(id.c_str());
    if (!enabled) ImGui::BeginDisabled();
    bool pressed = ImGui::InvisibleButton("##b", ImVec2(width, height));
    bool held = ImGui::IsItemActive();
    if (!enabled) ImGui::EndDisabled();
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    RegisterWidget(id, min, max, enabled, label);

    ImU32 fill = p.surface, ink = p.text, border = p.border;
    float border_width = 2.0f;
    switch (style) {
        case ButtonStyle::Primary: fill = p.accent; ink = p.accent_text; border = p.accent; break;
        case ButtonStyle::Secondary: break;
        case ButtonStyle::Option: break;
        case ButtonStyle::OptionSelected: fill = p.selected; ink = p.selected_text; border = p.accent; border_width = 4.0f; break;
        case ButtonStyle::Right: border = p.right; border_width = 5.0f; break;
        case ButtonStyle::Wrong: border = p.wrong; border_width = 5.0f; break;
    }
    // Disabled plain buttons fade; answered options keep their right/wrong marking.
    if (!enabled && (style == ButtonStyle::Primary || style == ButtonStyle::Secondary || style == ButtonStyle::Option)) {
        fill = p.background;
        ink = p.muted;
        border = p.border;
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    float rounding = 14.0f;
    if (held && enabled) {
        // A visible press: touch has no hover, so the press itself is the feedback.
        min.x += 2;
        min.y += 2;
    }
    draw->AddRectFilled(min, max, fill, rounding);
    draw->AddRect(min, max, border, rounding, 0, border_width);
    float text_x = centered ? min.x + (width - text.x - mark_width) * 0.5f : min.x + pad_x;
    float text_y = min.y + (height - text.y) * 0.5f;
    if (mark) {
        draw->AddText(ImVec2(text_x, text_y), ink, mark);
        text_x += mark_width;
    }
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(text_x, text_y), ink, label.c_str(), nullptr, wrap);
    ImGui::PopID();
    // A finger that dragged to scroll is not a tap.
    bool dragged = ImGui::GetIO().MouseDragMaxDistanceSqr[0] > 12.0f * 12.0f;
    return pressed && enabled && !dragged;
}

void Heading(const std::string& text, float wrap_width) {
    ImGui::PushFont(HeadingFont());
    ImGui::PushTextWrapPos(wrap_width > 0 ? ImGui::GetCursorPosX() + wrap_width : 0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
}

void Body(const std::string& text, float wrap_width) {
    ImGui::PushTextWrapPos(wrap_width > 0 ? ImGui::GetCursorPosX() + wrap_width : 0.0f);
    // Blank lines in content mark paragraphs; keep them as visible gaps.
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find("\n\n", start);
        std::string paragraph = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        ImGui::TextUnformatted(paragraph.c_str());
        if (end == std::string::npos) break;
        Gap(0.5f);
        start = end + 2;
    }
    ImGui::PopTextWrapPos();
}

void Note(const std::string& text, float wrap_width) {
    ImGui::PushStyleColor(ImGuiCol_Text, Colors().muted);
    ImGui::PushTextWrapPos(wrap_width > 0 ? ImGui::GetCursorPosX() + wrap_width : 0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void WarningText(const std::string& text) {
    // The icon: a filled circle in the text colour with "!" in the background colour, a line high.
    const float size = ImGui::GetTextLineHeight() * 1.15f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 centre(at.x + size * 0.5f, at.y + size * 0.5f);
    draw->AddCircleFilled(centre, size * 0.5f, Colors().text);
    ImFont* bold = HeadingFont();
    const ImVec2 mark = bold->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0.0f, "!");
    draw->AddText(bold, ImGui::GetFontSize(), ImVec2(centre.x - mark.x * 0.5f, centre.y - mark.y * 0.5f), Colors().background, "!");
    // The words in bold at the body's size, beside it.
    ImGui::SetCursorScreenPos(ImVec2(at.x + size + 20.0f, at.y));
    ImGui::PushFont(bold);
    ImGui::SetWindowFontScale(ImGui::GetIO().Fonts->Fonts[std::min(2 * CurrentSettings().text_size, ImGui::GetIO().Fonts->Fonts.Size - 1)]->FontSize /
                              bold->FontSize);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    const float bottom = std::max(ImGui::GetCursorScreenPos().y, at.y + size + ImGui::GetStyle().ItemSpacing.y);
    ImGui::SetCursorScreenPos(ImVec2(at.x, bottom));
}

void Gap(float lines) {
    float unit = ImGui::GetFontSize() * (CurrentSettings().calm_spacing ? 0.9f : 0.6f);
    ImGui::Dummy(ImVec2(1.0f, unit * lines));
}

}  // namespace kiosk::ui
