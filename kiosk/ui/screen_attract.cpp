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

    // What the screen says, measured before it is drawn: the tagline, then one sourced fact (rotating,
    // its source always with it), then the call to action as a button (the whole screen is the real
    // target). The block sits 16 % down on a tall screen and moves up on a short one; where even then
    // the fact would push the button off the screen (1280x720 at the largest text size), the fact is
    // left out: the tagline and the button are what the screen is for.
    const auto& facts = config.pack->facts;
    const std::size_t fact = facts.empty() ? 0 : ctx.State().fact_index % facts.size();
    const std::string tagline = ctx.Ui(UiText::AttractTagline);
    const std::string fact_text = facts.empty() ? ctx.Content(core::PackKey("title")) : ctx.Content(core::FactKey(fact, "text"));
    const std::string fact_source = facts.empty() ? std::string() : ctx.Content(core::FactKey(fact, "source"));
    const float column = std::min(avail.x - 160.0f, 1400.0f);
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    auto height_of = [&](ImFont* font, const std::string& text) {
        ImGui::PushFont(font);
        const float h = ImGui::CalcTextSize(text.c_str(), nullptr, false, column).y + spacing;
        ImGui::PopFont();
        return h;
    };
    const float tagline_h = height_of(DisplayFont(), tagline);
    float fact_h = ImGui::GetFontSize() * 1.2f + height_of(BodyFont(), fact_text);  // Gap(2) and the fact
    if (!facts.empty()) fact_h += height_of(HeadingFont(), ctx.Ui(UiText::DidYouKnow)) + height_of(BodyFont(), fact_source);

    // The call to action: its label wraps rather than run off a narrow screen (Welsh, in portrait).
    const Palette& p = Colors();
    const std::string label = ctx.Ui(UiText::TouchToStart);
    ImGui::PushFont(HeadingFont());
    const float label_wrap = avail.x - 48.0f - 120.0f;
    const ImVec2 text = ImGui::CalcTextSize(label.c_str(), nullptr, false, label_wrap);
    ImGui::PopFont();
    float padding = kSpace8, gap = kSpace7;  // the button's height over its text; text to button
    const float room = avail.y - 24.0f;
    const bool slim = tagline_h + fact_h + gap + text.y + padding > room;
    if (slim) padding = 28.0f, gap = 20.0f;  // a slimmer button, closer to the text
    const bool with_fact = tagline_h + fact_h + gap + text.y + padding <= room;
    const float block_height = tagline_h + (with_fact ? fact_h : 0.0f);
    const float spare = room - block_height - gap - (text.y + padding);
    const float top = std::clamp(spare * 0.5f, 12.0f, avail.y * 0.16f);

    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + top));
    ImGui::SetCursorPosX((avail.x - column) * 0.5f);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + column);
    if (config.site) ctx.Say(ctx.Content(core::SiteKey(config.site->id, "partnership")));  // shown in the top bar
    ImGui::PushFont(DisplayFont());
    ImGui::TextUnformatted(tagline.c_str());
    ImGui::PopFont();
    ctx.Say(tagline);
    if (with_fact) {
        Gap(2);
        if (!facts.empty()) {
            ImGui::PushFont(HeadingFont());
            ImGui::TextUnformatted(ctx.Ui(UiText::DidYouKnow));
            ImGui::PopFont();
        }
        Body(fact_text, column);
        if (!facts.empty()) {
            Note(fact_source, column);
            ctx.Say(std::string(ctx.Ui(UiText::DidYouKnow)) + " " + fact_text);
        }
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float text_bottom = ImGui::GetItemRectMax().y;

    // Below the text whatever the text size, at least two-thirds down the screen, never past its foot.
    ImGui::PushFont(HeadingFont());
    const ImVec2 size(text.x + 120.0f, text.y + padding);
    const float lowest = origin.y + avail.y - size.y - 12.0f;
    ImVec2 at(origin.x + (avail.x - size.x) * 0.5f, std::min(lowest, std::max(origin.y + avail.y * 0.68f, text_bottom + gap)));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), p.accent, std::min(size.y * 0.5f, 40.0f));
    // Registered so tests can see where it landed; tapping it starts, like anywhere on this screen.
    RegisterWidget("attract.call", at, ImVec2(at.x + size.x, at.y + size.y), true, label);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(at.x + 60.0f, at.y + padding * 0.5f), p.accent_text,
                  label.c_str(), nullptr, label_wrap);
    ImGui::PopFont();
    ctx.Say(label);
}

}  // namespace kiosk::ui
