// A module's content warning, shown before it starts, with a real choice to skip it: some learners
// have lived experience of exploitation.
#include "layout.h"
#include "screens.h"
#include "theme.h"

namespace kiosk::ui {

void DrawContentWarning(Context& ctx) {
    const core::Module& module = ctx.Config().pack->modules[ctx.State().pending_module];
    const ActionBar bar = PlanActionBar({ctx.Ui(UiText::SkipModule), ctx.Ui(UiText::ContinueToModule)}, 520.0f);
    BeginContent("##warning", bar.Height());
    Heading(ctx.Ui(UiText::BeforeYouStart));
    Gap();
    const std::string& text = ctx.Content(core::ModuleKey(module.id, "content_warning"));
    Body(text);
    ctx.Say(std::string(ctx.Ui(UiText::BeforeYouStart)) + ". " + text);
    Gap();
    DrawContacts(ctx);
    EndContent();
    const ImVec2 size(bar.button_width, bar.button_height);
    BeginActionRow(bar);
    if (TouchButton("warning.skip", ctx.Ui(UiText::SkipModule), size, ButtonStyle::Secondary))
        ctx.Emit(core::intent::SkipWarning{});
    ImGui::SameLine(0, kSpace5);
    if (TouchButton("warning.continue", ctx.Ui(UiText::ContinueToModule), size, ButtonStyle::Primary))
        ctx.Emit(core::intent::AcceptWarning{});
}

}  // namespace kiosk::ui
