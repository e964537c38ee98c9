// Shows only the parts of the back buffer that changed, where the GL stack can (GLX_MESA_copy_sub_buffer,
// which Mesa offers on X11). A film playing on a software-rendered kiosk changes only its picture, yet a
// swap copies the whole 1920x1080 back buffer to the X server 25 times a second; copying only the
// picture's rectangle leaves the same pixels on the screen for less of the X server's work (frame time
// p50 while a film plays 6.1 -> 4.9 ms; issue 21). Needs a current GLX context; used only while the back
// buffer is known to survive swaps. Unlike a swap it waits for no vertical blank (a film's own pace,
// 25-30 pictures a second, is what limits it).
#pragma once

#include <vector>

struct SDL_Window;

namespace kiosk::platform {

struct Region;

class SubBufferPresent {
public:
    // Finds the extension on `window`'s X11 display. False (and Present always refuses) elsewhere:
    // Wayland, the offscreen driver, a GLX without it.
    bool Init(SDL_Window* window);
    bool Available() const { return m_copy != nullptr; }
    // Copies `regions` (window coordinates) from the back buffer to the front; the back buffer keeps its
    // pixels. `scale` is framebuffer pixels per window point, `fb_height` the framebuffer's height.
    // False if it cannot (the caller swaps instead).
    bool Present(const std::vector<Region>& regions, float scale_x, float scale_y, int fb_width, int fb_height) const;

private:
    using CopySubBuffer = void (*)(void* display, unsigned long drawable, int x, int y, int width, int height);
    CopySubBuffer m_copy = nullptr;
    void* m_display = nullptr;
    unsigned long m_drawable = 0;
};

}  // namespace kiosk::platform
