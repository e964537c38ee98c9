// The picture cache: pictures are decoded from the pack on first use, kept while on screen, and freed once
// off screen when more than a few are held, so a kiosk showing every picture of a large pack over months
// does not keep them all. A real pack file, real PNGs and a real GL context (SDL's offscreen driver on
// Mesa; no display).
#include <doctest/doctest.h>

#include <SDL.h>
#include <stb/stb_image_write.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/pack/pack_data.h"
#include "core/pack/pack_io.h"
#include "platform/textures.h"
#include "../support/temp_dir.h"

namespace {

void Append(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    out->insert(out->end(), static_cast<std::uint8_t*>(data), static_cast<std::uint8_t*>(data) + size);
}

// A PNG of one colour, different for each `n`.
std::vector<std::uint8_t> Png(int n) {
    std::vector<std::uint8_t> rgba(64 * 32 * 4, static_cast<std::uint8_t>(n * 20));
    std::vector<std::uint8_t> png;
    REQUIRE(stbi_write_png_to_func(&Append, &png, 64, 32, 4, rgba.data(), 64 * 4));
    return png;
}

std::string Picture(int n) {  // zero-padded: a pack's assets are sorted by path
    char name[64];
    std::snprintf(name, sizeof name, "modules/m/images/p%02d.png", n);
    return name;
}

// An SDL window with a GL context, offscreen: what TextureCache needs to upload into.
struct GlContext {
    SDL_Window* window = nullptr;
    SDL_GLContext context = nullptr;
    GlContext() {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
        REQUIRE_MESSAGE(SDL_Init(SDL_INIT_VIDEO) == 0, SDL_GetError());
        window = SDL_CreateWindow("t", 0, 0, 64, 64, SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN);
        REQUIRE_MESSAGE(window, SDL_GetError());
        context = SDL_GL_CreateContext(window);
        REQUIRE_MESSAGE(context, SDL_GetError());
    }
    ~GlContext() {
        SDL_GL_DeleteContext(context);
        SDL_DestroyWindow(window);
        SDL_Quit();
    }
};

}  // namespace

TEST_CASE("pictures off screen are freed once more than eight are held and come back when shown again") {
    test_support::TempDir dir("kiosk-texture-test");
    kiosk::core::PackData pack;
    pack.id = "t";
    pack.version = 1;
    pack.languages = {"en"};
    for (int n = 0; n < 12; ++n) {
        kiosk::core::Asset& a = pack.assets.emplace_back();
        a.path = Picture(n);
        a.mime = "image/png";
        a.data = Png(n);
        a.sha256 = kiosk::core::Sha256Hex(a.data.data(), a.data.size());
        a.width = 64;
        a.height = 32;
    }
    const std::string path = dir.File("t.pack");
    auto error = kiosk::core::WritePack(pack, path);
    REQUIRE_MESSAGE(!error, *error);

    GlContext gl;
    kiosk::platform::TextureCache cache(path, 2048);
    // A learner pages through twelve scenes with one picture each: one frame a picture.
    for (int n = 0; n < 12; ++n) {
        kiosk::ui::Texture shown = cache.Image(Picture(n));
        CHECK(shown.id);
        CHECK(shown.width == 64);
        cache.EndFrame();
        CHECK(cache.ImageCount() <= 8);
    }
    // A screen with two pictures keeps both while it is up, however many frames it stays.
    for (int frame = 0; frame < 3; ++frame) {
        CHECK(cache.Image(Picture(0)).id);
        CHECK(cache.Image(Picture(11)).id);
        cache.EndFrame();
    }
    CHECK(cache.ImageCount() >= 2);
    CHECK(cache.ImageCount() <= 8);
    // Going back to a freed picture decodes it again from the pack.
    CHECK(cache.Image(Picture(3)).id);
    cache.EndFrame();
}
