// The kiosk's fonts: DejaVu Sans (Noto Sans as fallback) from Debian's font packages, at every text
// size step, body and heading, in the order ui.h documents. Glyphs are those the pack and the UI
// actually use (ImGui's default ranges stop at Latin-1 and would drop Welsh ŵ and ŷ, €, curly quotes).
#pragma once

#include <string>
#include <variant>

#include "core/pack/pack_data.h"
#include "core/session/session.h"

namespace kiosk::platform {

struct FontReport {
    std::string body_file;
    std::string heading_file;
    int fonts = 0;            // fonts added to the atlas (2 per text-size step)
    int full_fonts = 0;       // of them, baked with every glyph (the others ASCII only; see LoadFonts)
    int glyphs = 0;           // distinct code points requested
    int missing = 0;          // requested code points the body font does not have (drawn as '?')
    int atlas_width = 0;
    int atlas_height = 0;
};

// One bit per font of the atlas (bit 2*s body, 2*s+1 heading, as Fonts[] is ordered).
inline constexpr unsigned kAllFonts = (1u << (2 * core::kTextSizes)) - 1;
// The fonts the screens draw with at text size step `text_size`: the body and heading at that step, the
// next heading up (display headings) and down (short screens), the smaller bodies (a keypad's
// placeholder steps down until it fits), and the smallest heading (the preview's overlay).
unsigned FontsFor(int text_size);

// Adds ui::kBodySizes x {body, heading} to ImGui's font atlas (Fonts[2*s] body, Fonts[2*s+1] heading)
// and builds it. The fonts in `full` get glyphs for every string of `pack` (all languages) plus
// `ui_text`; the others only ASCII and the tick, enough for the text size choices that show every size,
// so the atlas and its baking cost about half at the default size. Fails with a one-line message if no
// font file is found or the atlas would exceed max_texture_size.
std::variant<FontReport, std::string> LoadFonts(const core::PackData& pack, const std::string& ui_text,
                                                int max_texture_size, unsigned full = kAllFonts);

// The fonts the last LoadFonts baked with every glyph (a `full` mask).
unsigned FullFonts();

// Whether the atlas LoadFonts last built was asked for every character that `pack` uses, so a pack
// rebuilt under a running preview needs no new atlas (kiosk-author preview rebuilds it only if not).
bool AtlasCovers(const core::PackData& pack);

// Whether the atlas always holds `codepoint`, whatever the pack says (Latin-1, Latin Extended-A,
// typographic punctuation and the UI's symbols). Characters of pack strings are added on top.
bool AlwaysInAtlas(unsigned codepoint);

}  // namespace kiosk::platform
