// "Carry on where you stopped?": shown when a learner who gave a staff number opens a module they
// stopped part way through at an earlier sitting. A real choice, like GOV.UK's saved-application
// pattern: carry on (the answers so far count) or start again from the beginning.
#include "layout.h"
#include "screens.h"
#include "theme.h"

namespace kiosk::ui {

void DrawResumeOffer(Context& ctx) {
    const core::Module& module = ctx.Config().pack->modules[ctx.State().pending_module];
    const ActionBar bar = PlanActionBar({ctx.Ui(UiText::StartAgain), ctx.Ui(UiText::CarryOn)});
    BeginContent("##resume", bar.Height());
    const std::string title = ctx.Content(core::ModuleKey(module.id, "title"));
    Note(title);  // as a GOV.UK caption: which module this is about, above the question
    Heading(ctx.Ui(UiText::CarryOnQuestion));
    Body(ctx.Ui(UiText::CarryOnBody));
    Gap(0.5f);
    Note(ctx.Ui(UiText::StartAgainHint));
    ctx.Say(title + ". " + ctx.Ui(UiText::CarryOnQuestion) + " " + ctx.Ui(UiText::CarryOnBody) + " " +
            ctx.Ui(UiText::StartAgainHint));
    EndContent();
    const ImVec2 size(bar.button_width, bar.button_height);
    BeginActionRow(bar);
    if (TouchButton("resume.start-again", ctx.Ui(UiText::StartAgain), size, ButtonStyle::Secondary))
        ctx.Emit(core::intent::StartAgain{});
    ImGui::SameLine(0, kSpace5);
    if (TouchButton("resume.carry-on", ctx.Ui(UiText::CarryOn), size, ButtonStyle::Primary))
        ctx.Emit(core::intent::CarryOn{});
}

}  // namespace kiosk::ui
