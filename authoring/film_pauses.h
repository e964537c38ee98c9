// Film pauses in a module's flow. A pause asks a question scene that belongs to its film: the kiosk
// stops the film, asks it, records the answer and resumes. Such a scene is not part of the normal
// flow, so the flow checks (flow_checks.cpp) ask this file which scenes are pause questions.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "content_model.h"
#include "diagnostic.h"

namespace author {

struct PauseQuestions {
    std::vector<std::optional<std::size_t>> film_of;  // per scene: the film scene whose pause asks it
    // A pause names a missing scene, or a link leads to a pause question: reachability would only
    // repeat that error (a typo strands the scenes after it), so the flow checks stay quiet about it.
    bool links_broken = false;
};

// Resolves every pause of every film in `module` (ids unique in `index`) and reports: a missing scene
// (E030, with a suggestion), a scene that is not a question (E033), a question also reached by `next`,
// a route, an option or `start` (E034), a question asked by two pauses (E035), and a pause question's
// own `next`/routes, which are never followed (W043).
PauseQuestions ResolveFilmPauses(const kiosk::core::Module& module, const ModuleSource& msrc,
                                 const std::map<std::string, std::size_t>& index, Diagnostics& diags);

}  // namespace author
