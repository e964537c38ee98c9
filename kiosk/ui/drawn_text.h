// The text a frame really put on screen, read back from ImGui's draw data: each textured quad that
// samples a glyph of the font atlas is turned back into its character. Whatever drew it (ImGui::Text, a
// button label, a raw ImDrawList::AddText like the keypad's display), if it is in the draw data and not
// clipped away, it is here, so a test can grep the screen for a staff number.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

namespace kiosk::ui {

// The runs of text in `data` (in drawing order, one run per line of glyphs drawn left to right on one
// baseline; a gap wider than a third of a space becomes one space), as UTF-8. Only glyphs from `atlas`
// (draw commands using its texture) that fall at least partly inside their clip rectangle and the
// display count; text hidden behind a later window (a modal) still counts, as nothing here knows what
// covers what. Call after ImGui::Render(), before the next NewFrame.
std::vector<std::string> DrawnText(const ImDrawData& data, const ImFontAtlas& atlas);

// The same runs with where they are: the rectangle their glyphs cover on screen (the visible part of
// each), so a test can measure the text against what is behind it in a screenshot.
struct DrawnRun {
    std::string text;
    ImVec2 min, max;
};
std::vector<DrawnRun> DrawnRuns(const ImDrawData& data, const ImFontAtlas& atlas);

}  // namespace kiosk::ui
