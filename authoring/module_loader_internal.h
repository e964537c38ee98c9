// What the module loader's files share: module_loader.cpp loads the module and its scenes, and calls
// module_loader_film.cpp (film chapters and pauses) and module_loader_options.cpp (options) for parts of a scene.
#pragma once

#include <filesystem>
#include <string>

#include "content_model.h"
#include "diagnostic.h"
#include "table_reader.h"

namespace author {

// The module whose scenes are being loaded: for string keys, asset paths and messages.
struct SceneContext {
    const std::string& module_id;
    const std::filesystem::path& module_dir;
    std::string display_dir;  // the module folder as messages show it
    Content& content;
    Diagnostics& diags;
    std::string pack_dir;  // where its assets go in the pack; empty: "modules/<module_id>"
    bool shared = false;   // loading a shared scene (content/shared/): links belong where it is used
};

// The links of a scene (next, must_see, routes), from `named` (a [[scenes]] table, or where a module uses a
// shared scene).
void LoadLinks(SceneContext& ctx, TableReader& named, const SourceFile& file, kiosk::core::Scene& scene, SceneSource& source,
               const std::string& sid);

// Loads one [[scenes]] table of a module (or a shared scene's file, with ctx.shared, whose `id` is given).
void LoadScene(SceneContext& ctx, const toml::table& table, const SourceFile& file, std::size_t index,
               kiosk::core::Module& module, ModuleSource& msrc, const std::string* id = nullptr);

// A [[scenes]] table with `use = "<id>"`: the shared scene content/shared/<id>.toml, loaded into this
// module under `id` (default: the shared scene's id), with this table's next, must_see and routes
// (module_loader_shared.cpp).
void LoadSharedUse(SceneContext& ctx, const toml::table& use, const SourceFile& file, kiosk::core::Module& module,
                   ModuleSource& msrc);

// [[scenes.chapters]]: `at` and a title (a translatable string).
void LoadChapters(SceneContext& ctx, TableReader& named, kiosk::core::Scene& scene, SceneSource& source, const std::string& sid);

// `pauses = [{ at = "01:12", question = "q-noticed" }]` (or [[scenes.pauses]]): the film stops at each
// time and asks that question scene. Whether the scene exists and may be used so is a flow check.
void LoadPauses(SceneContext& ctx, TableReader& named, kiosk::core::Scene& scene, SceneSource& source, const std::string& sid);

// A question's or choice's [[scenes.options]]: keys per question type, option ids, and the counting rules.
void LoadOptions(SceneContext& ctx, TableReader& scene_reader, kiosk::core::Scene& scene, SceneSource& source);

}  // namespace author
