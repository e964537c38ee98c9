// Resume (a part of the state machine in session.cpp): a learner who gave a staff number and was
// interrupted (Leave, the idle reset, a power cut) carries on from the scene where they stopped when
// they come back with the same number. The point is sent to the records DB each time the learner
// reaches a new place, in the same transaction as their answers, so a power cut loses at most the
// scene they were on; Leave and the idle reset also keep the film's position.
//
// A point never asks a question twice: an answered question's point is the scene after it (so its
// answer, already recorded, is not recorded again and the resumed module's records count it once), and
// one not yet answered takes back the points it added when shown.
#include <algorithm>

#include "core/session/session.h"
#include "core/session/session_internal.h"

namespace kiosk::core::detail {
namespace {

// A film question showing but not answered: the film starts again this far before it, so the learner
// sees what led up to the question and playback asks it again.
constexpr std::int64_t kResumeRewindMs = 5'000;

// The place the running module is at now, as a point to carry on from; nullopt when there is none
// (finished, or nowhere to go).
std::optional<ResumePoint> PointNow(const SessionState& state, const SessionConfig& config, TimeMs now) {
    const ModuleRun& run = *state.run;
    if (run.result) return std::nullopt;
    const Module& module = config.pack->modules[run.module_index];
    const Scene& scene = module.scenes[run.scene_index];
    ResumePoint point;
    point.module_id = module.id;
    point.points = run.points;
    point.points_possible = run.points_possible;
    point.bonus = run.bonus;
    point.variables = run.variables;
    point.seconds = static_cast<int>(std::max<TimeMs>(0, now - run.started_at) / 1000);
    const bool answered = run.progress.submitted;

    if (run.film_scene) {
        // One of a film's questions: the point is the film, with what it has asked so far.
        const Scene& film = module.scenes[*run.film_scene];
        point.scene_id = film.id;
        std::set<std::size_t> asked = run.film.asked;
        point.film_ms = run.film.watched_ms;
        for (std::size_t i = 0; i < film.pauses.size(); ++i) {
            if (film.pauses[i].question != scene.id) continue;
            point.film_ms = film.pauses[i].at_ms;
            if (!answered) {
                asked.erase(i);
                point.film_ms = std::max<std::int64_t>(0, point.film_ms - kResumeRewindMs);
                point.points_possible -= ScenePoints(scene);
            }
        }
        point.film_asked.assign(asked.begin(), asked.end());
        return point;
    }
    if ((scene.kind == SceneKind::Question || scene.kind == SceneKind::Choice) && answered) {
        std::string next = NextSceneId(state, scene);
        if (next.empty() || !SceneIndex(module, next)) return std::nullopt;
        point.scene_id = next;
        return point;
    }
    point.scene_id = scene.id;
    point.points_possible -= ScenePoints(scene);  // entering it again counts it again
    if (scene.kind == SceneKind::Film) {
        point.film_ms = run.film.watched_ms;
        point.film_asked.assign(run.film.asked.begin(), run.film.asked.end());
    }
    return point;
}

}  // namespace

bool ResumeOn(const SessionState& state, const SessionConfig& config) {
    return state.sitting && !state.sitting->staff_hash.empty() && config.site && config.site->resume_days > 0 &&
           config.find_resume;
}

void SaveResumePoint(SessionState& state, const SessionConfig& config, TimeMs now, bool force) {
    if (!ResumeOn(state, config) || !state.run || state.screen != Screen::Scene) return;
    std::optional<ResumePoint> point = PointNow(state, config, now);
    if (!point) return;
    if (!force && state.run->saved && state.run->saved->SamePlace(*point)) return;
    // A module only opened, nothing done in it, is nothing to carry on from (and would say "Not
    // finished" on the menu); unless it started over an old point, which this one must supersede.
    const Module& module = config.pack->modules[state.run->module_index];
    const bool nothing_done = point->scene_id == module.start && point->points_possible == 0 && point->bonus == 0 &&
                              point->variables.empty() && point->film_asked.empty() && point->film_ms == 0;
    if (nothing_done && !state.run->saved && !state.run->replaces_point) return;
    state.run->saved = point;
    // The sitting's own list follows, so opening the module again in this sitting offers this place (it
    // offered the place it had when the learner typed their number, and asked an answered question again).
    auto& resumable = state.sitting->resumable;
    auto known = std::find_if(resumable.begin(), resumable.end(),
                              [&](const ResumePoint& p) { return p.module_id == point->module_id; });
    if (known != resumable.end()) *known = *point;
    else resumable.push_back(*point);
    RecordEvent event{RecordEvent::Kind::Progress, state.sitting->id, {}, state.sitting->staff_hash, {},
                      std::nullopt, std::nullopt, SittingOutcome::Completed, now, {}};
    event.resume = std::move(point);
    state.outbox.push_back(std::move(event));
    ++state.unsaved;
}

void ForgetResumePoint(SessionState& state, const SessionConfig& config, const std::string& module_id, TimeMs now) {
    if (!ResumeOn(state, config)) return;
    auto& resumable = state.sitting->resumable;
    resumable.erase(std::remove_if(resumable.begin(), resumable.end(),
                                   [&](const ResumePoint& p) { return p.module_id == module_id; }),
                    resumable.end());
    if (state.run) state.run->saved.reset();
    RecordEvent event{RecordEvent::Kind::ProgressCleared, state.sitting->id, {}, state.sitting->staff_hash, {},
                      std::nullopt, std::nullopt, SittingOutcome::Completed, now, {}};
    event.resume = ResumePoint{};
    event.resume->module_id = module_id;
    state.outbox.push_back(std::move(event));
    ++state.unsaved;
}

const ResumePoint* ResumableFor(const SessionState& state, const SessionConfig& config, std::size_t index) {
    if (!state.sitting || index >= config.pack->modules.size()) return nullptr;
    for (const ResumePoint& point : state.sitting->resumable)
        if (point.module_id == config.pack->modules[index].id) return &point;
    return nullptr;
}

void ResumeModule(SessionState& state, const SessionConfig& config, std::size_t index, const ResumePoint& point,
                  TimeMs now) {
    const Module& module = config.pack->modules[index];
    auto scene = SceneIndex(module, point.scene_id);
    if (!scene) {
        // A newer pack without that scene: from the start, as the menu would. (A point at an end scene
        // is kept: every question was answered, and entering it finishes the module.)
        StartModule(state, config, index, now);
        return;
    }
    state.run = ModuleRun{};
    ModuleRun& run = *state.run;
    run.module_index = index;
    run.started_at = now - static_cast<TimeMs>(std::max(0, point.seconds)) * 1000;
    run.points = point.points;  // as saved: a penalty may have taken it below 0 (FinishModule clamps)
    run.points_possible = std::max(run.points, point.points_possible);
    run.bonus = point.bonus;
    run.variables = point.variables;
    state.screen = Screen::Scene;
    EnterScene(state, config, *scene, now);
    const Scene& entered = module.scenes[*scene];
    if (entered.kind == SceneKind::Film) {
        for (std::size_t asked : point.film_asked)
            if (asked < entered.pauses.size()) run.film.asked.insert(asked);
        // The player starts where the learner had watched to (it seeks on loading when position_ms > 0);
        // questions before it that were not answered wait for Continue, as after a jump.
        run.film.position_ms = run.film.watched_ms = run.film.played_from = std::max<std::int64_t>(0, point.film_ms);
    }
    // This is the place already saved: nothing new to write until the learner moves on.
    run.saved = PointNow(state, config, now);
}

}  // namespace kiosk::core::detail

namespace kiosk::core {

std::vector<ResumePoint> MergeResumePoints(std::vector<ResumePoint> local, std::vector<ResumePoint> shared,
                                           const std::map<std::string, std::string>& finished) {
    std::map<std::string, ResumePoint> newest;
    for (auto* list : {&local, &shared})
        for (ResumePoint& point : *list) {
            if (auto done = finished.find(point.module_id); done != finished.end() && done->second >= point.saved_at)
                continue;
            auto [it, added] = newest.try_emplace(point.module_id, point);
            // The same second from both sides is the same point (this kiosk's own, shared back): keep ours.
            if (!added && point.saved_at > it->second.saved_at) it->second = std::move(point);
        }
    std::vector<ResumePoint> out;
    for (auto& [module, point] : newest) out.push_back(std::move(point));
    std::sort(out.begin(), out.end(), [](const ResumePoint& a, const ResumePoint& b) { return a.saved_at > b.saved_at; });
    return out;
}

}  // namespace kiosk::core
