// libvlc probing for kiosk-author (see film_probe.h). libvlc works asynchronously on its own threads:
// parsing reports through an event and pictures arrive through callbacks, so each call below waits on
// a condition variable with a timeout and detaches everything before its stack state goes away.
#include "film_probe.h"

#include <vlc/vlc.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <map>
#include <mutex>

namespace author {
namespace {

// Local files parse in a few milliseconds; the margin is for a loaded build machine.
constexpr int kParseTimeoutMs = 5000;
// After the end of a film, how long its last decoded picture may take to reach the video output.
constexpr int kEndGraceMs = 250;

// Options for a probe that must never touch the screen, the sound card or the user's VLC settings:
// no config file (results must not depend on who runs the build), no X11, dummy outputs, no lua
// scripts, no subtitle files picked up from beside the film (the captions are checked separately).
const char* const kVlcArgs[] = {
    "--quiet", "--ignore-config", "--no-xlib", "--no-audio", "--aout=adummy", "--vout=dummy",
    "--no-video-title-show", "--no-sub-autodetect-file", "--no-lua", "--no-stats", "--no-media-library",
};

// Names trainers know, for the codecs films usually arrive in; otherwise libvlc's description.
std::string CodecName(libvlc_track_type_t type, std::uint32_t fourcc) {
    static const std::map<std::uint32_t, const char*> names = {
        {FourCC('h', '2', '6', '4'), "H.264"},  {FourCC('h', 'e', 'v', 'c'), "H.265 (HEVC)"},
        {FourCC('V', 'P', '8', '0'), "VP8"},    {FourCC('V', 'P', '9', '0'), "VP9"},
        {FourCC('a', 'v', '0', '1'), "AV1"},    {FourCC('m', 'p', '4', 'v'), "MPEG-4 Part 2"},
        {FourCC('m', 'p', 'g', 'v'), "MPEG-2"}, {FourCC('t', 'h', 'e', 'o'), "Theora"},
        {FourCC('m', 'p', '4', 'a'), "AAC"},    {FourCC('O', 'p', 'u', 's'), "Opus"},
        {FourCC('v', 'o', 'r', 'b'), "Vorbis"}, {FourCC('m', 'p', 'g', 'a'), "MP3"},
        {FourCC('a', '5', '2', ' '), "AC-3"},   {FourCC('f', 'l', 'a', 'c'), "FLAC"},
    };
    if (auto it = names.find(fourcc); it != names.end()) return it->second;
    const char* description = libvlc_media_get_codec_description(type, fourcc);
    if (description && *description) return description;
    std::string text(4, ' ');
    for (int i = 0; i < 4; ++i) text[i] = static_cast<char>((fourcc >> (8 * i)) & 0xFF);
    return "'" + text + "'";
}

// libvlc resolves relative paths against its own idea of the working folder: give it the whole path.
std::string AbsolutePath(const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::path full = std::filesystem::absolute(path, ec);
    return (ec ? path : full).string();
}

// VLC logs through this instead of stderr: kiosk-author's output is its diagnostics and nothing else.
void DiscardLog(void*, int, const libvlc_log_t*, const char*, va_list) {}

// State shared with libvlc's threads during one call.
struct Signal {
    std::mutex mutex;
    std::condition_variable changed;
    bool parsed = false;
    bool picture = false;
    bool ended = false;
    bool error = false;
    std::vector<std::uint8_t> buffer = std::vector<std::uint8_t>(32 * 32 * 4);

    template <typename F>
    void Set(F&& f) {
        std::lock_guard<std::mutex> lock(mutex);
        f();
        changed.notify_all();
    }
    template <typename P>
    bool WaitFor(int timeout_ms, P&& done) {
        std::unique_lock<std::mutex> lock(mutex);
        return changed.wait_for(lock, std::chrono::milliseconds(timeout_ms), done);
    }
};

void OnParsed(const libvlc_event_t*, void* data) {
    auto* s = static_cast<Signal*>(data);
    s->Set([s] { s->parsed = true; });
}

void OnPlayerEvent(const libvlc_event_t* event, void* data) {
    auto* s = static_cast<Signal*>(data);
    s->Set([&] { (event->type == libvlc_MediaPlayerEncounteredError ? s->error : s->ended) = true; });
}

// Video callbacks: decode into one small buffer; the first displayed picture is the proof.
void* LockPicture(void* data, void** planes) {
    planes[0] = static_cast<Signal*>(data)->buffer.data();
    return nullptr;
}
void UnlockPicture(void*, void*, void* const*) {}
void DisplayPicture(void* data, void*) {
    auto* s = static_cast<Signal*>(data);
    s->Set([s] { s->picture = true; });
}

// The instance lives until the process exits and is never released, on purpose: releasing it unloads
// VLC's plugins (dlclose), and what their libraries allocated into their own globals then looks leaked
// to LeakSanitizer with no symbol to suppress by. Kept, it stays reachable, and later compiles in the
// same process (the tests) skip the start-up. Thread-safe: a function-local static.
libvlc_instance_t* SharedInstance(std::string& failure) {
    static std::string start_failure;
    static libvlc_instance_t* const vlc = [] {
        libvlc_instance_t* created = libvlc_new(static_cast<int>(sizeof kVlcArgs / sizeof *kVlcArgs), kVlcArgs);
        if (created) {
            libvlc_log_set(created, DiscardLog, nullptr);
        } else {
            const char* why = libvlc_errmsg();
            start_failure = std::string("libvlc could not start") + (why && *why ? std::string(" (") + why + ")" : "") +
                            ", so films cannot be checked; install vlc-plugin-base and libvlc-bin";
        }
        return created;
    }();
    failure = start_failure;
    return vlc;
}

}  // namespace

bool FilmProber::Start() {
    if (!m_vlc) m_vlc = SharedInstance(m_startFailure);
    return m_vlc != nullptr;
}

FilmFacts FilmProber::Inspect(const std::filesystem::path& path) {
    FilmFacts facts;
    if (!Start()) {
        facts.failure = m_startFailure;
        return facts;
    }
    libvlc_media_t* media = libvlc_media_new_path(m_vlc, AbsolutePath(path).c_str());
    if (!media) {
        facts.failure = "libvlc cannot open it";
        return facts;
    }
    Signal signal;
    libvlc_event_manager_t* events = libvlc_media_event_manager(media);
    libvlc_event_attach(events, libvlc_MediaParsedChanged, OnParsed, &signal);
    bool finished = libvlc_media_parse_with_options(media, libvlc_media_parse_local, kParseTimeoutMs) == 0 &&
                    signal.WaitFor(kParseTimeoutMs + 1000, [&] { return signal.parsed; });
    if (!finished) libvlc_media_parse_stop(media);
    // Detaching takes the lock libvlc holds while it runs a callback, so none can touch `signal` after this.
    libvlc_event_detach(events, libvlc_MediaParsedChanged, OnParsed, &signal);

    libvlc_media_parsed_status_t status = libvlc_media_get_parsed_status(media);
    if (!finished || status != libvlc_media_parsed_status_done) {
        facts.failure = status == libvlc_media_parsed_status_timeout || !finished
                            ? "libvlc could not read it within " + std::to_string(kParseTimeoutMs / 1000) + " s"
                            : "libvlc could not read it";
    } else {
        libvlc_media_track_t** tracks = nullptr;
        unsigned count = libvlc_media_tracks_get(media, &tracks);
        for (unsigned i = 0; i < count; ++i) {
            const libvlc_media_track_t& t = *tracks[i];
            if (t.i_type == libvlc_track_video) facts.video.push_back({t.i_codec, CodecName(t.i_type, t.i_codec)});
            if (t.i_type == libvlc_track_audio) facts.audio.push_back({t.i_codec, CodecName(t.i_type, t.i_codec)});
        }
        if (tracks) libvlc_media_tracks_release(tracks, count);
        facts.duration_ms = std::max<libvlc_time_t>(0, libvlc_media_get_duration(media));
        facts.readable = !facts.video.empty() || !facts.audio.empty();
        if (!facts.readable) facts.failure = "libvlc finds no video or sound in it";
    }
    libvlc_media_release(media);
    return facts;
}

bool FilmProber::DecodesPicture(const std::filesystem::path& path, int timeout_ms, std::string& failure) {
    if (!Start()) {
        failure = m_startFailure;
        return false;
    }
    libvlc_media_t* media = libvlc_media_new_path(m_vlc, AbsolutePath(path).c_str());
    if (!media) {
        failure = "libvlc cannot open it";
        return false;
    }
    libvlc_media_add_option(media, ":no-audio");
    libvlc_media_player_t* player = libvlc_media_player_new_from_media(media);
    libvlc_media_release(media);  // the player holds its own reference
    if (!player) {
        failure = "libvlc cannot create a player for it";
        return false;
    }
    Signal signal;
    // A 32x32 RV32 picture: VLC scales into it, so a large film costs no more memory than a small one.
    libvlc_video_set_callbacks(player, LockPicture, UnlockPicture, DisplayPicture, &signal);
    libvlc_video_set_format(player, "RV32", 32, 32, 32 * 4);
    libvlc_event_manager_t* events = libvlc_media_player_event_manager(player);
    libvlc_event_attach(events, libvlc_MediaPlayerEncounteredError, OnPlayerEvent, &signal);
    libvlc_event_attach(events, libvlc_MediaPlayerEndReached, OnPlayerEvent, &signal);

    bool playing = libvlc_media_player_play(player) == 0;
    if (playing && signal.WaitFor(timeout_ms, [&] { return signal.picture || signal.ended || signal.error; })) {
        // The input can reach its end while the last decoded pictures still wait for the video output:
        // give a very short film a moment to show one.
        signal.WaitFor(kEndGraceMs, [&] { return signal.picture || signal.error; });
    }
    // Stopping joins VLC's decoder and output threads, so no callback can run once it returns.
    libvlc_media_player_stop(player);
    libvlc_event_detach(events, libvlc_MediaPlayerEncounteredError, OnPlayerEvent, &signal);
    libvlc_event_detach(events, libvlc_MediaPlayerEndReached, OnPlayerEvent, &signal);
    libvlc_media_player_release(player);

    std::lock_guard<std::mutex> lock(signal.mutex);
    if (signal.picture) return true;
    if (!playing || signal.error) failure = "libvlc reported an error while playing it";
    else if (signal.ended) failure = "libvlc decoded no picture before it ended";
    else failure = "libvlc decoded no picture within " + std::to_string(timeout_ms / 1000) + " s";
    return false;
}

}  // namespace author
