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
};

// [[scenes.chapters]]: `at` and a title (a translatable string).
void LoadChapters(SceneContext& ctx, TableReader& named, kiosk::core::Scene& scene, SceneSource& source, const std::string& sid);

// `pauses = [{ at = "01:12", question = "q-noticed" }]` (or [[scenes.pauses]]): the film stops at each
// time and asks that question scene. Whether the scene exists and may be used so is a flow check.
void LoadPauses(SceneContext& ctx, TableReader& named, kiosk::core::Scene& scene, SceneSource& source, const std::string& sid);

// A question's or choice's [[scenes.options]]: keys per question type, option ids, and the counting rules.
void LoadOptions(SceneContext& ctx, TableReader& scene_reader, kiosk::core::Scene& scene, SceneSource& source);

}  // namespace author
