// After "Leave": the learner's sitting is already wiped; this screen offers support and the helplines,
// calmly, for anyone the subject has upset, then returns to the attract screen.
#include "layout.h"
#include "screens.h"

namespace kiosk::ui {

void DrawLeaving(Context& ctx) {
    const ActionBar bar = PlanActionBar({ctx.Ui(UiText::Finish)});
    BeginContent("##leaving", bar.Height());
    Heading(ctx.Ui(UiText::LeavingTitle));
    ctx.Say(ctx.Ui(UiText::LeavingTitle));
    Gap();
    Body(ctx.Ui(UiText::LeavingBody));
    ctx.Say(ctx.Ui(UiText::LeavingBody));
    Gap(0.5f);
    WarningText(ctx.Ui(UiText::LeavingEmergency));
    ctx.Say(ctx.Ui(UiText::LeavingEmergency));
    Gap();
    DrawContacts(ctx);
    EndContent();
    BeginActionRow(bar);
    if (TouchButton("leave.done", ctx.Ui(UiText::Finish), ImVec2(bar.button_width, bar.button_height), ButtonStyle::Primary))
        ctx.Emit(core::intent::Continue{});
}

}  // namespace kiosk::ui
