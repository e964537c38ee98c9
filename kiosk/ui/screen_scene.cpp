// The scene player: the module's title, the scene's own title, then the scene by kind. Info scenes are
// drawn here; films, questions, choices and ends have their own files.
#include "layout.h"
#include "screens.h"
#include "theme.h"

namespace kiosk::ui {
namespace {

// An image fitted to the column and half the screen's height, never enlarged, with its alt text read aloud.
void DrawImage(Context& ctx, const core::Module& module, const core::Scene& scene) {
    if (scene.image.empty()) return;
    const std::string& alt = ctx.Content(core::SceneKey(module.id, scene.id, "alt"));
    ctx.Say(alt);
    Texture texture = ctx.frame.services.image ? ctx.frame.services.image(scene.image) : Texture{};
    if (!texture.id || texture.width <= 0) {
        Note(alt);  // no picture: its description stands in for it
        return;
    }
    ImGui::Image(texture.id, PictureSize(texture, 0.5f));
    RegisterWidget("scene.picture", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), true, alt);
}

}  // namespace

void DrawScene(Context& ctx) {
    const core::Module* module = core::CurrentModule(ctx.State(), ctx.Config());
    const core::Scene* scene = core::CurrentScene(ctx.State(), ctx.Config());
    if (!module || !scene) return;
    if (ctx.State().run->sources_open) {
        const ActionBar bar = PlanActionBar({ctx.Ui(UiText::Back)});
        BeginContent("##sources", bar.Height());
        Note(ctx.Content(core::ModuleKey(module->id, "title")));
        DrawSources(ctx, *module);
        EndContent();
        BeginActionRow(bar);
        if (TouchButton("nav.sources-back", ctx.Ui(UiText::Back), ImVec2(bar.button_width, bar.button_height), ButtonStyle::Primary,
                        ctx.Allowed(core::intent::CloseSources{})))
            ctx.Emit(core::intent::CloseSources{});
        return;
    }
    // The action bar, planned first so the scene leaves room for it: check the answer first, then
    // continue. At the end there is nothing to exit: only the module's sources and the way back.
    const auto& progress = ctx.State().run->progress;
    const bool answering =
        (scene->kind == core::SceneKind::Question || scene->kind == core::SceneKind::Choice) && !progress.submitted;
    const bool at_end = scene->kind == core::SceneKind::End;
    const bool sources = at_end && ctx.Allowed(core::intent::OpenSources{});
    const char* second = !at_end ? ctx.Ui(UiText::ExitModule) : sources ? ctx.Ui(UiText::Sources) : nullptr;
    const char* main = answering ? (scene->kind == core::SceneKind::Choice ? ctx.Ui(UiText::Continue) : ctx.Ui(UiText::CheckAnswer))
                                 : (at_end ? ctx.Ui(UiText::BackToModules) : ctx.Ui(UiText::Continue));
    const ActionBar bar = second ? PlanActionBar({second, main}) : PlanActionBar({main});
    BeginContent("##scene", bar.Height());
    // The module's name over the scene's title, except over a film on a short screen at the larger text
    // sizes, where its line is the picture's (the film's own title is still there).
    const bool film_first = scene->kind == core::SceneKind::Film && ShortScreen() && Scale() > 1.0f;
    if (!film_first) Note(ctx.Content(core::ModuleKey(module->id, "title")));
    if (ctx.State().run->film_scene) {
        Note(ctx.Ui(UiText::FilmPausedForQuestion));
        ctx.Say(ctx.Ui(UiText::FilmPausedForQuestion));
    }
    const std::string& title = ctx.Content(core::SceneKey(module->id, scene->id, "title"));
    if (!title.empty()) {
        Heading(title);
        ctx.Say(title);
    }
    Gap(0.5f);
    switch (scene->kind) {
        case core::SceneKind::Info: {
            const std::string& text = ctx.Content(core::SceneKey(module->id, scene->id, "text"));
            // Registered (not tappable) with its words, so scripts can check what an info scene says.
            ImVec2 top = ImGui::GetCursorScreenPos();
            Body(text);
            ImVec2 bottom(top.x + ImGui::GetContentRegionAvail().x, ImGui::GetCursorScreenPos().y);
            RegisterWidget("scene.text", top, bottom, false, text);
            ctx.Say(text);
            Gap();
            DrawImage(ctx, *module, *scene);
            break;
        }
        case core::SceneKind::Film: DrawFilm(ctx, *module, *scene); break;
        case core::SceneKind::Question:
            // A hotspot question draws its own image, with the regions on it.
            if (scene->question != core::QuestionType::Hotspot) DrawImage(ctx, *module, *scene);
            DrawQuestion(ctx, *module, *scene);
            break;
        case core::SceneKind::Choice: DrawChoice(ctx, *module, *scene); break;
        case core::SceneKind::End: DrawEnd(ctx, *module, *scene); break;
    }
    EndContent();

    const ImVec2 size(bar.button_width, bar.button_height);
    BeginActionRow(bar);
    if (!at_end) {
        if (TouchButton("nav.exit-module", second, size, ButtonStyle::Secondary)) ctx.Emit(core::intent::BackToMenu{});
        ImGui::SameLine(0, kSpace5);
    } else if (sources) {
        if (TouchButton("nav.sources", second, size, ButtonStyle::Secondary)) ctx.Emit(core::intent::OpenSources{});
        ImGui::SameLine(0, kSpace5);
    }
    if (answering) {
        if (TouchButton("quiz.submit", main, size, ButtonStyle::Primary, ctx.Allowed(core::intent::Submit{})))
            ctx.Emit(core::intent::Submit{});
    } else {
        if (TouchButton("nav.continue", main, size, ButtonStyle::Primary, ctx.Allowed(core::intent::Continue{})))
            ctx.Emit(core::intent::Continue{});
    }
}

}  // namespace kiosk::ui
