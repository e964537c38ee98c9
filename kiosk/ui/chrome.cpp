// What surrounds every screen: the top bar (partnership, language, display settings, Leave), the
// "Are you still there?" overlay and the display-and-reading panel.
#include <algorithm>
#include <cstdio>

#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace kiosk::ui {
namespace {

constexpr core::TimeMs kAdminHoldMs = 3000;

// Languages are named in themselves, so a Welsh speaker finds "Cymraeg" whatever is on screen.
const char* LanguageName(const std::string& code) {
    if (code == "en") return "English";
    if (code == "cy") return "Cymraeg";
    return code.c_str();
}

std::vector<std::string> Languages(const core::SessionConfig& config) {
    if (config.site && !config.site->languages.empty()) return config.site->languages;
    return config.pack->languages;
}

// A full-screen window above the screen, which takes every touch so nothing beneath can be pressed.
bool BeginOverlay(const char* id) {
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(Colors().overlay));
    bool open = ImGui::Begin(id, nullptr,
                             ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleColor();
    // Whatever was under the overlay cannot be tapped now; scripts must see that too.
    ResetWidgets();
    return open;
}

// A centred card inside an overlay.
void BeginCard(const char* id, float width, float height) {
    ImGuiIO& io = ImGui::GetIO();
    ImVec2 size(std::min(width, io.DisplaySize.x - 40), std::min(height, io.DisplaySize.y - 40));
    ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - size.x) * 0.5f, (io.DisplaySize.y - size.y) * 0.5f));
    ImVec2 min = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(min, ImVec2(min.x + size.x, min.y + size.y), Colors().background, 24.0f);
    ImGui::GetWindowDrawList()->AddRect(min, ImVec2(min.x + size.x, min.y + size.y), Colors().border, 24.0f, 0, 3.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(48, 40));
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleVar();
}

void EndCard() { ImGui::EndChild(); }

}  // namespace

void DrawTopBar(Context& ctx) {
    ImGui::PushFont(ChromeFont());
    const auto& state = ctx.State();
    const Palette& p = Colors();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float width = ImGui::GetIO().DisplaySize.x;
    // As tall as its buttons, which grow with the text size, plus 16 px above and below: a fixed 104 px
    // let the largest size cross the rule (issue 18).
    const float button_height = OneLineButtonHeight();
    float height = button_height + 32.0f;
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), p.surface);
    draw->AddLine(ImVec2(origin.x, origin.y + height), ImVec2(origin.x + width, origin.y + height), p.border, 2.0f);
    // The bar itself, for layout checks (nothing to tap: enabled is false).
    RegisterWidget("chrome.top-bar", origin, ImVec2(origin.x + width, origin.y + height), false);

    // Right to left: Leave, display settings, other languages.
    float x = width - 24.0f;
    auto place = [&](const std::string& id, const std::string& label, ButtonStyle style, bool enabled) {
        // Wide enough for the label on one line, with the button's own padding on both sides.
        float w = ImGui::CalcTextSize(label.c_str()).x + 2 * 28.0f * Scale() + 24.0f;
        x -= w;
        ImGui::SetCursorScreenPos(ImVec2(x, origin.y + 16.0f));
        bool tapped = TouchButton(id, label, ImVec2(w, button_height), style, enabled);
        x -= 16.0f;
        return tapped;
    };
    if (ctx.Allowed(core::intent::Leave{}) && place("nav.leave", ctx.Ui(UiText::Leave), ButtonStyle::Secondary, true))
        ctx.Emit(core::intent::Leave{});
    if (place("a11y.open", std::string("Aa  ") + ctx.Ui(UiText::Display), ButtonStyle::Secondary, true))
        ctx.Emit(core::intent::OpenAccessibility{});
    for (const std::string& lang : Languages(ctx.Config())) {
        if (lang == state.language) continue;
        if (place("lang." + lang, LanguageName(lang), ButtonStyle::Secondary, true))
            ctx.Emit(core::intent::SetLanguage{lang});
    }
    // The admin corner: a long press (3 s) on the attract screen's top-left opens the PIN pad. Timed with
    // the session clock from press to release, so it needs no redraws while the finger rests.
    if (state.screen == core::Screen::Attract) {
        static core::TimeMs pressed_at = -1;
        ImGui::SetCursorScreenPos(origin);
        ImGui::InvisibleButton("##admin-corner", ImVec2(std::min(480.0f, x - origin.x), height));
        RegisterWidget("admin.corner", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), true);
        if (ImGui::IsItemActivated()) pressed_at = ctx.frame.now;
        if (ImGui::IsItemDeactivated()) {
            if (pressed_at >= 0 && ctx.frame.now - pressed_at >= kAdminHoldMs)
                ctx.Emit(core::intent::OpenAdmin{});
            pressed_at = -1;
        }
    }
    // Left: whose kiosk this is, where the buttons leave room for a word or two of it (in portrait at the
    // largest text size, Welsh buttons leave none; the attract screen still says it aloud). A preview puts
    // its label there instead: a two-line Welsh name showed above and below it.
    if (ctx.Config().site && !ctx.Config().preview && x - origin.x - 40.0f >= 120.0f) {
        // On two lines where one is too long (a portrait screen cut the name off mid-word); where two
        // are not enough either, one line ending in "...", cut at a character boundary.
        std::string partnership = ctx.Content(core::SiteKey(ctx.Config().site->id, "partnership"));
        const float left = origin.x + 32.0f, room = std::max(40.0f, x - left - 8.0f);
        ImVec2 size = ImGui::CalcTextSize(partnership.c_str(), nullptr, false, room);
        if (size.y > height - 8.0f) {
            const std::string dots = "...";  // ASCII: every font atlas has it
            while (!partnership.empty() && ImGui::CalcTextSize((partnership + dots).c_str()).x > room) {
                partnership.pop_back();
                while (!partnership.empty() && (static_cast<unsigned char>(partnership.back()) & 0xC0) == 0x80)
                    partnership.pop_back();  // the rest of a UTF-8 character
                if (!partnership.empty() && static_cast<unsigned char>(partnership.back()) >= 0xC0) partnership.pop_back();
            }
            while (!partnership.empty() && partnership.back() == ' ') partnership.pop_back();
            partnership += dots;
            size = ImGui::CalcTextSize(partnership.c_str());
        }
        const float top = origin.y + std::max(4.0f, (height - size.y) * 0.5f);
        ImGui::SetCursorScreenPos(ImVec2(left, top));
        ImGui::PushClipRect(origin, ImVec2(x, origin.y + height), true);
        ImGui::PushStyleColor(ImGuiCol_Text, p.muted);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + room);
        ImGui::TextUnformatted(partnership.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ImGui::PopClipRect();
        RegisterWidget("chrome.partnership", ImVec2(left, top), ImVec2(left + size.x, top + size.y), false, partnership);
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height + 8.0f));
    ImGui::PopFont();
}

void DrawIdleOverlay(Context& ctx) {
    BeginOverlay("##idle");
    BeginCard("##idle-card", 1000, 460);
    int seconds = core::IdleSecondsLeft(ctx.State(), ctx.Config(), ctx.frame.now);
    Heading(ctx.Ui(UiText::StillThere));
    Gap();
    char line[256];
    std::snprintf(line, sizeof line, ctx.Ui(UiText::StillThereBody), seconds);
    Body(line);
    Gap(2);
    if (TouchButton("idle.still-here", ctx.Ui(UiText::ImStillHere), ImVec2(0, kMinTouch * 1.3f), ButtonStyle::Primary))
        ctx.Emit(core::intent::StillHere{});
    EndCard();
    ImGui::End();
}

void DrawAccessibilityPanel(Context& ctx) {
    const core::Accessibility& a = ctx.State().accessibility;
    BeginOverlay("##a11y");
    BeginCard("##a11y-card", 1200, 900);
    // The choices scroll where the card is shorter than they are (1280x720, or the largest text); Close
    // stays at the card's foot, so the way out never needs a scroll.
    const float close_h = OneLineButtonHeight();
    BeginScrollArea("##a11y-choices", ImVec2(0, ImGui::GetContentRegionAvail().y - close_h - ImGui::GetStyle().ItemSpacing.y));
    Heading(ctx.Ui(UiText::Display));
    Gap();
    Body(ctx.Ui(UiText::TextSize));
    // Four "A"s of growing size: the choice is shown, not described.
    float w = 150.0f;
    for (int size = 0; size < core::kTextSizes; ++size) {
        if (size) ImGui::SameLine();
        ImGui::PushFont(ImGui::GetIO().Fonts->Fonts.Size > 2 * size ? ImGui::GetIO().Fonts->Fonts[2 * size] : ImGui::GetFont());
        bool selected = a.text_size == size;
        if (TouchButton("a11y.size." + std::to_string(size), "A", ImVec2(w, kMinTouch * 1.4f),
                        selected ? ButtonStyle::OptionSelected : ButtonStyle::Option, true, selected ? "\xE2\x9C\x93" : nullptr))
            ctx.Emit(core::intent::SetTextSize{size});
        ImGui::PopFont();
    }
    Gap();
    auto toggle = [&](const char* id, UiText label, bool on, core::Intent intent) {
        std::string text = std::string(ctx.Ui(label)) + ": " + ctx.Ui(on ? UiText::On : UiText::Off);
        if (TouchButton(id, text, ImVec2(0, 0), on ? ButtonStyle::OptionSelected : ButtonStyle::Option, true,
                        on ? "\xE2\x9C\x93" : nullptr, false))
            ctx.Emit(intent);
    };
    toggle("a11y.contrast", UiText::HighContrast, a.high_contrast, core::intent::ToggleHighContrast{});
    toggle("a11y.spacing", UiText::CalmSpacing, a.calm_spacing, core::intent::ToggleCalmSpacing{});
    // Read aloud only where the kiosk can speak: a button that does nothing is worse than none.
    if (ctx.frame.services.speak && TouchButton("a11y.read", ctx.Ui(UiText::ReadAloud), ImVec2(0, 0), ButtonStyle::Secondary))
        ctx.frame.services.speak(ctx.spoken, ctx.Lang());
    EndScrollArea();
    if (TouchButton("a11y.close", ctx.Ui(UiText::Close), ImVec2(0, close_h), ButtonStyle::Primary))
        ctx.Emit(core::intent::CloseAccessibility{});
    EndCard();
    ImGui::End();
}

}  // namespace kiosk::ui
