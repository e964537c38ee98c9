// The kiosk's look: a calm light theme and a high-contrast theme (text at least 7:1 against its
// background, WCAG AAA), four text sizes, and calmer spacing for dyslexic readers.
#include "theme.h"

#include <algorithm>

#include "ui.h"

namespace kiosk::ui {
namespace {

core::Accessibility g_settings;

// Light theme: near-black on warm off-white (15.9:1); white on deep teal buttons (7.6:1).
const Palette kLight = {
    IM_COL32(247, 245, 240, 255), IM_COL32(255, 255, 255, 255), IM_COL32(26, 26, 26, 255),
    IM_COL32(74, 74, 74, 255),    IM_COL32(11, 83, 92, 255),    IM_COL32(255, 255, 255, 255),
    IM_COL32(120, 120, 120, 255), IM_COL32(214, 234, 236, 255), IM_COL32(10, 40, 45, 255),
    IM_COL32(20, 83, 45, 255),   IM_COL32(155, 28, 28, 255),   IM_COL32(0, 0, 0, 170),
};
// High contrast: white and yellow on black (21:1 and 19.6:1); secondary text light grey (11.3:1) so a
// disabled button still looks different from an enabled one.
const Palette kHighContrast = {
    IM_COL32(0, 0, 0, 255),       IM_COL32(0, 0, 0, 255),       IM_COL32(255, 255, 255, 255),
    IM_COL32(190, 190, 190, 255), IM_COL32(255, 221, 0, 255),   IM_COL32(0, 0, 0, 255),
    IM_COL32(255, 255, 255, 255), IM_COL32(255, 221, 0, 255),   IM_COL32(0, 0, 0, 255),
    IM_COL32(120, 255, 140, 255), IM_COL32(255, 140, 140, 255), IM_COL32(0, 0, 0, 220),
};

}  // namespace

const Palette& Colors() { return g_settings.high_contrast ? kHighContrast : kLight; }
const core::Accessibility& CurrentSettings() { return g_settings; }

ImFont* BodyFont() {
    ImFontAtlas* fonts = ImGui::GetIO().Fonts;
    int index = 2 * g_settings.text_size;
    return index < fonts->Fonts.Size ? fonts->Fonts[index] : ImGui::GetFont();
}

ImFont* HeadingFont() {
    ImFontAtlas* fonts = ImGui::GetIO().Fonts;
    // On a short screen the two largest sizes take the next heading down, as GOV.UK's type scale
    // shrinks headings on small screens: a 70-pixel heading over 48-pixel text left a 720-pixel screen
    // no room for a film's picture and its Play button.
    int index = 2 * (g_settings.text_size >= 2 && ShortScreen() ? g_settings.text_size - 1 : g_settings.text_size) + 1;
    return index < fonts->Fonts.Size ? fonts->Fonts[index] : BodyFont();
}

ImFont* DisplayFont() {
    ImFontAtlas* fonts = ImGui::GetIO().Fonts;
    int index = 2 * std::min(g_settings.text_size + 1, core::kTextSizes - 1) + 1;
    return index < fonts->Fonts.Size ? fonts->Fonts[index] : HeadingFont();
}

ImFont* ChromeFont() {
    ImFontAtlas* fonts = ImGui::GetIO().Fonts;
    int index = 2 * std::min(g_settings.text_size, 2);
    return index < fonts->Fonts.Size ? fonts->Fonts[index] : BodyFont();
}

bool ShortScreen() { return ImGui::GetIO().DisplaySize.y < 900.0f; }

float Scale() { return kBodySizes[g_settings.text_size] / kBodySizes[1]; }

void ApplyTheme(const core::Accessibility& settings) {
    g_settings = settings;
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    const Palette& p = Colors();
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 0;
    style.FrameRounding = 14.0f;
    style.FramePadding = ImVec2(24.0f, 16.0f);
    style.ItemSpacing = ImVec2(20.0f, settings.calm_spacing ? 26.0f : 16.0f);
    style.ScrollbarSize = 18.0f;
    style.ScrollbarRounding = 9.0f;
    style.TouchExtraPadding = ImVec2(kSpace1, kSpace1);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(p.background);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(p.text);
    c[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(p.muted);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = ImGui::ColorConvertU32ToFloat4(p.border);
    c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrab];
    c[ImGuiCol_ScrollbarGrabActive] = ImGui::ColorConvertU32ToFloat4(p.accent);
    if (ImFont* font = BodyFont()) ImGui::GetIO().FontDefault = font;
}

}  // namespace kiosk::ui
