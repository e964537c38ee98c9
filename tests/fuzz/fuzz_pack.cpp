// Fuzz target: the kiosk's pack reader (kiosk/core/pack/pack_io.h) on any file bytes, as a pack copied from a
// USB stick may be. The bytes go to a file in the scratch folder (tmpfs), because SQLite reads a path.
// Checked: a refusal is one line naming the file; a pack that is accepted matches its content hash and
// every asset's bytes match their sha256, through ReadPack and through ReadPackAsset alike.
#include <variant>

#include "core/pack/pack_io.h"
#include "fuzz_support.h"

namespace {

void CheckMessage(const std::string& message, const std::string& path) {
    FUZZ_CHECK(message.rfind(path + ":", 0) == 0, "a refusal starts with the file's path");
    FUZZ_CHECK(fuzz::IsPrintableLine(message), "a refusal is one printable line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kiosk::core;
    const std::string path = (fuzz::ScratchDir() / "input.pack").string();
    fuzz::WriteFile(path, data, size);

    auto read = ReadPack(path, true);
    if (auto* message = std::get_if<std::string>(&read)) {
        CheckMessage(*message, path);
    } else {
        const PackData& pack = std::get<PackData>(read);
        FUZZ_CHECK(ComputeContentHash(pack) == pack.content_hash, "an accepted pack matches its content hash");
        std::size_t checked = 0;
        for (const Asset& asset : pack.assets) {
            if (++checked > 8) break;  // bounded work per input
            auto bytes = ReadPackAsset(path, asset.path);
            if (auto* m = std::get_if<std::string>(&bytes)) {
                CheckMessage(*m, path);
            } else {
                FUZZ_CHECK(std::get<std::vector<std::uint8_t>>(bytes) == asset.data, "ReadPackAsset agrees with ReadPack");
            }
        }
    }
    // The kiosk reads assets lazily, from a pack whose metadata it read earlier: the asset path alone
    // must be refused cleanly in a damaged file too (the seed pack's picture and captions).
    for (const char* asset_path : {"modules/m/images/picture.png", "modules/m/film/en.vtt"}) {
        auto bytes = ReadPackAsset(path, asset_path);
        if (auto* m = std::get_if<std::string>(&bytes)) CheckMessage(*m, path);
    }
    return 0;
}
