// The kiosk's one window: SDL2 + an OpenGL 3.0 context + the ImGui context and its SDL/OpenGL3
// backends, created and torn down in the right order. Full-screen desktop by default; windowed for
// development. Knows the headless quirks (SDL "offscreen" needs glFinish after each swap).
#pragma once

#include <optional>
#include <string>
#include <utility>

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
    // sizes). Call once, after the fonts are built.
    bool UploadFonts();

    // Lets the ImGui SDL backend see keyboard, text and window events (pointer events go to Input).
    void ProcessEvent(const SDL_Event& event);

    // Starts an ImGui frame: backend new-frame calls only. The caller then overrides mouse state (see
    // Input::ApplyToImGui) and calls ImGui::NewFrame, because the SDL backend reads the real pointer.
    void BeginBackendFrame();
    // Renders ImGui's draw data into the back buffer (clearing it first). Does not swap.
    void Render();
    // Shows the back buffer; on the offscreen driver also glFinish so queued frames cannot pile up.
    void Swap();

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
};

}  // namespace kiosk::platform
