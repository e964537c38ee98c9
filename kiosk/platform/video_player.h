// Plays one film at a time with libvlc 3, read straight from its pack blob, decoded into memory that the
// UI thread uploads to a GL texture. Per picture shown: VLC copies the decoder's 4:2:0 planes to us,
// libyuv converts them to BGRA and scales that to the size the screen shows (ShowAt), and glTexSubImage2D
// copies that into the texture in its own byte order; the window then copies it to the screen 1:1
// (picture_blit.h). VLC decodes on its own threads; they write the planes and convert the picture (under
// a mutex; ShowAt converts a still picture again on the UI thread), read the track's size (Setup), set
// flags, and call `wake` so the frame loop comes round.
// Every libvlc control call and every GL call happens on the UI thread. libvlc is loaded (vlc_library.h)
// and started on the first film, so nothing of it is loaded before the kiosk's first screen.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ui/ui.h"

struct libvlc_instance_t;
struct libvlc_media_player_t;
struct libvlc_media_t;

namespace kiosk::platform {

struct VideoSource;
struct VlcLibrary;

class VideoPlayer {
public:
    enum class State { Empty, Loading, Ready, Playing, Paused, Ended, Failed };

    // `wake` is called from VLC threads when there is something new (a frame, the end, an error); it
    // must be thread-safe (SDL_PushEvent is).
    VideoPlayer(bool audio, std::function<void()> wake);
    ~VideoPlayer();
    VideoPlayer(const VideoPlayer&) = delete;
    VideoPlayer& operator=(const VideoPlayer&) = delete;

    // Loads the film `asset_path` from the pack at `pack_path`, paused at the start (the first frame
    // shows as a poster). Replaces any film loaded before. A film that cannot be opened or decoded ends
    // in State::Failed with Error() saying why.
    void Load(const std::string& pack_path, const std::string& asset_path);
    // Stops and forgets the film (VLC itself stays loaded for the next one).
    void Unload();
    const std::string& Loaded() const { return m_asset; }

    void Play();
    void Pause();
    void SeekTo(std::int64_t ms);
    void SetVolume(int level);  // 0..100

    // Call once per loop turn: notices the end or a failure. Returns the state now.
    State Poll();
    State CurrentState() const { return m_state; }
    // Film time in ms; after SeekTo, the target until the player has got there (not const: it notices
    // when the jump has landed).
    std::int64_t TimeMs();
    std::int64_t LengthMs() const;
    const std::string& Error() const { return m_error; }

    // The picture's size in pixels on screen (0, 0: the film's own). Later pictures are scaled to it.
    void ShowAt(int width, int height);

    // Uploads the newest decoded frame to the texture if there is one. True if the picture changed.
    bool UploadFrame();
    // The film's picture so far (id null before the first frame), with the film's own size.
    ui::Texture Texture() const { return m_texture; }
    // The texture's size in pixels: the size shown (ShowAt) once pictures come scaled to it.
    int TextureWidth() const { return static_cast<int>(m_textureWidth); }
    int TextureHeight() const { return static_cast<int>(m_textureHeight); }
    // Frames decoded since Load (for tests and stats).
    std::uint64_t FramesShown() const { return m_framesUploaded; }
    // Pictures converted from VLC's planes to BGRA since the player was made (each one copy, libyuv).
    std::uint64_t FramesConverted() const { return m_converted.load(); }
    // Pictures scaled to the size shown since the player was made (libyuv, after converting).
    std::uint64_t FramesScaled() const { return m_scaledCount.load(); }
    // Pictures uploaded to the texture since the player was made (each one copy, glTexSubImage2D).
    std::uint64_t FramesUploaded() const { return m_uploadedTotal; }

    // VLC callbacks (public only so the C trampolines can reach them).
    unsigned Setup(char* chroma, unsigned* width, unsigned* height, unsigned* pitches, unsigned* lines);
    void* Lock(void** planes);
    void Unlock();
    void Display();
    void OnEnd();
    void OnError();

private:
    bool EnsureVlc();
    // Scales (to m_showAt) and converts the planes held into m_pixels. Needs m_frameMutex held.
    void ConvertLocked();
    void Release();

    bool m_audio;
    std::function<void()> m_wake;
    const VlcLibrary* m_lib = nullptr;  // loaded with the first film
    libvlc_instance_t* m_vlc = nullptr;
    libvlc_media_player_t* m_player = nullptr;
    libvlc_media_t* m_media = nullptr;  // the film's media, for its picture size (Setup, on a VLC thread)
    std::string m_asset;
    std::string m_error;
    State m_state = State::Empty;
    int m_volume = 80;
    bool m_startPaused = false;       // pause as soon as the first frame is up (the poster)
    bool m_seekWhenReady = false;     // a jump asked for while VLC was still opening the film
    std::int64_t m_seekTarget = -1;   // a jump VLC has not shown yet
    std::int64_t m_seekFrom = 0;
    std::uint64_t m_framesUploaded = 0;
    std::uint64_t m_uploadedTotal = 0;

    // Shared with VLC threads.
    std::mutex m_frameMutex;
    std::vector<unsigned char> m_planes[3];  // Y, U, V as VLC hands them over (I420)
    unsigned m_planePitch[3] = {0, 0, 0};
    bool m_fullRange = false;  // J420: luma 0-255 rather than 16-235 (set in Setup, read converting)
    std::vector<unsigned char> m_unscaled;   // BGRA at the film's size, when it is scaled to another
    std::vector<unsigned char> m_pixels;     // BGRA, m_pixelsWidth * m_pixelsHeight * 4
    unsigned m_pixelsWidth = 0, m_pixelsHeight = 0;
    bool m_havePicture = false;  // the planes hold this film's decoded picture (not Setup's black)
    std::atomic<std::uint32_t> m_showAt{0};  // width << 16 | height, set by the UI thread
    std::atomic<std::uint64_t> m_converted{0};
    std::atomic<std::uint64_t> m_scaledCount{0};
    unsigned m_width = 0, m_height = 0;
    std::atomic<bool> m_newFrame{false};
    std::atomic<int> m_framesToShow{0};   // pictures VLC may still hand over: -1 all (playing), else a count
    std::atomic<bool> m_ended{false};
    std::atomic<bool> m_failed{false};

    // GL, UI thread only.
    ui::Texture m_texture;
    unsigned m_textureWidth = 0, m_textureHeight = 0;

    std::unique_ptr<VideoSource> m_source;  // the pack stream VLC reads through callbacks
};

const char* ToString(VideoPlayer::State state);

}  // namespace kiosk::platform
