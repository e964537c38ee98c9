// PictureBlit (picture_blit.h): the film's picture copied 1:1 or drawn as a texture-only quad, from an
// ImGui draw callback.
#define GL_GLEXT_PROTOTYPES 1
#include "platform/picture_blit.h"

#include <GL/gl.h>
#include <GL/glext.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>

namespace kiosk::platform {
namespace {

// The quad comes from gl_VertexID: no vertex buffer of our own, and none of ImGui's is touched.
const char* kVertex = R"glsl(#version 130
uniform vec4 u_rect;  // x0, y0, x1, y1 in clip space
uniform vec4 u_uv;    // u0, v0, u1, v1
out vec2 v_uv;
void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
    gl_Position = vec4(mix(u_rect.xy, u_rect.zw, corner), 0.0, 1.0);
    v_uv = mix(u_uv.xy, u_uv.zw, corner);
}
)glsl";

const char* kFragment = R"glsl(#version 130
uniform sampler2D u_texture;
in vec2 v_uv;
out vec4 out_color;
void main() { out_color = texture(u_texture, v_uv); }
)glsl";

GLuint Compile(GLenum kind, const char* source) {
    GLuint shader = glCreateShader(kind);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

void DrawCallback(const ImDrawList*, const ImDrawCmd* cmd) {
    const auto* quad = static_cast<const PictureBlit::Quad*>(cmd->UserCallbackData);
    quad->owner->Draw(*quad, cmd->ClipRect);
}

}  // namespace

bool PictureBlit::Init() {
    GLuint vertex = Compile(GL_VERTEX_SHADER, kVertex);
    GLuint fragment = Compile(GL_FRAGMENT_SHADER, kFragment);
    if (vertex && fragment) {
        GLuint program = glCreateProgram();
        glAttachShader(program, vertex);
        glAttachShader(program, fragment);
        glLinkProgram(program);
        GLint ok = GL_FALSE;
        glGetProgramiv(program, GL_LINK_STATUS, &ok);
        if (ok == GL_TRUE) {
            m_program = program;
            m_rect = glGetUniformLocation(program, "u_rect");
            m_uv = glGetUniformLocation(program, "u_uv");
            m_sampler = glGetUniformLocation(program, "u_texture");
        } else {
            glDeleteProgram(program);
        }
    }
    if (vertex) glDeleteShader(vertex);
    if (fragment) glDeleteShader(fragment);
    return m_program != 0;
}

void PictureBlit::Destroy() {
    if (m_program) glDeleteProgram(m_program);
    m_program = 0;
    if (m_framebuffer) glDeleteFramebuffers(1, &m_framebuffer);
    m_framebuffer = 0;
    m_attached = nullptr;
}

void PictureBlit::Redirect(ImDrawData* data, ImTextureID texture, int width, int height, bool may_copy) {
    if (!m_program || !texture) return;
    bool fresh = true;  // no command redirected yet: a new frame, whose quads replace the last frame's
    for (int n = 0; n < data->CmdListsCount && fresh; ++n)
        for (const ImDrawCmd& cmd : data->CmdLists[n]->CmdBuffer)
            if (cmd.UserCallback == DrawCallback) fresh = false;
    if (!fresh) {
        // The same frame drawn again around a new picture, which may have come at a new size.
        for (Quad& quad : m_quads) quad.width = width, quad.height = height, quad.may_copy = may_copy;
        return;
    }
    m_quads.clear();
    m_quads.reserve(8);  // pointers into it are kept by the commands: it must not reallocate
    for (int n = 0; n < data->CmdListsCount; ++n) {
        ImDrawList* list = data->CmdLists[n];
        for (int c = 0; c < list->CmdBuffer.Size && m_quads.size() < 8; ++c) {
            ImDrawCmd& cmd = list->CmdBuffer[c];
            if (cmd.UserCallback || cmd.TextureId != texture || cmd.ElemCount == 0) continue;
            // AddImage's corners: the smallest x+y carries uv0, the largest uv1.
            Quad quad;
            float low = FLT_MAX, high = -FLT_MAX;
            for (unsigned i = 0; i < cmd.ElemCount; ++i) {
                const ImDrawVert& v = list->VtxBuffer[static_cast<int>(cmd.VtxOffset + list->IdxBuffer[static_cast<int>(cmd.IdxOffset + i)])];
                if (v.pos.x + v.pos.y < low) low = v.pos.x + v.pos.y, quad.pos_min = v.pos, quad.uv_min = v.uv;
                if (v.pos.x + v.pos.y > high) high = v.pos.x + v.pos.y, quad.pos_max = v.pos, quad.uv_max = v.uv;
            }
            quad.display_pos = data->DisplayPos;
            quad.display_size = data->DisplaySize;
            quad.framebuffer_scale = data->FramebufferScale;
            quad.texture = texture;
            quad.width = width;
            quad.height = height;
            quad.may_copy = may_copy;
            quad.owner = this;
            m_quads.push_back(quad);
            if (quad.uv_min.x == 0.0f && quad.uv_min.y == 0.0f && quad.uv_max.x == 1.0f && quad.uv_max.y == 1.0f) {
                // Whole pixels the way Copy rounds the corners, so a picture scaled to this size is copied.
                const ImVec2 at = quad.display_pos, scale = quad.framebuffer_scale;
                m_shownWidth = static_cast<int>(std::lround((quad.pos_max.x - at.x) * scale.x) -
                                                std::lround((quad.pos_min.x - at.x) * scale.x));
                m_shownHeight = static_cast<int>(std::lround((quad.pos_max.y - at.y) * scale.y) -
                                                 std::lround((quad.pos_min.y - at.y) * scale.y));
            }
            // The command keeps its texture and clip rectangle (region drawing narrows them) but now calls
            // us; ImGui's state comes back through its reset callback right after.
            cmd.UserCallback = DrawCallback;
            cmd.UserCallbackData = &m_quads.back();
            ImDrawCmd reset;
            reset.UserCallback = ImDrawCallback_ResetRenderState;
            reset.ClipRect = cmd.ClipRect;
            list->CmdBuffer.insert(list->CmdBuffer.Data + c + 1, reset);
            ++c;
        }
    }
}

bool PictureBlit::Copy(const Quad& quad, const ImVec4& clip) {
    const ImVec2 scale = quad.framebuffer_scale;
    const auto px = [&](float x) { return static_cast<int>(std::lround((x - quad.display_pos.x) * scale.x)); };
    const auto py = [&](float y) { return static_cast<int>(std::lround((y - quad.display_pos.y) * scale.y)); };
    const int x0 = px(quad.pos_min.x), y0 = py(quad.pos_min.y);
    const bool whole = quad.uv_min.x == 0.0f && quad.uv_min.y == 0.0f && quad.uv_max.x == 1.0f && quad.uv_max.y == 1.0f;
    const bool same_size = px(quad.pos_max.x) - x0 == quad.width && py(quad.pos_max.y) - y0 == quad.height;
    if (!quad.may_copy || !m_copyWorks || !whole || !same_size) return false;
    // Only what the clip rectangle lets through (region drawing narrows it); 1:1, so source and
    // destination are cropped alike.
    const int cx0 = std::max(x0, px(clip.x)), cy0 = std::max(y0, py(clip.y));
    const int cx1 = std::min(x0 + quad.width, px(clip.z)), cy1 = std::min(y0 + quad.height, py(clip.w));
    if (cx1 <= cx0 || cy1 <= cy0) return true;
    if (!m_framebuffer) glGenFramebuffers(1, &m_framebuffer);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_framebuffer);
    if (m_attached != quad.texture) {
        glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D,
                               static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(quad.texture)), 0);
        m_attached = quad.texture;
        if (glCheckFramebufferStatus(GL_READ_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
            m_copyWorks = false;  // drawn as a quad from now on
            glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
            return false;
        }
    }
    // The texture's first row is the picture's top; the window's GL rows count from the bottom. Giving the
    // flip to GL here means Mesa, whose window buffers are stored top row first, sees none and copies rows
    // as they are. A scissor would also stop it copying, and the blit obeys it: it is off.
    const int fb_height = static_cast<int>(std::lround(quad.display_size.y * scale.y));
    glDisable(GL_SCISSOR_TEST);
    glBlitFramebuffer(cx0 - x0, cy0 - y0, cx1 - x0, cy1 - y0, cx0, fb_height - cy0, cx1, fb_height - cy1,
                      GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    ++m_copies;
    return true;
}

void PictureBlit::Draw(const Quad& quad, const ImVec4& clip) {
    if (clip.z <= clip.x || clip.w <= clip.y) return;
    if (Copy(quad, clip)) return;
    ++m_draws;
    const ImVec2 scale = quad.framebuffer_scale;
    const float fb_height = quad.display_size.y * scale.y;
    glEnable(GL_SCISSOR_TEST);
    glScissor(static_cast<GLint>((clip.x - quad.display_pos.x) * scale.x),
              static_cast<GLint>(fb_height - (clip.w - quad.display_pos.y) * scale.y),
              static_cast<GLsizei>((clip.z - clip.x) * scale.x), static_cast<GLsizei>((clip.w - clip.y) * scale.y));
    glDisable(GL_BLEND);
    glUseProgram(m_program);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(quad.texture)));
    auto x = [&](float px) { return (px - quad.display_pos.x) / quad.display_size.x * 2.0f - 1.0f; };
    auto y = [&](float py) { return 1.0f - (py - quad.display_pos.y) / quad.display_size.y * 2.0f; };
    glUniform4f(m_rect, x(quad.pos_min.x), y(quad.pos_min.y), x(quad.pos_max.x), y(quad.pos_max.y));
    glUniform4f(m_uv, quad.uv_min.x, quad.uv_min.y, quad.uv_max.x, quad.uv_max.y);
    glUniform1i(m_sampler, 0);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

}  // namespace kiosk::platform
