// Which intents the session takes now (a part of the state machine in session.cpp): Apply ignores any
// other, and the UI enables or disables its buttons with the same answer.
#include "core/session/session.h"

#include <algorithm>

#include "core/session/session_internal.h"

namespace kiosk::core {
using namespace detail;
namespace {

bool InScene(const SessionState& state) { return state.screen == Screen::Scene && state.run.has_value(); }

}  // namespace

bool IsAllowed(const SessionState& state, const Intent& intent, const SessionConfig& config) {
    const Scene* scene = CurrentScene(state, config);
    const bool answering = InScene(state) && scene && !state.run->progress.submitted &&
                           (scene->kind == SceneKind::Question || scene->kind == SceneKind::Choice);
    // The film on screen, if any (not while one of its questions is showing: the scene is then the question).
    const FilmState* film = InScene(state) && scene && scene->kind == SceneKind::Film ? &state.run->film : nullptr;
    // The passcode pad takes digits only while a passcode is set and it is not locked.
    const bool pad_open = state.screen == Screen::AdminPin && state.admin_available && !state.admin_locked;
    return std::visit(
        Overloaded{
            [&](const intent::Tick&) { return true; },
            [&](const intent::Touch&) { return true; },
            [&](const intent::Start&) { return state.screen == Screen::Attract; },
            [&](const intent::SetLanguage& i) {
                auto languages = Languages(config);
                return std::find(languages.begin(), languages.end(), i.language) != languages.end() && i.language != state.language;
            },
            [&](const intent::PickRole& i) {
                const auto& roles = RoleCategories();
                return state.screen == Screen::AboutYou && std::find(roles.begin(), roles.end(), i.role) != roles.end();
            },
            [&](const intent::KeypadDigit& i) {
                return state.screen == Screen::AboutYou && i.digit >= '0' && i.digit <= '9' && state.sitting->keypad.size() < 12;
            },
            [&](const intent::KeypadBackspace&) { return state.screen == Screen::AboutYou && !state.sitting->keypad.empty(); },
            [&](const intent::ConfirmAboutYou&) { return state.screen == Screen::AboutYou && !state.sitting->role.empty(); },
            [&](const intent::OpenModule& i) { return state.screen == Screen::Menu && ModuleIndex(config, i.module_id).has_value(); },
            [&](const intent::CarryOn&) { return state.screen == Screen::ResumeOffer; },
            [&](const intent::StartAgain&) { return state.screen == Screen::ResumeOffer; },
            [&](const intent::AcceptWarning&) { return state.screen == Screen::ContentWarning; },
            [&](const intent::SkipWarning&) { return state.screen == Screen::ContentWarning; },
            [&](const intent::ToggleOption& i) {
                return answering && scene->question != QuestionType::Order && i.option >= 0 &&
                       i.option < static_cast<int>(scene->options.size());
            },
            [&](const intent::MoveOption& i) {
                int n = static_cast<int>(scene ? scene->options.size() : 0);
                return answering && scene->question == QuestionType::Order && i.from >= 0 && i.from < n && i.to >= 0 &&
                       i.to < n && i.from != i.to;
            },
            [&](const intent::Submit&) {
                if (!answering) return false;
                return scene->question == QuestionType::Order || !state.run->progress.selected.empty();
            },
            [&](const intent::Continue&) {
                if (state.screen == Screen::Leaving) return true;
                if (!InScene(state) || !scene || state.run->sources_open) return false;
                if (scene->kind == SceneKind::Question || scene->kind == SceneKind::Choice) return state.run->progress.submitted;
                if (scene->kind == SceneKind::Film) return FilmMayContinue(state.run->film, *scene);
                return true;
            },
            [&](const intent::BackToMenu&) {
                return state.screen == Screen::Scene || state.screen == Screen::ContentWarning ||
                       state.screen == Screen::ResumeOffer;
            },
            [&](const intent::Finish&) { return state.screen == Screen::Menu; },
            [&](const intent::Leave&) {
                return state.screen != Screen::Attract && state.screen != Screen::Leaving && state.screen != Screen::AdminPin &&
                       state.screen != Screen::Admin;
            },
            [&](const intent::StillHere&) { return state.idle_warning; },
            [&](const intent::OpenSources&) {
                const Module* module = CurrentModule(state, config);
                return InScene(state) && scene && scene->kind == SceneKind::End && module &&
                       !module->sources.empty() && !state.run->sources_open;
            },
            [&](const intent::CloseSources&) { return state.run && state.run->sources_open; },
            [&](const intent::OpenAccessibility&) { return !state.accessibility_open; },
            [&](const intent::CloseAccessibility&) { return state.accessibility_open; },
            [&](const intent::SetTextSize& i) { return i.size >= 0 && i.size < kTextSizes && i.size != state.accessibility.text_size; },
            [&](const intent::ToggleHighContrast&) { return true; },
            [&](const intent::ToggleCalmSpacing&) { return true; },
            [&](const intent::Saved&) { return true; },
            [&](const intent::OpenAdmin&) {
                return state.screen == Screen::Attract && config.site && config.admin_status && config.admin_try;
            },
            [&](const intent::AdminDigit& i) {
                return pad_open && i.digit >= '0' && i.digit <= '9' && state.admin_pin.size() < kAdminPasscodeMaxLength;
            },
            [&](const intent::AdminBackspace&) { return pad_open && !state.admin_pin.empty(); },
            [&](const intent::AdminSubmit&) { return pad_open && !state.admin_pin.empty(); },
            [&](const intent::CloseAdmin&) { return state.screen == Screen::AdminPin || state.screen == Screen::Admin; },
            [&](const intent::FilmPlay&) { return film && film->available && !film->playing; },
            [&](const intent::FilmPause&) { return film && film->available && film->playing; },
            [&](const intent::FilmBack&) { return film && film->available && film->position_ms > 0; },
            [&](const intent::FilmReplay&) { return film && film->available; },
            [&](const intent::FilmChapter& i) {
                return film && i.index >= 0 && i.index < static_cast<int>(scene->chapters.size()) &&
                       FilmMaySeekTo(*film, *scene, scene->chapters[static_cast<std::size_t>(i.index)].at_ms);
            },
            [&](const intent::ToggleCaptions&) { return true; },
            [&](const intent::SetVolume& i) { return i.level >= 0 && i.level <= 100 && i.level != state.accessibility.volume; },
            [&](const intent::FilmProgress&) { return film && film->available; },
            [&](const intent::FilmEnd&) { return film && film->available; },
            [&](const intent::FilmFailed&) { return film && film->available; },
        },
        intent);
}

}  // namespace kiosk::core
