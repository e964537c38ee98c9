// The module menu: one card per module with its title (bold), summary and minutes (muted), and a tick (with the word
// "Done") for modules passed in this sitting. A module finished but not passed says so in words, with
// no tick, and taps to try again (issue 18: a green tick after 67% against a pass mark of 70% read as passed).
// One stopped part way through at an earlier sitting says "Not finished" and taps to carry on.
#include <cstdio>

#include "layout.h"
#include "screens.h"
#include "theme.h"

namespace kiosk::ui {

void DrawMenu(Context& ctx) {
    const auto& sitting = *ctx.State().sitting;
    const ActionBar bar = PlanActionBar({ctx.Ui(UiText::IHaveFinished)});
    BeginContent("##menu", bar.Height());
    Heading(ctx.Ui(UiText::ChooseModule));
    Note(ctx.Ui(UiText::ChooseModuleHint));
    ctx.Say(ctx.Ui(UiText::ChooseModule));
    Gap();
    for (const core::Module& module : ctx.Config().pack->modules) {
        const bool finished = sitting.completed_modules.count(module.id) > 0;
        bool done = false;  // passed in some attempt this sitting
        for (const core::ModuleResult& result : sitting.results) done = done || (result.module_id == module.id && result.passed);
        char minutes[64];
        std::snprintf(minutes, sizeof minutes, ctx.Ui(UiText::Minutes), module.minutes);
        std::string title = ctx.Content(core::ModuleKey(module.id, "title"));
        // Stopped part way through at an earlier sitting (resume), and not finished since.
        bool part_way = false;
        for (const core::ResumePoint& point : sitting.resumable) part_way = part_way || point.module_id == module.id;
        const char* status = done ? ctx.Ui(UiText::Done)
                             : part_way ? ctx.Ui(UiText::NotFinished)
                             : finished ? ctx.Ui(UiText::NotPassedYet)
                                        : nullptr;
        std::string meta = minutes;
        if (status) meta += std::string("  \xE2\x80\xA2  ") + status;
        if (CardButton("menu.module." + module.id, Card{title, ctx.Content(core::ModuleKey(module.id, "summary")), meta},
                       done ? ButtonStyle::Right : ButtonStyle::Option, done ? "\xE2\x9C\x93" : nullptr))
            ctx.Emit(core::intent::OpenModule{module.id});
        ctx.Say(title + ". " + minutes + (status ? std::string(". ") + status : std::string()));
        Gap(0.3f);
    }
    EndContent();
    BeginActionRow(bar);
    if (TouchButton("menu.finish", ctx.Ui(UiText::IHaveFinished), ImVec2(bar.button_width, bar.button_height),
                    ButtonStyle::Secondary))
        ctx.Emit(core::intent::Finish{});
}

}  // namespace kiosk::ui
