// A module's content warning, shown before it starts, with a real choice to skip it: some learners
// have lived experience of exploitation.
#include "layout.h"
#include "screens.h"

namespace kiosk::ui {

void DrawContentWarning(Context& ctx) {
    const core::Module& module = ctx.Config().pack->modules[ctx.State().pending_module];
    BeginContent("##warning", ActionBarHeight());
    Heading(ctx.Ui(UiText::BeforeYouStart));
    Gap();
    const std::string& text = ctx.Content(core::ModuleKey(module.id, "content_warning"));
    Body(text);
    ctx.Say(std::string(ctx.Ui(UiText::BeforeYouStart)) + ". " + text);
    Gap();
    DrawContacts(ctx);
    EndContent();
    float w = 520.0f;
    BeginActionRow(w * 2 + 24.0f);
    if (TouchButton("warning.skip", ctx.Ui(UiText::SkipModule), ImVec2(w, kMinTouch), ButtonStyle::Secondary))
        ctx.Emit(core::intent::SkipWarning{});
    ImGui::SameLine(0, 24.0f);
    if (TouchButton("warning.continue", ctx.Ui(UiText::ContinueToModule), ImVec2(w, kMinTouch), ButtonStyle::Primary))
        ctx.Emit(core::intent::AcceptWarning{});
}

}  // namespace kiosk::ui
