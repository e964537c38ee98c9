// The translatable strings of a content folder as translators see them: grouped by PO file (one per
// module, plus pack.po for pack.toml and the sites), in the order they are written, each with its stable
// key (the PO msgctxt), its English and where it is written. `i18n extract` and `i18n status` share it.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "content_model.h"
#include "diagnostic.h"
#include "toml_load.h"

namespace author {

struct CatalogEntry {
    std::string key;      // msgctxt: "spot-the-signs/car-wash/prompt"
    std::string english;  // msgid: the text in the pack's first language
    std::string file;     // relative to the content folder: "modules/spot-the-signs/module.toml"
    int line = 0;
};

struct Catalog {
    Content content;
    SourceSet sources;
    Diagnostics diagnostics;  // from loading the TOML files, sorted
    // PO file name without ".po" ("pack" or a module id) -> its strings in source order.
    std::map<std::string, std::vector<CatalogEntry>> domains;
    // False when a TOML file could not be read or parsed (E001-E005): its strings are missing, so PO files
    // must not be updated from this catalog (they would lose those entries to obsolete).
    bool complete = true;
};

// Loads the TOML files of `content_dir` (named `display` in messages) and groups their strings.
Catalog LoadCatalog(const std::filesystem::path& content_dir, const std::string& display);

}  // namespace author
