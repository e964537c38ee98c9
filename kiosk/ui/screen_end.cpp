// The end of a module: its closing text, the score against the pass mark, the completion code with a QR
// code of it (no personal data), whether the result is saved, and who to contact.
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
    Note(ctx.Ui(UiText::ModuleComplete));
    ctx.Say(ctx.Ui(UiText::ModuleComplete));
    const std::string& text = ctx.Content(core::SceneKey(module.id, scene.id, "text"));
    Body(text);
    ctx.Say(text);
    Gap();
    if (result.points_possible > 0) {
        char line[256];
        std::snprintf(line, sizeof line, ctx.Ui(UiText::YouScored), result.percent, module.pass_mark);
        Body(line);
        ctx.Say(line);
        std::string verdict = ctx.Ui(result.passed ? UiText::Passed : UiText::NotPassed);
        ImGui::PushStyleColor(ImGuiCol_Text, result.passed ? Colors().right : Colors().text);
        Heading(std::string(result.passed ? "\xE2\x9C\x93 " : "") + verdict);
        ImGui::PopStyleColor();
        ctx.Say(verdict);
    } else {
        Body(ctx.Ui(UiText::NoQuestions));
    }
    Gap();
    // The code in large type, its QR code to the right, the explanation wrapped beside it.
    Texture qr = ctx.frame.services.qr ? ctx.frame.services.qr(result.completion_code) : Texture{};
    float qr_size = 220.0f * std::max(1.0f, Scale() * 0.8f);
    float text_width = ImGui::GetContentRegionAvail().x - (qr.id ? qr_size + 40.0f : 0.0f);
    ImVec2 block = ImGui::GetCursorPos();
    ImGui::BeginGroup();
    Body(ctx.Ui(UiText::CompletionCode), text_width);
    ImGui::PushFont(DisplayFont());
    ImGui::TextUnformatted(result.completion_code.c_str());
    ImGui::PopFont();
    Note(ctx.Ui(UiText::CompletionCodeHint), text_width);
    ImGui::EndGroup();
    float text_bottom = ImGui::GetCursorPosY();
    if (qr.id) {
        ImGui::SetCursorPos(ImVec2(block.x + text_width + 40.0f, block.y));
        ImGui::Image(qr.id, ImVec2(qr_size, qr_size));
        ImGui::SetCursorPosY(std::max(text_bottom, block.y + qr_size + ImGui::GetStyle().ItemSpacing.y));
    }
    ctx.Say(std::string(ctx.Ui(UiText::CompletionCode)) + ": " + result.completion_code);
    // "Saved" only once the records DB has committed (the app acknowledges with intent::Saved).
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
    if (scene.signposting) {
        Gap();
        DrawContacts(ctx);
    }
}

}  // namespace kiosk::ui
