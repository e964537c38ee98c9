// VideoPlayer (video_player.h): libvlc with memory ("vmem") video callbacks and a media read through
// callbacks from the pack blob.
#include "platform/video_player.h"

#include <GL/gl.h>
#include <libyuv/convert_argb.h>
#include <libyuv/scale_argb.h>
#include <vlc/vlc.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <variant>

#include "core/pack/pack_asset_stream.h"
#include "platform/vlc_library.h"


namespace kiosk::platform {

// Films are decoded at their own size up to this; larger ones are scaled down by VLC (a kiosk screen
// is at most 1080p, and every pixel costs upload time on a software GL).
constexpr unsigned kMaxWidth = 1920, kMaxHeight = 1080;

struct VideoSource {
    std::string pack_path, asset_path;
    std::unique_ptr<core::PackAssetStream> stream;
    std::mutex mutex;
    std::string error;  // set on a VLC thread by Open, read on the UI thread
};

namespace {


// [VLC threads] The media's bytes, from the pack.
int SourceOpen(void* opaque, void** datap, std::uint64_t* sizep) {
    auto* source = static_cast<VideoSource*>(opaque);
    *datap = source;
    auto opened = core::PackAssetStream::Open(source->pack_path, source->asset_path);
    if (auto* error = std::get_if<std::string>(&opened)) {
        std::lock_guard lock(source->mutex);
        source->error = *error;
        *sizep = 0;
        return -1;
    }
    source->stream = std::move(std::get<std::unique_ptr<core::PackAssetStream>>(opened));
    *sizep = source->stream->Size();
    return 0;
}

ssize_t SourceRead(void* opaque, unsigned char* buffer, size_t length) {
    auto* source = static_cast<VideoSource*>(opaque);
    return source->stream ? static_cast<ssize_t>(source->stream->Read(buffer, length)) : -1;
}

int SourceSeek(void* opaque, std::uint64_t offset) {
    auto* source = static_cast<VideoSource*>(opaque);
    return source->stream && source->stream->Seek(offset) ? 0 : -1;
}

void SourceClose(void* opaque) { static_cast<VideoSource*>(opaque)->stream.reset(); }

// [VLC threads] Picture buffers and events, forwarded to the player.
unsigned FormatCb(void** opaque, char* chroma, unsigned* width, unsigned* height, unsigned* pitches, unsigned* lines) {
    return static_cast<VideoPlayer*>(*opaque)->Setup(chroma, width, height, pitches, lines);
}
void CleanupCb(void*) {}
void* LockCb(void* opaque, void** planes) { return static_cast<VideoPlayer*>(opaque)->Lock(planes); }
void UnlockCb(void* opaque, void*, void* const*) { static_cast<VideoPlayer*>(opaque)->Unlock(); }
void DisplayCb(void* opaque, void*) { static_cast<VideoPlayer*>(opaque)->Display(); }
void EventCb(const libvlc_event_t* event, void* opaque) {
    auto* player = static_cast<VideoPlayer*>(opaque);
    if (event->type == libvlc_MediaPlayerEndReached) player->OnEnd();
    else if (event->type == libvlc_MediaPlayerEncounteredError) player->OnError();
}

}  // namespace

VideoPlayer::VideoPlayer(bool audio, std::function<void()> wake) : m_audio(audio), m_wake(std::move(wake)) {}

VideoPlayer::~VideoPlayer() {
    Unload();
    if (m_vlc) m_lib->libvlc_release(m_vlc);
    if (m_texture.id) {
        auto id = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(m_texture.id));
        glDeleteTextures(1, &id);
    }
}

bool VideoPlayer::EnsureVlc() {
    if (m_vlc) return true;
    if (!m_lib && !(m_lib = LoadVlc(m_error))) return false;
    // No window, title, on-screen display or subtitles of VLC's own: the kiosk draws everything,
    // captions included, so they follow the learner's text size and contrast.
    std::vector<const char*> args = {"--quiet",     "--ignore-config", "--no-xlib",   "--no-video-title-show",
                                     "--no-osd",    "--no-spu",        "--no-stats",  "--no-sub-autodetect-file",
                                     "--no-lua",    "--no-snapshot-preview", "--no-media-library",
                                     // VLC 3's memory output cannot take VA-API or VDPAU pictures (it finds
                                     // no converter to I420 and opens the output again): decode in software
                                     // from the start rather than fail twice first.
                                     "--avcodec-hw=none"};
    if (!m_audio) args.push_back("--no-audio");
    m_vlc = m_lib->libvlc_new(static_cast<int>(args.size()), args.data());
    if (!m_vlc) {
        const char* why = m_lib->libvlc_errmsg();
        m_error = std::string("cannot start libvlc") + (why ? ": " + std::string(why) : "") +
                  "; check that the packages vlc-plugin-base and libvlc5 are installed";
        return false;
    }
    return true;
}

void VideoPlayer::Load(const std::string& pack_path, const std::string& asset_path) {
    Unload();
    m_asset = asset_path;
    m_error.clear();
    if (!EnsureVlc()) {
        m_state = State::Failed;
        return;
    }
    m_source = std::make_unique<VideoSource>();
    m_source->pack_path = pack_path;
    m_source->asset_path = asset_path;
    libvlc_media_t* media =
        m_lib->libvlc_media_new_callbacks(m_vlc, SourceOpen, SourceRead, SourceSeek, SourceClose, m_source.get());
    m_player = media ? m_lib->libvlc_media_player_new_from_media(media) : nullptr;
    if (m_player) m_media = media;  // the player holds its own reference; this one is ours until Unload
    else if (media) m_lib->libvlc_media_release(media);
    if (!m_player) {
        m_error = "libvlc cannot create a player for " + asset_path;
        m_state = State::Failed;
        return;
    }
    m_lib->libvlc_video_set_callbacks(m_player, LockCb, UnlockCb, DisplayCb, this);
    m_lib->libvlc_video_set_format_callbacks(m_player, FormatCb, CleanupCb);
    libvlc_event_manager_t* events = m_lib->libvlc_media_player_event_manager(m_player);
    m_lib->libvlc_event_attach(events, libvlc_MediaPlayerEndReached, EventCb, this);
    m_lib->libvlc_event_attach(events, libvlc_MediaPlayerEncounteredError, EventCb, this);
    // Start decoding now, silently, and stop at the first picture: the poster is up at once and a tap
    // on play only has to unpause.
    m_lib->libvlc_audio_set_volume(m_player, 0);
    m_startPaused = true;
    m_framesToShow = 1;
    m_state = State::Loading;
    if (m_lib->libvlc_media_player_play(m_player) != 0) {
        m_error = "libvlc cannot start " + asset_path;
        m_state = State::Failed;
    }
}

void VideoPlayer::Unload() {
    if (m_player) {
        // Stop joins VLC's threads: after it no callback runs, so the buffers below are ours again.
        m_lib->libvlc_media_player_stop(m_player);
        m_lib->libvlc_media_player_release(m_player);
        m_player = nullptr;
    }
    if (m_media) m_lib->libvlc_media_release(m_media);
    m_media = nullptr;
    m_source.reset();
    m_asset.clear();
    m_state = State::Empty;
    m_newFrame = false;
    m_framesToShow = 0;
    m_ended = false;
    m_failed = false;
    m_seekTarget = -1;
    m_startPaused = false;
    m_seekWhenReady = false;
    m_framesUploaded = 0;
    m_texture.width = m_texture.height = 0;  // keep the GL texture for the next film, but show nothing
    std::lock_guard lock(m_frameMutex);
    m_havePicture = false;  // the planes hold the last film's picture: ShowAt must not convert it again
}

void VideoPlayer::Play() {
    if (!m_player) return;
    if (m_state == State::Ended) {
        // VLC will not play an ended media again without a stop; start from the jump target or the top.
        std::int64_t from = m_seekTarget >= 0 ? m_seekTarget : 0;
        m_lib->libvlc_media_player_stop(m_player);
        m_ended = false;
        m_startPaused = false;
        m_framesToShow = -1;
        m_lib->libvlc_audio_set_volume(m_player, m_volume);
        m_lib->libvlc_media_player_play(m_player);
        if (from > 0) {
            m_seekTarget = from;
            m_seekWhenReady = true;
            m_state = State::Loading;
            return;
        }
    } else if (m_state == State::Ready) {
        // The poster was decoded a few frames in, while VLC ran silent until the pause landed: begin at
        // the very start, so no picture and no word of the opening is lost. Pictures are wanted before
        // the unpause, or the first one after it could be dropped.
        if (m_seekTarget < 0) SeekTo(0);
        m_framesToShow = -1;
        m_lib->libvlc_audio_set_volume(m_player, m_volume);
        m_lib->libvlc_media_player_set_pause(m_player, 0);
    } else if (m_state == State::Loading) {
        // Tapped before the poster was up: let the start carry on into playing.
        m_startPaused = false;
        m_framesToShow = -1;
        m_lib->libvlc_audio_set_volume(m_player, m_volume);
        return;
    } else if (m_state == State::Paused) {
        m_framesToShow = -1;
        m_lib->libvlc_audio_set_volume(m_player, m_volume);
        m_lib->libvlc_media_player_set_pause(m_player, 0);
    }
    // Each branch above has wanted pictures and set the volume (a film already playing has both).
    if (m_state != State::Failed) m_state = State::Playing;
}

void VideoPlayer::Pause() {
    if (!m_player || m_state != State::Playing) return;
    m_lib->libvlc_media_player_set_pause(m_player, 1);
    m_framesToShow = 0;
    m_state = State::Paused;
}

void VideoPlayer::SeekTo(std::int64_t ms) {
    if (!m_player) return;
    m_seekTarget = ms;
    if (m_state == State::Ended) {
        // VLC cannot jump in an ended film: start it again, silent and paused, and jump once it runs.
        m_lib->libvlc_media_player_stop(m_player);
        m_ended = false;
        m_startPaused = true;
        m_framesToShow = 1;
        m_lib->libvlc_audio_set_volume(m_player, 0);
        m_state = State::Loading;
        m_lib->libvlc_media_player_play(m_player);
    }
    // VLC ignores jumps before its input has started: keep this one until the first picture is up.
    if (m_state == State::Loading) {
        m_seekWhenReady = true;
        return;
    }
    m_seekFrom = m_lib->libvlc_media_player_get_time(m_player);
    // Paused, the picture at the new time still has to show; VLC may hand over the old one first.
    if (m_state != State::Playing) m_framesToShow = 3;
    m_lib->libvlc_media_player_set_time(m_player, ms);
}

void VideoPlayer::SetVolume(int level) {
    m_volume = level;
    if (m_player && m_state == State::Playing) m_lib->libvlc_audio_set_volume(m_player, level);
}

VideoPlayer::State VideoPlayer::Poll() {
    if (!m_player) return m_state;
    if (m_failed.exchange(false)) {
        std::lock_guard lock(m_source->mutex);
        m_error = m_source->error.empty() ? "libvlc cannot decode " + m_asset + " (damaged or not a supported film)"
                                          : m_source->error;
        m_state = State::Failed;
    }
    if (m_ended.exchange(false) && m_state != State::Failed) {
        if (m_framesUploaded == 0 && !m_newFrame) {
            // The end without a single picture: the bytes were not a film VLC could decode.
            m_error = "libvlc found no picture in " + m_asset + " (damaged or not a supported film)";
            m_state = State::Failed;
        } else {
            m_state = State::Ended;
        }
    }
    if ((m_newFrame || m_framesUploaded > 0) && m_state == State::Loading) {
        // The first picture is up: hold it as the poster, unless play was tapped while loading.
        if (m_startPaused) m_lib->libvlc_media_player_set_pause(m_player, 1);
        m_state = m_startPaused ? State::Ready : State::Playing;
        m_startPaused = false;
    }
    if (m_seekWhenReady && m_state != State::Loading) {
        m_seekWhenReady = false;
        SeekTo(m_seekTarget);
    }
    return m_state;
}

std::int64_t VideoPlayer::TimeMs() {
    if (!m_player) return 0;
    if (m_state == State::Ended) return LengthMs();
    if (m_state == State::Loading && m_seekTarget >= 0) return m_seekTarget;
    std::int64_t now = m_lib->libvlc_media_player_get_time(m_player);
    if (m_seekTarget >= 0) {
        // VLC keeps answering the old time for a moment after a jump: until it moves, say the target.
        if (now == m_seekFrom) return m_seekTarget;
        m_seekTarget = -1;  // it has moved: from now on VLC's own time is right
    }
    return now < 0 ? 0 : now;
}

std::int64_t VideoPlayer::LengthMs() const {
    if (!m_player) return 0;
    std::int64_t length = m_lib->libvlc_media_player_get_length(m_player);
    return length < 0 ? 0 : length;
}

void VideoPlayer::ShowAt(int width, int height) {
    const bool sane = width > 0 && height > 0 && width <= static_cast<int>(kMaxWidth) * 2 &&
                      height <= static_cast<int>(kMaxHeight) * 2;
    const std::uint32_t packed = sane ? static_cast<std::uint32_t>(width) << 16 | static_cast<std::uint32_t>(height) : 0u;
    if (m_showAt.exchange(packed) == packed) return;
    // A new size while the film stands still (its poster, paused, or ended): convert the picture held again
    // at it, so the screen can copy it before the tap, and a tap does not pay the first copy's set-up.
    // Loading, the planes may still hold another film's picture; playing, the next one is on its way.
    if (m_state != State::Ready && m_state != State::Paused && m_state != State::Ended) return;
    {
        std::lock_guard lock(m_frameMutex);
        if (!m_havePicture) return;
        ConvertLocked();
    }
    if (!m_newFrame.exchange(true) && m_wake) m_wake();
}

bool VideoPlayer::UploadFrame() {
    if (!m_newFrame.exchange(false)) return false;
    std::lock_guard lock(m_frameMutex);
    if (m_pixels.empty()) return false;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    if (!m_texture.id) {
        GLuint id = 0;
        glGenTextures(1, &id);
        m_texture.id = reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id));
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(m_texture.id)));
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    if (m_textureWidth != m_pixelsWidth || m_textureHeight != m_pixelsHeight) {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        // An unsized internal format lets Mesa pick the one that matches BGRA bytes exactly, so uploads
        // are plain copies (GL_RGBA8 made it swap bytes on every upload).
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, static_cast<GLsizei>(m_pixelsWidth),
                     static_cast<GLsizei>(m_pixelsHeight), 0, GL_BGRA, GL_UNSIGNED_BYTE, m_pixels.data());
        m_textureWidth = m_pixelsWidth;
        m_textureHeight = m_pixelsHeight;
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, static_cast<GLsizei>(m_pixelsWidth),
                        static_cast<GLsizei>(m_pixelsHeight), GL_BGRA, GL_UNSIGNED_BYTE, m_pixels.data());
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    // The film's own size, whatever size it was scaled to: the layout takes the picture's shape from it,
    // and a size that followed the scaling could feed back into the layout.
    m_texture.width = static_cast<int>(m_width);
    m_texture.height = static_cast<int>(m_height);
    ++m_framesUploaded;
    ++m_uploadedTotal;
    return true;
}

// [VLC threads] ----------------------------------------------------------------

unsigned VideoPlayer::Setup(char* chroma, unsigned* width, unsigned* height, unsigned* pitches, unsigned* lines) {
    unsigned w = *width, h = *height;
    // VLC offers the decoder's buffer size (960x546 for a 960x540 H.264 film) and would stretch the
    // picture to fill it; the track's own size keeps it exact.
    if (m_media) {
        libvlc_media_track_t** tracks = nullptr;
        unsigned count = m_lib->libvlc_media_tracks_get(m_media, &tracks);
        for (unsigned i = 0; i < count; ++i) {
            const libvlc_media_track_t* track = tracks[i];
            if (track->i_type == libvlc_track_video && track->video->i_width > 0 && track->video->i_height > 0 &&
                track->video->i_width <= w && track->video->i_height <= h) {
                w = track->video->i_width;
                h = track->video->i_height;
                break;
            }
        }
        if (count > 0) m_lib->libvlc_media_tracks_release(tracks, count);
    }
    if (w == 0 || h == 0) return 0;
    if (w > kMaxWidth || h > kMaxHeight) {
        double scale = std::min(static_cast<double>(kMaxWidth) / w, static_cast<double>(kMaxHeight) / h);
        w = std::max(2u, static_cast<unsigned>(w * scale) & ~1u);
        h = std::max(2u, static_cast<unsigned>(h * scale) & ~1u);
    }
    // The decoder's own planes (4:2:0, what H.264 and VP9 decode to), so VLC copies them as they are
    // instead of converting every picture to RGB with swscale; Display converts the pictures the screen
    // will show with libyuv, as Chromium does for software video. Pitches are rounded up to 32 bytes, as
    // libvlc's vmem documentation advises.
    // A full-range film (J420, as JPEG-derived encoders write) is handed over as it is; VLC calls it
    // I420 too, so remember which one to convert from.
    const bool full_range = std::memcmp(chroma, "J420", 4) == 0;
    std::memcpy(chroma, "I420", 4);
    const unsigned chroma_w = (w + 1) / 2, chroma_h = (h + 1) / 2;
    auto padded = [](unsigned bytes) { return (bytes + 31u) & ~31u; };
    *width = w;
    *height = h;
    pitches[0] = padded(w);
    pitches[1] = pitches[2] = padded(chroma_w);
    lines[0] = h;
    lines[1] = lines[2] = chroma_h;
    std::lock_guard lock(m_frameMutex);
    m_fullRange = full_range;
    m_width = w;
    m_height = h;
    for (int plane = 0; plane < 3; ++plane) {
        m_planePitch[plane] = pitches[plane];
        m_planes[plane].assign(static_cast<std::size_t>(pitches[plane]) * lines[plane], plane == 0 ? 16 : 128);
    }
    m_pixels.assign(static_cast<std::size_t>(w) * h * 4, 0);
    m_pixelsWidth = w;
    m_pixelsHeight = h;
    m_havePicture = false;
    return 1;
}

void* VideoPlayer::Lock(void** planes) {
    m_frameMutex.lock();
    for (int plane = 0; plane < 3; ++plane) planes[plane] = m_planes[plane].data();
    return nullptr;
}

void VideoPlayer::Unlock() { m_frameMutex.unlock(); }

void VideoPlayer::ConvertLocked() {
    const int w = static_cast<int>(m_width), h = static_cast<int>(m_height);
    const std::uint32_t shown = m_showAt.load();
    const int shown_w = static_cast<int>(shown >> 16), shown_h = static_cast<int>(shown & 0xffffu);
    const bool scale = shown_w > 0 && shown_h > 0 && (shown_w != w || shown_h != h);
    // BT.601 (limited range, or full for J420), as swscale took an untagged film before. libyuv's ARGB
    // is B, G, R, A in memory: the byte order of the window's own buffer.
    const auto convert = m_fullRange ? libyuv::J420ToARGB : libyuv::I420ToARGB;
    std::vector<unsigned char>& converted = scale ? m_unscaled : m_pixels;
    converted.resize(static_cast<std::size_t>(w) * h * 4);
    convert(m_planes[0].data(), static_cast<int>(m_planePitch[0]), m_planes[1].data(), static_cast<int>(m_planePitch[1]),
            m_planes[2].data(), static_cast<int>(m_planePitch[2]), converted.data(), w * 4, w, h);
    if (scale) {
        // Scaled here to the size the screen shows, so the screen copies the picture 1:1, which a software
        // rasteriser does as a plain memory copy instead of filtering every pixel in its shader. Converting
        // first and scaling the BGRA picture took 0.64 ms a picture at 960x540 to 889x500, scaling the
        // planes first 0.97 ms (libyuv, bilinear, this machine).
        m_pixels.resize(static_cast<std::size_t>(shown_w) * shown_h * 4);
        libyuv::ARGBScale(m_unscaled.data(), w * 4, w, h, m_pixels.data(), shown_w * 4, shown_w, shown_h,
                          libyuv::kFilterBilinear);
        ++m_scaledCount;
    }
    m_pixelsWidth = static_cast<unsigned>(scale ? shown_w : w);
    m_pixelsHeight = static_cast<unsigned>(scale ? shown_h : h);
    ++m_converted;
}

void VideoPlayer::Display() {
    // Paused, VLC keeps showing its picture again and again: only pictures the UI asked for count.
    int wanted = m_framesToShow.load();
    while (wanted > 0 && !m_framesToShow.compare_exchange_weak(wanted, wanted - 1)) {
    }
    if (wanted == 0) return;
    {
        std::lock_guard lock(m_frameMutex);
        ConvertLocked();
        m_havePicture = true;
    }
    // Only the first new frame since the UI last looked needs a wake-up; the rest would queue events.
    if (!m_newFrame.exchange(true) && m_wake) m_wake();
}

void VideoPlayer::OnEnd() {
    m_ended = true;
    if (m_wake) m_wake();
}

void VideoPlayer::OnError() {
    m_failed = true;
    if (m_wake) m_wake();
}

const char* ToString(VideoPlayer::State state) {
    switch (state) {
        case VideoPlayer::State::Empty: return "empty";
        case VideoPlayer::State::Loading: return "loading";
        case VideoPlayer::State::Ready: return "ready";
        case VideoPlayer::State::Playing: return "playing";
        case VideoPlayer::State::Paused: return "paused";
        case VideoPlayer::State::Ended: return "ended";
        case VideoPlayer::State::Failed: return "failed";
    }
    return "?";
}

}  // namespace kiosk::platform
