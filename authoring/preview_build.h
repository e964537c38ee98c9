// One rebuild for kiosk-author preview: compile the content folder, then either write a fresh pack for
// the running kiosk or turn the errors into what its overlay shows. Kept out of the CLI so tests can
// drive rebuilds without a window; the CLI watches files, runs the kiosk and prints.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/pack/pack_data.h"
#include "core/control/preview_message.h"
#include "film_checks.h"
#include "spelling.h"

namespace author {

struct PreviewBuild {
    kiosk::core::PreviewUpdate update;  // for the kiosk: the new pack's path, or the errors
    std::string report;                 // for the terminal: the diagnostics and a summary line; may be empty
};

class PreviewBuilder {
public:
    // Compiles `content_dir` (named `display_dir` in messages) and writes packs into `pack_dir`, an
    // existing folder the caller owns and removes.
    PreviewBuilder(std::filesystem::path content_dir, std::string display_dir, std::filesystem::path pack_dir);

    // Rebuilds now. `changed` (paths relative to the content folder) and `changed_ns` (steady clock, when
    // the first of them changed) are passed on for the kiosk's timing line. A good build is written to a
    // new file, so the kiosk never reads a pack while it is being replaced; packs two builds old are
    // deleted (the kiosk has moved on from them).
    PreviewBuild Build(const std::vector<std::string>& changed, std::int64_t changed_ns);

    // The last good build's content, or null before the first.
    const kiosk::core::PackData* LastPack() const { return m_lastPack ? &*m_lastPack : nullptr; }

private:
    std::filesystem::path m_contentDir;
    std::string m_displayDir;
    std::filesystem::path m_packDir;
    FilmVerdictCache m_films;             // films are decoded once, not on every save
    SpellChecker m_speller;               // dictionaries load once; words seen are not looked up again
    int m_generation = 0;
    std::deque<std::filesystem::path> m_packs;  // written, newest last
    std::vector<std::string> m_lastWarnings;    // printed in full only when they change
    std::optional<kiosk::core::PackData> m_lastPack;
};

// A preview shows where a translation is missing: every text with none in a language after the first gets
// the first language's text with "[English] " (the first language's plain name) in front, so a half-
// translated screen says which lines still need a translator. Only preview packs; returns how many.
std::size_t MarkUntranslated(kiosk::core::PackData& pack);

// Errors beyond this many are counted, not sent (the overlay would not show them anyway).
inline constexpr std::size_t kPreviewMaxErrors = 50;

// Steady-clock nanoseconds, the clock the preview's timings use in both processes.
std::int64_t SteadyNowNs();

}  // namespace author
