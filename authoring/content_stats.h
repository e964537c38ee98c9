// `kiosk-author stats`: per scene and module, how many words a learner reads, about how long that takes,
// and the reading age of the text, so a trainer can see where a module is long or hard before a learner
// does (the W100 lint only speaks when a text is well above its target).
#pragma once

#include <string>
#include <vector>

#include "compiler.h"

namespace author {

// A slower reader's pace, for a kiosk whose learners may not read confidently; adults average about 240
// words a minute reading silently (Brysbaert 2019), so a confident reader takes about two thirds as long.
inline constexpr int kWordsPerMinute = 150;

struct SceneStats {
    std::string id, kind;      // kind: "info", "question (single)", "choice", "film", "end"
    int words = 0;             // every text the learner can read on the scene: title, text, prompt,
                               // options, feedback, explanation (in the first language)
    int seconds = 0;           // reading at kWordsPerMinute, plus a film's length (from its captions)
    int film_seconds = 0;      // a film's length, from its last caption
    int reading_age = 0;       // Flesch-Kincaid grade + 5 over the scene's texts; 0 below 25 words
};

struct ModuleStats {
    std::string id;
    int target_age = 12;       // the module's reading_age
    std::vector<SceneStats> scenes;  // in the order they are written
    int words = 0, seconds = 0;
    int reading_age = 0;       // over all the module's texts
};

// From a compile without errors (result.pack set); `only` keeps one module (empty: all).
std::vector<ModuleStats> MeasureContent(const CompileResult& result, const std::string& only = "");

}  // namespace author
