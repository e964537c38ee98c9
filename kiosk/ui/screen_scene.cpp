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
        BeginContent("##sources", ActionBarHeight());
        Note(ctx.Content(core::ModuleKey(module->id, "title")));
        DrawSources(ctx, *module);
        EndContent();
        BeginActionRow(560.0f);
        if (TouchButton("nav.sources-back", ctx.Ui(UiText::Back), ImVec2(560.0f, kMinTouch), ButtonStyle::Primary,
                        ctx.Allowed(core::intent::CloseSources{})))
            ctx.Emit(core::intent::CloseSources{});
        return;
    }
    BeginContent("##scene", ActionBarHeight());
    Note(ctx.Content(core::ModuleKey(module->id, "title")));
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

    // The action bar: check the answer first, then continue.
    const auto& progress = ctx.State().run->progress;
    bool answering = (scene->kind == core::SceneKind::Question || scene->kind == core::SceneKind::Choice) && !progress.submitted;
    float w = 560.0f;
    // At the end there is nothing to exit: only the module's sources and the way back to the modules.
    const bool at_end = scene->kind == core::SceneKind::End;
    const bool sources = at_end && ctx.Allowed(core::intent::OpenSources{});
    BeginActionRow(at_end && !sources ? w : w * 2 + 24.0f);
    if (!at_end) {
        if (TouchButton("nav.exit-module", ctx.Ui(UiText::ExitModule), ImVec2(w, kMinTouch), ButtonStyle::Secondary))
            ctx.Emit(core::intent::BackToMenu{});
        ImGui::SameLine(0, 24.0f);
    } else if (sources) {
        if (TouchButton("nav.sources", ctx.Ui(UiText::Sources), ImVec2(w, kMinTouch), ButtonStyle::Secondary))
            ctx.Emit(core::intent::OpenSources{});
        ImGui::SameLine(0, 24.0f);
    }
    if (answering) {
        const char* label = scene->kind == core::SceneKind::Choice ? ctx.Ui(UiText::Continue) : ctx.Ui(UiText::CheckAnswer);
        if (TouchButton("quiz.submit", label, ImVec2(w, kMinTouch), ButtonStyle::Primary, ctx.Allowed(core::intent::Submit{})))
            ctx.Emit(core::intent::Submit{});
    } else {
        const char* label = scene->kind == core::SceneKind::End ? ctx.Ui(UiText::BackToModules) : ctx.Ui(UiText::Continue);
        if (TouchButton("nav.continue", label, ImVec2(w, kMinTouch), ButtonStyle::Primary, ctx.Allowed(core::intent::Continue{})))
            ctx.Emit(core::intent::Continue{});
    }
}

}  // namespace kiosk::ui
