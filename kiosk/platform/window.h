// The kiosk's one window: SDL2 + an OpenGL 3.0 context + the ImGui context and its SDL/OpenGL3
// backends, created and torn down in the right order. Full-screen desktop by default; windowed for
// development. Knows the headless quirks (SDL "offscreen" needs glFinish after each swap).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "platform/picture_blit.h"
#include "platform/region.h"
#include "platform/sub_buffer_present.h"

struct SDL_Window;
typedef union SDL_Event SDL_Event;

namespace kiosk::platform {

struct WindowOptions {
    bool fullscreen = true;   // SDL_WINDOW_FULLSCREEN_DESKTOP: the display's own mode, no mode switch
    int width = 1280;         // windowed size
    int height = 720;
    std::string title = "Modern slavery awareness";
};

// Parses "WxH" (e.g. "1280x720") for --windowed; nullopt if malformed or outside 200..16384.
std::optional<std::pair<int, int>> ParseWindowSize(const std::string& text);

// A texture that hides whatever is under it (the film's picture), with its size in pixels.
struct OpaquePicture {
    ImTextureID id = nullptr;
    int width = 0, height = 0;
};

class Window {
public:
    Window() = default;
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // Initialises SDL video, the window, GL 3.0 context (vsync where available) and ImGui with both
    // backends. Fonts must be added to ImGui's atlas after Open and before the first BeginFrame.
    // Returns a one-line error on failure (and leaves nothing half open).
    std::optional<std::string> Open(const WindowOptions& options);
    void Close();

    // Uploads the font atlas to the GPU now and frees ImGui's CPU copy of it (several MB at four text
    // sizes), one byte a pixel where GL can swizzle. Call once, after the fonts are built.
    bool UploadFonts();
    // The font texture's size on the GPU, as last uploaded.
    std::size_t FontTextureBytes() const { return m_fontBytes; }
    // Replaces the font texture after LoadFonts has built a new atlas in a running window (a new text
    // size's fonts baked whole, a new pack or a preview's rebuilt one with new characters). Call between
    // frames.
    bool ReuploadFonts();

    // Lets the ImGui SDL backend see keyboard, text and window events (pointer events go to Input).
    void ProcessEvent(const SDL_Event& event);

    // Starts an ImGui frame: backend new-frame calls only. The caller then overrides mouse state (see
    // Input::ApplyToImGui) and calls ImGui::NewFrame, because the SDL backend reads the real pointer.
    void BeginBackendFrame();
    // Finishes the ImGui frame (ImGui::Render) and returns a hash of everything it would draw, so the
    // caller can tell a frame that looks exactly like the last one. Then call RenderDrawData.
    std::uint64_t EndImGuiFrame();
    // Renders the finished frame into the back buffer (clearing it first), or, when `region` is given
    // (window coordinates), only the pixels inside it, leaving the rest as the last frame left it.
    // Does not swap.
    // `opaque` names a texture that hides whatever is under it (the film's picture), with its size in
    // pixels: it is copied or drawn without blending (PictureBlit), and when it covers the whole region
    // (`covers`), the commands before it are skipped too, so each pixel is drawn about once.
    void RenderDrawData(const std::optional<Region>& region, OpaquePicture opaque = {}, bool covers = true);
    // The film picture's size on screen in pixels when last laid out, and how it got there (PictureBlit).
    int PictureShownWidth() const { return m_blit.ShownWidth(); }
    int PictureShownHeight() const { return m_blit.ShownHeight(); }
    unsigned long long PicturesCopied() const { return m_blit.Copies(); }
    unsigned long long PicturesDrawn() const { return m_blit.Draws(); }
    // Whether the back buffer keeps its pixels across a swap (a copying swap, as Mesa's software
    // rasteriser on X11 does), so redrawing only a region is safe. Learnt once, on the first frames.
    bool KeepsBackBuffer() const { return m_keepsBackBuffer == 1; }
    // Shows the back buffer; on the offscreen driver also glFinish so queued frames cannot pile up.
    // With `changed` (window coordinates) and a back buffer that survives swaps, only those rectangles
    // are copied to the screen where the GL stack allows it (SubBufferPresent); otherwise a whole swap.
    void Swap(const std::vector<Region>& changed = {});
    // Swaps that copied only the changed rectangles, since the window opened (for --stats).
    std::uint64_t PartialPresents() const { return m_partialPresents; }
    // Call after the first frame is on screen: asks for full screen proper (see Open), which may wait
    // for a window manager's answer. Does nothing for a window opened windowed, or a second time.
    void FinishOpening();

    SDL_Window* Handle() const { return m_window; }
    int Width() const;            // window size in SDL coordinates (what touch positions scale by)
    int Height() const;
    int DrawableWidth() const;    // framebuffer size in pixels (what screenshots capture)
    int DrawableHeight() const;
    bool IsOffscreen() const { return m_offscreen; }
    bool HasVsync() const { return m_vsync; }
    std::string VideoDriver() const;
    std::string GlRenderer() const;
    int MaxTextureSize() const;

private:
    SDL_Window* m_window = nullptr;
    void* m_glContext = nullptr;
    bool m_sdlStarted = false;
    bool m_imguiStarted = false;
    bool m_sdlBackend = false;
    bool m_glBackend = false;
    bool m_offscreen = false;
    bool m_vsync = false;
    // Back buffer probe: -1 not yet known, 0 no, 1 yes. A one-bit change to one pixel is drawn before a
    // swap and looked for after it (see Swap).
    int m_keepsBackBuffer = -1;
    PictureBlit m_blit;
    SubBufferPresent m_present;
    std::uint64_t m_partialPresents = 0;
    bool m_blitTried = false;
    unsigned m_fontTexture = 0;   // ours, not the backend's (UploadFonts)
    bool m_fontSwizzle = false;   // GL_ARB_texture_swizzle: the atlas goes up as one byte a pixel
    std::size_t m_fontBytes = 0;
    bool m_fullscreenPending = false;  // borderless over the display; full screen after the first frame
    bool m_probing = false;
    unsigned char m_probePixel[4] = {};
};

}  // namespace kiosk::platform
