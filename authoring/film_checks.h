// The kiosk's film profile and the checks that need a film's real contents: H.264/AAC in MP4 or
// VP9/Opus in WebM, playable by libvlc, and chapters and pauses that fall before the film ends.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "content_model.h"
#include "diagnostic.h"
#include "film_probe.h"

namespace author {

// The container, from the file's first bytes (libvlc does not say which demuxer it used).
enum class FilmContainer { Unknown, Mp4, QuickTime, WebM, Matroska };
FilmContainer SniffFilmContainer(const std::string& data);

// The outcome of checking one film file.
struct FilmVerdict {
    std::string code;             // empty when the film is fine, else "E062" or "E068"
    std::string problem;          // what is wrong, to follow the film's name in the message
    std::string mime;             // video/mp4 or video/webm when fine
    std::int64_t duration_ms = 0; // 0 when libvlc does not know it
};

// Checks the film at `path` (whose bytes start `data`): container, codecs, and that libvlc decodes a
// picture from it. Decoding is tried only for films in the profile, so a wrong format costs no playback.
FilmVerdict CheckFilm(FilmProber& prober, const std::filesystem::path& path, const std::string& data);

// Verdicts by the film's sha256, kept across compiles by a long-running caller (kiosk-author preview
// rebuilds on every save; decoding a film to check it takes far longer than the rest of a compile).
using FilmVerdictCache = std::map<std::string, FilmVerdict>;

// A film the checks accepted: how long it is and how messages name it.
struct FilmLength {
    std::int64_t ms = 0;
    std::string display_path;
};

// E075 for each chapter or pause at or after the end of a film it belongs to (per language), naming
// the shortest such film and its length. `lengths` is keyed by pack path; unknown films are skipped.
void CheckFilmTimes(const Content& content, const std::map<std::string, FilmLength>& lengths, Diagnostics& diags);

}  // namespace author
