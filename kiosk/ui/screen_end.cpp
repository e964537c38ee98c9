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
    // The QR code of the completion code at the panel's top right (on its own white quiet zone, so a
    // phone can read it), beside all the words: below them it pushed the code under the fold of a
    // 1280x720 screen.
    Texture qr = ctx.frame.services.qr ? ctx.frame.services.qr(result.completion_code) : Texture{};
    const float qr_size = std::min(220.0f * std::max(1.0f, Scale() * 0.8f), PanelInnerWidth() * 0.3f);
    const float text_width = PanelInnerWidth() - (qr.id ? qr_size + 40.0f : 0.0f);
    const ImVec2 block = ImGui::GetCursorPos();
    ImGui::BeginGroup();
    if (result.points_possible > 0) {
        const std::string verdict = ctx.Ui(result.passed ? UiText::Passed : UiText::NotPassed);
        Heading(std::string(result.passed ? "\xE2\x9C\x93 " : "") + verdict, text_width);
        ctx.Say(verdict);
        char line[256];
        std::snprintf(line, sizeof line, ctx.Ui(UiText::YouScored), result.percent, module.pass_mark);
        Body(line, text_width);
        ctx.Say(line);
    } else {
        Heading(ctx.Ui(UiText::ModuleComplete), text_width);
        ctx.Say(ctx.Ui(UiText::ModuleComplete));
        Body(ctx.Ui(UiText::NoQuestions), text_width);
    }
    // The code under its label; on a short screen beside it when both fit on one line, so the code is
    // above the fold of a 1280x720 screen.
    const char* label = ctx.Ui(UiText::CompletionCode);
    ImGui::PushFont(DisplayFont());
    const float code_width = ImGui::CalcTextSize(result.completion_code.c_str()).x;
    ImGui::PopFont();
    const float label_width = ImGui::CalcTextSize(label).x;
    const bool one_line = ShortScreen() && label_width + 24.0f + code_width <= text_width;
    if (!ShortScreen()) Gap(0.5f);
    if (one_line) {
        // The label's baseline on the code's: the label drops by the difference in their ascents.
        ImGui::PushFont(DisplayFont());
        const float code_ascent = ImGui::GetFont()->Ascent;
        ImGui::PopFont();
        const ImVec2 line = ImGui::GetCursorPos();
        ImGui::SetCursorPos(ImVec2(line.x, line.y + code_ascent - ImGui::GetFont()->Ascent));
        ImGui::TextUnformatted(label);
        ImGui::SetCursorPos(ImVec2(line.x + label_width + 24.0f, line.y));
    } else {
        Body(label, text_width);
    }
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
