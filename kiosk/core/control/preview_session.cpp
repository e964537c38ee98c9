// Preview sittings (see preview_session.h). Built from the public state machine (intents, then
// StartModuleAt), so a preview behaves exactly as a learner's sitting does from that scene on.
#include "core/control/preview_session.h"

#include <algorithm>

namespace kiosk::core {
namespace {

std::optional<std::size_t> FindModule(const PackData& pack, const std::string& id) {
    for (std::size_t i = 0; i < pack.modules.size(); ++i)
        if (pack.modules[i].id == id) return i;
    return std::nullopt;
}

std::optional<std::size_t> FindScene(const Module& module, const std::string& id) {
    for (std::size_t i = 0; i < module.scenes.size(); ++i)
        if (module.scenes[i].id == id) return i;
    return std::nullopt;
}

std::vector<std::string> OptionIds(const Scene& scene) {
    std::vector<std::string> ids;
    for (const Option& option : scene.options) ids.push_back(option.id);
    return ids;
}

std::string List(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
}

}  // namespace

std::variant<SessionState, std::string> PreviewStart(const SessionConfig& config, const std::string& module_id,
                                                     const std::string& scene_id, TimeMs now, const std::string& language) {
    if (!language.empty()) {
        const std::vector<std::string>& offered =
            config.site && !config.site->languages.empty() ? config.site->languages : config.pack->languages;
        if (std::find(offered.begin(), offered.end(), language) == offered.end())
            return "site '" + (config.site ? config.site->id : std::string("(none)")) + "' does not offer language '" +
                   language + "'; it offers: " + List(offered);
    }
    auto module_index = FindModule(*config.pack, module_id);
    if (!module_index) {
        std::vector<std::string> ids;
        for (const Module& m : config.pack->modules) ids.push_back(m.id);
        return "no module '" + module_id + "' in the pack; its modules are: " + List(ids);
    }
    const Module& module = config.pack->modules[*module_index];
    const std::string& wanted = scene_id.empty() ? module.start : scene_id;
    auto scene_index = FindScene(module, wanted);
    if (!scene_index && scene_id.empty()) scene_index = 0;  // a pack without a start: its first scene
    if (!scene_index || module.scenes.empty()) {
        std::vector<std::string> ids;
        for (const Scene& s : module.scenes) ids.push_back(s.id);
        return "no scene '" + wanted + "' in module '" + module.id + "'; its scenes are: " + List(ids);
    }
    SessionState state = InitialState(config, now);
    state = Apply(std::move(state), intent::Start{}, now, config);
    state = Apply(std::move(state), intent::PickRole{"other"}, now, config);
    state = Apply(std::move(state), intent::ConfirmAboutYou{}, now, config);
    if (!language.empty()) state = Apply(std::move(state), intent::SetLanguage{language}, now, config);
    return StartModuleAt(std::move(state), config, *module_index, *scene_index, now);
}

PreviewPlace PreviewWhere(const SessionState& state, const SessionConfig& config) {
    PreviewPlace place;
    if (state.screen == Screen::ContentWarning && state.pending_module < config.pack->modules.size()) {
        place.module = config.pack->modules[state.pending_module].id;
    }
    if (const Module* module = CurrentModule(state, config)) place.module = module->id;
    if (const Scene* scene = state.screen == Screen::Scene ? CurrentScene(state, config) : nullptr) {
        place.scene = scene->id;
        place.kind = scene->kind;
        place.question = scene->question;
        place.options = OptionIds(*scene);
    }
    return place;
}

SessionState PreviewRestore(SessionState state, const SessionConfig& config, const PreviewPlace& place, TimeMs now,
                            PreviewFound* found) {
    PreviewFound outcome = PreviewFound::Same;
    const std::vector<std::string>& languages =
        config.site && !config.site->languages.empty() ? config.site->languages : config.pack->languages;
    if (!languages.empty() && std::find(languages.begin(), languages.end(), state.language) == languages.end()) {
        state.language = languages.front();
    }
    state.idle_warning = false;
    state.last_touch = now;
    state.fact_index = 0;  // the pack may have fewer facts now

    auto module_index = place.module.empty() ? std::nullopt : FindModule(*config.pack, place.module);
    if (state.screen == Screen::ContentWarning) {
        if (module_index) {
            state.pending_module = *module_index;
        } else {
            state.screen = Screen::Menu;
            outcome = PreviewFound::ModuleGone;
        }
    } else if (state.screen == Screen::Scene && state.run && state.sitting) {
        if (!module_index) {
            state.run.reset();
            state.screen = Screen::Menu;
            outcome = PreviewFound::ModuleGone;
        } else {
            const Module& module = config.pack->modules[*module_index];
            auto scene_index = FindScene(module, place.scene);
            if (!scene_index) {
                scene_index = FindScene(module, module.start).value_or(0);
                outcome = PreviewFound::SceneGone;
            }
            ModuleRun before = std::move(*state.run);
            state = StartModuleAt(std::move(state), config, *module_index, *scene_index, now);
            ModuleRun& run = *state.run;
            // What the learner had done in the module stays: routes read these variables and the score.
            run.variables = std::move(before.variables);
            run.points = before.points;
            run.points_possible = before.points_possible;
            run.bonus = before.bonus;
            run.started_at = before.started_at;
            const Scene& scene = module.scenes[run.scene_index];
            if (outcome == PreviewFound::Same) {
                // The answer in progress refers to options by index: keep it only if they are the same.
                if (scene.kind == place.kind && scene.question == place.question && OptionIds(scene) == place.options) {
                    run.progress = before.progress;
                }
                // A film (or the film behind its question) carries on from where it was.
                const bool film_then = place.kind == SceneKind::Film || before.film_scene.has_value();
                const bool film_now = scene.kind == SceneKind::Film || run.film_scene.has_value();
                if (film_then && film_now) {
                    const Scene& film = module.scenes[run.film_scene.value_or(run.scene_index)];
                    run.film = before.film;
                    std::erase_if(run.film.asked, [&](std::size_t i) { return i >= film.pauses.size(); });
                    run.film.continuing = false;
                }
                run.sources_open = before.sources_open && scene.kind == SceneKind::End && !module.sources.empty();
            }
        }
    }
    if (found) *found = outcome;
    return state;
}

}  // namespace kiosk::core
