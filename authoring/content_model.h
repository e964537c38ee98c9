// The content as loaded from TOML: the pack model plus where each thing was written, so checks that
// run after loading (links, flow, assets, translations) can point at the exact source position.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/pack/pack_data.h"
#include "diagnostic.h"
#include "source_file.h"

namespace author {

// A path to an asset as written in a scene, resolved against the module folder.
struct AssetRef {
    std::string pack_path;             // "modules/spot/images/car-wash.png"
    std::filesystem::path disk_path;   // where to read it
    std::string display_path;          // how messages name it: "content/modules/spot/images/car-wash.png"
    std::string written;               // as the module.toml gives it, normalised: "images/car-wash.png"
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

// A reviewer's note (`[[review_notes]]`): why a text says what it says, or what was checked and where,
// so a safeguarding lead can sign the module off without redoing the research. Not put in the pack.
struct ReviewNote {
    std::string about;   // what the note concerns: a scene id or a topic ("GLAA and the Fair Work Agency")
    std::string text;
    std::string source;  // a web address that supports it; may be empty
};

struct ModuleSource {
    std::string file;   // display path of module.toml
    Location id_loc;
    Location start_loc; // valid when `start` was written
    bool explicit_start = false;
    int reading_age = 12;      // `reading_age`: the readability lint's target (lints.cpp)
    bool sensitive = false;    // `sensitive = true`: the module needs a content warning
    Location sensitive_loc;    // valid when `sensitive` was written
    // The review trail (review_checks.cpp): who signed the module off (a role), when, and the module's
    // review hash at that time. Empty when not written; each location is valid when its key was written.
    std::string reviewed_by, reviewed_on, reviewed_hash;
    Location reviewed_by_loc, reviewed_on_loc, reviewed_hash_loc;
    std::vector<Location> source_checked_locs;  // parallel to module.sources: where each `checked` is
    std::vector<ReviewNote> review_notes;       // `[[review_notes]]`: for reviewers only, never shown to learners
    std::vector<SceneSource> scenes;  // parallel to module.scenes
};

// One way out of a scene, as the flow checks resolved it; the scene map (scene_graph.cpp) draws these.
struct FlowEdge {
    enum class Kind { Next, Route, Option, Pause };
    std::size_t from = 0;
    std::optional<std::size_t> to;  // empty when the link names a scene that does not exist
    std::string written;            // the target id as written (for a missing scene)
    Kind kind = Kind::Next;
    std::size_t index = 0;          // which route, option or pause of `from`
};

// What the flow checks learnt about one module's scenes (parallel to its scenes).
struct ModuleFlow {
    std::size_t start = 0;
    std::vector<FlowEdge> edges;                       // in source order, duplicates kept
    std::vector<bool> reachable;                       // from the start
    std::vector<bool> finishes;                        // can reach an end scene
    std::vector<bool> dead_end;                        // not an end, and no way out (E041)
    std::vector<std::optional<std::size_t>> film_of;   // a pause question's film
};

// A scene written once in content/shared/<id>.toml and used by several modules (`use = "<id>"`): each
// module gets its own copy, under its own string keys, and the translator translates it once (shared.po).
struct SharedScene {
    toml::table table;                  // the scene's keys, as in a [[scenes]] table without id and links
    std::shared_ptr<const SourceFile> file;
    std::filesystem::path dir;          // content/shared: where its pictures are
    int uses = 0;
};

// Everything loaded from a content folder, before the pack is emitted.
struct Content {
    kiosk::core::PackData pack;                 // modules/sites/strings in the first language; no assets yet
    std::vector<ModuleSource> module_sources;   // parallel to pack.modules
    std::map<std::string, Location> string_locations;  // string key -> where its English is written
    std::vector<AssetRef> asset_refs;           // every asset use, in source order
    std::string language;                       // the language the TOML is written in
    std::vector<ModuleFlow> flows;              // parallel to pack.modules once CheckFlow has run
    std::map<std::string, SharedScene> shared_scenes;  // content/shared/<id>.toml, by id
    // A string of a shared scene as a module uses it -> the scene's own key, which its translation has:
    // "what-to-do-next/who-to-tell/text" -> "shared/who-to-tell/text".
    std::map<std::string, std::string> shared_keys;
};

// The key a string's translation is filed under: a shared scene's own key, or the string's.
inline const std::string& PoKeyOf(const Content& content, const std::string& key) {
    auto shared = content.shared_keys.find(key);
    return shared == content.shared_keys.end() ? key : shared->second;
}

}  // namespace author
