// SVG pictures in a module's folder, rendered to PNG when the pack is built: the kiosk shows PNG and
// JPEG only, and the trainer keeps the drawing as the source (as the sample's illustrations are).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace author {

// True when `data` is SVG text (an optional XML declaration, comments or doctype, then <svg).
bool LooksLikeSvg(const std::string& data);

// Renders the SVG at `path` to PNG bytes at its own size (its width and height in pixels, lengths in mm
// or cm at 96 an inch, or its viewBox); hotspot regions are in the rendered pixels. nullopt with `error`
// set when librsvg's rsvg-convert is missing or refuses the file, or the picture is over `max_bytes`.
std::optional<std::string> RenderSvgToPng(const std::filesystem::path& path, std::size_t max_bytes, std::string& error);

}  // namespace author
