// A module's sources, opened from its end scene: each source's title, address and the date it was
// checked, with a QR code of the address so a learner can open it on their own phone later (the kiosk
// itself has no browser). "Back" returns to the end scene.
#include <algorithm>

#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace kiosk::ui {

void DrawSources(Context& ctx, const core::Module& module) {
    Heading(ctx.Ui(UiText::Sources));
    ctx.Say(ctx.Ui(UiText::Sources));
    Note(ctx.Ui(UiText::SourcesIntro));
    Gap(0.5f);
    const float qr_size = 132.0f * std::max(1.0f, Scale() * 0.8f);
    for (const core::Source& source : module.sources) {
        Texture qr = ctx.frame.services.qr && !source.url.empty() ? ctx.frame.services.qr(source.url) : Texture{};
        const float text_width = ImGui::GetContentRegionAvail().x - (qr.id ? qr_size + 32.0f : 0.0f);
        const ImVec2 top = ImGui::GetCursorPos();
        ImGui::BeginGroup();
        Body(source.title, text_width);
        Note(source.url, text_width);
        if (!source.checked.empty()) Note(std::string(ctx.Ui(UiText::SourceChecked)) + " " + source.checked, text_width);
        ImGui::EndGroup();
        const float text_bottom = ImGui::GetCursorPosY();
        if (qr.id) {
            ImGui::SetCursorPos(ImVec2(top.x + text_width + 32.0f, top.y));
            ImGui::Image(qr.id, ImVec2(qr_size, qr_size));
            ImGui::SetCursorPosY(std::max(text_bottom, top.y + qr_size + ImGui::GetStyle().ItemSpacing.y));
        }
        ctx.Say(source.title);
        Gap(0.5f);
    }
}

}  // namespace kiosk::ui
