// Back buffer to PNG (see screenshot.h). GL's rows run bottom-up; PNG's top-down, hence the flip.
#include "platform/screenshot.h"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <cstring>
#include <vector>

namespace kiosk::platform {

std::optional<std::string> SaveBackBufferPng(const std::string& path, int width, int height) {
    if (width <= 0 || height <= 0) return "nothing to capture (the window has no size)";
    const std::size_t row = static_cast<std::size_t>(width) * 3;
    std::vector<unsigned char> pixels(row * static_cast<std::size_t>(height));
    while (glGetError() != GL_NO_ERROR) {
    }  // clear errors left by earlier calls, so the check below is about this read
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);  // tightly packed RGB rows, whatever the width
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
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
