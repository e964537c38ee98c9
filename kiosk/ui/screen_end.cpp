// The end of a module: the outcome in a confirmation panel (the verdict, the score against the pass
// mark, the completion code with a QR code of it: no personal data), whether the result is saved, the
// closing text, and who to contact.
#include <cstdio>

#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace kiosk::ui {

void DrawContacts(Context& ctx) {
    Heading(ctx.Ui(UiText::WhoToContact));
    ctx.Say(ctx.Ui(UiText::WhoToContact));
    for (const core::ContactRef& ref : core::ContactsToShow(ctx.Config())) {
        std::string name = ctx.Content(core::ContactKey(ref.owner, ref.index, "name"));
        std::string line = name;
        if (!ref.contact->phone.empty()) line += ":  " + ref.contact->phone;
        ImGui::PushFont(HeadingFont());
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(line.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        ctx.Say(line);
        for (const char* field : {"hours", "note"}) {
            const std::string& extra = ctx.Content(core::ContactKey(ref.owner, ref.index, field));
            if (extra.empty()) continue;
            Note(extra);
            ctx.Say(extra);
        }
        if (!ref.contact->url.empty()) Note(ref.contact->url);
        Gap(0.4f);
    }
}

void DrawEnd(Context& ctx, const core::Module& module, const core::Scene& scene) {
    const auto& state = ctx.State();
    const core::ModuleResult& result = *state.run->result;
    // The outcome first, in a confirmation panel as GOV.UK shows a reference number: the verdict in
    // words (and a tick when passed), the score against the pass mark, the completion code in large type
    // with its QR code; then whether it is saved, the module's closing words, and who to contact.
    BeginPanel();
    if (result.points_possible > 0) {
        const std::string verdict = ctx.Ui(result.passed ? UiText::Passed : UiText::NotPassed);
        Heading(std::string(result.passed ? "\xE2\x9C\x93 " : "") + verdict, PanelInnerWidth());
        ctx.Say(verdict);
        char line[256];
        std::snprintf(line, sizeof line, ctx.Ui(UiText::YouScored), result.percent, module.pass_mark);
        Body(line, PanelInnerWidth());
        ctx.Say(line);
    } else {
        Heading(ctx.Ui(UiText::ModuleComplete), PanelInnerWidth());
        ctx.Say(ctx.Ui(UiText::ModuleComplete));
        Body(ctx.Ui(UiText::NoQuestions), PanelInnerWidth());
    }
    Gap(0.5f);
    // The code and its QR code to the right (on its own white quiet zone, so a phone can read it).
    Texture qr = ctx.frame.services.qr ? ctx.frame.services.qr(result.completion_code) : Texture{};
    const float qr_size = std::min(220.0f * std::max(1.0f, Scale() * 0.8f), PanelInnerWidth() * 0.4f);
    const float text_width = PanelInnerWidth() - (qr.id ? qr_size + 40.0f : 0.0f);
    const ImVec2 block = ImGui::GetCursorPos();
    ImGui::BeginGroup();
    Body(ctx.Ui(UiText::CompletionCode), text_width);
    ImGui::PushFont(DisplayFont());
    ImGui::TextUnformatted(result.completion_code.c_str());
    ImGui::PopFont();
    ImGui::EndGroup();
    const float text_bottom = ImGui::GetCursorPosY();
    if (qr.id) {
        ImGui::SetCursorPos(ImVec2(block.x + text_width + 40.0f, block.y));
        ImGui::Image(qr.id, ImVec2(qr_size, qr_size));
        ImGui::SetCursorPosY(std::max(text_bottom, block.y + qr_size + ImGui::GetStyle().ItemSpacing.y));
    }
    ctx.Say(std::string(ctx.Ui(UiText::CompletionCode)) + ": " + result.completion_code);
    EndPanel();
    // Whether it is kept, next to the outcome (the learner looks there): "Saved" only once the records
    // DB has committed (the app acknowledges with intent::Saved).
    Gap(0.5f);
    if (state.save_failed) {
        ImGui::PushStyleColor(ImGuiCol_Text, Colors().wrong);
        Body(ctx.Ui(UiText::NotSaved));
        ImGui::PopStyleColor();
    } else if (state.unsaved > 0) {
        Note(ctx.Ui(UiText::Saving));
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, Colors().right);
        Body(std::string("\xE2\x9C\x93 ") + ctx.Ui(UiText::Saved));
        ImGui::PopStyleColor();
    }
    Note(ctx.Ui(UiText::CompletionCodeHint));
    Gap();
    const std::string& text = ctx.Content(core::SceneKey(module.id, scene.id, "text"));
    Body(text);
    ctx.Say(text);
    if (scene.signposting) {
        Gap();
        DrawContacts(ctx);
    }
}

}  // namespace kiosk::ui
