// `kiosk-author i18n extract`: writes or updates locales/<lang>/<file>.po for every language after the
// first, so translators always work on the current English. gettext does the merging (a POT template per
// file, then msgmerge); this file only adds what the stable keys allow gettext cannot know: an entry whose
// English changed under the same key keeps its translation, marked fuzzy with the old English beside it,
// and a string whose key was renamed but whose English is unchanged keeps its translation, marked fuzzy.
// Removed strings become obsolete (#~) entries. No translation is ever dropped.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "diagnostic.h"
#include "toml_load.h"

namespace author {

// What happened to one PO file.
struct ExtractedFile {
    std::string path;            // as messages name it: "content/locales/cy/spot-the-signs.po"
    std::string language;
    bool created = false;        // it did not exist before
    bool written = false;        // its bytes changed
    std::size_t strings = 0;     // entries in use after the update
    std::size_t added = 0;       // new strings, not yet translated
    std::size_t edited = 0;      // the English changed: fuzzy now, translation kept
    std::size_t restored = 0;    // the English changed back: the fuzzy flag that the change set is cleared
    std::size_t carried = 0;     // same English under a renamed key: translation carried over, fuzzy
    std::size_t obsoleted = 0;   // translated strings no longer in the content, kept as #~ entries
    std::size_t revived = 0;     // #~ entries whose string is back
};

struct ExtractResult {
    Diagnostics diagnostics;            // from reading the TOML and PO files
    SourceSet sources;
    std::vector<ExtractedFile> files;
    std::vector<std::string> errors;    // why a file (or everything) was left as it was
};

// Updates the PO files of `content_dir` (named `display` in messages). Does nothing when a TOML file
// cannot be read (its strings would look removed); leaves a PO file alone when it cannot be parsed.
ExtractResult ExtractTranslations(const std::filesystem::path& content_dir, const std::string& display);

}  // namespace author
