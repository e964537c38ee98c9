// The session state machine (see session.h for the screen table). Every rule about what a learner may
// do next lives here, so the touch UI, scripted runs and tests all behave the same way.
//
// [SECTION] helpers: the few only Apply uses (here); shared ones -> session_internal.h; the scenes' own ->
//           session_scenes.cpp
// [SECTION] scenes: entering, answering, moving on -> session_scenes.cpp
// [SECTION] IsAllowed -> session_allowed.cpp
// [SECTION] Apply (here)
// [SECTION] timers and queries -> session_queries.cpp (StartModuleAt, which enters scenes -> session_scenes.cpp)
#include "core/session/session.h"

#include <algorithm>

#include "core/session/session_internal.h"

namespace kiosk::core {
using namespace detail;
namespace {

//-----------------------------------------------------------------------------
// [SECTION] helpers (the few only Apply uses)
//-----------------------------------------------------------------------------

std::string DefaultLanguage(const SessionConfig& config) {
    auto languages = Languages(config);
    return languages.empty() ? "en" : languages.front();
}

SessionState FreshState(const SessionState& old, const SessionConfig& config, TimeMs now) {
    SessionState fresh = InitialState(config, now);
    // Not personal, and needed by the admin screen: whether records are still waiting to be saved.
    fresh.unsaved = old.unsaved;
    fresh.save_failed = old.save_failed;
    fresh.outbox = old.outbox;
    return fresh;
}

void EndSitting(SessionState& state, const SessionConfig& config, SittingOutcome outcome, TimeMs now) {
    if (!state.sitting || !state.sitting->recorded) return;  // never confirmed: nothing was recorded
    // Interrupted part way through a module: where they stopped, the film's second included.
    SaveResumePoint(state, config, now, true);
    RecordEvent event{RecordEvent::Kind::SittingEnded, state.sitting->id, {}, {}, {}, std::nullopt, std::nullopt, outcome, now, {}};
    state.outbox.push_back(std::move(event));
    ++state.unsaved;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Apply
//-----------------------------------------------------------------------------

SessionState InitialState(const SessionConfig& config, TimeMs now) {
    SessionState state;
    state.language = DefaultLanguage(config);
    state.last_touch = now;
    state.fact_since = now;
    return state;
}

namespace {

// Starts the module on offer (state.pending_module): where the learner stopped if they chose to carry
// on, else from its start.
void StartPendingModule(SessionState& state, const SessionConfig& config, TimeMs now) {
    const std::size_t index = state.pending_module;
    const ResumePoint* point = state.pending_resume ? ResumableFor(state, config, index) : nullptr;
    const bool restart = state.pending_restart;
    state.pending_resume = state.pending_restart = false;
    if (point) {
        ResumePoint copy = *point;  // ResumeModule changes the state that holds it
        ResumeModule(state, config, index, copy, now);
    } else {
        // Start again: the old point goes now, not at the offer (a learner who then skips the content
        // warning or leaves has lost nothing).
        if (restart) ForgetResumePoint(state, config, config.pack->modules[index].id, now);
        StartModule(state, config, index, now);
        state.run->replaces_point = restart;
    }
}

// Its content warning first, if it has one (also when carrying on: it may be days later), else the module.
void OpenPendingModule(SessionState& state, const SessionConfig& config, TimeMs now) {
    if (config.pack->modules[state.pending_module].has_content_warning) {
        state.screen = Screen::ContentWarning;
        return;
    }
    StartPendingModule(state, config, now);
}

void TakeAdminGate(SessionState& state, const AdminGateState& gate, TimeMs now) {
    state.admin_available = gate.available;
    state.admin_failures = gate.right ? 0 : gate.failures;
    state.admin_locked = gate.locked_for_ms > 0;
    state.admin_locked_until = now + gate.locked_for_ms;
}

}  // namespace

SessionState Apply(SessionState state, const Intent& intent, TimeMs now, const SessionConfig& config) {
    const bool is_tick = std::holds_alternative<intent::Tick>(intent);
    // Reports from the app or the film player are not someone touching the screen.
    const bool is_report = std::holds_alternative<intent::Saved>(intent) ||
                           std::holds_alternative<intent::FilmProgress>(intent) ||
                           std::holds_alternative<intent::FilmEnd>(intent) ||
                           std::holds_alternative<intent::FilmFailed>(intent);
    // A locked passcode pad opens again by itself once its time is up.
    if (state.admin_locked && now >= state.admin_locked_until) state.admin_locked = false;
    if (!is_tick && !is_report) {
        // Any touch means someone is there: it cancels the countdown.
        state.last_touch = now;
        state.idle_warning = false;
    }
    if (is_tick) {
        if (state.screen == Screen::Attract) {
            if (config.pack->facts.size() > 1 && now - state.fact_since >= config.fact_rotation_ms) {
                ++state.fact_index;
                state.fact_since = now;
            }
            return state;
        }
        const TimeMs idle_ms = (config.site ? config.site->idle_timeout_s : 90) * 1000LL;
        const TimeMs countdown_ms = (config.site ? config.site->idle_countdown_s : 20) * 1000LL;
        if (now - state.last_touch >= idle_ms + countdown_ms) {
            // Nobody is there: record the sitting as abandoned and forget everything about it.
            EndSitting(state, config, SittingOutcome::Abandoned, now);
            return FreshState(state, config, now);
        }
        if (now - state.last_touch >= idle_ms) state.idle_warning = true;
        return state;
    }
    if (!IsAllowed(state, intent, config)) return state;

    std::visit(
        Overloaded{
            [&](const intent::Tick&) {},
            [&](const intent::Touch&) {},
            [&](const intent::Start&) {
                state.screen = Screen::AboutYou;
                state.sitting = Sitting{};
                state.sitting->id = NewId(config);
                state.sitting->started_at = now;
            },
            [&](const intent::SetLanguage& i) { state.language = i.language; },
            [&](const intent::PickRole& i) { state.sitting->role = i.role; },
            [&](const intent::KeypadDigit& i) { state.sitting->keypad += i.digit; },
            [&](const intent::KeypadBackspace&) { state.sitting->keypad.pop_back(); },
            [&](const intent::ConfirmAboutYou&) {
                Sitting& sitting = *state.sitting;
                if (!sitting.keypad.empty() && config.hash_staff_number)
                    sitting.staff_hash = config.hash_staff_number(sitting.keypad, config.hash_context);
                // The number itself is dropped here: only its keyed hash ever leaves this function.
                std::fill(sitting.keypad.begin(), sitting.keypad.end(), '\0');
                sitting.keypad.clear();
                RecordEvent event{RecordEvent::Kind::SittingStarted, sitting.id, sitting.role, sitting.staff_hash,
                                  state.language, std::nullopt, std::nullopt, SittingOutcome::Completed, now, {}};
                state.outbox.push_back(std::move(event));
                ++state.unsaved;
                sitting.recorded = true;
                state.screen = Screen::Menu;
                if (ResumeOn(state, config)) {
                    // Only modules this pack still has; the lookup already left out points past resume_days.
                    for (ResumePoint& point : config.find_resume(config.resume_context, sitting.staff_hash))
                        if (ModuleIndex(config, point.module_id)) sitting.resumable.push_back(std::move(point));
                }
            },
            [&](const intent::OpenModule& i) {
                std::size_t index = *ModuleIndex(config, i.module_id);
                state.pending_module = index;
                state.pending_resume = state.pending_restart = false;
                if (ResumableFor(state, config, index)) {
                    state.screen = Screen::ResumeOffer;
                    return;
                }
                OpenPendingModule(state, config, now);
            },
            [&](const intent::CarryOn&) {
                state.pending_resume = true;
                OpenPendingModule(state, config, now);
            },
            [&](const intent::StartAgain&) {
                state.pending_restart = true;
                OpenPendingModule(state, config, now);
            },
            [&](const intent::AcceptWarning&) { StartPendingModule(state, config, now); },
            [&](const intent::SkipWarning&) { state.screen = Screen::Menu; },
            [&](const intent::ToggleOption& i) {
                const Scene& scene = *CurrentScene(state, config);
                auto& selected = state.run->progress.selected;
                bool many = scene.kind == SceneKind::Question &&
                            (scene.question == QuestionType::Multi || scene.question == QuestionType::Hotspot);
                if (!many) {
                    selected = {i.option};
                    return;
                }
                auto it = std::find(selected.begin(), selected.end(), i.option);
                if (it == selected.end()) selected.push_back(i.option);
                else selected.erase(it);
            },
            [&](const intent::MoveOption& i) {
                auto& order = state.run->progress.order;
                int moved = order[static_cast<std::size_t>(i.from)];
                order.erase(order.begin() + i.from);
                order.insert(order.begin() + i.to, moved);
            },
            [&](const intent::Submit&) { SubmitScene(state, config, now); },
            [&](const intent::Continue&) {
                if (state.screen == Screen::Leaving) {
                    state = FreshState(state, config, now);
                    return;
                }
                const Scene& scene = *CurrentScene(state, config);
                if (state.run->film_scene) ReturnToFilm(state, config, now);
                else if (scene.kind == SceneKind::Film) ContinueFromFilm(state, config, now);
                else Advance(state, config, now);
            },
            [&](const intent::BackToMenu&) {
                SaveResumePoint(state, config, now, true);  // they may come back to it another day
                state.run.reset();
                state.screen = Screen::Menu;
            },
            [&](const intent::Finish&) {
                EndSitting(state, config, SittingOutcome::Completed, now);
                state = FreshState(state, config, now);
            },
            [&](const intent::Leave&) {
                EndSitting(state, config, SittingOutcome::Left, now);
                // Wipe the learner now; the support screen needs nothing of theirs.
                SessionState fresh = FreshState(state, config, now);
                fresh.language = state.language;
                fresh.accessibility = state.accessibility;
                fresh.screen = Screen::Leaving;
                state = std::move(fresh);
            },
            [&](const intent::StillHere&) {},
            [&](const intent::OpenSources&) { state.run->sources_open = true; },
            [&](const intent::CloseSources&) { state.run->sources_open = false; },
            [&](const intent::OpenAccessibility&) { state.accessibility_open = true; },
            [&](const intent::CloseAccessibility&) { state.accessibility_open = false; },
            [&](const intent::SetTextSize& i) { state.accessibility.text_size = i.size; },
            [&](const intent::ToggleHighContrast&) { state.accessibility.high_contrast = !state.accessibility.high_contrast; },
            [&](const intent::ToggleCalmSpacing&) { state.accessibility.calm_spacing = !state.accessibility.calm_spacing; },
            [&](const intent::Saved& i) {
                if (i.ok) state.unsaved = std::max(0, state.unsaved - i.events);
                state.save_failed = !i.ok;
            },
            [&](const intent::OpenAdmin&) {
                state.screen = Screen::AdminPin;
                state.admin_pin.clear();
                TakeAdminGate(state, config.admin_status(config.admin_context), now);
            },
            [&](const intent::AdminDigit& i) { state.admin_pin += i.digit; },
            [&](const intent::AdminBackspace&) { state.admin_pin.pop_back(); },
            [&](const intent::AdminSubmit&) {
                AdminGateState gate = config.admin_try(config.admin_context, state.admin_pin);
                std::fill(state.admin_pin.begin(), state.admin_pin.end(), '\0');
                state.admin_pin.clear();
                TakeAdminGate(state, gate, now);
                if (gate.right) state.screen = Screen::Admin;
            },
            [&](const intent::CloseAdmin&) { state = FreshState(state, config, now); },
            [&](const intent::FilmPlay&) {
                FilmState& film = state.run->film;
                // Play after the end starts again, as on any player.
                if (film.duration_ms > 0 && film.position_ms >= film.duration_ms) FilmSeek(film, 0);
                film.playing = true;
            },
            [&](const intent::FilmPause&) { state.run->film.playing = false; },
            [&](const intent::FilmBack&) { FilmSeek(state.run->film, state.run->film.position_ms - kFilmBackMs); },
            [&](const intent::FilmReplay&) {
                FilmSeek(state.run->film, 0);
                state.run->film.playing = true;
            },
            [&](const intent::FilmChapter& i) {
                const Scene& scene = *CurrentScene(state, config);
                FilmSeek(state.run->film, scene.chapters[static_cast<std::size_t>(i.index)].at_ms);
            },
            [&](const intent::ToggleCaptions&) { state.accessibility.captions = !state.accessibility.captions; },
            [&](const intent::SetVolume& i) { state.accessibility.volume = i.level; },
            [&](const intent::FilmProgress& i) {
                const Scene& scene = *CurrentScene(state, config);
                // Someone watching a film touches nothing for minutes: playing counts as being there.
                if (state.run->film.playing) state.last_touch = now;
                if (auto due = FilmReport(state.run->film, scene, i.position_ms, i.duration_ms, i.seek_serial))
                    AskFilmQuestion(state, config, *due, now);
            },
            [&](const intent::FilmEnd&) {
                const Scene& scene = *CurrentScene(state, config);
                state.last_touch = now;
                if (auto due = FilmEnded(state.run->film, scene)) AskFilmQuestion(state, config, *due, now);
            },
            [&](const intent::FilmFailed&) {
                state.run->film.available = false;
                state.run->film.playing = false;
            },
        },
        intent);
    // After every move: a new place in a module is saved for resume (a no-op unless a staff number was given).
    SaveResumePoint(state, config, now, false);
    return state;
}

}  // namespace kiosk::core
