// Words, reading time and reading age per scene and module (see content_stats.h).
#include "content_stats.h"

#include <cmath>

#include "core/session/webvtt.h"
#include "readability.h"

namespace author {
namespace {

constexpr int kMinWordsForAge = 25;  // as the W100 lint: shorter texts swing on one long word

int AgeOf(const std::string& text) {
    Readability r = MeasureReadability(text);
    return r.words >= kMinWordsForAge ? static_cast<int>(std::lround(r.grade + 5)) : 0;
}

// The end of a film's last caption, as its length: the compiler has checked the captions against the
// film, and reading them needs no video decoder.
int FilmSeconds(const kiosk::core::PackData& pack, const kiosk::core::Scene& scene, const std::string& language) {
    auto path = scene.captions.find(language);
    if (path == scene.captions.end()) return 0;
    for (const kiosk::core::Asset& asset : pack.assets) {
        if (asset.path != path->second) continue;
        kiosk::core::WebVtt vtt = kiosk::core::ParseWebVtt(std::string_view(reinterpret_cast<const char*>(asset.data.data()), asset.data.size()));
        int end = 0;
        for (const kiosk::core::Cue& cue : vtt.cues) end = std::max(end, cue.end_ms);
        return (end + 999) / 1000;
    }
    return 0;
}

}  // namespace

std::vector<ModuleStats> MeasureContent(const CompileResult& result, const std::string& only) {
    std::vector<ModuleStats> out;
    if (!result.pack) return out;
    const kiosk::core::PackData& pack = *result.pack;
    const std::string& language = pack.languages.empty() ? std::string("en") : pack.languages.front();
    for (std::size_t mi = 0; mi < pack.modules.size(); ++mi) {
        const kiosk::core::Module& module = pack.modules[mi];
        if (!only.empty() && module.id != only) continue;
        ModuleStats m;
        m.id = module.id;
        if (mi < result.module_sources.size()) m.target_age = result.module_sources[mi].reading_age;
        std::string module_text;
        for (const kiosk::core::Scene& scene : module.scenes) {
            SceneStats s;
            s.id = scene.id;
            s.kind = kiosk::core::ToString(scene.kind);
            if (scene.kind == kiosk::core::SceneKind::Question) s.kind += std::string(" (") + kiosk::core::ToString(scene.question) + ")";
            // Every text of the scene, in key order: scene fields, options, chapters. Each ends a sentence.
            const std::string prefix = module.id + "/" + scene.id + "/";
            std::string text;
            for (auto it = pack.strings.lower_bound(prefix); it != pack.strings.end() && it->first.starts_with(prefix); ++it) {
                auto english = it->second.find(language);
                if (english == it->second.end() || english->second.text.empty()) continue;
                text += english->second.text + "\n";
            }
            s.words = MeasureReadability(text).words;
            s.reading_age = AgeOf(text);
            if (scene.kind == kiosk::core::SceneKind::Film) s.film_seconds = FilmSeconds(pack, scene, language);
            s.seconds = (s.words * 60 + kWordsPerMinute - 1) / kWordsPerMinute + s.film_seconds;
            m.words += s.words;
            m.seconds += s.seconds;
            module_text += text;
            m.scenes.push_back(std::move(s));
        }
        m.reading_age = AgeOf(module_text);
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace author
