// Image and QR code textures (see textures.h). Pack assets are checked against their sha256 by
// ReadPackAsset before stb_image decodes them; dimensions are checked before decoding, so a hostile
// image cannot ask for gigabytes.
#include "platform/textures.h"

#include <GL/gl.h>
#include <qrencode.h>
#include <stb_image.h>

#include <cstdio>
#include <utility>
#include <vector>

#include "core/pack/pack_io.h"

namespace kiosk::platform {
namespace {

constexpr int kQuietZone = 4;          // modules of white around the code, as the QR standard asks
constexpr std::size_t kQrKeep = 4;     // QR textures kept when not on screen
// Pictures kept when not on screen. A module's pictures come back fast enough (decoding one is a few ms,
// inside a frame), and a kiosk that shows every picture of a large pack over months must not keep them
// all: 200 pictures of 880x400 are 270 MiB of textures in software GL's memory.
constexpr std::size_t kImagesKeep = 8;

ImTextureID Upload(const unsigned char* rgba, int width, int height, bool nearest) {
    GLuint id = 0;
    glGenTextures(1, &id);
    if (id == 0) return nullptr;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glBindTexture(GL_TEXTURE_2D, id);
    GLint filter = nearest ? GL_NEAREST : GL_LINEAR;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // RGBA rows are always 4-byte aligned
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id));
}

void Delete(const ui::Texture& texture) {
    if (!texture.id) return;
    auto id = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture.id));
    glDeleteTextures(1, &id);
}

// Once a cache holds more than `keep` textures, frees those not drawn in `frame`.
template <typename Cache>
void FreeUnused(Cache& cache, std::size_t keep, std::uint64_t frame) {
    if (cache.size() <= keep) return;
    for (auto it = cache.begin(); it != cache.end();) {
        if (it->second.last_used != frame) {
            Delete(it->second.texture);
            it = cache.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace

TextureCache::TextureCache(std::string pack_path, int max_texture_size)
    : m_packPath(std::move(pack_path)), m_maxSize(max_texture_size > 0 ? max_texture_size : 2048) {}

TextureCache::~TextureCache() { Clear(); }

ui::Texture TextureCache::Image(const std::string& asset_path) {
    if (auto it = m_images.find(asset_path); it != m_images.end()) {
        it->second.last_used = m_frame;
        return it->second.texture;
    }
    Entry& entry = m_images[asset_path];  // cached even on failure: a bad image is tried once while on screen
    entry.last_used = m_frame;
    auto bytes = core::ReadPackAsset(m_packPath, asset_path);
    if (const auto* error = std::get_if<std::string>(&bytes)) {
        std::fprintf(stderr, "kiosk: image %s: %s\n", asset_path.c_str(), error->c_str());
        return entry.texture;
    }
    const auto& data = std::get<std::vector<std::uint8_t>>(bytes);
    if (data.size() > 0x7fffffff) return entry.texture;
    int w = 0, h = 0, channels = 0;
    int length = static_cast<int>(data.size());
    if (!stbi_info_from_memory(data.data(), length, &w, &h, &channels) || w <= 0 || h <= 0 || w > m_maxSize ||
        h > m_maxSize) {
        std::fprintf(stderr, "kiosk: image %s: not a readable image, or larger than %dx%d\n", asset_path.c_str(),
                     m_maxSize, m_maxSize);
        return entry.texture;
    }
    unsigned char* pixels = stbi_load_from_memory(data.data(), length, &w, &h, &channels, 4);
    if (!pixels) {
        std::fprintf(stderr, "kiosk: image %s: %s\n", asset_path.c_str(), stbi_failure_reason());
        return entry.texture;
    }
    entry.texture = ui::Texture{Upload(pixels, w, h, false), w, h};
    stbi_image_free(pixels);
    return entry.texture;
}

ui::Texture TextureCache::Qr(const std::string& text) {
    if (auto it = m_qr.find(text); it != m_qr.end()) {
        it->second.last_used = m_frame;
        return it->second.texture;
    }
    if (text.empty() || text.size() > 1000) return {};
    QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) {
        std::fprintf(stderr, "kiosk: cannot make a QR code of a %zu-byte text\n", text.size());
        return {};
    }
    int modules = code->width;
    int size = modules + 2 * kQuietZone;
    std::vector<unsigned char> rgba(static_cast<std::size_t>(size) * static_cast<std::size_t>(size) * 4, 255);
    for (int y = 0; y < modules; ++y) {
        for (int x = 0; x < modules; ++x) {
            if (!(code->data[y * modules + x] & 1)) continue;  // bit 0: dark module
            std::size_t i = (static_cast<std::size_t>(y + kQuietZone) * static_cast<std::size_t>(size) +
                             static_cast<std::size_t>(x + kQuietZone)) * 4;
            rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
        }
    }
    QRcode_free(code);
    Entry& entry = m_qr[text];
    entry.texture = ui::Texture{Upload(rgba.data(), size, size, true), size, size};
    entry.last_used = m_frame;
    return entry.texture;
}

void TextureCache::EndFrame() {
    FreeUnused(m_images, kImagesKeep, m_frame);
    FreeUnused(m_qr, kQrKeep, m_frame);
    ++m_frame;
}

void TextureCache::Clear() {
    for (auto& [path, entry] : m_images) Delete(entry.texture);
    for (auto& [text, entry] : m_qr) Delete(entry.texture);
    m_images.clear();
    m_qr.clear();
}

}  // namespace kiosk::platform
