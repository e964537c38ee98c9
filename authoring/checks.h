// Whole-content checks that run after every file is loaded.
#pragma once

#include "content_model.h"
#include "film_checks.h"
#include "diagnostic.h"
#include "toml_load.h"

namespace author {

// Links, conditions, reachability, dead ends, cycles without exit, must-see coverage (flow_checks.cpp).
// Also resolves each scene's implicit `next` and the module's start.
void CheckFlow(Content& content, Diagnostics& diags);

// Reads every referenced asset, checks format, captions cues and hotspot regions, and fills pack.assets
// (assets.cpp). Captions files join `sources` so their errors quote the line. With `film_cache`, a film
// whose bytes were checked before is not probed again.
void LoadAssets(Content& content, SourceSet& sources, Diagnostics& diags, FilmVerdictCache* film_cache = nullptr);

// Reads locales/<lang>/*.po into pack.strings and reports missing, fuzzy and stale translations
// (translations.cpp).
void LoadTranslations(const std::filesystem::path& content_dir, const std::string& display_dir, Content& content,
                      SourceSet& sources, Diagnostics& diags);

// Warnings about how well the content serves learners: reading age of each text (W100), captions in every
// language (W101), a content warning on a module marked sensitive (W102) (lints.cpp).
void CheckLints(const Content& content, Diagnostics& diags);

}  // namespace author
