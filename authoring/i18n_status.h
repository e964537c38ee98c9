// `kiosk-author i18n status`: how far each language's translation of each PO file has got, counted the
// way the compiler will use it: translated (reviewed, for the current English), fuzzy (shown on kiosks but
// needing review: marked fuzzy, or made for older English) and missing (the kiosk shows English).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "diagnostic.h"
#include "toml_load.h"

namespace author {

// One text a translator still has to do: no translation, or a draft (fuzzy, or made for older English).
struct PendingText {
    std::string key;        // "spot-the-signs/car-wash/prompt": module, scene, field
    std::string english;
    std::string state;      // "missing", "fuzzy", "older English"
    std::string file;       // where the English is written, relative to the content folder
    int line = 0;
};

struct TranslationCount {
    std::string language;
    std::string file;          // "pack.po", "spot-the-signs.po"
    bool exists = false;       // the PO file is there
    std::size_t translated = 0, fuzzy = 0, missing = 0;
    std::size_t unused = 0;    // entries for strings no longer in the content (W083)
    std::vector<PendingText> pending;  // the missing and fuzzy ones, in source order
};

struct TranslationStatus {
    Diagnostics diagnostics;   // errors from reading the TOML and PO files
    SourceSet sources;
    std::vector<std::string> languages;    // the pack's, first one included
    std::vector<TranslationCount> counts;  // by language (after the first), then file
};

TranslationStatus CountTranslations(const std::filesystem::path& content_dir, const std::string& display);

}  // namespace author
