// SDL2 window, OpenGL 3.0 context (GLSL #version 130, what Mesa llvmpipe and small kiosk GPUs all
// offer) and the ImGui context with imgui_impl_sdl + imgui_impl_opengl3 from Debian's libimgui.a.
#include "platform/window.h"

#include <SDL.h>
#include <GL/gl.h>
#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>

#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <vector>

namespace kiosk::platform {

std::optional<std::pair<int, int>> ParseWindowSize(const std::string& text) {
    std::size_t x = text.find_first_of("xX");
    if (x == std::string::npos) return std::nullopt;
    int w = 0, h = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [wp, we] = std::from_chars(begin, begin + x, w);
    auto [hp, he] = std::from_chars(begin + x + 1, end, h);
    if (we != std::errc{} || he != std::errc{} || wp != begin + x || hp != end) return std::nullopt;
    if (w < 200 || h < 200 || w > 16384 || h > 16384) return std::nullopt;
    return std::make_pair(w, h);
}

Window::~Window() { Close(); }

std::optional<std::string> Window::Open(const WindowOptions& options) {
    // A kiosk stays full screen when something else takes focus, and never lets the screensaver in.
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    // Touches arrive as SDL finger events and Input handles them itself; SDL's synthetic mouse events
    // for the same touch would make every tap count twice.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    // Only video (and with it events): joystick or sensor subsystems would make SDL_WaitEventTimeout
    // poll instead of sleeping, and the idle kiosk would burn CPU.
    if (SDL_Init(SDL_INIT_VIDEO) != 0) return std::string("cannot start SDL video: ") + SDL_GetError();
    m_sdlStarted = true;
    const char* driver = SDL_GetCurrentVideoDriver();
    m_offscreen = driver && std::strcmp(driver, "offscreen") == 0;

    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    int w = options.width, h = options.height;
    int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
    if (options.fullscreen) {
        // A borderless window over the whole display now, and full screen proper (so a window manager
        // keeps it on top) once the first frame is up: SDL waits up to 100 ms for a window manager to
        // answer that request, which on a bare X server never comes. See FinishOpening.
        flags |= SDL_WINDOW_BORDERLESS;
        SDL_Rect bounds;
        if (SDL_GetDisplayBounds(0, &bounds) == 0) {
            x = bounds.x;
            y = bounds.y;
            w = bounds.w;
            h = bounds.h;
        }
        m_fullscreenPending = true;
    }
    m_window = SDL_CreateWindow(options.title.c_str(), x, y, w, h, flags);
    if (!m_window) {
        std::string error = std::string("cannot create the window: ") + SDL_GetError();
        Close();
        return error;
    }
    m_glContext = SDL_GL_CreateContext(m_window);
    if (!m_glContext) {
        std::string error = std::string("cannot create an OpenGL 3.0 context: ") + SDL_GetError();
        Close();
        return error;
    }
    SDL_GL_MakeCurrent(m_window, m_glContext);
    // Vsync caps a busy stretch (an animation) at the display rate; headless there is none.
    m_vsync = SDL_GL_SetSwapInterval(1) == 0;
    m_present.Init(m_window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    m_imguiStarted = true;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini: a kiosk keeps no layout state between learners
    io.LogFilename = nullptr;
    // Cursor visibility is Input's decision (hidden while touching); the backend must not change it.
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;

    m_sdlBackend = ImGui_ImplSDL2_InitForOpenGL(m_window, m_glContext);
    m_glBackend = m_sdlBackend && ImGui_ImplOpenGL3_Init("#version 130");
    // The backend's shaders now, while the atlas is empty: it also makes a font texture, in RGBA, of
    // whatever the atlas holds, and ours is made by UploadFonts instead (ImGui's small default font is
    // all that is converted and thrown away here).
    if (!m_glBackend || !ImGui_ImplOpenGL3_CreateDeviceObjects()) {
        Close();
        return "cannot start the ImGui SDL2/OpenGL3 backends";
    }
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    io.Fonts->Clear();
    m_fontSwizzle = SDL_GL_ExtensionSupported("GL_ARB_texture_swizzle") == SDL_TRUE;
    return std::nullopt;
}

void Window::FinishOpening() {
    if (!m_fullscreenPending) return;
    m_fullscreenPending = false;
    SDL_SetWindowFullscreen(m_window, SDL_WINDOW_FULLSCREEN_DESKTOP);
}

void Window::Close() {
    if (m_glContext) m_blit.Destroy();
    if (m_glContext && m_fontTexture) glDeleteTextures(1, &m_fontTexture);
    m_fontTexture = 0;
    if (m_glBackend) ImGui_ImplOpenGL3_Shutdown();
    if (m_sdlBackend) ImGui_ImplSDL2_Shutdown();
    if (m_imguiStarted) ImGui::DestroyContext();
    if (m_glContext) SDL_GL_DeleteContext(m_glContext);
    if (m_window) SDL_DestroyWindow(m_window);
    if (m_sdlStarted) SDL_Quit();
    m_glBackend = m_sdlBackend = m_imguiStarted = m_sdlStarted = false;
    m_glContext = nullptr;
    m_window = nullptr;
}

bool Window::UploadFonts() {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    if (!m_fontTexture) glGenTextures(1, &m_fontTexture);
    glBindTexture(GL_TEXTURE_2D, m_fontTexture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    while (glGetError() != GL_NO_ERROR) {
    }  // errors left by earlier calls are not this upload's
    if (m_fontSwizzle) {
        // One byte a pixel, the glyphs' coverage, which the texture's swizzle hands ImGui's shader as
        // white with that alpha: the same pixels as the RGBA32 texture ImGui's backend would make, in a
        // quarter of the memory (9.4 MiB down to 2.3 MiB for the sample pack), and no RGBA copy on the CPU.
        atlas->GetTexDataAsAlpha8(&pixels, &width, &height);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
        const GLint swizzle[] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
        glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
        m_fontBytes = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    } else {
        atlas->GetTexDataAsRGBA32(&pixels, &width, &height);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
        m_fontBytes = static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4;
    }
    const bool ok = pixels && glGetError() == GL_NO_ERROR;
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    atlas->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(m_fontTexture)));
    atlas->ClearTexData();
    return ok;
}

bool Window::ReuploadFonts() { return UploadFonts(); }

void Window::ProcessEvent(const SDL_Event& event) {
    switch (event.type) {
        case SDL_MOUSEMOTION:
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
        case SDL_FINGERMOTION:
            return;  // Input owns the pointer; the backend's copy would be overwritten anyway
        default:
            ImGui_ImplSDL2_ProcessEvent(&event);
    }
}

void Window::BeginBackendFrame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
}

std::uint64_t Window::EndImGuiFrame() {
    ImGui::Render();
    const ImDrawData* data = ImGui::GetDrawData();
    // FNV-1a over the vertices, indices and commands (clip rectangles, textures, counts): equal hashes
    // mean equal pixels, given equal texture contents.
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const void* bytes, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(bytes);
        for (std::size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
    };
    mix(&data->DisplaySize, sizeof data->DisplaySize);
    for (int n = 0; n < data->CmdListsCount; ++n) {
        const ImDrawList* list = data->CmdLists[n];
        mix(list->VtxBuffer.Data, static_cast<std::size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
        mix(list->IdxBuffer.Data, static_cast<std::size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            mix(&cmd.ClipRect, sizeof cmd.ClipRect);
            mix(&cmd.TextureId, sizeof cmd.TextureId);
            mix(&cmd.ElemCount, sizeof cmd.ElemCount);
            mix(&cmd.IdxOffset, sizeof cmd.IdxOffset);
            mix(&cmd.VtxOffset, sizeof cmd.VtxOffset);
        }
    }
    return h;
}

namespace {

// The film's picture covers what is under it completely: blending it would only cost a read of every
// pixel it covers (on a software rasteriser, a large part of a frame's time).
void DisableBlend(const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }

void DrawOpaqueWithoutBlending(ImDrawData* data, ImTextureID opaque) {
    for (int n = 0; n < data->CmdListsCount; ++n) {
        ImVector<ImDrawCmd>& cmds = data->CmdLists[n]->CmdBuffer;
        for (int c = 0; c < cmds.Size; ++c) {
            if (cmds[c].TextureId != opaque || cmds[c].UserCallback) continue;
            if (c > 0 && cmds[c - 1].UserCallback == DisableBlend) continue;  // the same frame, drawn again
            ImDrawCmd off;
            off.UserCallback = DisableBlend;
            ImDrawCmd reset;
            reset.UserCallback = ImDrawCallback_ResetRenderState;  // the backend turns blending back on
            cmds.insert(cmds.Data + c + 1, reset);
            cmds.insert(cmds.Data + c, off);
            c += 2;
        }
    }
}

}  // namespace

void Window::RenderDrawData(const std::optional<Region>& region, OpaquePicture picture, bool covers) {
    ImDrawData* data = ImGui::GetDrawData();
    const ImTextureID opaque = picture.id;
    if (opaque && !m_blitTried) {
        // Compiled for the first film, not at start: the attract screen does not need it.
        m_blitTried = true;
        m_blit.Init();  // without it the film's picture is drawn by ImGui's shader, only slower
    }
    if (opaque) {
        // Only a region the picture covers has nothing drawn before it (see below: the rest is skipped).
        if (m_blit.Ready()) m_blit.Redirect(data, opaque, picture.width, picture.height, region && covers);
        else DrawOpaqueWithoutBlending(data, opaque);
    }
    ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    if (!region) {
        glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(data);
    } else {
        // Every command clipped to the region: the same pixels as a full frame inside it, none outside.
        // The backend skips commands whose clip rectangle is empty.
        std::vector<ImVec4> saved;
        // Commands before the last one that draws `opaque` are painted over by it: skip them.
        int last_list = -1, last_cmd = -1;
        if (opaque && covers) {
            for (int n = 0; n < data->CmdListsCount; ++n)
                for (int c = 0; c < data->CmdLists[n]->CmdBuffer.Size; ++c)
                    if (data->CmdLists[n]->CmdBuffer[c].TextureId == opaque) last_list = n, last_cmd = c;
        }
        for (int n = 0; n < data->CmdListsCount; ++n) {
            const ImDrawList* list = data->CmdLists[n];
            for (int c = 0; c < data->CmdLists[n]->CmdBuffer.Size; ++c) {
                ImDrawCmd& cmd = data->CmdLists[n]->CmdBuffer[c];
                saved.push_back(cmd.ClipRect);
                bool hidden = n < last_list || (n == last_list && c < last_cmd);
                if (!hidden && !cmd.UserCallback) {
                    // A command whose clip rectangle meets the region may still draw nothing in it (the
                    // buttons under the film share the picture's clip rectangle). Mesa would run all of its
                    // vertices through its vertex shader and throw its triangles away one by one; looking
                    // at where its vertices lie is cheaper.
                    float x1 = FLT_MAX, y1 = FLT_MAX, x2 = -FLT_MAX, y2 = -FLT_MAX;
                    for (unsigned i = 0; i < cmd.ElemCount; ++i) {
                        const ImDrawIdx index = list->IdxBuffer.Data[cmd.IdxOffset + i];
                        const ImVec2 p = list->VtxBuffer.Data[cmd.VtxOffset + index].pos;
                        x1 = std::min(x1, p.x), y1 = std::min(y1, p.y), x2 = std::max(x2, p.x), y2 = std::max(y2, p.y);
                    }
                    hidden = x2 <= region->x1 || x1 >= region->x2 || y2 <= region->y1 || y1 >= region->y2;
                }
                cmd.ClipRect = hidden ? ImVec4(0, 0, 0, 0)
                                      : ImVec4(std::max(cmd.ClipRect.x, region->x1), std::max(cmd.ClipRect.y, region->y1),
                                               std::min(cmd.ClipRect.z, region->x2), std::min(cmd.ClipRect.w, region->y2));
            }
        }
        ImGui_ImplOpenGL3_RenderDrawData(data);
        std::size_t i = 0;
        for (int n = 0; n < data->CmdListsCount; ++n)
            for (ImDrawCmd& cmd : data->CmdLists[n]->CmdBuffer) cmd.ClipRect = saved[i++];
    }
    if (m_keepsBackBuffer < 0 && !region) {
        // Mark the probe: the bottom-left pixel, its lowest blue bit flipped (invisible to anyone).
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, m_probePixel);
        m_probePixel[2] ^= 1;
        glEnable(GL_SCISSOR_TEST);
        glScissor(0, 0, 1, 1);
        glClearColor(m_probePixel[0] / 255.0f, m_probePixel[1] / 255.0f, m_probePixel[2] / 255.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        glDisable(GL_SCISSOR_TEST);
        glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, m_probePixel);
        m_probing = true;
    }
}

void Window::Swap(const std::vector<Region>& changed) {
    if (!changed.empty() && m_keepsBackBuffer == 1 && !m_probing) {
        ImGuiIO& io = ImGui::GetIO();
        if (m_present.Present(changed, io.DisplayFramebufferScale.x, io.DisplayFramebufferScale.y, DrawableWidth(),
                              DrawableHeight())) {
            ++m_partialPresents;
            return;
        }
    }
    SDL_GL_SwapWindow(m_window);
    // Mesa's offscreen (EGL pbuffer) path queues frames without limit when nothing throttles the loop.
    if (m_offscreen) glFinish();
    if (m_probing) {
        // A copying swap leaves the marked pixel in the back buffer; an exchanging one shows another
        // buffer, which never had the mark.
        unsigned char after[4] = {};
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, after);
        m_keepsBackBuffer = std::memcmp(after, m_probePixel, 3) == 0 ? 1 : 0;
        m_probing = false;
    }
}

int Window::Width() const {
    int w = 0;
    SDL_GetWindowSize(m_window, &w, nullptr);
    return w;
}

int Window::Height() const {
    int h = 0;
    SDL_GetWindowSize(m_window, nullptr, &h);
    return h;
}

int Window::DrawableWidth() const {
    int w = 0;
    SDL_GL_GetDrawableSize(m_window, &w, nullptr);
    return w;
}

int Window::DrawableHeight() const {
    int h = 0;
    SDL_GL_GetDrawableSize(m_window, nullptr, &h);
    return h;
}

std::string Window::VideoDriver() const {
    const char* driver = SDL_GetCurrentVideoDriver();
    return driver ? driver : "";
}

std::string Window::GlRenderer() const {
    const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    return std::string(renderer ? renderer : "?") + ", GL " + (version ? version : "?");
}

int Window::MaxTextureSize() const {
    GLint size = 0;
    glGetIntegerv(GL_MAX_TEXTURE_SIZE, &size);
    return size;
}

}  // namespace kiosk::platform
