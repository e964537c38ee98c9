// Opens films with libvlc, the library the kiosk plays them with, so kiosk-author can refuse a film the
// kiosk could not show: which video and sound codecs it holds, how long it is, and whether a picture
// actually decodes. Only this file (and the kiosk's platform layer) talks to VLC.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

struct libvlc_instance_t;

namespace author {

// libvlc's codec ids are VLC fourccs, first character in the lowest byte: FourCC('h','2','6','4').
constexpr std::uint32_t FourCC(char a, char b, char c, char d) {
    return std::uint32_t(std::uint8_t(a)) | std::uint32_t(std::uint8_t(b)) << 8 | std::uint32_t(std::uint8_t(c)) << 16 |
           std::uint32_t(std::uint8_t(d)) << 24;
}

// One track as libvlc reports it.
struct FilmTrack {
    std::uint32_t fourcc = 0;  // libvlc's codec id: 'h264', 'mp4a', 'VP90', 'Opus', ...
    std::string name;          // for messages: "H.264", "AAC", or libvlc's own description
};

// What libvlc found in a film's structure (no decoding).
struct FilmFacts {
    bool readable = false;           // libvlc parsed the file and found at least one track
    std::vector<FilmTrack> video;
    std::vector<FilmTrack> audio;
    std::int64_t duration_ms = 0;    // 0 when libvlc does not know it
    std::string failure;             // why it is not readable, for the message
};

// Probes films through the process's one libvlc instance, created on first use (about 10 ms with VLC's
// plugin cache), so content without films never starts VLC. Use one prober per compile.
class FilmProber {
public:
    // Reads the tracks and duration of the film at `path` (libvlc's local preparser; no decoding).
    FilmFacts Inspect(const std::filesystem::path& path);

    // Plays the film at `path` without sound into a small memory buffer until the first picture
    // arrives (true), or the film ends, fails or `timeout_ms` passes (false, with `failure` saying which).
    bool DecodesPicture(const std::filesystem::path& path, int timeout_ms, std::string& failure);

private:
    // Gets the shared instance; false (with m_startFailure) if VLC cannot start, e.g. no plugins.
    bool Start();

    libvlc_instance_t* m_vlc = nullptr;
    std::string m_startFailure;
};

}  // namespace author
