// Screenshots for scripted mode and docs: the back buffer as a PNG. Read BEFORE the swap, because after
// SwapWindow the back buffer's contents are undefined (and headless there is no front buffer to read).
#pragma once

#include <optional>
#include <string>

namespace kiosk::platform {

// A part of the screen in pixels, from the top-left corner.
struct PixelRect {
    int x = 0, y = 0, w = 0, h = 0;
};

// Reads the current GL back buffer (width x height pixels), or only `crop` of it, and writes it to
// `path` as an RGB PNG, top row first. Returns a one-line error on failure.
std::optional<std::string> SaveBackBufferPng(const std::string& path, int width, int height,
                                             std::optional<PixelRect> crop = std::nullopt);

}  // namespace kiosk::platform
