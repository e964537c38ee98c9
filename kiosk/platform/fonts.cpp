// Font loading (see fonts.h). The TTF bytes are read here, not by ImGui: AddFontFromFileTTF asserts on a
// missing file, and one copy of each file can serve all four sizes. Oversampling is off because the
// smallest size is 24 px (oversampling triples the atlas width for no visible gain at these sizes).
#include "platform/fonts.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "ui/ui.h"

namespace kiosk::platform {
namespace {

const char* const kBodyCandidates[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
};
const char* const kHeadingCandidates[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
};

// Characters a screen may draw that are in no pack string: Welsh letters with grave and diaeresis
// (ẁ ẅ ỳ, rarer than ŵ ŷ but correct Welsh), typographic punctuation, currency, and the symbols the
// screens draw (ticks, check boxes, radio dots, triangles, arrows). tests/platform/fonts_test.cpp
// fails when a kiosk/ui source uses a character that is not covered here. All are in DejaVu Sans.
constexpr const char* kAlwaysIncluded =
    "ẀẁẂẃẄẅỲỳ"
    "‐‑‒–—―‘’‚‛“”„‟†‡•‣…‰′″‹›"
    "€£¥¢"
    "←↑→↓↔↕⇐⇒⌫⏎"
    "■□▪▫▲△▴▶▷▸►▼▽▾◀◁◂◄○●◦◯"
    "☐☑☒★☆⚠ℹ♿☎✉①②③"
    "✓✔✕✖✗✘✚❮❯"
    "−×÷±≤≥≠";

// Latin Extended-A: ŵ ŷ Ŵ Ŷ for Welsh, and the accents of most languages a UK agency meets (Polish,
// Czech, Romanian, Lithuanian, Turkish...). Small enough to include whole.
const ImWchar kLatinExtendedA[] = {0x0100, 0x017F, 0};
const ImWchar kAscii[] = {0x0020, 0x007E, 0};

// Read in one piece at its own size: growing a buffer byte by byte made about 1 MiB of doubled copies
// in passing for each font file (heaptrack), and raised the heap's high-water mark with them.
bool ReadFile(const char* path, std::vector<char>& out) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return false;
    const std::streamoff size = in.tellg();
    if (size <= 12 || size > (64 << 20)) return false;  // smaller than a TTF header, or not a font file
    out.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    return static_cast<bool>(in.read(out.data(), size));
}

// ImGui copies a font's file for every size added unless the atlas is told it owns the data (8 copies of
// a 700 KiB file, 5.9 MiB, in heaptrack). Each font is added as "owned", so nothing is copied, and this
// takes the ownership back before anything could free our buffers: before ClearInputData, and on every
// way out of LoadFonts.
// An atlas whose Build() failed still points at our buffers (and ranges), which die with LoadFonts: it
// is cleared then, so a later upload builds nothing from freed memory.
struct BorrowedFontData {
    ImFontAtlas* atlas;
    bool built = false;
    void Release() {
        for (ImFontConfig& config : atlas->ConfigData) config.FontDataOwnedByAtlas = false;
    }
    ~BorrowedFontData() {
        Release();
        if (!built) atlas->Clear();
    }
};

// The first candidate that can be read, or "" (with `data` empty).
std::string LoadFirst(const char* const* candidates, std::size_t count, std::vector<char>& data) {
    for (std::size_t i = 0; i < count; ++i) {
        if (ReadFile(candidates[i], data)) return candidates[i];
    }
    data.clear();
    return "";
}

void AddPackText(const core::PackData& pack, ImFontGlyphRangesBuilder& builder) {
    for (const auto& [key, by_language] : pack.strings) {
        for (const auto& [language, text] : by_language) builder.AddText(text.text.c_str());
    }
    for (const core::Site& site : pack.sites) {
        builder.AddText(site.agency.c_str());
        builder.AddText(site.region.c_str());
        for (const core::Contact& c : site.contacts) {
            builder.AddText(c.phone.c_str());
            builder.AddText(c.url.c_str());
        }
    }
    for (const core::Contact& c : pack.contacts) {
        builder.AddText(c.phone.c_str());
        builder.AddText(c.url.c_str());
    }
    for (const core::Module& module : pack.modules) {
        for (const core::Source& source : module.sources) {
            builder.AddText(source.title.c_str());
            builder.AddText(source.url.c_str());
        }
    }
}

// The characters the last LoadFonts asked for (one bit each), for AtlasCovers, and its full fonts.
ImVector<ImU32> g_requested;
unsigned g_full = 0;

}  // namespace

unsigned FontsFor(int text_size) {
    const int s = std::clamp(text_size, 0, core::kTextSizes - 1);
    auto body = [](int step) { return 1u << (2 * step); };
    auto heading = [](int step) { return 1u << (2 * step + 1); };
    unsigned fonts = heading(0) | heading(s) | heading(std::max(s - 1, 0)) | heading(std::min(s + 1, core::kTextSizes - 1));
    for (int step = 0; step <= s; ++step) fonts |= body(step);
    return fonts;
}

unsigned FullFonts() { return g_full; }

bool AtlasCovers(const core::PackData& pack) {
    ImFontGlyphRangesBuilder builder;
    AddPackText(pack, builder);
    // Word 0 holds U+0000-U+001F: the newlines and tabs of pack text are layout, not glyphs, and no atlas
    // asks for them (a pack with a newline would otherwise never be covered).
    for (int word = 1; word < builder.UsedChars.Size; ++word) {
        ImU32 have = word < g_requested.Size ? g_requested[word] : 0;
        if (builder.UsedChars[word] & ~have) return false;
    }
    return true;
}

bool AlwaysInAtlas(unsigned codepoint) {
    if (codepoint >= 0x20 && codepoint <= 0x17F) return true;  // Latin-1 and Latin Extended-A
    static const ImVector<ImWchar> fixed = [] {
        ImFontGlyphRangesBuilder builder;
        builder.AddText(kAlwaysIncluded);
        ImVector<ImWchar> ranges;
        builder.BuildRanges(&ranges);
        return ranges;
    }();
    for (int i = 0; i + 1 < fixed.Size; i += 2) {
        if (codepoint >= fixed[i] && codepoint <= fixed[i + 1]) return true;
    }
    return false;
}

std::variant<FontReport, std::string> LoadFonts(const core::PackData& pack, const std::string& ui_text,
                                                int max_texture_size, unsigned full) {
    FontReport report;
    // Both buffers must outlive Build(): the atlas only borrows them (BorrowedFontData).
    std::vector<char> body_data, heading_data;
    report.body_file = LoadFirst(kBodyCandidates, std::size(kBodyCandidates), body_data);
    if (report.body_file.empty()) {
        return std::string("no font found: install fonts-dejavu-core or fonts-noto-core (looked for ") +
               kBodyCandidates[0] + ")";
    }
    report.heading_file = LoadFirst(kHeadingCandidates, std::size(kHeadingCandidates), heading_data);
    if (report.heading_file.empty()) {  // a bold face is nicer, not essential
        report.heading_file = report.body_file;
        heading_data = body_data;
    }

    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas->GetGlyphRangesDefault());
    builder.AddRanges(kLatinExtendedA);
    builder.AddText(kAlwaysIncluded);
    builder.AddText(ui_text.c_str());
    AddPackText(pack, builder);
    ImVector<ImWchar> ranges;  // must also outlive Build()
    builder.BuildRanges(&ranges);
    g_requested = builder.UsedChars;
    ImFontGlyphRangesBuilder lean_builder;  // ASCII and the tick: "A" at each size on the text size choices
    lean_builder.AddRanges(kAscii);
    lean_builder.AddText("\xE2\x9C\x93");
    ImVector<ImWchar> lean;
    lean_builder.BuildRanges(&lean);

    atlas->Clear();
    BorrowedFontData borrowed{atlas};
    atlas->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;  // a tighter texture; GL 3.0 allows NPOT
    for (float size : ui::kBodySizes) {
        for (int heading = 0; heading < 2; ++heading) {
            ImFontConfig config;
            config.FontDataOwnedByAtlas = true;  // no copy: see BorrowedFontData
            config.OversampleH = 1;
            config.OversampleV = 1;
            config.PixelSnapH = true;
            std::vector<char>& data = heading ? heading_data : body_data;
            float pixels = heading ? size * ui::kHeadingScale : size;
            std::snprintf(config.Name, sizeof(config.Name), "%s %.0fpx", heading ? "heading" : "body", pixels);
            const bool whole = (full >> report.fonts) & 1u;
            ImFont* font = atlas->AddFontFromMemoryTTF(data.data(), static_cast<int>(data.size()), pixels, &config,
                                                       whole ? ranges.Data : lean.Data);
            if (!font) return "cannot use the font file " + (heading ? report.heading_file : report.body_file);
            ++report.fonts;
            if (whole) ++report.full_fonts;
        }
    }
    if (!atlas->Build()) return std::string("cannot build the font atlas from ") + report.body_file;
    borrowed.built = true;

    // Count requested characters the body font lacks, so the log says when a pack needs another font.
    const ImFont* body = atlas->Fonts[0];
    for (int i = 0; i + 1 < ranges.Size; i += 2) {
        for (unsigned c = ranges[i]; c <= ranges[i + 1]; ++c) {
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) continue;  // control codes are layout, not glyphs
            ++report.glyphs;
            if (!body->FindGlyphNoFallback(static_cast<ImWchar>(c))) ++report.missing;
        }
    }
    report.atlas_width = atlas->TexWidth;
    report.atlas_height = atlas->TexHeight;
    // The glyphs are baked; the atlas's records of the TTF data and range tables are no longer needed.
    borrowed.Release();
    atlas->ClearInputData();
    if (max_texture_size > 0 && (report.atlas_width > max_texture_size || report.atlas_height > max_texture_size)) {
        return "the font atlas (" + std::to_string(report.atlas_width) + "x" + std::to_string(report.atlas_height) +
               ") is larger than this GPU's largest texture (" + std::to_string(max_texture_size) + ")";
    }
    g_full = full & kAllFonts;
    return report;
}

}  // namespace kiosk::platform
