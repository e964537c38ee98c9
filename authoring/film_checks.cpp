// Film checks that need the film itself (see film_checks.h). The profile is deliberately narrow: these
// are the formats every kiosk decodes smoothly in software, so a film that passes here plays there.
#include "film_checks.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace author {
namespace {

using kiosk::core::SceneKind;

// A frame normally arrives in under 100 ms; a damaged film that plays on without one costs this much.
constexpr int kPictureTimeoutMs = 3000;

struct Profile {
    FilmContainer container;
    std::uint32_t video, audio;
    const char* mime;
};
const Profile kProfiles[] = {
    {FilmContainer::Mp4, FourCC('h', '2', '6', '4'), FourCC('m', 'p', '4', 'a'), "video/mp4"},
    {FilmContainer::WebM, FourCC('V', 'P', '9', '0'), FourCC('O', 'p', 'u', 's'), "video/webm"},
};
constexpr const char* kProfileText = "the kiosk plays H.264 video with AAC sound in MP4, or VP9 video with Opus sound in WebM";

const char* ContainerName(FilmContainer c) {
    switch (c) {
        case FilmContainer::Mp4: return "MP4";
        case FilmContainer::QuickTime: return "QuickTime (.mov)";
        case FilmContainer::WebM: return "WebM";
        case FilmContainer::Matroska: return "Matroska (.mkv)";
        case FilmContainer::Unknown: break;
    }
    return "an unknown container";
}

// "H.264", "H.264 and AAC": distinct names in track order.
std::string Names(const std::vector<FilmTrack>& tracks) {
    std::vector<std::string> names;
    for (const FilmTrack& t : tracks)
        if (std::find(names.begin(), names.end(), t.name) == names.end()) names.push_back(t.name);
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? " and " : "") + names[i];
    return out;
}

// "holds VP8 video and Vorbis sound in WebM", "holds VP8 video (no sound) in WebM",
// "holds only AAC sound, no video, in MP4".
std::string Holds(const FilmFacts& facts, FilmContainer container) {
    std::string what = facts.video.empty() ? "only " + Names(facts.audio) + " sound, no video,"
                       : facts.audio.empty() ? Names(facts.video) + " video (no sound)"
                                             : Names(facts.video) + " video and " + Names(facts.audio) + " sound";
    return "holds " + what + " in " + ContainerName(container);
}

bool AllAre(const std::vector<FilmTrack>& tracks, std::uint32_t fourcc) {
    return std::all_of(tracks.begin(), tracks.end(), [&](const FilmTrack& t) { return t.fourcc == fourcc; });
}

// "01:12", "01:12.250", "1:02:03": clock time as trainers write it, with milliseconds when there are any.
std::string FormatClock(std::int64_t ms) {
    char text[32];
    long long s = ms / 1000, h = s / 3600, m = s / 60 % 60, sec = s % 60, rest = ms % 1000;
    if (h) std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", h, m, sec);
    else std::snprintf(text, sizeof text, "%02lld:%02lld", m, sec);
    std::string out = text;
    if (rest) {
        std::snprintf(text, sizeof text, ".%03lld", rest);
        out += text;
    }
    return out;
}

}  // namespace

FilmContainer SniffFilmContainer(const std::string& data) {
    if (data.size() >= 12 && data.compare(4, 4, "ftyp") == 0)
        return data.compare(8, 4, "qt  ") == 0 ? FilmContainer::QuickTime : FilmContainer::Mp4;
    if (data.size() >= 4 && data.compare(0, 4, "\x1A\x45\xDF\xA3") == 0) {
        // The EBML header's DocType (element 0x4282, short size byte) says "webm" or "matroska".
        std::size_t at = data.substr(0, 64).find("\x42\x82");
        if (at != std::string::npos && at + 3 <= data.size()) {
            std::size_t length = static_cast<std::uint8_t>(data[at + 2]) & 0x7F;
            if (data.compare(at + 3, length, "webm") == 0 && length == 4) return FilmContainer::WebM;
        }
        return FilmContainer::Matroska;
    }
    return FilmContainer::Unknown;
}

FilmVerdict CheckFilm(FilmProber& prober, const std::filesystem::path& path, const std::string& data) {
    FilmVerdict verdict;
    FilmContainer container = SniffFilmContainer(data);
    if (container == FilmContainer::Unknown) {
        verdict.code = "E062";
        verdict.problem = "is not an MP4 or WebM film";
        return verdict;
    }
    FilmFacts facts = prober.Inspect(path);
    if (!facts.readable) {
        verdict.code = "E068";
        verdict.problem = "cannot be played: " + facts.failure + "; the file is probably damaged or cut short";
        return verdict;
    }
    const Profile* profile = nullptr;
    for (const Profile& p : kProfiles)
        if (p.container == container && !facts.video.empty() && AllAre(facts.video, p.video) && AllAre(facts.audio, p.audio))
            profile = &p;
    if (!profile) {
        verdict.code = "E062";
        verdict.problem = Holds(facts, container) + "; " + kProfileText;
        return verdict;
    }
    std::string failure;
    if (!prober.DecodesPicture(path, kPictureTimeoutMs, failure)) {
        verdict.code = "E068";
        verdict.problem = "cannot be played: " + failure + "; the file is probably damaged";
        return verdict;
    }
    verdict.mime = profile->mime;
    verdict.duration_ms = facts.duration_ms;
    return verdict;
}

void CheckFilmTimes(const Content& content, const std::map<std::string, FilmLength>& lengths, Diagnostics& diags) {
    for (std::size_t mi = 0; mi < content.pack.modules.size(); ++mi) {
        const auto& module = content.pack.modules[mi];
        for (std::size_t si = 0; si < module.scenes.size(); ++si) {
            const auto& scene = module.scenes[si];
            if (scene.kind != SceneKind::Film) continue;
            // The shortest film among the scene's languages decides: every learner must reach each time.
            const FilmLength* shortest = nullptr;
            for (const auto& [lang, path] : scene.video) {
                auto it = lengths.find(path);
                if (it == lengths.end() || it->second.ms <= 0) continue;
                if (!shortest || it->second.ms < shortest->ms) shortest = &it->second;
            }
            if (!shortest) continue;
            const auto& src = content.module_sources[mi].scenes[si];
            auto check = [&](const char* what, int at_ms, const Location& where) {
                if (at_ms < 0 || at_ms < shortest->ms) return;  // negative: an invalid time, already reported
                diags.Add("E075", where, std::string(what) + " at " + FormatClock(at_ms) + " is not before the end of the film: '" +
                                             shortest->display_path + "' lasts " + FormatClock(shortest->ms));
            };
            for (std::size_t c = 0; c < scene.chapters.size() && c < src.chapter_at.size(); ++c)
                check("chapter", scene.chapters[c].at_ms, src.chapter_at[c]);
            for (std::size_t p = 0; p < scene.pauses.size() && p < src.pauses.size(); ++p)
                check("pause", scene.pauses[p].at_ms, src.pauses[p].at_loc);
        }
    }
}

}  // namespace author
