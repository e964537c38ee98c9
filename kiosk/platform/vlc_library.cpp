// VlcLibrary (vlc_library.h): dlopen of Debian's libvlc5 and the lookup of each function the kiosk uses.
#include "platform/vlc_library.h"

#include <dlfcn.h>

namespace kiosk::platform {

namespace {

struct Loaded {
    VlcLibrary library;
    std::string error;
    bool ok = false;
};

Loaded Load() {
    Loaded out;
    void* handle = dlopen("libvlc.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = dlerror();
        out.error = std::string("cannot load libvlc (") + (why ? why : "unknown reason") +
                    "); check that the package libvlc5 is installed";
        return out;
    }
#define KIOSK_VLC_LOOKUP(name)                                                                     \
    out.library.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name));                  \
    if (!out.library.name) {                                                                        \
        out.error = "libvlc.so.5 has no " #name "; is it libvlc 3 (Debian's libvlc5)?";             \
        return out;                                                                                 \
    }
    KIOSK_VLC_FUNCTIONS(KIOSK_VLC_LOOKUP)
#undef KIOSK_VLC_LOOKUP
    out.ok = true;  // the handle stays open for the life of the process: VLC's threads run its code
    return out;
}

}  // namespace

const VlcLibrary* LoadVlc(std::string& error) {
    static const Loaded loaded = Load();  // thread-safe, once; only the UI thread asks anyway
    if (!loaded.ok) {
        error = loaded.error;
        return nullptr;
    }
    return &loaded.library;
}

}  // namespace kiosk::platform
