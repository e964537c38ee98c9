// Back buffer to PNG (see screenshot.h). GL's rows run bottom-up; PNG's top-down, hence the flip.
#include "platform/screenshot.h"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace kiosk::platform {

std::optional<std::string> SaveBackBufferPng(const std::string& path, int screen_width, int screen_height,
                                             std::optional<PixelRect> crop) {
    PixelRect area{0, 0, screen_width, screen_height};
    if (crop) {
        // Clip to the screen: a widget may be partly scrolled out of view.
        int x0 = std::clamp(crop->x, 0, screen_width), y0 = std::clamp(crop->y, 0, screen_height);
        int x1 = std::clamp(crop->x + crop->w, 0, screen_width), y1 = std::clamp(crop->y + crop->h, 0, screen_height);
        area = {x0, y0, x1 - x0, y1 - y0};
    }
    const int width = area.w, height = area.h;
    if (width <= 0 || height <= 0) return "nothing to capture (the area has no size)";
    const std::size_t row = static_cast<std::size_t>(width) * 3;
    std::vector<unsigned char> pixels(row * static_cast<std::size_t>(height));
    while (glGetError() != GL_NO_ERROR) {
    }  // clear errors left by earlier calls, so the check below is about this read
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);  // tightly packed RGB rows, whatever the width
    // GL counts rows from the bottom.
    glReadPixels(area.x, screen_height - area.y - height, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    if (GLenum error = glGetError(); error != GL_NO_ERROR) {
        return "glReadPixels failed (GL error " + std::to_string(error) + ")";
    }
    std::vector<unsigned char> line(row);
    for (int y = 0; y < height / 2; ++y) {
        unsigned char* top = pixels.data() + static_cast<std::size_t>(y) * row;
        unsigned char* bottom = pixels.data() + static_cast<std::size_t>(height - 1 - y) * row;
        std::memcpy(line.data(), top, row);
        std::memcpy(top, bottom, row);
        std::memcpy(bottom, line.data(), row);
    }
    if (!stbi_write_png(path.c_str(), width, height, 3, pixels.data(), static_cast<int>(row))) {
        return "cannot write " + path;
    }
    return std::nullopt;
}

}  // namespace kiosk::platform
