// What only a trainer's preview shows on top of the kiosk: a "preview, nothing is recorded" label, and
// the compile errors while the content does not build. Always at the smallest text size, light on
// dark, whatever the learner settings are, so it reads the same on every screen it covers.
#include <algorithm>
#include <cstdio>

#include "theme.h"
#include "ui.h"
#include "widgets.h"

namespace kiosk::ui {
namespace {

const ImU32 kPanel = IM_COL32(28, 28, 30, 255);
const ImU32 kEdge = IM_COL32(214, 48, 49, 255);
const ImU32 kInk = IM_COL32(255, 255, 255, 255);        // 16.8:1 on kPanel
const ImU32 kHeadline = IM_COL32(255, 176, 170, 255);   // 10.4:1 on kPanel
const ImU32 kMuted = IM_COL32(200, 200, 204, 255);      // 11:1 on kPanel
const ImU32 kCode = IM_COL32(52, 52, 56, 255);
const ImU32 kBannerFill = IM_COL32(255, 214, 0, 255);
const ImU32 kBannerInk = IM_COL32(20, 20, 20, 255);     // 14:1 on kBannerFill
constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing;

ImFont* Font(int index) {
    ImFontAtlas* fonts = ImGui::GetIO().Fonts;
    return index < fonts->Fonts.Size ? fonts->Fonts[index] : ImGui::GetFont();
}

// Tabs drawn as four spaces (ImGui draws no tab stops), with the span's 1-based code point column and
// length moved to match.
std::string ExpandTabs(const std::string& line, int& column, int& length) {
    std::string out;
    const int start = column, end = column + length;
    int old_pos = 0, new_pos = 0, new_start = 0, new_end = 0;
    for (char c : line) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {  // the first byte of a code point
            ++old_pos;
            if (old_pos == start) new_start = new_pos + 1;
            if (old_pos == end) new_end = new_pos + 1;
            new_pos += c == '\t' ? 4 : 1;
        }
        if (c == '\t') out += "    ";
        else out += c;
    }
    // A span that starts or ends past the line's end keeps its distance from it.
    if (new_start == 0) new_start = new_pos + (start - old_pos);
    if (new_end == 0) new_end = new_pos + (end - old_pos);
    column = new_start;
    length = std::max(1, new_end - new_start);
    return out;
}

// The byte offset of 1-based code point `column` in `line` (its end if the line is shorter).
std::size_t ByteOffset(const std::string& line, int column) {
    int code_point = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
        if (++code_point == column) return i;
    }
    return line.size();
}

void Wrapped(const std::string& text, ImU32 colour) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

// The source line on a darker strip, the span underlined in red, like a spelling mistake.
void SourceLine(const core::PreviewError& error) {
    int column = error.column, length = error.length;
    std::string line = ExpandTabs(error.source_line, column, length);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 at = ImGui::GetCursorScreenPos();
    const float pad = 12.0f;
    const float line_h = ImGui::GetTextLineHeight();
    const float width = ImGui::GetContentRegionAvail().x;
    draw->AddRectFilled(at, ImVec2(at.x + width, at.y + line_h + 2 * pad), kCode, 6.0f);
    ImGui::PushClipRect(at, ImVec2(at.x + width - pad, at.y + line_h + 2 * pad), true);
    ImVec2 text_at(at.x + pad, at.y + pad);
    draw->AddText(text_at, kInk, line.c_str());
    if (error.column > 0) {
        std::size_t from = ByteOffset(line, column), to = ByteOffset(line, column + length);
        float x1 = text_at.x + ImGui::CalcTextSize(line.c_str(), line.c_str() + from).x;
        float x2 = text_at.x + ImGui::CalcTextSize(line.c_str(), line.c_str() + to).x;
        if (x2 - x1 < 12.0f) x2 = x1 + 12.0f;  // a span past the end of the line still shows where
        float y = text_at.y + line_h + 2.0f;
        draw->AddLine(ImVec2(x1, y), ImVec2(x2, y), kEdge, 4.0f);
    }
    ImGui::PopClipRect();
    ImGui::Dummy(ImVec2(width, line_h + 2 * pad));
}

void Banner(const std::string& status) {
    ImGui::PushFont(Font(0));
    std::string label = "PREVIEW \xC2\xB7 nothing is recorded";
    if (!status.empty()) label += " \xC2\xB7 " + status;
    const ImVec2 pad(20.0f, 10.0f);
    ImVec2 text = ImGui::CalcTextSize(label.c_str());
    ImVec2 size(std::min(text.x + 2 * pad.x, ImGui::GetIO().DisplaySize.x * 0.5f), text.y + 2 * pad.y);
    // Over the top bar's left end (the partnership's name), clear of its buttons on the right.
    ImGui::SetNextWindowPos(ImVec2(24.0f, 16.0f + (kMinTouch - size.y) * 0.5f));
    ImGui::SetNextWindowSize(size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("##preview-banner", nullptr, kFixed | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoBackground);
    ImGui::PopStyleVar();
    ImVec2 min = ImGui::GetWindowPos();
    ImVec2 max(min.x + size.x, min.y + size.y);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(min, max, kBannerFill, size.y * 0.5f);
    draw->PushClipRect(min, ImVec2(max.x - pad.x * 0.5f, max.y), true);
    draw->AddText(ImVec2(min.x + pad.x, min.y + pad.y), kBannerInk, label.c_str());
    draw->PopClipRect();
    RegisterWidget("preview.banner", min, max, false, label);
    ImGui::End();
    ImGui::PopFont();
}

void ErrorPanel(const std::vector<core::PreviewError>& errors) {
    ImGuiIO& io = ImGui::GetIO();
    const float width = io.DisplaySize.x;
    // As tall as the errors need, at most 60% of the screen (then it scrolls): the last good version
    // of the scene stays in sight above it.
    ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y), ImGuiCond_Always, ImVec2(0, 1));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, io.DisplaySize.y * 0.6f));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(kPanel));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kInk));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(40.0f, 28.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(12.0f, 10.0f));
    ImGui::Begin("##preview-errors", nullptr,
                 (kFixed & ~ImGuiWindowFlags_NoDecoration) | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_AlwaysAutoResize);
    ImVec2 panel_min = ImGui::GetWindowPos();
    ImVec2 panel_max(panel_min.x + ImGui::GetWindowWidth(), panel_min.y + ImGui::GetWindowHeight());
    // Across the whole top edge: the window's own clip rectangle stops short of its padding.
    ImGui::GetWindowDrawList()->PushClipRect(panel_min, panel_max, false);
    ImGui::GetWindowDrawList()->AddRectFilled(panel_min, ImVec2(panel_max.x, panel_min.y + 6.0f), kEdge);
    ImGui::GetWindowDrawList()->PopClipRect();

    ImGui::PushFont(Font(1));
    char title[160];
    std::snprintf(title, sizeof title, "%zu %s in the content", errors.size(), errors.size() == 1 ? "error" : "errors");
    Wrapped(title, kInk);
    ImGui::PopFont();
    ImGui::PushFont(Font(0));
    Wrapped("The preview shows the last version that worked. Fix the file and save it: this panel goes away.",
            kMuted);
    ImGui::Dummy(ImVec2(1, 6));
    for (std::size_t i = 0; i < errors.size(); ++i) {
        const core::PreviewError& error = errors[i];
        ImGui::BeginGroup();
        Wrapped(error.headline, kHeadline);
        if (!error.source_line.empty()) SourceLine(error);
        for (const std::string& note : error.notes) Wrapped(note, kMuted);
        ImGui::EndGroup();
        RegisterWidget("preview.error." + std::to_string(i), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), false,
                       error.headline);
        ImGui::Dummy(ImVec2(1, 8));
    }
    ImGui::PopFont();
    RegisterWidget("preview.errors", panel_min, panel_max, false, title);
    ImGui::End();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
}

}  // namespace

void DrawPreviewOverlay(const std::string& status, const std::vector<core::PreviewError>& errors) {
    Banner(status);
    if (!errors.empty()) ErrorPanel(errors);
}

}  // namespace kiosk::ui
