// The session's scenes (a part of the state machine in session.cpp): entering a scene, answering it and
// moving on, a film's timestamp questions included, and StartModuleAt, which opens a module at any scene.
#include "core/session/session.h"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "core/session/session_internal.h"

namespace kiosk::core::detail {

std::optional<std::size_t> SceneIndex(const Module& module, const std::string& id) {
    for (std::size_t i = 0; i < module.scenes.size(); ++i)
        if (module.scenes[i].id == id) return i;
    return std::nullopt;
}

namespace {

//-----------------------------------------------------------------------------
// helpers only the scenes use
//-----------------------------------------------------------------------------

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

}  // namespace

//-----------------------------------------------------------------------------
// scenes: entering, answering, moving on
//-----------------------------------------------------------------------------

namespace {

void FinishModule(SessionState& state, const SessionConfig& config, const Scene& end, TimeMs now) {
    ModuleRun& run = *state.run;
    const Module& module = config.pack->modules[run.module_index];
    ModuleResult result;
    result.id = NewId(config);
    result.module_id = module.id;
    result.points = std::max(0, run.points);  // a choice scoring below 0 can take points away, down to none
    result.points_possible = run.points_possible;
    result.percent = run.points_possible > 0 ? (result.points * 100 + run.points_possible / 2) / run.points_possible : 100;
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
    // Finished: nothing left to carry on from (in the same transaction as the completion).
    ForgetResumePoint(state, config, module.id, now);
}

}  // namespace

void EnterScene(SessionState& state, const SessionConfig& config, std::size_t index, TimeMs now) {
    ModuleRun& run = *state.run;
    const Module& module = config.pack->modules[run.module_index];
    const Scene& scene = module.scenes[index];
    run.scene_index = index;
    run.path.push_back(index);
    run.progress = SceneProgress{};
    run.progress.shown_at = now;
    if (scene.kind == SceneKind::Film) run.film = FilmState{};
    run.points_possible += ScenePoints(scene);
    if (IsQuestion(scene)) {
        if (scene.question == QuestionType::Order)
            // The same shuffle for every learner (seeded by the scene, not the sitting): results stay
            // comparable across learners, and scripted tests can solve it.
            run.progress.order = ShuffledOrder(scene.options.size(), Seed(module.id, scene.id));
    }
    if (scene.kind == SceneKind::End) FinishModule(state, config, scene, now);
}

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

namespace {

void RecordAnswer(SessionState& state, const Module& module, const Scene& scene, std::vector<std::string> chosen,
                  bool correct, TimeMs now, const SessionConfig& config) {
    AnswerRecord answer;
    answer.id = NewId(config);
    answer.module_id = module.id;
    answer.scene_id = scene.id;
    answer.question = scene.kind == SceneKind::Question ? scene.question
                      : IsScoredChoice(scene)             ? QuestionType::Single  // reported as a question
                                                          : QuestionType::None;
    answer.chosen = std::move(chosen);
    answer.correct = correct;
    answer.seconds = static_cast<int>((now - state.run->progress.shown_at) / 1000);
    RecordEvent event{RecordEvent::Kind::Answer, state.sitting->id, {}, {}, {}, answer, std::nullopt,
                      SittingOutcome::Completed, now, {}};
    state.outbox.push_back(std::move(event));
    ++state.unsaved;
}

}  // namespace

void SubmitScene(SessionState& state, const SessionConfig& config, TimeMs now) {
    ModuleRun& run = *state.run;
    const Module& module = config.pack->modules[run.module_index];
    const Scene& scene = module.scenes[run.scene_index];
    SceneProgress& p = run.progress;
    std::vector<std::string> chosen;
    if (scene.kind == SceneKind::Choice) {
        const Option& option = scene.options[static_cast<std::size_t>(p.selected.front())];
        // A scored choice is marked like a one-answer question: its best option is the right answer. A
        // choice with no score above 0 is worth nothing: its (penalty) scores move only `score` for routes.
        (IsScoredChoice(scene) ? run.points : run.bonus) += option.score;
        p.correct = IsScoredChoice(scene) && option.score == ScenePoints(scene);
        for (const Assignment& a : option.set)
            if (auto value = ParseLiteral(a.value)) run.variables[a.name] = *value;
        RecordAnswer(state, module, scene, {option.id}, p.correct, now, config);
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

}  // namespace kiosk::core::detail

namespace kiosk::core {

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

using namespace detail;

//-----------------------------------------------------------------------------
// StartModuleAt (public; it enters scenes, so it lives with them)
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

}  // namespace kiosk::core
