// SVG pictures in a module's folder, rendered to PNG when the pack is built: the kiosk shows PNG and
// JPEG only, and the trainer keeps the drawing as the source (as the sample's illustrations are).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace author {

// True when `data` is SVG text (an optional XML declaration, comments or doctype, then <svg).
bool LooksLikeSvg(const std::string& data);

// Renders the SVG at `path` to PNG bytes at its own size (its width and height, or its viewBox), so
// hotspot regions are written in the drawing's own units. nullopt with `error` set when librsvg's
// rsvg-convert is missing or refuses the file.
std::optional<std::string> RenderSvgToPng(const std::filesystem::path& path, std::string& error);

}  // namespace author
