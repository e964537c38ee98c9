// Loads one module.toml: module settings, sources and scenes, with the checks that need only one scene
// at a time (keys per scene kind, question rules, option rules). Links and flow are checked later.
//
// [SECTION] key tables per scene kind
// [SECTION] film chapters and pauses: module_loader_film.cpp
// [SECTION] options: module_loader_options.cpp
// [SECTION] scenes
// [SECTION] module
// (What these files share: module_loader_internal.h.)
#include <algorithm>
#include <map>
#include <set>

#include "core/util/did_you_mean.h"
#include "loaders.h"
#include "module_loader_internal.h"
#include "toml_load.h"

namespace author {

using kiosk::core::DidYouMean;
namespace {

using kiosk::core::QuestionType;
using kiosk::core::SceneKind;

//-----------------------------------------------------------------------------
// [SECTION] key tables per scene kind
//-----------------------------------------------------------------------------

const std::vector<std::string> kCommonSceneKeys = {"id", "kind", "title", "next", "routes", "must_see"};

std::vector<std::string> KeysFor(SceneKind kind) {
    switch (kind) {
        case SceneKind::Info: return {"text", "image", "alt"};
        case SceneKind::Film: return {"video", "captions", "must_watch", "chapters", "pauses"};
        case SceneKind::Question:
            return {"question", "prompt", "explanation", "points", "image", "alt", "options", "answer", "feedback"};
        case SceneKind::Choice: return {"prompt", "options"};
        case SceneKind::End: return {"text", "signposting"};
    }
    return {};
}

const std::vector<SceneKind> kAllKinds = {SceneKind::Info, SceneKind::Film, SceneKind::Question, SceneKind::Choice,
                                          SceneKind::End};

// Keys that other scene kinds use, with a reason naming those kinds: a misplaced key is E017, not E010.
std::vector<std::pair<std::string, std::string>> MisplacedKeys(SceneKind kind) {
    std::map<std::string, std::vector<std::string>> users;
    for (SceneKind other : kAllKinds)
        for (const std::string& key : KeysFor(other)) users[key].push_back(kiosk::core::ToString(other));
    std::vector<std::string> own = KeysFor(kind);
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& [key, kinds] : users) {
        if (std::find(own.begin(), own.end(), key) != own.end()) continue;
        std::string list;
        for (std::size_t i = 0; i < kinds.size(); ++i) list += (i ? (i + 1 == kinds.size() ? " and " : ", ") : "") + kinds[i];
        out.emplace_back(key, "only " + list + " scenes use it");
    }
    if (kind == SceneKind::End) {
        out.emplace_back("next", "an end scene finishes the module");
        out.emplace_back("routes", "an end scene finishes the module");
    }
    return out;
}

std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out;
}

// Reads `video`/`captions`: a path for the first language, or a table of language -> path.
// `where` gets each path's location; `languages` each language key's (table form only).
std::map<std::string, std::string> ReadMedia(TableReader& reader, std::string_view key, Need need, const std::string& language,
                                             std::vector<std::pair<std::string, Location>>& where,
                                             std::vector<std::pair<std::string, Location>>& languages) {
    std::map<std::string, std::string> out;
    const toml::node* node = reader.Node(key);
    if (!node) {
        if (need == Need::Required)
            reader.Diags().Add(key == "captions" ? "E063" : "E011", reader.HeaderLocation(),
                               key == "captions" ? reader.What() + " has no captions; add captions = \"film/" + language + ".vtt\""
                                                 : reader.What() + " needs '" + std::string(key) + "'");
        return out;
    }
    if (auto s = node->as_string()) {
        out[language] = s->get();
        where.emplace_back(language, reader.LocationOf(*node));
    } else if (auto t = node->as_table()) {
        for (auto&& [lang, value] : *t) {
            if (!value.is_string()) {
                reader.WrongType(key, value, "a file path");
                continue;
            }
            out[std::string(lang.str())] = value.as_string()->get();
            where.emplace_back(std::string(lang.str()), reader.LocationOf(value));
            Location lang_at = author::LocationOf(reader.File(), lang.source());
            lang_at.length = static_cast<int>(CodePoints(lang.str()));
            languages.emplace_back(std::string(lang.str()), lang_at);
        }
        if (!out.count(language) && key == "captions")
            reader.Diags().Add("E063", reader.LocationOf(*node), reader.What() + " has no captions in '" + language + "', the pack's first language");
    } else {
        reader.WrongType(key, *node, "a file path or a table of language = path");
    }
    return out;
}

// Records an asset use: checks the path shape now, the file itself later (assets.cpp).
std::string AddAsset(SceneContext& ctx, SceneSource& source, const std::string& written, const Location& where,
                     AssetRef::Kind kind) {
    std::filesystem::path rel(written);
    bool escapes = written.empty() || rel.is_absolute() || written.find('\\') != std::string::npos;
    for (const auto& part : rel)
        if (part == "..") escapes = true;
    if (escapes) {
        ctx.diags.Add("E066", where, "'" + written + "' must be a path inside the " + (ctx.shared ? "shared" : "module") +
                                         " folder, such as \"images/sign.png\"");
        return {};
    }
    AssetRef ref;
    ref.pack_path = (ctx.pack_dir.empty() ? "modules/" + ctx.module_id : ctx.pack_dir) + "/" + rel.lexically_normal().generic_string();
    ref.disk_path = ctx.module_dir / rel;
    ref.display_path = ctx.display_dir + "/" + rel.lexically_normal().generic_string();
    ref.written = rel.lexically_normal().generic_string();
    ref.where = where;
    ref.kind = kind;
    source.assets.push_back(ref);
    ctx.content.asset_refs.push_back(ref);
    return ref.pack_path;
}

//-----------------------------------------------------------------------------
// [SECTION] scenes
//-----------------------------------------------------------------------------

}  // namespace

void LoadLinks(SceneContext& ctx, TableReader& named, const SourceFile& file, kiosk::core::Scene& scene, SceneSource& source,
               const std::string& sid) {
    if (auto next = named.Id("next", Need::Optional)) {
        scene.next = *next;
        source.next_loc = named.ValueLocation("next");
        source.explicit_next = true;
    }
    if (auto must_see = named.Bool("must_see")) {
        scene.must_see = *must_see;
        source.must_see_loc = named.KeyLocation("must_see");
    }
    if (const toml::array* routes = named.Array("routes", Need::Optional)) {
        for (const toml::node& node : *routes) {
            if (!node.is_table()) {
                named.WrongType("routes", node, "a table ([[scenes.routes]])");
                continue;
            }
            TableReader route_reader(*node.as_table(), file, ctx.diags, "a route of scene '" + sid + "'");
            route_reader.CheckKeys({"if", "goto"});
            kiosk::core::Route route;
            RouteSource rsrc;
            route.go_to = route_reader.Id("goto", Need::Required).value_or("");
            rsrc.goto_loc = route_reader.ValueLocation("goto");
            if (auto condition = route_reader.Text("if", Need::Optional)) {
                route.condition = *condition;
                rsrc.if_loc = route_reader.ValueLocation("if");
            }
            scene.routes.push_back(std::move(route));
            source.routes.push_back(std::move(rsrc));
        }
    }
}

void LoadScene(SceneContext& ctx, const toml::table& table, const SourceFile& file, std::size_t index,
               kiosk::core::Module& module, ModuleSource& msrc, const std::string* id) {
    kiosk::core::Scene scene;
    SceneSource source;
    TableReader reader(table, file, ctx.diags, "scene " + std::to_string(index + 1));
    scene.id = id ? *id : reader.Id("id", Need::Required).value_or("");
    source.id_loc = reader.Has("id") ? reader.ValueLocation("id") : reader.HeaderLocation();
    TableReader named(table, file, ctx.diags, scene.id.empty() ? reader.What() : "scene '" + scene.id + "'");
    const std::string& m = ctx.module_id;
    const std::string sid = scene.id.empty() ? "#" + std::to_string(index + 1) : scene.id;

    auto kind_text = named.String("kind", Need::Required);
    std::optional<SceneKind> kind = kind_text ? kiosk::core::SceneKindFromString(*kind_text) : std::nullopt;
    if (kind_text && !kind) {
        ctx.diags.Add("E016", named.ValueLocation("kind"),
                      "'" + *kind_text + "' is not a scene kind; use info, film, question, choice or end" +
                          DidYouMean(*kind_text, {"info", "film", "question", "choice", "end"}));
    }
    if (!kind) {
        // Without a kind we cannot tell which keys belong; keep the scene so links to it still resolve.
        scene.kind = SceneKind::Info;
        module.scenes.push_back(std::move(scene));
        msrc.scenes.push_back(std::move(source));
        return;
    }
    scene.kind = *kind;
    if (ctx.shared && (scene.kind == SceneKind::Film || scene.kind == SceneKind::Choice))
        ctx.diags.Add("E022", named.ValueLocation("kind"),
                      std::string("a shared scene cannot be a ") + (scene.kind == SceneKind::Film ? "film: its film, chapters and pauses" : "choice: where its options lead") +
                          " belong to one module; write it in that module");
    std::vector<std::string> allowed = kCommonSceneKeys;
    for (auto& k : KeysFor(scene.kind)) allowed.push_back(k);
    auto misplaced = MisplacedKeys(scene.kind);

    if (scene.kind == SceneKind::Question) {
        auto type_text = named.String("question", Need::Required);
        auto type = type_text ? kiosk::core::QuestionTypeFromString(*type_text) : std::nullopt;
        if (type_text && !type)
            ctx.diags.Add("E016", named.ValueLocation("question"),
                          "'" + *type_text + "' is not a question type; use single, multi, truefalse, hotspot or order" +
                              DidYouMean(*type_text, {"single", "multi", "truefalse", "hotspot", "order"}));
        scene.question = type.value_or(QuestionType::Single);
        auto drop = [&](const char* key, const char* reason) {
            allowed.erase(std::remove(allowed.begin(), allowed.end(), key), allowed.end());
            misplaced.emplace_back(key, reason);
        };
        if (scene.question == QuestionType::TrueFalse) {
            drop("options", "a true/false question uses 'answer' instead of options");
        } else {
            drop("answer", "only true/false questions have an 'answer'");
            drop("feedback", "put feedback on each option");
        }
    }
    if (ctx.shared) {
        // A shared scene is used by several modules: where it leads is each module's to say.
        for (const char* link : {"id", "next", "routes", "must_see"}) {
            allowed.erase(std::remove(allowed.begin(), allowed.end(), link), allowed.end());
            misplaced.emplace_back(link, link == std::string("id") ? "a shared scene's id is its file name"
                                                                    : "write it in the module, beside use = \"...\"");
        }
    }
    named.CheckKeys(allowed, misplaced);

    ReadString(named, "title", Need::Optional, ctx.content, kiosk::core::SceneKey(m, sid, "title"));
    LoadLinks(ctx, named, file, scene, source, sid);

    auto image = [&](bool required) {
        if (auto path = named.String("image", required ? Need::Required : Need::Optional)) {
            scene.image = AddAsset(ctx, source, *path, named.ValueLocation("image"), AssetRef::Kind::Image);
            if (!named.Has("alt"))
                ctx.diags.Add("E064", named.ValueLocation("image"), "image '" + *path + "' in scene '" + sid + "' has no alt text; add alt = \"...\"");
        }
        ReadString(named, "alt", Need::Optional, ctx.content, kiosk::core::SceneKey(m, sid, "alt"));
    };

    switch (scene.kind) {
        case SceneKind::Info:
            ReadString(named, "text", Need::Required, ctx.content, kiosk::core::SceneKey(m, sid, "text"));
            image(false);
            break;
        case SceneKind::End:
            ReadString(named, "text", Need::Required, ctx.content, kiosk::core::SceneKey(m, sid, "text"));
            scene.signposting = named.Bool("signposting").value_or(true);
            break;
        case SceneKind::Film: {
            std::vector<std::pair<std::string, Location>> video_where, caption_where, languages;
            scene.video = ReadMedia(named, "video", Need::Required, ctx.content.language, video_where, languages);
            scene.captions = ReadMedia(named, "captions", Need::Required, ctx.content.language, caption_where, languages);
            for (auto& [lang, where] : video_where)
                scene.video[lang] = AddAsset(ctx, source, scene.video[lang], where, AssetRef::Kind::Film);
            for (auto& [lang, where] : caption_where)
                scene.captions[lang] = AddAsset(ctx, source, scene.captions[lang], where, AssetRef::Kind::Captions);
            for (auto& [lang, where] : languages)
                if (std::find(ctx.content.pack.languages.begin(), ctx.content.pack.languages.end(), lang) ==
                    ctx.content.pack.languages.end())
                    ctx.diags.Add("E084", where, "language '" + lang + "' is not in pack.toml's languages");
            scene.must_watch = named.Bool("must_watch").value_or(false);
            LoadChapters(ctx, named, scene, source, sid);
            LoadPauses(ctx, named, scene, source, sid);
            break;
        }
        case SceneKind::Question:
            ReadString(named, "prompt", Need::Required, ctx.content, kiosk::core::SceneKey(m, sid, "prompt"));
            ReadString(named, "explanation", Need::Optional, ctx.content, kiosk::core::SceneKey(m, sid, "explanation"));
            scene.points = static_cast<int>(named.Int("points", Need::Optional, 0, 100).value_or(1));
            image(scene.question == QuestionType::Hotspot);
            if (scene.question == QuestionType::TrueFalse) {
                ReadString(named, "feedback", Need::Optional, ctx.content, kiosk::core::SceneKey(m, sid, "feedback"));
                const toml::node* answer = named.Node("answer");
                if (!answer) {
                    ctx.diags.Add("E011", named.HeaderLocation(), "true/false question '" + sid + "' needs 'answer = true' or 'answer = false'");
                } else if (auto value = named.Bool("answer")) {
                    // The two options are implied; the kiosk labels them in the learner's language.
                    scene.options.push_back({"true", *value, {}, 0, {}, std::nullopt});
                    scene.options.push_back({"false", !*value, {}, 0, {}, std::nullopt});
                    source.options.resize(2, OptionSource{named.ValueLocation("answer"), {}, {}, {}});
                }
            } else {
                LoadOptions(ctx, named, scene, source);
            }
            break;
        case SceneKind::Choice:
            ReadString(named, "prompt", Need::Required, ctx.content, kiosk::core::SceneKey(m, sid, "prompt"));
            LoadOptions(ctx, named, scene, source);
            break;
    }
    module.scenes.push_back(std::move(scene));
    msrc.scenes.push_back(std::move(source));
}

//-----------------------------------------------------------------------------
// [SECTION] module
//-----------------------------------------------------------------------------

void LoadModuleFile(const toml::table& root, const SourceFile& file, const std::string& folder_name,
                    const std::filesystem::path& module_dir, Content& content, Diagnostics& diags) {
    TableReader reader(root, file, diags, "module.toml");
    reader.CheckKeys({"id", "title", "summary", "audience", "minutes", "pass_mark", "content_warning", "sensitive",
                      "reading_age", "start", "reviewed_by", "reviewed_on", "reviewed_hash", "review_notes", "sources", "scenes"});
    kiosk::core::Module module;
    ModuleSource msrc;
    msrc.file = file.Path();
    module.id = reader.Id("id", Need::Required).value_or("");
    msrc.id_loc = reader.ValueLocation("id");
    if (!module.id.empty() && module.id != folder_name)
        diags.Add("E018", msrc.id_loc, "module id '" + module.id + "' does not match its folder '" + folder_name +
                                           "'; rename one so they are the same");
    // Keys stay stable for translators even when the id is wrong: use the folder name.
    const std::string m = folder_name;
    module.id = folder_name;

    ReadString(reader, "title", Need::Required, content, kiosk::core::ModuleKey(m, "title"));
    ReadString(reader, "summary", Need::Required, content, kiosk::core::ModuleKey(m, "summary"));
    module.has_content_warning =
        ReadString(reader, "content_warning", Need::Optional, content, kiosk::core::ModuleKey(m, "content_warning")).has_value();
    if (auto sensitive = reader.Bool("sensitive")) {
        msrc.sensitive = *sensitive;
        msrc.sensitive_loc = reader.KeyLocation("sensitive");
    }
    // A UK reading age; the readability lint (lints.cpp) warns about text harder than this.
    msrc.reading_age = static_cast<int>(reader.Int("reading_age", Need::Optional, 7, 18).value_or(12));
    module.minutes = static_cast<int>(reader.Int("minutes", Need::Required, 1, 120).value_or(0));
    module.pass_mark = static_cast<int>(reader.Int("pass_mark", Need::Required, 0, 100, "E070").value_or(0));
    if (auto audience = reader.StringList("audience", Need::Required)) {
        const auto& roles = kiosk::core::RoleCategories();
        for (auto& [role, where] : *audience) {
            if (std::find(roles.begin(), roles.end(), role) == roles.end())
                diags.Add("E016", where, "'" + role + "' is not a role category; use one of " + Join(roles) + DidYouMean(role, roles));
            else
                module.audience.push_back(role);
        }
    }
    if (auto start = reader.Id("start", Need::Optional)) {
        module.start = *start;
        msrc.start_loc = reader.ValueLocation("start");
        msrc.explicit_start = true;
    }

    // The review trail; review_checks.cpp compares it with the module as it is now.
    if (auto by = reader.Text("reviewed_by", Need::Optional)) {
        msrc.reviewed_by = *by;
        msrc.reviewed_by_loc = reader.ValueLocation("reviewed_by");
    }
    if (auto on = reader.Date("reviewed_on", Need::Optional)) {
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", int(on->year), int(on->month), int(on->day));
        msrc.reviewed_on = buffer;
        msrc.reviewed_on_loc = reader.ValueLocation("reviewed_on");
    }
    if (auto hash = reader.Text("reviewed_hash", Need::Optional)) {
        msrc.reviewed_hash = *hash;
        msrc.reviewed_hash_loc = reader.ValueLocation("reviewed_hash");
    }

    if (const toml::array* notes = reader.Array("review_notes", Need::Optional)) {
        for (const toml::node& node : *notes) {
            if (!node.is_table()) {
                reader.WrongType("review_notes", node, "a table ([[review_notes]])");
                continue;
            }
            TableReader nr(*node.as_table(), file, diags, "review note " + std::to_string(msrc.review_notes.size() + 1));
            nr.CheckKeys({"about", "text", "source"});
            ReviewNote note;
            note.about = nr.Text("about", Need::Required).value_or("");
            note.text = nr.Text("text", Need::Required).value_or("");
            note.source = nr.Text("source", Need::Optional).value_or("");
            if (!note.source.empty() && note.source.rfind("https://", 0) != 0 && note.source.rfind("http://", 0) != 0)
                diags.Add("E072", nr.ValueLocation("source"), "'" + note.source + "' is not a web address; start it with https://");
            msrc.review_notes.push_back(std::move(note));
        }
    }

    const toml::array* sources = reader.Array("sources", Need::Optional);
    if (!sources || sources->empty()) {
        diags.Add("E071", sources ? reader.ValueLocation("sources") : Location{file.Path(), 0, 0, 1},
                  "module '" + m + "' lists no sources; add [[sources]] with title, url and checked");
    } else {
        for (const toml::node& node : *sources) {
            if (!node.is_table()) {
                reader.WrongType("sources", node, "a table ([[sources]])");
                continue;
            }
            TableReader src(*node.as_table(), file, diags, "source " + std::to_string(module.sources.size() + 1));
            src.CheckKeys({"title", "url", "checked"});
            kiosk::core::Source source;
            source.title = src.Text("title", Need::Required).value_or("");
            source.url = src.Text("url", Need::Required).value_or("");
            if (!source.url.empty() && source.url.rfind("https://", 0) != 0 && source.url.rfind("http://", 0) != 0)
                diags.Add("E072", src.ValueLocation("url"), "'" + source.url + "' is not a web address; start it with https://");
            if (auto date = src.Date("checked", Need::Required)) {
                char buffer[16];
                std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", int(date->year), int(date->month), int(date->day));
                source.checked = buffer;
            }
            msrc.source_checked_locs.push_back(src.ValueLocation("checked"));
            module.sources.push_back(std::move(source));
        }
    }

    std::string display_dir = file.Path().substr(0, file.Path().rfind('/'));
    SceneContext ctx{m, module_dir, display_dir, content, diags, "", false};
    if (const toml::array* scenes = reader.Array("scenes", Need::Required)) {
        for (const toml::node& node : *scenes) {
            if (!node.is_table()) {
                reader.WrongType("scenes", node, "a table ([[scenes]])");
                continue;
            }
            if (node.as_table()->contains("use")) LoadSharedUse(ctx, *node.as_table(), file, module, msrc);
            else LoadScene(ctx, *node.as_table(), file, module.scenes.size(), module, msrc);
        }
        if (scenes->empty()) diags.Add("E011", reader.ValueLocation("scenes"), "module '" + m + "' has no scenes");
    }
    content.pack.modules.push_back(std::move(module));
    content.module_sources.push_back(std::move(msrc));
}

}  // namespace author
