// `kiosk-author stats [CONTENT_DIR] [--module ID]`: words, reading time and reading age per scene and
// module, from the compiled content (content_stats.h).
#include <cstdio>

#include "commands.h"
#include "content_stats.h"
#include "diagnostic_format.h"

namespace author::cli {
namespace {

const char* kHelp = R"(Usage: kiosk-author stats [CONTENT_DIR] [--module ID]

Prints, for each scene of each module (or of module ID), how many words a learner reads on it, about how
long that takes, and its reading age; then the module's totals. CONTENT_DIR defaults to ./content.

  words        every text the learner can read on the scene in the first language: title, text,
               prompt, options, feedback and explanation
  m:ss         reading at 150 words a minute (a slower reader's pace), plus a film's length (its last
               caption's end)
  age          reading age (Flesch-Kincaid grade + 5) of the scene's texts; '-' under 25 words, where
               one long word would decide it. A '!' marks an age two or more years above the module's
               reading_age, as warning W100 does for a single text.

The content must compile without errors ('kiosk-author check' lists them).
)";

std::string Time(int seconds) {
    char out[16];
    std::snprintf(out, sizeof out, "%d:%02d", seconds / 60, seconds % 60);
    return out;
}

std::string Minutes(int seconds) {
    int minutes = (seconds + 30) / 60;
    return minutes <= 1 ? std::string("a minute") : std::to_string(minutes) + " minutes";
}

std::string Age(int age, int target) {
    if (age == 0) return "-";
    return std::to_string(age) + (age >= target + 2 ? " !" : "");
}

}  // namespace

int Stats(const Args& args) {
    if (WantsHelp(args)) return std::fputs(kHelp, stdout), 0;
    std::string dir = "content", module;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--module" && i + 1 < args.size()) module = args[++i];
        else if (!args[i].starts_with("-") && dir == "content") dir = args[i];
        else return std::fprintf(stderr, "kiosk-author: unexpected argument '%s'\nRun 'kiosk-author stats --help' for usage.\n", args[i].c_str()), 2;
    }
    if (!ReadableFolder(dir)) return 2;
    CompileResult result = Compile(CompileOptions{dir, dir, ""});
    if (!result.pack) {
        for (const Diagnostic& d : result.diagnostics.All())
            if (d.severity == Severity::Error) std::fputs(FormatText(d, result.sources).c_str(), stderr);
        std::fprintf(stderr, "kiosk-author: the content has errors; fix them first\n");
        return 1;
    }
    std::vector<ModuleStats> modules = MeasureContent(result, module);
    if (modules.empty()) {
        std::fprintf(stderr, "kiosk-author: the content has no module '%s'\n", module.c_str());
        return 2;
    }
    for (const ModuleStats& m : modules) {
        int width = 5, kind_width = 4;
        for (const SceneStats& s : m.scenes) {
            width = std::max(width, static_cast<int>(s.id.size()));
            kind_width = std::max(kind_width, static_cast<int>(s.kind.size()));
        }
        std::printf("module %s (reading age aim %d)\n", m.id.c_str(), m.target_age);
        std::printf("  %-*s  %-*s %6s %7s %5s\n", width, "scene", kind_width, "kind", "words", "m:ss", "age");
        for (const SceneStats& s : m.scenes) {
            std::string time = Time(s.seconds) + (s.film_seconds ? "*" : " ");
            std::printf("  %-*s  %-*s %6d %7s %5s\n", width, s.id.c_str(), kind_width, s.kind.c_str(), s.words, time.c_str(),
                        Age(s.reading_age, m.target_age).c_str());
        }
        std::printf("  %zu scenes, %d words, about %s to read every scene; reading age %s\n\n", m.scenes.size(), m.words,
                    Minutes(m.seconds).c_str(), Age(m.reading_age, m.target_age).c_str());
    }
    bool films = false;
    for (const ModuleStats& m : modules)
        for (const SceneStats& s : m.scenes) films = films || s.film_seconds;
    if (films) std::printf("* includes the film's own length\n");
    std::printf("Times are at %d words a minute; a learner sees only the scenes on their path.\n", kWordsPerMinute);
    return 0;
}

}  // namespace author::cli
