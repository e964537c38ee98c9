// Fonts: every character the screens' sources use is in the atlas (else ImGui draws '?'), Welsh and
// typographic characters from a pack get glyphs, the order of fonts is the one ui.h documents, and the
// atlas stays a sane size. Real DejaVu fonts and a real ImGui context; no window or GPU needed.
#include <doctest/doctest.h>

#include <imgui.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "platform/fonts.h"
#include "ui/ui.h"

namespace {

// Decodes UTF-8 leniently (invalid bytes are skipped): enough to list a source file's characters.
std::set<unsigned> NonAsciiCodePoints(const std::string& text) {
    std::set<unsigned> out;
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (c < 0xC0 || i + static_cast<std::size_t>(extra) >= text.size()) {  // ASCII or a stray byte
            ++i;
            continue;
        }
        unsigned cp = c & (0x3Fu >> extra);
        for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
        out.insert(cp);
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

std::string Hex(unsigned cp) {
    char buffer[16];
    std::snprintf(buffer, sizeof(buffer), "U+%04X", cp);
    return buffer;
}

struct ImGuiContextGuard {
    ImGuiContextGuard() { ImGui::CreateContext(); }
    ~ImGuiContextGuard() { ImGui::DestroyContext(); }
};

}  // namespace

TEST_CASE("every non-ASCII character in the screens' sources is always in the atlas") {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(KIOSK_UI_SOURCE_DIR)) {
        std::string ext = entry.path().extension().string();
        if (ext != ".cpp" && ext != ".h") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ++files;
        for (unsigned cp : NonAsciiCodePoints(text)) {
            CHECK_MESSAGE(kiosk::platform::AlwaysInAtlas(cp), entry.path().filename().string()
                                                                  << " uses " << Hex(cp)
                                                                  << "; add it to kAlwaysIncluded in fonts.cpp");
        }
    }
    CHECK(files > 0);
}

TEST_CASE("pack text in any language gets glyphs - fonts are in ui.h's order - the atlas is a sane size") {
    ImGuiContextGuard imgui;
    kiosk::core::PackData pack;
    pack.languages = {"en", "cy"};
    pack.strings["pack/title"]["cy"].text = "Ydych chi’n siŵr? Mae’r gŵr yn dŷ — “dyfynnu” – €5";
    pack.strings["pack/title"]["en"].text = "Gdańsk, Iași, Şanlıurfa, Ελλάδα, Україна";
    auto result = kiosk::platform::LoadFonts(pack, "☐ ☑ ✓", 4096);
    REQUIRE_MESSAGE(std::holds_alternative<kiosk::platform::FontReport>(result), std::get<std::string>(result));
    const auto& report = std::get<kiosk::platform::FontReport>(result);
    CHECK(report.missing == 0);
    CHECK(report.fonts == 2 * kiosk::core::kTextSizes);
    CHECK(report.atlas_width <= 4096);
    CHECK(report.atlas_height <= 4096);

    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    REQUIRE(atlas->Fonts.Size == 2 * kiosk::core::kTextSizes);
    for (int s = 0; s < kiosk::core::kTextSizes; ++s) {
        CHECK(atlas->Fonts[2 * s]->FontSize == doctest::Approx(kiosk::ui::kBodySizes[s]));
        CHECK(atlas->Fonts[2 * s + 1]->FontSize == doctest::Approx(kiosk::ui::kBodySizes[s] * kiosk::ui::kHeadingScale));
    }
    for (const ImFont* font : atlas->Fonts) {
        for (ImWchar c : {0x0175, 0x0177, 0x20AC, 0x2019, 0x201C, 0x201D, 0x2013, 0x2014, 0x2610, 0x2611, 0x2713,
                          0x0144, 0x015F, 0x0131, 0x03B1, 0x0457}) {
            CHECK_MESSAGE(font->FindGlyphNoFallback(c) != nullptr, Hex(c));
        }
    }
}

TEST_CASE("at a text size only the fonts its screens draw with get every glyph and a new size gets its own") {
    ImGuiContextGuard imgui;
    using kiosk::platform::FontsFor;
    // Bit 2*s is the body at step s, 2*s+1 its heading. The default size (step 1): bodies 0-1, headings
    // 0-2 (display headings are one step up). The largest (step 3): every body, headings 0 and 2-3.
    CHECK(FontsFor(1) == 0b00'10'11'11u);
    CHECK(FontsFor(3) == 0b11'11'01'11u);
    CHECK(FontsFor(0) == 0b00'00'10'11u);

    kiosk::core::PackData pack;
    pack.languages = {"cy"};
    pack.strings["pack/title"]["cy"].text = "Ydych chi’n siŵr?";
    auto whole = kiosk::platform::LoadFonts(pack, "✓", 4096);
    REQUIRE(std::holds_alternative<kiosk::platform::FontReport>(whole));
    const auto area = [](const kiosk::platform::FontReport& report) { return report.atlas_width * report.atlas_height; };
    const int whole_area = area(std::get<kiosk::platform::FontReport>(whole));

    auto lean = kiosk::platform::LoadFonts(pack, "✓", 4096, FontsFor(1));
    REQUIRE(std::holds_alternative<kiosk::platform::FontReport>(lean));
    CHECK(std::get<kiosk::platform::FontReport>(lean).full_fonts == 5);
    CHECK(kiosk::platform::FullFonts() == FontsFor(1));
    // A much smaller atlas: the three largest fonts hold only ASCII and the tick.
    CHECK(area(std::get<kiosk::platform::FontReport>(lean)) < whole_area * 7 / 10);
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    REQUIRE(atlas->Fonts.Size == 2 * kiosk::core::kTextSizes);
    for (int font = 0; font < atlas->Fonts.Size; ++font) {
        const bool full = (FontsFor(1) >> font) & 1u;
        CHECK(atlas->Fonts[font]->FindGlyphNoFallback('A') != nullptr);  // the text size choices show "A"
        CHECK(atlas->Fonts[font]->FindGlyphNoFallback(0x2713) != nullptr);
        CHECK_MESSAGE((atlas->Fonts[font]->FindGlyphNoFallback(0x0175) != nullptr) == full, "font " << font);
    }

    // The learner chooses the largest size: its fonts are baked whole too, and the default's stay whole.
    auto grown = kiosk::platform::LoadFonts(pack, "✓", 4096, kiosk::platform::FullFonts() | FontsFor(3));
    REQUIRE(std::holds_alternative<kiosk::platform::FontReport>(grown));
    for (int font = 0; font < atlas->Fonts.Size; ++font) {
        const bool full = ((FontsFor(1) | FontsFor(3)) >> font) & 1u;
        CHECK_MESSAGE((atlas->Fonts[font]->FindGlyphNoFallback(0x0175) != nullptr) == full, "font " << font);
    }
}

// The kiosk bakes its atlas before the pack is read (App::Start) and bakes again only when the pack uses a
// character that atlas lacks; a new pack from the inbox the same way. English and Welsh text, newlines
// included, must not cost a second bake; another script must get one.
TEST_CASE("an atlas baked before the pack covers English and Welsh text with newlines and not another script") {
    ImGuiContextGuard imgui;
    auto early = kiosk::platform::LoadFonts(kiosk::core::PackData{}, "✓", 4096, kiosk::platform::FontsFor(1));
    REQUIRE(std::holds_alternative<kiosk::platform::FontReport>(early));

    kiosk::core::PackData welsh;
    welsh.strings["pack/title"]["cy"].text = "Ydych chi’n siŵr?\nMae’r gŵr yn dŷ — “dyfynnu” – €5\t£3";
    welsh.sites.push_back({});
    welsh.sites.back().agency = "Heddlu De Cymru";
    CHECK(kiosk::platform::AtlasCovers(welsh));

    kiosk::core::PackData greek = welsh;
    greek.strings["pack/title"]["el"].text = "Ελλάδα";
    CHECK_FALSE(kiosk::platform::AtlasCovers(greek));
    auto again = kiosk::platform::LoadFonts(greek, "✓", 4096, kiosk::platform::FontsFor(1));
    REQUIRE(std::holds_alternative<kiosk::platform::FontReport>(again));
    CHECK(kiosk::platform::AtlasCovers(greek));
}
