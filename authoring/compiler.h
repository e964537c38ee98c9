// The compiler: content folder in, diagnostics and (when there are no errors) a pack model out.
// Pure apart from reading the content folder: it never prints and never writes; the CLI does both.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/pack/pack_data.h"
#include "content_model.h"
#include "diagnostic.h"
#include "film_checks.h"
#include "toml_load.h"

namespace author {

class SpellChecker;

struct CompileOptions {
    std::filesystem::path content_dir;
    std::string display_dir;     // how paths appear in diagnostics; defaults to content_dir as given
    std::string build_time;      // ISO 8601 UTC to record in the pack (not part of the content hash)
    FilmVerdictCache* film_cache = nullptr;  // kiosk-author preview: films checked once, not on every save
    // Spelling (W104) is checked when set, with content/words.txt; kept across a preview's rebuilds so
    // the dictionaries load once. Null: no spelling check (tests of other checks, fuzzing).
    SpellChecker* speller = nullptr;
};

struct CompileResult {
    Diagnostics diagnostics;                     // sorted by file and position
    SourceSet sources;                           // every file read, for quoting lines
    std::optional<kiosk::core::PackData> pack;   // set only when there are no errors
    std::vector<ModuleSource> module_sources;    // parallel to pack->modules: the review trail and notes
};

CompileResult Compile(const CompileOptions& options);

}  // namespace author
