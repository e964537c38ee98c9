// Draws the film's picture with a shader that only samples its texture: no blending and no vertex colour,
// unlike ImGui's own shader. On Mesa's software rasteriser (llvmpipe) such a plain textured quad takes a
// fast path, and the picture is most of what is drawn while a film plays. Needs the GL context current.
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
    void Redirect(ImDrawData* data, ImTextureID texture);

    struct Quad {
        ImVec2 pos_min, pos_max, uv_min, uv_max;
        ImVec2 display_pos, display_size, framebuffer_scale;
        ImTextureID texture = nullptr;
        const PictureBlit* owner = nullptr;
    };
    void Draw(const Quad& quad, const ImVec4& clip) const;

private:
    unsigned m_program = 0;
    int m_rect = -1, m_uv = -1, m_sampler = -1;
    std::vector<Quad> m_quads;  // referenced by the redirected commands until the next frame's Redirect
};

}  // namespace kiosk::platform
