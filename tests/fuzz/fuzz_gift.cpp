// Fuzz target: `kiosk-author import gift` (authoring/gift_import.h) on any bytes: a quiz bank is a file a
// trainer is handed. Besides not crashing, the promises the command relies on are checked: what it writes
// is always TOML that parses (every text escaped, every note kept on its comment line), each note is one
// printable line naming a line of the input, and the plain-text reduction never grows a text unboundedly.
#include <algorithm>

#include <toml++/toml.h>

#include "fuzz_support.h"
#include "gift_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    author::GiftImport result = author::ImportGift(text, author::GiftOptions{"fuzzed", "fuzz.gift", "2026-12-07", {}});

    bool parses = true;
    try {
        toml::table doc = toml::parse(result.toml);
        FUZZ_CHECK(doc["id"].value<std::string>() == "fuzzed", "the module has the id asked for");
        const toml::array* scenes = doc["scenes"].as_array();
        FUZZ_CHECK(scenes && scenes->size() == static_cast<std::size_t>(result.scenes) + 1, "every scene and the end");
    } catch (const toml::parse_error&) {
        parses = false;
    }
    FUZZ_CHECK(parses, "the module.toml written is TOML that parses");
    const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    for (const auto* notes : {&result.left_out, &result.changed})
        for (const author::GiftNote& n : *notes) {
            FUZZ_CHECK(n.line >= 1 && n.line <= lines, "a note names a line of the file");
            FUZZ_CHECK(n.message.find('\n') == std::string::npos, "a note is one line");
        }
    for (const char* format : {"html", "markdown", "plain"})
        FUZZ_CHECK(author::PlainText(text, format).size() <= size * 4 + 16, "plain text is not longer than entities allow");
    return 0;
}
