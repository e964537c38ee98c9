// The sign-off page (`kiosk-author print`): every text a learner can see in a module, with its scene id,
// the answer key, pictures with their hotspots, the film's chapters and transcript, the sources and the
// reviewers' notes, each language side by side, as one printable HTML page a safeguarding lead signs.
#pragma once

#include <string>
#include <vector>

#include "content_model.h"
#include "core/pack/pack_data.h"

namespace author {

struct PrintOptions {
    std::vector<std::string> modules;  // module ids to print; empty = the whole pack (with its contacts and facts)
    std::string printed_on;            // YYYY-MM-DD, shown on the page
};

// The page for a compiled pack (assets loaded) and its module sources (parallel to pack.modules).
// Texts are HTML-escaped; pictures are embedded, so the file can be mailed or printed on its own.
std::string PrintPage(const kiosk::core::PackData& pack, const std::vector<ModuleSource>& sources,
                      const PrintOptions& options);

}  // namespace author
