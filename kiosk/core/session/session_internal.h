// What the parts of the session state machine share (session.cpp, session_scenes.cpp, session_allowed.cpp):
// a few small helpers and the scene moves Apply makes, declared once here. Internal; the interface is session.h.
#pragma once

#include <cassert>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/session/session.h"

namespace kiosk::core::detail {

//-----------------------------------------------------------------------------
// helpers
//-----------------------------------------------------------------------------

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

inline std::vector<std::string> Languages(const SessionConfig& config) {
    if (config.site && !config.site->languages.empty()) return config.site->languages;
    return config.pack->languages;
}

inline std::string NewId(const SessionConfig& config) {
    assert(config.new_uuid && "SessionConfig::new_uuid is required");
    return config.new_uuid(config.uuid_context);
}

inline std::optional<std::size_t> ModuleIndex(const SessionConfig& config, const std::string& id) {
    const auto& modules = config.pack->modules;
    for (std::size_t i = 0; i < modules.size(); ++i)
        if (modules[i].id == id) return i;
    return std::nullopt;
}

//-----------------------------------------------------------------------------
// scenes: entering, answering, moving on (session_scenes.cpp)
//-----------------------------------------------------------------------------

// The index of scene `id` in `module`, if it has one.
std::optional<std::size_t> SceneIndex(const Module& module, const std::string& id);
// Opens scene `index` of the running module afresh (counting a question's points as shown; an end scene
// finishes the module and records its result).
void EnterScene(SessionState& state, const SessionConfig& config, std::size_t index, TimeMs now);
// Where `scene` leads now: the first route whose condition holds, else the chosen option's goto
// (choices), else `next`. Empty means the module has nowhere to go (the compiler prevents this).
std::string NextSceneId(const SessionState& state, const Scene& scene);
// Moves on from the current scene: to the scene it leads to, or to the menu after an end scene.
void Advance(SessionState& state, const SessionConfig& config, TimeMs now);
// Starts module `index` at its start scene.
void StartModule(SessionState& state, const SessionConfig& config, std::size_t index, TimeMs now);
// Stops the film (it stays loaded, paused) and asks its timestamp question `pause`.
void AskFilmQuestion(SessionState& state, const SessionConfig& config, std::size_t pause, TimeMs now);
// Continue on a film: its questions not reached yet first, then on.
void ContinueFromFilm(SessionState& state, const SessionConfig& config, TimeMs now);
// Continue on a film's question: back to the film, playing (or on, if Continue was pressed on the film).
void ReturnToFilm(SessionState& state, const SessionConfig& config, TimeMs now);
// Checks and records the answer (or the choice) given on the current scene.
void SubmitScene(SessionState& state, const SessionConfig& config, TimeMs now);

}  // namespace kiosk::core::detail

namespace kiosk::core::detail {

//-----------------------------------------------------------------------------
// resume: carrying on where a learner with a staff number stopped (session_resume.cpp)
//-----------------------------------------------------------------------------

// Whether this sitting saves and offers resume points: a staff number was given, the site allows it
// (resume_days > 0) and the app can look points up.
bool ResumeOn(const SessionState& state, const SessionConfig& config);
// Sends the running module's resume point to the records DB if it moved to a new place since the last
// one sent (`force`: send it anyway, with the film's position, when the sitting is about to end).
void SaveResumePoint(SessionState& state, const SessionConfig& config, TimeMs now, bool force);
// The module was finished or started again: its saved point goes, and it is no longer offered.
void ForgetResumePoint(SessionState& state, const SessionConfig& config, const std::string& module_id, TimeMs now);
// The point saved for module `index` in this sitting's staff number, if any.
const ResumePoint* ResumableFor(const SessionState& state, const SessionConfig& config, std::size_t index);
// Starts module `index` where `point` says; from its start if the pack has changed so the scene is gone.
void ResumeModule(SessionState& state, const SessionConfig& config, std::size_t index, const ResumePoint& point,
                  TimeMs now);

}  // namespace kiosk::core::detail
