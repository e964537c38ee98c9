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
