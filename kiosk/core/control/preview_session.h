// The session of a preview (kiosk-author preview): a sitting that opens on the scene a trainer is
// editing, and that survives the pack being rebuilt under it. The state holds scenes by index, and an
// edit can add, remove or reorder scenes, so a place is carried across a reload by id (PreviewPlace).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "core/session/session.h"

namespace kiosk::core {

// A sitting already past the attract screen and "about you" (role "other", no staff number), in module
// `module_id` at scene `scene_id` (empty: the module's start), past any content warning. A one-line
// message naming what exists instead when the module or scene is not in the pack. `language` (empty: the
// site's first) must be one the site offers.
std::variant<SessionState, std::string> PreviewStart(const SessionConfig& config, const std::string& module_id,
                                                     const std::string& scene_id, TimeMs now,
                                                     const std::string& language = "");

// Where a preview is, by id, so it can be found again in a rebuilt pack.
struct PreviewPlace {
    std::string module;                // the module being taken, or whose content warning shows
    std::string scene;                 // the scene on screen (empty off the scene screen)
    SceneKind kind = SceneKind::Info;
    QuestionType question = QuestionType::None;
    std::vector<std::string> options;  // the scene's option ids: the learner's selection (by index)
                                       // is kept only if they are unchanged
};

// Read before the old pack goes: `config` must still point at the pack `state` was made with.
PreviewPlace PreviewWhere(const SessionState& state, const SessionConfig& config);

// What became of the place in the new pack, for the terminal.
enum class PreviewFound { Same, SceneGone, ModuleGone };

// The same sitting against the pack `config` now points at: same screen, module and scene where they
// still exist (else the module's start, else the menu), the learner's settings, variables, score, and
// the answer in progress when the scene's options are unchanged. A film carries on from where it was.
SessionState PreviewRestore(SessionState state, const SessionConfig& config, const PreviewPlace& place, TimeMs now,
                            PreviewFound* found = nullptr);

}  // namespace kiosk::core
