// Two GOV.UK blocks (widgets.h): the confirmation panel (BeginPanel), "panel" for the outcome of a
// transaction, a block of the accent colour with the words in its text colour, drawn behind its contents
// once they are laid out, on a draw-list channel underneath, so it fits whatever they turn out to need;
// and inset text (InsetText), words set off by a thick bar at their left, for a key fact.
#include <algorithm>

#include "theme.h"
#include "ui.h"
#include "widgets.h"

namespace kiosk::ui {
namespace {

struct OpenPanel {
    ImDrawListSplitter splitter;
    ImVec2 start;
    float width = 0, pad = 0;
};
OpenPanel g_panel;  // panels do not nest

}  // namespace

void BeginPanel() {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    g_panel.start = ImGui::GetCursorScreenPos();
    g_panel.width = ImGui::GetContentRegionAvail().x;
    // GOV.UK's 35 px (kSpace6), less on a short screen, where the panel's contents should stay above the fold.
    g_panel.pad = (ShortScreen() ? kSpace5 : kSpace6) * std::max(1.0f, Scale() * 0.8f);
    g_panel.splitter.Split(draw, 2);
    g_panel.splitter.SetCurrentChannel(draw, 1);
    ImGui::PushStyleColor(ImGuiCol_Text, Colors().accent_text);
    ImGui::SetCursorScreenPos(ImVec2(g_panel.start.x + g_panel.pad, g_panel.start.y + g_panel.pad));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + g_panel.width - 2 * g_panel.pad);
}

float PanelInnerWidth() { return g_panel.width - 2 * g_panel.pad; }

void EndPanel() {
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float bottom = ImGui::GetItemRectMax().y + g_panel.pad;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    g_panel.splitter.SetCurrentChannel(draw, 0);
    draw->AddRectFilled(g_panel.start, ImVec2(g_panel.start.x + g_panel.width, bottom), Colors().accent, 0.0f);
    g_panel.splitter.Merge(draw);
    ImGui::PopStyleColor();
    ImGui::SetCursorScreenPos(ImVec2(g_panel.start.x, bottom));
    ImGui::Dummy(ImVec2(g_panel.width, 1.0f));  // the panel's extent, for the scroll area's height
}

void InsetText(const std::string& text, ImU32 bar_colour) {
    // GOV.UK: a 10 px border, 15 px of padding; both grow a little with the text.
    const float bar = 10.0f * std::max(1.0f, Scale() * 0.8f), pad = kSpace4 * std::max(1.0f, Scale() * 0.8f);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::SetCursorScreenPos(ImVec2(at.x + bar + pad, at.y + pad * 0.5f));
    ImGui::BeginGroup();
    Body(text, width - bar - pad);
    ImGui::EndGroup();
    const float bottom = ImGui::GetItemRectMax().y + pad * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + bar, bottom), bar_colour);
    ImGui::SetCursorScreenPos(ImVec2(at.x, bottom));
    ImGui::Dummy(ImVec2(width, 1.0f));
}

}  // namespace kiosk::ui
