// DrawKiosk: one full-screen window holding the top bar and the current screen, then any overlay.
#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace kiosk::ui {
namespace {

// Which page the screen shows: the screen, and in a module its scene and whether its sources are open.
// An answer checked or a setting changed is the same page (the learner stays where they were).
std::string PageOf(const core::SessionState& state) {
    std::string page = core::ToString(state.screen);
    if (state.screen == core::Screen::Scene && state.run) {
        page += "/" + std::to_string(state.run->module_index) + "/" + std::to_string(state.run->scene_index);
        if (state.run->sources_open) page += "/sources";
        if (state.run->film_scene) page += "/film-question";
    }
    return page;
}

}  // namespace

void DrawKiosk(const Frame& frame, std::vector<core::Intent>& intents) {
    ResetWidgets();
    Context ctx{frame, intents, {}};
    StartScrollFrame(ctx.Ui(UiText::MoreBelow), PageOf(frame.state));
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("##kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    DrawTopBar(ctx);
    switch (frame.state.screen) {
        case core::Screen::Attract: DrawAttract(ctx); break;
        case core::Screen::AboutYou: DrawAboutYou(ctx); break;
        case core::Screen::Menu: DrawMenu(ctx); break;
        case core::Screen::ContentWarning: DrawContentWarning(ctx); break;
        case core::Screen::ResumeOffer: DrawResumeOffer(ctx); break;
        case core::Screen::Scene: DrawScene(ctx); break;
        case core::Screen::Leaving: DrawLeaving(ctx); break;
        case core::Screen::AdminPin: DrawAdminPin(ctx); break;
        case core::Screen::Admin: DrawAdmin(ctx); break;
    }
    ImGui::End();
    if (frame.state.accessibility_open) DrawAccessibilityPanel(ctx);
    if (frame.state.idle_warning) DrawIdleOverlay(ctx);
}

}  // namespace kiosk::ui
