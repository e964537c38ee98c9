// Shared scenes in a module: `[[scenes]] use = "who-to-tell"` loads content/shared/who-to-tell.toml as a
// scene of this module (its own copy, so its strings, answers and records are the module's), with the
// links written beside `use`. Its strings are noted against the shared scene's own keys, so a translator
// translates it once, in locales/<lang>/shared.po (translations.cpp, po_catalog.cpp).
#include <algorithm>
#include <set>

#include "core/util/did_you_mean.h"
#include "loaders.h"
#include "module_loader_internal.h"
#include "toml_load.h"

namespace author {

void LoadSharedScenes(const std::filesystem::path& content_dir, const std::string& display, Content& content, SourceSet& sources,
                      Diagnostics& diags) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(content_dir / "shared", ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec))
        if (it->path().extension() == ".toml" && !it->path().filename().string().starts_with(".")) files.push_back(it->path());
    std::sort(files.begin(), files.end());  // the same order whatever the directory listing's
    for (const auto& path : files) {
        std::string name = path.stem().string();
        std::string file_display = display + "/shared/" + path.filename().string();
        if (!IsValidId(name)) {
            diags.Add("E014", Location{file_display, 0, 0, 1},
                      "a shared scene's file name is its id: lower case letters, digits and '-', starting with a letter");
            continue;
        }
        if (auto root = LoadToml(path, file_display, sources, diags))
            content.shared_scenes[name] = SharedScene{std::move(*root), sources.at(file_display), content_dir / "shared", 0};
    }
}

void LoadSharedUse(SceneContext& ctx, const toml::table& use, const SourceFile& file, kiosk::core::Module& module,
                   ModuleSource& msrc) {
    const std::size_t index = module.scenes.size();
    TableReader reader(use, file, ctx.diags, "scene " + std::to_string(index + 1));
    reader.CheckKeys({"use", "id", "next", "routes", "must_see"},
                     {{"kind", "a shared scene's kind is in its file, content/shared/<id>.toml"},
                      {"title", "a shared scene's texts are in its file, content/shared/<id>.toml"},
                      {"text", "a shared scene's texts are in its file, content/shared/<id>.toml"},
                      {"prompt", "a shared scene's texts are in its file, content/shared/<id>.toml"}});
    const std::string name = reader.Id("use", Need::Required).value_or("");
    const std::string id = reader.Id("id", Need::Optional).value_or(name);
    auto shared = ctx.content.shared_scenes.find(name);
    if (shared == ctx.content.shared_scenes.end()) {
        if (!name.empty()) {
            std::vector<std::string> names;
            for (const auto& [n, s] : ctx.content.shared_scenes) names.push_back(n);
            std::string listed;
            for (const std::string& n : names) listed += (listed.empty() ? "" : ", ") + n;
            ctx.diags.Add("E021", reader.ValueLocation("use"),
                          "there is no shared scene '" + name + "' (a file content/shared/" + name + ".toml)" +
                              (names.empty() ? std::string("; the content has no shared scenes") : "; there are: " + listed) +
                              kiosk::core::DidYouMean(name, names));
        }
        // Kept, so links to it still resolve and only this error is reported.
        kiosk::core::Scene placeholder;
        placeholder.id = id;
        SceneSource source;
        source.id_loc = reader.ValueLocation("use");
        LoadLinks(ctx, reader, file, placeholder, source, id);
        module.scenes.push_back(std::move(placeholder));
        msrc.scenes.push_back(std::move(source));
        return;
    }
    ++shared->second.uses;

    // The shared file, as if it were this module's [[scenes]] table with this id (read in place: a copy
    // of a toml++ table loses the positions that messages and translators' references need).
    SceneContext shared_ctx{ctx.module_id, shared->second.dir, ctx.display_dir.substr(0, ctx.display_dir.rfind("/modules/")) + "/shared",
                            ctx.content, ctx.diags, "shared", true};
    const std::string prefix = kiosk::core::SceneKey(ctx.module_id, id, "");
    std::set<std::string> before;
    for (auto it = ctx.content.pack.strings.lower_bound(prefix); it != ctx.content.pack.strings.end() && it->first.starts_with(prefix); ++it)
        before.insert(it->first);
    LoadScene(shared_ctx, shared->second.table, *shared->second.file, index, module, msrc, &id);
    if (module.scenes.size() != index + 1) return;
    kiosk::core::Scene& scene = module.scenes.back();
    SceneSource& source = msrc.scenes.back();
    source.id_loc = reader.Has("id") ? reader.ValueLocation("id") : reader.ValueLocation("use");
    LoadLinks(ctx, reader, file, scene, source, id);
    for (auto it = ctx.content.pack.strings.lower_bound(prefix); it != ctx.content.pack.strings.end() && it->first.starts_with(prefix); ++it)
        if (!before.count(it->first)) ctx.content.shared_keys[it->first] = "shared/" + name + "/" + it->first.substr(prefix.size());
}

}  // namespace author
