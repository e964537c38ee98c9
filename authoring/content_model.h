// The content as loaded from TOML: the pack model plus where each thing was written, so checks that
// run after loading (links, flow, assets, translations) can point at the exact source position.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/pack_data.h"
#include "diagnostic.h"

namespace author {

// A path to an asset as written in a scene, resolved against the module folder.
struct AssetRef {
    std::string pack_path;             // "modules/spot/images/car-wash.png"
    std::filesystem::path disk_path;   // where to read it
    std::string display_path;          // how messages name it: "content/modules/spot/images/car-wash.png"
    Location where;                    // the value in module.toml
    enum class Kind { Image, Film, Captions } kind = Kind::Image;
};

struct OptionSource {
    Location id_loc;
    Location goto_loc;                                   // valid when option.go_to is set
    Location region_loc;                                 // valid when option.region is set
    std::vector<std::pair<std::string, Location>> sets;  // variable name -> where it is set
};

struct RouteSource {
    Location goto_loc;
    Location if_loc;  // the quoted string; conditions report at if_loc.column + 1 + offset
};

// A film pause as written: where its time and its question are, for messages about either.
struct PauseSource {
    Location at_loc;
    Location question_loc;
    std::string at_text;  // as written ("01:12"), so messages name the time the trainer typed
};

struct SceneSource {
    Location id_loc;
    Location next_loc;         // valid when `next` was written
    bool explicit_next = false;
    Location must_see_loc;
    std::vector<RouteSource> routes;
    std::vector<OptionSource> options;
    std::vector<AssetRef> assets;
    std::vector<Location> chapter_at;  // parallel to scene.chapters: each chapter's `at`
    std::vector<PauseSource> pauses;   // parallel to scene.pauses
};

struct ModuleSource {
    std::string file;   // display path of module.toml
    Location id_loc;
    Location start_loc; // valid when `start` was written
    bool explicit_start = false;
    std::vector<SceneSource> scenes;  // parallel to module.scenes
};

// Everything loaded from a content folder, before the pack is emitted.
struct Content {
    kiosk::core::PackData pack;                 // modules/sites/strings in the first language; no assets yet
    std::vector<ModuleSource> module_sources;   // parallel to pack.modules
    std::map<std::string, Location> string_locations;  // string key -> where its English is written
    std::vector<AssetRef> asset_refs;           // every asset use, in source order
    std::string language;                       // the language the TOML is written in
};

}  // namespace author
