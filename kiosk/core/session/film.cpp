// Film rules: jumps, must_watch, and when a timestamp question is due (see film.h).
#include "core/session/film.h"

#include <algorithm>

namespace kiosk::core {

void FilmSeek(FilmState& film, std::int64_t at_ms) {
    at_ms = std::max<std::int64_t>(0, at_ms);
    if (film.duration_ms > 0) at_ms = std::min(at_ms, film.duration_ms);
    film.seek = at_ms;
    ++film.seek_serial;
    film.position_ms = at_ms;
    film.played_from = at_ms;
}

bool FilmMaySeekTo(const FilmState& film, const Scene& scene, std::int64_t at_ms) {
    if (!film.available) return false;
    if (!scene.must_watch || film.ended_once) return true;
    return at_ms <= film.watched_ms;
}

bool FilmMayContinue(const FilmState& film, const Scene& scene) {
    return !scene.must_watch || film.ended_once || !film.available;
}

namespace {

std::optional<std::size_t> DuePause(FilmState& film, const Scene& scene, std::int64_t position_ms) {
    for (std::size_t i = 0; i < scene.pauses.size(); ++i) {
        const std::int64_t at = scene.pauses[i].at_ms;
        if (film.asked.count(i) || at < film.played_from || at > position_ms) continue;
        film.playing = false;
        film.asked.insert(i);
        return i;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::size_t> FilmReport(FilmState& film, const Scene& scene, std::int64_t position_ms,
                                      std::int64_t duration_ms, int seek_serial) {
    if (duration_ms > 0) film.duration_ms = duration_ms;
    // A report from before the latest jump would undo it on screen (and could ask a question the
    // learner jumped back from): wait for the player to catch up.
    if (seek_serial != film.seek_serial) return std::nullopt;
    position_ms = std::max<std::int64_t>(0, position_ms);
    film.seek.reset();
    film.position_ms = position_ms;
    // Only playing moves "watched" on: jumps are limited to what was watched, so any position the
    // player reaches was either watched or is being watched now.
    if (film.playing) film.watched_ms = std::max(film.watched_ms, position_ms);
    if (!film.playing) return std::nullopt;
    return DuePause(film, scene, position_ms);
}

std::optional<std::size_t> FilmNextUnasked(const FilmState& film, const Scene& scene) {
    for (std::size_t i = 0; i < scene.pauses.size(); ++i)
        if (!film.asked.count(i)) return i;
    return std::nullopt;
}

std::optional<std::size_t> FilmEnded(FilmState& film, const Scene& scene) {
    film.playing = false;
    film.seek.reset();
    if (film.duration_ms > 0) film.position_ms = film.duration_ms;
    film.watched_ms = std::max(film.watched_ms, film.position_ms);
    // A question timed in the last frames may have had no report before the end: ask it now, and only
    // count the film as watched to the end once the questions on the way were asked.
    if (auto due = DuePause(film, scene, film.position_ms)) return due;
    film.ended_once = true;
    return std::nullopt;
}

}  // namespace kiosk::core
