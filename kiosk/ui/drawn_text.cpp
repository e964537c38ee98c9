// Reads the characters back out of a frame's draw data (see drawn_text.h). ImFont::RenderText writes
// one quad (two triangles) per visible glyph whose texture coordinates are exactly that glyph's
// rectangle in the atlas, or a part of it when the quad was clipped on the CPU; shapes use the atlas's
// single white pixel (a zero-area UV box) or its baked lines (a zero-height one), so they never match.
#include "drawn_text.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <unordered_map>

namespace kiosk::ui {
namespace {

struct GlyphRef {
    const ImFont* font = nullptr;
    const ImFontGlyph* glyph = nullptr;
};

// A glyph as placed on screen: where its pen position and line top were, and at what scale.
struct Placed {
    GlyphRef ref;
    float origin_x = 0, top = 0, scale = 1;
    ImVec2 min, max;  // the part of the quad that shows
};

std::uint64_t Bits(float a, float b) {
    std::uint32_t x, y;
    std::memcpy(&x, &a, sizeof x);
    std::memcpy(&y, &b, sizeof y);
    return (static_cast<std::uint64_t>(x) << 32) | y;
}

void AppendUtf8(std::string& out, unsigned int c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Every visible glyph of every font in the atlas, by the top-left corner of its UV rectangle (an exact
// match for unclipped quads), plus the list itself for clipped quads, found by containment.
class GlyphIndex {
public:
    explicit GlyphIndex(const ImFontAtlas& atlas) {
        for (const ImFont* font : atlas.Fonts) {
            for (const ImFontGlyph& glyph : font->Glyphs) {
                if (!glyph.Visible || glyph.U1 <= glyph.U0 || glyph.V1 <= glyph.V0) continue;
                m_all.push_back({font, &glyph});
                m_byCorner.emplace(Bits(glyph.U0, glyph.V0), GlyphRef{font, &glyph});
            }
        }
    }

    // The glyph whose atlas rectangle is (or, for a clipped quad, contains) [u0,u1] x [v0,v1].
    const GlyphRef* Find(float u0, float v0, float u1, float v1) const {
        auto exact = m_byCorner.find(Bits(u0, v0));
        if (exact != m_byCorner.end() && exact->second.glyph->U1 == u1 && exact->second.glyph->V1 == v1) {
            return &exact->second;
        }
        const float cu = (u0 + u1) * 0.5f, cv = (v0 + v1) * 0.5f;
        for (const GlyphRef& ref : m_all) {
            const ImFontGlyph& g = *ref.glyph;
            if (u0 >= g.U0 && u1 <= g.U1 && v0 >= g.V0 && v1 <= g.V1 && cu > g.U0 && cu < g.U1 && cv > g.V0 && cv < g.V1)
                return &ref;
        }
        return nullptr;
    }

private:
    std::vector<GlyphRef> m_all;
    std::unordered_map<std::uint64_t, GlyphRef> m_byCorner;
};

}  // namespace

std::vector<std::string> DrawnText(const ImDrawData& data, const ImFontAtlas& atlas) {
    std::vector<std::string> texts;
    for (DrawnRun& run : DrawnRuns(data, atlas)) texts.push_back(std::move(run.text));
    return texts;
}

std::vector<DrawnRun> DrawnRuns(const ImDrawData& data, const ImFontAtlas& atlas) {
    const GlyphIndex index(atlas);
    const ImVec2 display_min = data.DisplayPos;
    const ImVec2 display_max(data.DisplayPos.x + data.DisplaySize.x, data.DisplayPos.y + data.DisplaySize.y);

    std::vector<Placed> placed;
    for (int list = 0; list < data.CmdListsCount; ++list) {
        const ImDrawList& draw_list = *data.CmdLists[list];
        for (const ImDrawCmd& cmd : draw_list.CmdBuffer) {
            if (cmd.UserCallback || cmd.GetTexID() != atlas.TexID) continue;
            // What the scissor lets through: the command's clip rectangle within the display.
            const float clip_x0 = std::max(cmd.ClipRect.x, display_min.x), clip_y0 = std::max(cmd.ClipRect.y, display_min.y);
            const float clip_x1 = std::min(cmd.ClipRect.z, display_max.x), clip_y1 = std::min(cmd.ClipRect.w, display_max.y);
            for (unsigned int i = 0; i + 2 < cmd.ElemCount; i += 3) {
                float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
                float u0 = 1e30f, v0 = 1e30f, u1 = -1e30f, v1 = -1e30f;
                for (unsigned int k = 0; k < 3; ++k) {
                    const ImDrawVert& v = draw_list.VtxBuffer[cmd.VtxOffset + draw_list.IdxBuffer[cmd.IdxOffset + i + k]];
                    x0 = std::min(x0, v.pos.x), y0 = std::min(y0, v.pos.y), x1 = std::max(x1, v.pos.x), y1 = std::max(y1, v.pos.y);
                    u0 = std::min(u0, v.uv.x), v0 = std::min(v0, v.uv.y), u1 = std::max(u1, v.uv.x), v1 = std::max(v1, v.uv.y);
                }
                if (u1 <= u0 || v1 <= v0 || x1 <= x0 || y1 <= y0) continue;  // a shape: white pixel or a baked line
                if (x1 <= clip_x0 || x0 >= clip_x1 || y1 <= clip_y0 || y0 >= clip_y1) continue;  // scissored away
                const GlyphRef* ref = index.Find(u0, v0, u1, v1);
                if (!ref) continue;
                const ImFontGlyph& g = *ref->glyph;
                // Where the whole glyph would be: a clipped quad covers only part of its UV rectangle.
                const float gx0 = x0 + (g.U0 - u0) * (x1 - x0) / (u1 - u0);
                const float gx1 = x1 + (g.U1 - u1) * (x1 - x0) / (u1 - u0);
                const float gy0 = y0 + (g.V0 - v0) * (y1 - y0) / (v1 - v0);
                const float scale = (gx1 - gx0) / std::max(1e-6f, g.X1 - g.X0);
                Placed p{*ref, gx0 - g.X0 * scale, gy0 - g.Y0 * scale, scale,
                         ImVec2(std::max(x0, clip_x0), std::max(y0, clip_y0)), ImVec2(std::min(x1, clip_x1), std::min(y1, clip_y1))};
                // The quad's second triangle gives the same glyph at the same place.
                if (!placed.empty()) {
                    const Placed& last = placed.back();
                    if (last.ref.glyph == p.ref.glyph && std::fabs(last.origin_x - p.origin_x) < 0.01f &&
                        std::fabs(last.top - p.top) < 0.01f)
                        continue;
                }
                placed.push_back(p);
            }
        }
    }

    std::vector<DrawnRun> runs;
    const Placed* previous = nullptr;
    for (const Placed& p : placed) {
        const float size = p.ref.font->FontSize * p.scale;
        bool same_run = false;
        float gap = 0;
        if (previous && previous->ref.font == p.ref.font && std::fabs(previous->top - p.top) < size * 0.25f) {
            gap = p.origin_x - (previous->origin_x + previous->ref.glyph->AdvanceX * previous->scale);
            same_run = gap > -1.0f && gap < size * 3.0f;
        }
        if (!same_run) {
            runs.push_back(DrawnRun{{}, p.min, p.max});
        } else {
            const ImFontGlyph* space = p.ref.font->FindGlyphNoFallback(' ');
            const float space_width = (space ? space->AdvanceX : p.ref.font->FontSize * 0.25f) * p.scale;
            if (gap > space_width / 3.0f) runs.back().text += ' ';
        }
        DrawnRun& run = runs.back();
        run.min = ImVec2(std::min(run.min.x, p.min.x), std::min(run.min.y, p.min.y));
        run.max = ImVec2(std::max(run.max.x, p.max.x), std::max(run.max.y, p.max.y));
        AppendUtf8(run.text, p.ref.glyph->Codepoint);
        previous = &p;
    }
    return runs;
}

}  // namespace kiosk::ui
