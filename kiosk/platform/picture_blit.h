// Puts the film's picture on the screen, the largest thing drawn while a film plays. When the picture is
// already at the size it is shown (VideoPlayer::ShowAt), it is copied 1:1 with glBlitFramebuffer, which
// Mesa's software rasteriser (llvmpipe) does as a memory copy; otherwise it is drawn with a shader that
// only samples its texture (no blending, no vertex colour, unlike ImGui's own). Needs the GL context.
#pragma once

#include <imgui.h>

#include <vector>

namespace kiosk::platform {

class PictureBlit {
public:
    // Compiles the shader. False (and the picture stays with ImGui's shader) if GL refuses it.
    bool Init();
    void Destroy();
    bool Ready() const { return m_program != 0; }

    // Makes ImGui's draw commands that draw `texture` call this class instead, followed by a reset of
    // ImGui's render state. Safe to call again on the same draw data (a frame drawn twice).
    // `width` and `height` are the texture's size in pixels. `may_copy`: nothing is drawn before the
    // picture in this pass. A copy is done on the spot, so Mesa first finishes everything drawn before it
    // (a whole screen, on a full frame: 14 ms measured); a quad simply joins the queue.
    void Redirect(ImDrawData* data, ImTextureID texture, int width, int height, bool may_copy);

    // The size in pixels the whole picture was last laid out at (0, 0 before any): what the film should be
    // scaled to so that it can be copied.
    int ShownWidth() const { return m_shownWidth; }
    int ShownHeight() const { return m_shownHeight; }
    // Pictures put on screen by a 1:1 copy, and by drawing a scaled quad.
    unsigned long long Copies() const { return m_copies; }
    unsigned long long Draws() const { return m_draws; }

    struct Quad {
        ImVec2 pos_min, pos_max, uv_min, uv_max;
        ImVec2 display_pos, display_size, framebuffer_scale;
        ImTextureID texture = nullptr;
        int width = 0, height = 0;
        bool may_copy = false;
        PictureBlit* owner = nullptr;
    };
    void Draw(const Quad& quad, const ImVec4& clip);

private:
    bool Copy(const Quad& quad, const ImVec4& clip);

    unsigned m_program = 0;
    int m_rect = -1, m_uv = -1, m_sampler = -1;
    unsigned m_framebuffer = 0;      // reads the picture's texture for the copy
    ImTextureID m_attached = nullptr;  // the texture attached to it
    bool m_copyWorks = true;         // false once the framebuffer was found incomplete
    int m_shownWidth = 0, m_shownHeight = 0;
    unsigned long long m_copies = 0, m_draws = 0;
    std::vector<Quad> m_quads;  // referenced by the redirected commands until the next frame's Redirect
};

}  // namespace kiosk::platform
