// GL textures for the screens: pack images (read from the pack and decoded on first use only, then
// cached by path) and QR codes of completion codes (libqrencode, crisp with nearest filtering).
// Needs the GL context current; all calls come from the UI thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "ui/ui.h"

namespace kiosk::platform {

class TextureCache {
public:
    TextureCache(std::string pack_path, int max_texture_size);
    ~TextureCache();
    TextureCache(const TextureCache&) = delete;
    TextureCache& operator=(const TextureCache&) = delete;

    // The image at `asset_path` in the pack; an empty Texture (id null) if it is missing, damaged or
    // too large (logged once, not retried every frame).
    ui::Texture Image(const std::string& asset_path);
    // A QR code of `text` (error correction M, 4-module quiet zone), one texel per module: draw it
    // scaled up by a whole number for sharp edges. Empty Texture if `text` cannot be encoded.
    ui::Texture Qr(const std::string& text);

    // Call after the frame is rendered: QR codes and pictures not drawn this frame are freed once more than
    // a few are cached, so a kiosk that runs for months keeps neither one texture per learner nor every
    // picture of its pack.
    void EndFrame();
    // Frees every texture (the GL context must still be current).
    void Clear();

    std::size_t ImageCount() const { return m_images.size(); }
    std::size_t QrCount() const { return m_qr.size(); }

private:
    struct Entry {
        ui::Texture texture;
        std::uint64_t last_used = 0;
    };
    std::string m_packPath;
    int m_maxSize;
    std::uint64_t m_frame = 1;
    std::map<std::string, Entry> m_images;
    std::map<std::string, Entry> m_qr;
};

}  // namespace kiosk::platform
