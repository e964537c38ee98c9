// The session state machine (see session.h for the screen table). Every rule about what a learner may
// do next lives here, so the touch UI, scripted runs and tests all behave the same way.
//
// [SECTION] helpers
// [SECTION] scenes: entering, answering, moving on
// [SECTION] IsAllowed
// [SECTION] Apply
// [SECTION] timers and queries
#include "core/session/session.h"

#include <algorithm>
#include <cassert>
#include <numeric>

namespace kiosk::core {
namespace {

//-----------------------------------------------------------------------------
// [SECTION] helpers
//-----------------------------------------------------------------------------

const std::string kEmpty;

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::vector<std::string> Languages(const SessionConfig& config) {
    if (config.site && !config.site->languages.empty()) return config.site->languages;
    return config.pack->languages;
}

std::string DefaultLanguage(const SessionConfig& config) {
    auto languages = Languages(config);
    return languages.empty() ? "en" : languages.front();
}

std::string NewId(const SessionConfig& config) {
    assert(config.new_uuid && "SessionConfig::new_uuid is required");
    return config.new_uuid(config.uuid_context);
}

std::optional<std::size_t> ModuleIndex(const SessionConfig& config, const std::string& id) {
    const auto& modules = config.pack->modules;
    for (std::size_t i = 0; i < modules.size(); ++i)
        if (modules[i].id == id) return i;
    return std::nullopt;
}

std::optional<std::size_t> SceneIndex(const Module& module, const std::string& id) {
    for (std::size_t i = 0; i < module.scenes.size(); ++i)
        if (module.scenes[i].id == id) return i;
    return std::nullopt;
}

// FNV-1a: a stable seed from text, so an order question's shuffle is the same every time.
std::uint64_t Seed(const std::string& a, const std::string& b) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : a + "/" + b) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
}

std::vector<int> ShuffledOrder(std::size_t n, std::uint64_t seed) {
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::uint64_t x = seed | 1;
    for (std::size_t i = n; i > 1; --i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        std::swap(order[i - 1], order[x % i]);
    }
    // Never hand the learner the answer: an already-correct order is rotated by one.
    if (n > 1 && std::is_sorted(order.begin(), order.end())) std::rotate(order.begin(), order.begin() + 1, order.end());
    return order;
}

// Eight Crockford base-32 characters from the completion's random id: short enough to read aloud or
// copy onto a form, and it says nothing about the learner.
std::string CompletionCode(const std::string& uuid) {
    static const char* kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::uint64_t bits = 0;
    int count = 0;
    for (char c : uuid) {
        if (c == '-') continue;
        int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (v < 0) continue;
        // The first ten hex digits of a UUIDv4 are all random (the version nibble comes later).
        bits = (bits << 4) | static_cast<std::uint64_t>(v);
        if (++count >= 10) break;
    }
    std::string code;
    for (int i = 7; i >= 0; --i) code += kAlphabet[(bits >> (i * 5)) & 31];
    return code.substr(0, 4) + "-" + code.substr(4);
}

Variables ConditionVariables(const ModuleRun& run) {
    Variables vars = run.variables;
    vars["score"] = static_cast<long long>(run.points + run.bonus);
    return vars;
}

bool IsQuestion(const Scene& scene) { return scene.kind == SceneKind::Question; }

// The option indices that are right answers (or signs, for hotspots).
std::vector<int> CorrectOptions(const Scene& scene) {
    std::vector<int> out;
    for (std::size_t i = 0; i < scene.options.size(); ++i)
        if (scene.options[i].correct) out.push_back(static_cast<int>(i));
    return out;
}

bool HasText(const SessionState& state, const SessionConfig& config, const std::string& key) {
    return !Text(state, config, key).empty();
}

SessionState FreshState(const SessionState& old, const SessionConfig& config, TimeMs now) {
    SessionState fresh = InitialState(config, now);
    // Not personal, and needed by the admin screen: whether records are still waiting to be saved.
    fresh.unsaved = old.unsaved;
    fresh.save_failed = old.save_failed;
    fresh.outbox = old.outbox;
    return fresh;
}

//-----------------------------------------------------------------------------
// [SECTION] scenes: entering, answering, moving on
//-----------------------------------------------------------------------------

void EnterScene(SessionState& state, const SessionConfig& config, std::size_t index, TimeMs now);

void FinishModule(SessionState& state, const SessionConfig& config, const Scene& end, TimeMs now) {
    ModuleRun& run = *state.run;
    const Module& module = config.pack->modules[run.module_index];
    ModuleResult result;
    result.id = NewId(config);
    result.module_id = module.id;
    result.points = run.points;
    result.points_possible = run.points_possible;
    result.percent = run.points_possible > 0 ? (run.points * 100 + run.points_possible / 2) / run.points_possible : 100;
    result.passed = result.percent >= module.pass_mark;
    result.completion_code = CompletionCode(result.id);
    result.end_scene = end.id;
    result.seconds = static_cast<int>((now - run.started_at) / 1000);
    run.result = result;
    state.sitting->completed_modules.insert(module.id);
    state.sitting->results.push_back(result);
    RecordEvent event{RecordEvent::Kind::ModuleFinished, state.sitting->id, {}, {}, {}, std::nullopt, result,
                      SittingOutcome::Completed, now, {}};
    state.outbox.push_back(std::move(event));
    ++state.unsaved;
}

void EnterScene(SessionState& state, const SessionConfig& config, std::size_t index, TimeMs now) {
    ModuleRun& run = *state.run;
    const Module& module = config.pack->modules[run.module_index];
    const Scene& scene = module.scenes[index];
    run.scene_index = index;
    run.path.push_back(index);
    run.progress = SceneProgress{};
    run.progress.shown_at = now;
    if (scene.kind == SceneKind::Film) run.film = FilmState{};
    if (IsQuestion(scene)) {
        run.points_possible += scene.points;
        if (scene.question == QuestionType::Order)
            // The same shuffle for every learner (seeded by the scene, not the sitting): results stay
            // comparable across learners, and scripted tests can solve it.
            run.progress.order = ShuffledOrder(scene.options.size(), Seed(module.id, scene.id));
    }
    if (scene.kind == SceneKind::End) FinishModule(state, config, scene, now);
}

// Where a scene leads: the first route whose condition holds, else the chosen option's goto (choices),
// else `next`. Empty means the module has nowhere to go (the compiler prevents this).
std::string NextSceneId(const SessionState& state, const Scene& scene) {
    const ModuleRun& run = *state.run;
    Variables vars = ConditionVariables(run);
    for (const Route& route : scene.routes) {
        if (route.condition.empty()) return route.go_to;
        auto parsed = Condition::Parse(route.condition);
        if (auto* condition = std::get_if<Condition>(&parsed); condition && condition->Evaluate(vars)) return route.go_to;
    }
    if (scene.kind == SceneKind::Choice && !run.progress.selected.empty()) {
        const Option& chosen = scene.options[static_cast<std::size_t>(run.progress.selected.front())];
        if (!chosen.go_to.empty()) return chosen.go_to;
    }
    return scene.next;
}

void Advance(SessionState& state, const SessionConfig& config, TimeMs now) {
    const Module& module = config.pack->modules[state.run->module_index];
    const Scene& scene = module.scenes[state.run->scene_index];
    if (scene.kind == SceneKind::End) {
        state.run.reset();
        state.screen = Screen::Menu;
        return;
    }
    auto next = SceneIndex(module, NextSceneId(state, scene));
    if (!next) {
        state.run.reset();
        state.screen = Screen::Menu;
        return;
    }
    EnterScene(state, config, *next, now);
}

void StartModule(SessionState& state, const SessionConfig& config, std::size_t index, TimeMs now) {
    state.run = ModuleRun{};
    state.run->module_index = index;
    state.run->started_at = now;
    state.screen = Screen::Scene;
    const Module& module = config.pack->modules[index];
    EnterScene(state, config, SceneIndex(module, module.start).value_or(0), now);
}

// Stops the film (it stays loaded, paused) and asks its timestamp question `pause`.
void AskFilmQuestion(SessionState& state, const SessionConfig& config, std::size_t pause, TimeMs now) {
    ModuleRun& run = *state.run;
    const Module& module = config.pack->modules[run.module_index];
    const Scene& film = module.scenes[run.scene_index];
    auto question = SceneIndex(module, film.pauses[pause].question);
    if (!question) return;  // the compiler guarantees it exists; a bad pack just skips the question
    run.film.playing = false;
    run.film_scene = run.scene_index;
    EnterScene(state, config, *question, now);
}

// Continue on a film: questions the learner has not reached yet are asked first (so a film they could
// not watch, or chose to skip, still has its answers recorded), then the module moves on.
void ContinueFromFilm(SessionState& state, const SessionConfig& config, TimeMs now) {
    ModuleRun& run = *state.run;
    const Scene& film = config.pack->modules[run.module_index].scenes[run.scene_index];
    if (auto unasked = FilmNextUnasked(run.film, film)) {
        run.film.continuing = true;
        run.film.asked.insert(*unasked);
        AskFilmQuestion(state, config, *unasked, now);
        return;
    }
    Advance(state, config, now);
}

// Continue on a film's question: back to the film where it stopped, playing; or on, if the learner had
// already pressed Continue on the film.
void ReturnToFilm(SessionState& state, const SessionConfig& config, TimeMs now) {
    ModuleRun& run = *state.run;
    run.scene_index = *run.film_scene;
    run.film_scene.reset();
    run.path.push_back(run.scene_index);
    run.progress = SceneProgress{};
    run.progress.shown_at = now;
    if (run.film.continuing) {
        ContinueFromFilm(state, config, now);
        return;
    }
    run.film.playing = run.film.available;
}

void RecordAnswer(SessionState& state, const Module& module, const Scene& scene, std::vector<std::string> chosen,
                  bool correct, TimeMs now, const SessionConfig& config) {
    AnswerRecord answer;
    answer.id = NewId(config);
    answer.module_id = module.id;
    answer.scene_id = scene.id;
    answer.question = scene.kind == SceneKind::Question ? scene.question : QuestionType::None;
    answer.chosen = std::move(chosen);
    answer.correct = correct;
    answer.seconds = static_cast<int>((now - state.run->progress.shown_at) / 1000);
    RecordEvent event{RecordEvent::Kind::Answer, state.sitting->id, {}, {}, {}, answer, std::nullopt,
                      SittingOutcome::Completed, now, {}};
    state.outbox.push_back(std::move(event));
    ++state.unsaved;
}

void SubmitScene(SessionState& state, const SessionConfig& config, TimeMs now) {
    ModuleRun& run = *state.run;
    const Module& module = config.pack->modules[run.module_index];
    const Scene& scene = module.scenes[run.scene_index];
    SceneProgress& p = run.progress;
    std::vector<std::string> chosen;
    if (scene.kind == SceneKind::Choice) {
        const Option& option = scene.options[static_cast<std::size_t>(p.selected.front())];
        run.bonus += option.score;
        for (const Assignment& a : option.set)
            if (auto value = ParseLiteral(a.value)) run.variables[a.name] = *value;
        RecordAnswer(state, module, scene, {option.id}, false, now, config);
        p.submitted = true;
        // Without feedback there is nothing to read: move straight on.
        if (!HasText(state, config, OptionKey(module.id, scene.id, option.id, "feedback"))) Advance(state, config, now);
        return;
    }
    if (scene.question == QuestionType::Order) {
        std::vector<int> right(scene.options.size());
        std::iota(right.begin(), right.end(), 0);
        p.correct = p.order == right;
        for (int i : p.order) chosen.push_back(scene.options[static_cast<std::size_t>(i)].id);
    } else {
        std::vector<int> picked = p.selected;
        std::sort(picked.begin(), picked.end());
        p.correct = picked == CorrectOptions(scene);
        for (int i : picked) chosen.push_back(scene.options[static_cast<std::size_t>(i)].id);
    }
    if (p.correct) run.points += scene.points;
    p.submitted = true;
    RecordAnswer(state, module, scene, std::move(chosen), p.correct, now, config);
}

void EndSitting(SessionState& state, SittingOutcome outcome, TimeMs now) {
    if (!state.sitting || !state.sitting->recorded) return;  // never confirmed: nothing was recorded
    RecordEvent event{RecordEvent::Kind::SittingEnded, state.sitting->id, {}, {}, {}, std::nullopt, std::nullopt, outcome, now, {}};
    state.outbox.push_back(std::move(event));
    ++state.unsaved;
}

//-----------------------------------------------------------------------------
// [SECTION] IsAllowed
//-----------------------------------------------------------------------------

bool InScene(const SessionState& state) { return state.screen == Screen::Scene && state.run.has_value(); }

}  // namespace

bool IsAllowed(const SessionState& state, const Intent& intent, const SessionConfig& config) {
    const Scene* scene = CurrentScene(state, config);
    const bool answering = InScene(state) && scene && !state.run->progress.submitted &&
                           (scene->kind == SceneKind::Question || scene->kind == SceneKind::Choice);
    // The film on screen, if any (not while one of its questions is showing: the scene is then the question).
    const FilmState* film = InScene(state) && scene && scene->kind == SceneKind::Film ? &state.run->film : nullptr;
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
            [&](const intent::BackToMenu&) { return state.screen == Screen::Scene || state.screen == Screen::ContentWarning; },
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
            [&](const intent::OpenAdmin&) { return state.screen == Screen::Attract && config.site && config.verify_admin_pin; },
            [&](const intent::AdminDigit& i) {
                return state.screen == Screen::AdminPin && i.digit >= '0' && i.digit <= '9' && state.admin_pin.size() < 12;
            },
            [&](const intent::AdminBackspace&) { return state.screen == Screen::AdminPin && !state.admin_pin.empty(); },
            [&](const intent::AdminSubmit&) { return state.screen == Screen::AdminPin && !state.admin_pin.empty(); },
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

SessionState Apply(SessionState state, const Intent& intent, TimeMs now, const SessionConfig& config) {
    const bool is_tick = std::holds_alternative<intent::Tick>(intent);
    // Reports from the app or the film player are not someone touching the screen.
    const bool is_report = std::holds_alternative<intent::Saved>(intent) ||
                           std::holds_alternative<intent::FilmProgress>(intent) ||
                           std::holds_alternative<intent::FilmEnd>(intent) ||
                           std::holds_alternative<intent::FilmFailed>(intent);
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
            EndSitting(state, SittingOutcome::Abandoned, now);
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
            },
            [&](const intent::OpenModule& i) {
                std::size_t index = *ModuleIndex(config, i.module_id);
                state.pending_module = index;
                if (config.pack->modules[index].has_content_warning) {
                    state.screen = Screen::ContentWarning;
                    return;
                }
                StartModule(state, config, index, now);
            },
            [&](const intent::AcceptWarning&) {
                std::size_t index = state.pending_module;
                StartModule(state, config, index, now);
            },
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
                state.run.reset();
                state.screen = Screen::Menu;
            },
            [&](const intent::Finish&) {
                EndSitting(state, SittingOutcome::Completed, now);
                state = FreshState(state, config, now);
            },
            [&](const intent::Leave&) {
                EndSitting(state, SittingOutcome::Left, now);
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
                state.admin_failures = 0;
            },
            [&](const intent::AdminDigit& i) { state.admin_pin += i.digit; },
            [&](const intent::AdminBackspace&) { state.admin_pin.pop_back(); },
            [&](const intent::AdminSubmit&) {
                bool right = config.verify_admin_pin(state.admin_pin, config.site->admin_pin_hash);
                std::fill(state.admin_pin.begin(), state.admin_pin.end(), '\0');
                state.admin_pin.clear();
                if (right) {
                    state.screen = Screen::Admin;
                    state.admin_failures = 0;
                } else if (++state.admin_failures >= kAdminPinAttempts) {
                    // Guessing is slow (Argon2) and limited: three wrong PINs and the pad closes.
                    state = FreshState(state, config, now);
                }
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
    return state;
}

//-----------------------------------------------------------------------------
// [SECTION] timers and queries
//-----------------------------------------------------------------------------

SessionState StartModuleAt(SessionState state, const SessionConfig& config, std::size_t module_index,
                           std::size_t scene_index, TimeMs now) {
    assert(state.sitting && "StartModuleAt needs a sitting under way");
    assert(module_index < config.pack->modules.size() && "StartModuleAt: no such module");
    const Module& module = config.pack->modules[module_index];
    assert(scene_index < module.scenes.size() && "StartModuleAt: no such scene");
    state.run = ModuleRun{};
    state.run->module_index = module_index;
    state.run->started_at = now;
    state.screen = Screen::Scene;
    const std::string& id = module.scenes[scene_index].id;
    for (std::size_t film = 0; film < module.scenes.size(); ++film) {
        const auto& pauses = module.scenes[film].pauses;
        for (std::size_t pause = 0; pause < pauses.size(); ++pause) {
            if (pauses[pause].question != id) continue;
            EnterScene(state, config, film, now);
            FilmState& state_of_film = state.run->film;
            state_of_film.position_ms = state_of_film.watched_ms = pauses[pause].at_ms;
            // The questions before it count as asked, as if the film had played up to here.
            for (std::size_t earlier = 0; earlier <= pause; ++earlier) state_of_film.asked.insert(earlier);
            AskFilmQuestion(state, config, pause, now);
            return state;
        }
    }
    EnterScene(state, config, scene_index, now);
    return state;
}

TimeMs NextDeadline(const SessionState& state, const SessionConfig& config, TimeMs now) {
    if (state.screen == Screen::Attract) {
        // With one fact or none, nothing on the attract screen changes by itself: sleep for an hour.
        if (config.pack->facts.size() < 2) return 3'600'000;
        return state.fact_since + config.fact_rotation_ms - now;
    }
    const TimeMs idle_ms = (config.site ? config.site->idle_timeout_s : 90) * 1000LL;
    const TimeMs countdown_ms = (config.site ? config.site->idle_countdown_s : 20) * 1000LL;
    if (!state.idle_warning) return state.last_touch + idle_ms - now;
    // During the countdown the overlay's number changes every second.
    TimeMs reset_at = state.last_touch + idle_ms + countdown_ms;
    TimeMs to_next_second = (reset_at - now) % 1000;
    return std::min(reset_at - now, to_next_second == 0 ? 1000 : to_next_second);
}

int IdleSecondsLeft(const SessionState& state, const SessionConfig& config, TimeMs now) {
    const TimeMs idle_ms = (config.site ? config.site->idle_timeout_s : 90) * 1000LL;
    const TimeMs countdown_ms = (config.site ? config.site->idle_countdown_s : 20) * 1000LL;
    TimeMs left = state.last_touch + idle_ms + countdown_ms - now;
    return left <= 0 ? 0 : static_cast<int>((left + 999) / 1000);
}

const Module* CurrentModule(const SessionState& state, const SessionConfig& config) {
    if (!state.run) return nullptr;
    return &config.pack->modules[state.run->module_index];
}

const Scene* CurrentScene(const SessionState& state, const SessionConfig& config) {
    const Module* module = CurrentModule(state, config);
    return module ? &module->scenes[state.run->scene_index] : nullptr;
}

const std::string& Text(const SessionState& state, const SessionConfig& config, const std::string& key) {
    auto it = config.pack->strings.find(key);
    if (it == config.pack->strings.end()) return kEmpty;
    auto text = it->second.find(state.language);
    if (text != it->second.end()) return text->second.text;
    if (!config.pack->languages.empty()) {
        text = it->second.find(config.pack->languages.front());
        if (text != it->second.end()) return text->second.text;
    }
    return kEmpty;
}

std::vector<ContactRef> ContactsToShow(const SessionConfig& config) {
    std::vector<ContactRef> out;
    if (config.site)
        for (std::size_t i = 0; i < config.site->contacts.size(); ++i)
            out.push_back({"site/" + config.site->id, i, &config.site->contacts[i]});
    for (std::size_t i = 0; i < config.pack->contacts.size(); ++i) out.push_back({"pack", i, &config.pack->contacts[i]});
    return out;
}

const char* ToString(Screen screen) {
    switch (screen) {
        case Screen::Attract: return "attract";
        case Screen::AboutYou: return "about-you";
        case Screen::Menu: return "menu";
        case Screen::ContentWarning: return "content-warning";
        case Screen::Scene: return "scene";
        case Screen::Leaving: return "leaving";
        case Screen::AdminPin: return "admin-pin";
        case Screen::Admin: return "admin";
    }
    return "?";
}

const char* ToString(SittingOutcome outcome) {
    switch (outcome) {
        case SittingOutcome::Completed: return "completed";
        case SittingOutcome::Abandoned: return "abandoned";
        case SittingOutcome::Left: return "left";
    }
    return "?";
}

}  // namespace kiosk::core
