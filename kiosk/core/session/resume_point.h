// Where a learner who gave a staff number stopped in a module, so a later sitting can carry on from that
// scene (issue 18's resume): at this kiosk, or at another of the partnership's with the same staff key
// (kiosk-sync --share-progress). The records DB keeps one per (staff hash, module) and nothing else about
// the person: never the number, never their answers (those are already records of their own).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/session/condition.h"

namespace kiosk::core {

struct ResumePoint {
    std::string module_id;
    std::string scene_id;         // the scene to open, afresh: one answered already is never asked again
    int points = 0;               // points earned before scene_id (questions and scored choices)
    int points_possible = 0;      // what the questions and scored choices shown before scene_id are worth
    int bonus = 0;                // scores of choices worth nothing (only for `score` in conditions)
    Variables variables;          // set by choices so far (routes later in the module depend on them)
    int seconds = 0;              // time spent in the module so far, over every sitting
    std::int64_t film_ms = 0;     // a film scene: where to start it (the learner has watched this far)
    std::vector<std::size_t> film_asked;  // a film scene: its timestamp questions already answered
    std::string saved_at;         // ISO 8601 UTC, stamped by the records DB when it stores the point

    // The same place in the module: what a learner would notice. Time spent, the film's exact second and
    // when it was saved are left out, so watching or waiting writes nothing new.
    bool SamePlace(const ResumePoint& other) const {
        return module_id == other.module_id && scene_id == other.scene_id && points == other.points &&
               points_possible == other.points_possible && bonus == other.bonus && variables == other.variables &&
               film_asked == other.film_asked;
    }
};

// One point per module from this kiosk's own (`local`) and those the partnership's other kiosks shared
// (`shared`, through kiosk-sync --share-progress): the newest saved, unless the person finished the module
// (anywhere) since it was saved (`finished`: module id -> when, the latest). Newest first.
std::vector<ResumePoint> MergeResumePoints(std::vector<ResumePoint> local, std::vector<ResumePoint> shared,
                                           const std::map<std::string, std::string>& finished);

}  // namespace kiosk::core
