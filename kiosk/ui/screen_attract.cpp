// The attract loop: whose kiosk this is, what it teaches, and one big target to start. It shows nothing
// of any earlier learner: it is drawn from the pack and site alone.
#include <algorithm>

#include "layout.h"
#include "screens.h"
#include "theme.h"

namespace kiosk::ui {

void DrawAttract(Context& ctx) {
    const auto& config = ctx.Config();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    // The whole screen below the bar starts a sitting: no small target to find.
    ImGui::SetCursorScreenPos(origin);
    bool tapped = ImGui::InvisibleButton("##attract", avail);
    RegisterWidget("attract.start", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), true);
    if (tapped) ctx.Emit(core::intent::Start{});

    // The text block sits 16 % down on a tall screen; on a short one (1280x720, or the largest text
    // size) it moves up so the call to action below it stays on screen. Its height is last frame's
    // (ImGui lays out as it draws; every change is drawn twice, so the second frame is right).
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID block_key = ImGui::GetID("attract.block-height");
    const float block_height = storage->GetFloat(block_key, 0.0f);
    float padding = 64.0f, gap = 48.0f;  // the button's height over its text; text to button
    float spare = avail.y - block_height - gap - (HeadingFont()->FontSize + padding) - 24.0f;
    if (spare < 0.0f) {  // still too tall: a slimmer button, closer to the text
        padding = 28.0f;
        gap = 20.0f;
        spare = avail.y - block_height - gap - (HeadingFont()->FontSize + padding) - 24.0f;
    }
    const float top = std::clamp(spare * 0.5f, 12.0f, avail.y * 0.16f);
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + top));
    float column = std::min(avail.x - 160.0f, 1400.0f);
    ImGui::SetCursorPosX((avail.x - column) * 0.5f);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + column);
    if (config.site) ctx.Say(ctx.Content(core::SiteKey(config.site->id, "partnership")));  // shown in the top bar
    ImGui::PushFont(DisplayFont());
    ImGui::TextUnformatted(ctx.Ui(UiText::AttractTagline));
    ImGui::PopFont();
    ctx.Say(ctx.Ui(UiText::AttractTagline));
    Gap(2);
    // One sourced fact at a time, rotating; the source is always shown with it.
    const auto& facts = config.pack->facts;
    if (!facts.empty()) {
        std::size_t i = ctx.State().fact_index % facts.size();
        ImGui::PushFont(HeadingFont());
        ImGui::TextUnformatted(ctx.Ui(UiText::DidYouKnow));
        ImGui::PopFont();
        const std::string& fact = ctx.Content(core::FactKey(i, "text"));
        Body(fact, column);
        Note(ctx.Content(core::FactKey(i, "source")), column);
        ctx.Say(std::string(ctx.Ui(UiText::DidYouKnow)) + " " + fact);
    } else {
        Body(ctx.Content(core::PackKey("title")), column);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float text_bottom = ImGui::GetItemRectMax().y;
    storage->SetFloat(block_key, text_bottom - (origin.y + top));

    // The call to action, drawn as a button so it reads as one (the whole screen is the real target).
    const Palette& p = Colors();
    std::string label = ctx.Ui(UiText::TouchToStart);
    ImGui::PushFont(HeadingFont());
    ImVec2 text = ImGui::CalcTextSize(label.c_str());
    ImVec2 size(text.x + 120.0f, text.y + padding);
    // Below the text whatever the text size, and at least two-thirds down the screen.
    ImVec2 at(origin.x + (avail.x - size.x) * 0.5f, std::max(origin.y + avail.y * 0.68f, text_bottom + gap));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), p.accent, size.y * 0.5f);
    // Registered so tests can see where it landed; tapping it starts, like anywhere on this screen.
    RegisterWidget("attract.call", at, ImVec2(at.x + size.x, at.y + size.y), true, label);
    draw->AddText(ImVec2(at.x + 60.0f, at.y + padding * 0.5f), p.accent_text, label.c_str());
    ImGui::PopFont();
    ctx.Say(label);
}

}  // namespace kiosk::ui
