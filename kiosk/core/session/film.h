// What the session knows about the film being watched: the learner's wishes (play, pause, jump,
// captions) and what the player last reported (position, length, the end, failure). The player follows
// this state; it never decides anything itself, so must_watch and timestamp questions are testable here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>

#include "core/pack/pack_data.h"

namespace kiosk::core {

inline constexpr std::int64_t kFilmBackMs = 10'000;  // the "back 10 seconds" button

struct FilmState {
    bool playing = false;         // the learner wants it playing (the player starts and stops to match)
    bool available = true;        // false once the player says the film cannot be played: transcript instead
    std::int64_t position_ms = 0; // last position the player reported, or where a jump lands
    std::int64_t watched_ms = 0;  // furthest point reached by playing; must_watch forbids jumping past it
    std::int64_t duration_ms = 0; // 0 until the player knows
    bool ended_once = false;      // played to the end at least once
    std::optional<std::int64_t> seek;  // the jump the player should make...
    int seek_serial = 0;          // ...counted, so the app can tell a new jump from one it already made
    std::int64_t played_from = 0; // where playback last started from (a jump's target, or 0)
    std::set<std::size_t> asked;  // timestamp questions already asked (each is asked once)
    bool continuing = false;      // the learner pressed Continue with questions left: ask them, then go on
};

// Jumps to `at_ms` (clamped to the film), as the player must do next.
void FilmSeek(FilmState& film, std::int64_t at_ms);

// Whether the learner may jump to `at_ms`: with must_watch, not past what they have watched until the
// film has played to the end once.
bool FilmMaySeekTo(const FilmState& film, const Scene& scene, std::int64_t at_ms);

// Whether the learner may leave the film scene (Continue).
bool FilmMayContinue(const FilmState& film, const Scene& scene);

// Records a position the player reported after making the jump numbered `seek_serial` (reports from
// before the latest jump are stale and ignored). Returns the index of a timestamp question that playback
// has just crossed (and stops the film for it), if any: questions are asked when the film plays through
// their time, not when a jump passes over them.
std::optional<std::size_t> FilmReport(FilmState& film, const Scene& scene, std::int64_t position_ms,
                                      std::int64_t duration_ms, int seek_serial);

// The first question not yet asked, in time order (Continue asks these before moving on).
std::optional<std::size_t> FilmNextUnasked(const FilmState& film, const Scene& scene);

// Records that the film played to the end. Returns a timestamp question still due, if any.
std::optional<std::size_t> FilmEnded(FilmState& film, const Scene& scene);

}  // namespace kiosk::core
