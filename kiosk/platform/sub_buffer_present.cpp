// SubBufferPresent (sub_buffer_present.h): glXCopySubBufferMESA through SDL, found at run time, so the
// kiosk links no GLX symbol of its own and runs the same where the extension is missing.
#include "platform/sub_buffer_present.h"

#include <SDL.h>
#include <SDL_syswm.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "platform/window.h"

namespace kiosk::platform {

bool SubBufferPresent::Init(SDL_Window* window) {
    m_copy = nullptr;
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(window, &info) || info.subsystem != SDL_SYSWM_X11) return false;
    // Only a GLX context has a GLX drawable to copy into (SDL may use EGL on X11).
    using CurrentContext = void* (*)();
    auto current = reinterpret_cast<CurrentContext>(SDL_GL_GetProcAddress("glXGetCurrentContext"));
    if (!current || !current()) return false;
    // glXGetProcAddress answers for any name, so the extension string decides.
    using QueryExtensions = const char* (*)(void* display, int screen);
    auto query = reinterpret_cast<QueryExtensions>(SDL_GL_GetProcAddress("glXQueryExtensionsString"));
    if (!query) return false;
    const char* extensions = query(info.info.x11.display, DefaultScreen(info.info.x11.display));
    if (!extensions) return false;
    // A whole word: a longer extension name must not match a prefix.
    const char* name = "GLX_MESA_copy_sub_buffer";
    const std::size_t length = std::strlen(name);
    for (const char* at = std::strstr(extensions, name); at; at = std::strstr(at + 1, name)) {
        const bool starts = at == extensions || at[-1] == ' ';
        const bool ends = at[length] == '\0' || at[length] == ' ';
        if (starts && ends) {
            m_copy = reinterpret_cast<CopySubBuffer>(SDL_GL_GetProcAddress("glXCopySubBufferMESA"));
            break;
        }
    }
    m_display = info.info.x11.display;
    m_drawable = info.info.x11.window;
    return m_copy != nullptr;
}

bool SubBufferPresent::Present(const std::vector<Region>& regions, float scale_x, float scale_y, int fb_width,
                               int fb_height) const {
    if (!m_copy || regions.empty()) return false;
    for (const Region& r : regions) {
        // Outward to whole pixels, inside the framebuffer; GL counts rows from the bottom.
        const int x1 = std::clamp(static_cast<int>(std::floor(r.x1 * scale_x)), 0, fb_width);
        const int x2 = std::clamp(static_cast<int>(std::ceil(r.x2 * scale_x)), 0, fb_width);
        const int y1 = std::clamp(static_cast<int>(std::floor(r.y1 * scale_y)), 0, fb_height);
        const int y2 = std::clamp(static_cast<int>(std::ceil(r.y2 * scale_y)), 0, fb_height);
        if (x2 <= x1 || y2 <= y1) continue;
        m_copy(m_display, m_drawable, x1, fb_height - y2, x2 - x1, y2 - y1);
    }
    return true;
}

}  // namespace kiosk::platform
