// `kiosk-author info PACK`: what a pack holds, read back through the kiosk's own reader, so it also
// proves the pack opens (tools/demo prints this until the kiosk exists).
#include <cstdio>
#include <map>

#include "commands.h"
#include "core/pack/pack_io.h"

namespace author::cli {

int Info(const Args& args) {
    if (WantsHelp(args)) {
        std::fputs("Usage: kiosk-author info PACK\n\nPrints the pack's id, version, hash, languages, modules, sites and assets.\n", stdout);
        return 0;
    }
    if (args.size() != 1) {
        std::fputs("Usage: kiosk-author info PACK\n", stderr);
        return 2;
    }
    auto read = kiosk::core::ReadPack(args[0], false);
    if (auto* error = std::get_if<std::string>(&read)) {
        std::fprintf(stderr, "kiosk-author: %s\n", error->c_str());
        return 2;
    }
    const auto& pack = std::get<kiosk::core::PackData>(read);
    auto text = [&](const std::string& key) {
        auto it = pack.strings.find(key);
        if (it == pack.strings.end() || pack.languages.empty()) return std::string("?");
        auto t = it->second.find(pack.languages.front());
        return t == it->second.end() ? std::string("?") : t->second.text;
    };
    std::string languages;
    for (const auto& l : pack.languages) languages += (languages.empty() ? "" : ", ") + l;
    std::printf("pack       %s version %d: %s\n", pack.id.c_str(), pack.version, text(kiosk::core::PackKey("title")).c_str());
    std::printf("built      %s\n", pack.build_time.c_str());
    std::printf("hash       %s\n", pack.content_hash.c_str());
    std::printf("languages  %s\n", languages.c_str());
    for (const auto& m : pack.modules)
        std::printf("module     %-24s %2zu scenes, %3d min, pass %3d%%  %s\n", m.id.c_str(), m.scenes.size(), m.minutes,
                    m.pass_mark, text(kiosk::core::ModuleKey(m.id, "title")).c_str());
    for (const auto& s : pack.sites)
        std::printf("site       %-24s %s; %s; %zu local contact%s\n", s.id.c_str(), s.region.c_str(), s.agency.c_str(),
                    s.contacts.size(), s.contacts.size() == 1 ? "" : "s");
    std::map<std::string, std::pair<std::size_t, std::size_t>> per_language;  // translated, fuzzy
    for (const auto& [key, by_lang] : pack.strings)
        for (const auto& [lang, t] : by_lang) {
            ++per_language[lang].first;
            if (t.fuzzy) ++per_language[lang].second;
        }
    for (const auto& lang : pack.languages)
        std::printf("strings    %-3s %zu (%zu need review)\n", lang.c_str(), per_language[lang].first, per_language[lang].second);
    std::size_t asset_bytes = 0;
    std::printf("assets     %zu\n", pack.assets.size());
    (void)asset_bytes;
    return 0;
}

}  // namespace author::cli
