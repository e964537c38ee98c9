// The scene map of one module (`kiosk-author graph`): scenes as boxes with their title and kind, exits as
// arrows labelled with the choice or condition that takes them, written as Graphviz DOT. Problems the flow
// checks found are drawn, not just listed: unreachable scenes, dead ends and links to missing scenes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "content_model.h"
#include "diagnostic.h"
#include "toml_load.h"

namespace author {

// One module loaded on its own for its map: its module.toml, plus the pack.toml of the content folder it
// sits in (modules/<id>/ under a folder with pack.toml), if any, for the pack's languages.
struct ModuleMap {
    Content content;            // one module at most, after the flow checks
    SourceSet sources;
    Diagnostics diagnostics;    // from those files and the flow checks, sorted
    bool loaded = false;        // module.toml was read and parsed
};

// Loads the module in `module_dir` (named `display` in messages) and runs the flow checks on it.
ModuleMap LoadModuleForMap(const std::filesystem::path& module_dir, const std::string& display);

// The DOT text of `content.pack.modules[module]`'s scene map; CheckFlow must have run. Node ids are the
// scene ids; SVG output carries classes: scene kinds, start, end, must-see, unreachable, dead-end,
// no-way-to-end, missing; edges next, route, option, pause.
std::string SceneGraphDot(const Content& content, std::size_t module);

}  // namespace author
