// libvlc, loaded when the first film is about to play rather than when the kiosk starts: the attract
// screen needs none of it, and a kiosk that never shows a film never maps VLC at all. The kiosk is not
// linked against libvlc; it calls it through this table of the few functions it uses.
#pragma once

#include <vlc/vlc.h>

#include <string>

namespace kiosk::platform {

struct VlcLibrary {
#define KIOSK_VLC_FUNCTIONS(X)                                                                                  \
    X(libvlc_new) X(libvlc_release) X(libvlc_errmsg) X(libvlc_media_new_callbacks) X(libvlc_media_release)     \
    X(libvlc_media_player_new_from_media) X(libvlc_media_player_release) X(libvlc_media_player_event_manager) \
    X(libvlc_event_attach) X(libvlc_video_set_callbacks) X(libvlc_video_set_format_callbacks)                  \
    X(libvlc_audio_set_volume) X(libvlc_media_player_play) X(libvlc_media_player_stop)                         \
    X(libvlc_media_player_set_pause) X(libvlc_media_player_get_time) X(libvlc_media_player_set_time)           \
    X(libvlc_media_player_get_length) X(libvlc_media_tracks_get) X(libvlc_media_tracks_release)
#define KIOSK_VLC_MEMBER(name) decltype(&::name) name = nullptr;
    KIOSK_VLC_FUNCTIONS(KIOSK_VLC_MEMBER)
#undef KIOSK_VLC_MEMBER
};

// The loaded library, or nullptr with `error` saying what is missing. Loads once; later calls return
// the same table (or fail the same way).
const VlcLibrary* LoadVlc(std::string& error);

}  // namespace kiosk::platform
