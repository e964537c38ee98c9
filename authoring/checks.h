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

// Spelling of every learner-facing text in every language (W104), and a language with no dictionary
// (W105) (spelling_checks.cpp).
class SpellChecker;
void CheckSpelling(const Content& content, const std::string& display_dir, const SourceSet& sources, SpellChecker& speller,
                   Diagnostics& diags);

// The review trail against `build_time` (ISO 8601 UTC, the compile's "today"; date checks are skipped when
// it is empty): an incomplete review record (W110), a module changed since its review (W111), a source
// checked more than a year ago (W112), a date in the future (W113) (review_checks.cpp).
void CheckReviews(const Content& content, const std::string& build_time, Diagnostics& diags);

// A short fingerprint of everything a reviewer signs off in module `index`: its scenes, options and right
// answers, every string of it in every language, its sources and its assets' bytes. Any edit changes it.
std::string ModuleReviewHash(const kiosk::core::PackData& pack, std::size_t index);

}  // namespace author
