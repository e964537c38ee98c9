// The module menu: one card per module with its title, summary and minutes, and a tick (with the word
// "Done") for modules finished in this sitting.
#include <cstdio>

#include "layout.h"
#include "screens.h"
#include "theme.h"

namespace kiosk::ui {

void DrawMenu(Context& ctx) {
    const auto& sitting = *ctx.State().sitting;
    BeginContent("##menu", ActionBarHeight());
    Heading(ctx.Ui(UiText::ChooseModule));
    Note(ctx.Ui(UiText::ChooseModuleHint));
    ctx.Say(ctx.Ui(UiText::ChooseModule));
    Gap();
    for (const core::Module& module : ctx.Config().pack->modules) {
        bool done = sitting.completed_modules.count(module.id) > 0;
        char minutes[64];
        std::snprintf(minutes, sizeof minutes, ctx.Ui(UiText::Minutes), module.minutes);
        std::string title = ctx.Content(core::ModuleKey(module.id, "title"));
        std::string label = title + "\n" + ctx.Content(core::ModuleKey(module.id, "summary")) + "\n" + minutes;
        if (done) label += std::string("  \xE2\x80\xA2  ") + ctx.Ui(UiText::Done);
        if (TouchButton("menu.module." + module.id, label, ImVec2(0, kMinTouch * 1.6f),
                        done ? ButtonStyle::Right : ButtonStyle::Option, true, done ? "\xE2\x9C\x93" : nullptr, false))
            ctx.Emit(core::intent::OpenModule{module.id});
        ctx.Say(title + ". " + minutes);
        Gap(0.3f);
    }
    EndContent();
    BeginActionRow(560.0f);
    if (TouchButton("menu.finish", ctx.Ui(UiText::IHaveFinished), ImVec2(560.0f, kMinTouch), ButtonStyle::Secondary))
        ctx.Emit(core::intent::Finish{});
}

}  // namespace kiosk::ui
