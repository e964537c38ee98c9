// Loads one module.toml: module settings, sources and scenes, with the checks that need only one scene
// at a time (keys per scene kind, question rules, option rules). Links and flow are checked later.
//
// [SECTION] key tables per scene kind
// [SECTION] film chapters and pauses
// [SECTION] options
// [SECTION] scenes
// [SECTION] module
#include <algorithm>
#include <map>
#include <set>

#include "core/util/did_you_mean.h"
#include "loaders.h"
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

// Turns a TOML value from `set = { ... }` into the literal text ParseLiteral understands.
std::optional<std::string> LiteralText(const toml::node& node) {
    if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
    if (auto i = node.as_integer()) return std::to_string(i->get());
    if (auto s = node.as_string()) {
        std::string out = "\"";
        for (char c : s->get()) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        return out + "\"";
    }
    return std::nullopt;
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

// Parses "mm:ss" or "hh:mm:ss" into milliseconds.
std::optional<int> ParseClock(const std::string& text) {
    int parts[3] = {0, 0, 0};
    int count = 0;
    std::size_t i = 0;
    while (i <= text.size() && count < 3) {
        std::size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        if (i == start || i - start > 2) return std::nullopt;
        parts[count++] = std::stoi(text.substr(start, i - start));
        if (i == text.size()) break;
        if (text[i] != ':') return std::nullopt;
        ++i;
    }
    if (i != text.size() || count < 2) return std::nullopt;
    int h = count == 3 ? parts[0] : 0, m = parts[count - 2], s = parts[count - 1];
    if (m > 59 || s > 59) return std::nullopt;
    return ((h * 60 + m) * 60 + s) * 1000;
}

struct SceneContext {
    const std::string& module_id;
    const std::filesystem::path& module_dir;
    std::string display_dir;  // the module folder as messages show it
    Content& content;
    Diagnostics& diags;
};

// Records an asset use: checks the path shape now, the file itself later (assets.cpp).
std::string AddAsset(SceneContext& ctx, SceneSource& source, const std::string& written, const Location& where,
                     AssetRef::Kind kind) {
    std::filesystem::path rel(written);
    bool escapes = written.empty() || rel.is_absolute() || written.find('\\') != std::string::npos;
    for (const auto& part : rel)
        if (part == "..") escapes = true;
    if (escapes) {
        ctx.diags.Add("E066", where, "'" + written + "' must be a path inside the module folder, such as \"images/sign.png\"");
        return {};
    }
    AssetRef ref;
    ref.pack_path = "modules/" + ctx.module_id + "/" + rel.lexically_normal().generic_string();
    ref.disk_path = ctx.module_dir / rel;
    ref.display_path = ctx.display_dir + "/" + rel.lexically_normal().generic_string();
    ref.where = where;
    ref.kind = kind;
    source.assets.push_back(ref);
    ctx.content.asset_refs.push_back(ref);
    return ref.pack_path;
}

//-----------------------------------------------------------------------------
// [SECTION] film chapters and pauses
//-----------------------------------------------------------------------------

// Reads a chapter's or pause's `at`: E073 unless it is a clock time later than `previous` (the one above
// it, -1 for the first). Returns the time in ms; `previous` moves on only for a valid time, so one typo
// is reported once rather than again on the entry below it.
std::optional<int> ReadTime(SceneContext& ctx, TableReader& reader, const char* what, int& previous,
                            const std::string& previous_text) {
    auto at = reader.String("at", Need::Required);
    if (!at) return std::nullopt;
    auto ms = ParseClock(*at);
    Location where = reader.ValueLocation("at");
    if (!ms) {
        ctx.diags.Add("E073", where, "'" + *at + "' is not a time; write \"mm:ss\" or \"hh:mm:ss\" with minutes and seconds from 00 to 59");
        return std::nullopt;
    }
    if (*ms == previous) {
        ctx.diags.Add("E073", where, std::string(what) + " at " + *at + " is at the same time as an earlier " + what +
                                         "; give each " + what + " its own time");
        return std::nullopt;
    }
    if (*ms < previous) {
        ctx.diags.Add("E073", where, std::string(what) + " at " + *at + " comes before the " + what + " above it (" +
                                         previous_text + "); list them in time order");
        return std::nullopt;
    }
    previous = *ms;
    return ms;
}

// [[scenes.chapters]]: `at` and a title (a translatable string).
void LoadChapters(SceneContext& ctx, TableReader& named, kiosk::core::Scene& scene, SceneSource& source, const std::string& sid) {
    const toml::array* chapters = named.Array("chapters", Need::Optional);
    if (!chapters) return;
    int previous = -1;
    std::string previous_text;
    for (const toml::node& node : *chapters) {
        if (!node.is_table()) {
            named.WrongType("chapters", node, "a table ([[scenes.chapters]])");
            continue;
        }
        TableReader reader(*node.as_table(), named.File(), ctx.diags, "a chapter of scene '" + sid + "'");
        reader.CheckKeys({"at", "title"});
        std::size_t ci = scene.chapters.size();
        ReadString(reader, "title", Need::Required, ctx.content, kiosk::core::ChapterKey(ctx.module_id, sid, ci));
        kiosk::core::Chapter chapter;
        if (auto ms = ReadTime(ctx, reader, "chapter", previous, previous_text)) {
            chapter.at_ms = *ms;
            previous_text = reader.String("at", Need::Optional).value_or("");
            source.chapter_at.push_back(reader.ValueLocation("at"));
        } else {
            chapter.at_ms = -1;  // invalid: reported above; later checks skip it
            source.chapter_at.push_back(Location{});
        }
        scene.chapters.push_back(chapter);
    }
}

// `pauses = [{ at = "01:12", question = "q-noticed" }]` (or [[scenes.pauses]]): the film stops at each
// time and asks that question scene. Whether the scene exists and may be used so is a flow check.
void LoadPauses(SceneContext& ctx, TableReader& named, kiosk::core::Scene& scene, SceneSource& source, const std::string& sid) {
    const toml::array* pauses = named.Array("pauses", Need::Optional);
    if (!pauses) return;
    int previous = -1;
    std::string previous_text;
    for (const toml::node& node : *pauses) {
        if (!node.is_table()) {
            named.WrongType("pauses", node, "a table: { at = \"01:12\", question = \"scene-id\" }");
            continue;
        }
        TableReader reader(*node.as_table(), named.File(), ctx.diags, "a pause of scene '" + sid + "'");
        reader.CheckKeys({"at", "question"});
        kiosk::core::FilmPause pause;
        PauseSource psrc;
        pause.question = reader.Id("question", Need::Required).value_or("");
        psrc.question_loc = reader.ValueLocation("question");
        if (auto ms = ReadTime(ctx, reader, "pause", previous, previous_text)) {
            pause.at_ms = *ms;
            psrc.at_text = previous_text = reader.String("at", Need::Optional).value_or("");
            psrc.at_loc = reader.ValueLocation("at");
        } else {
            pause.at_ms = -1;  // invalid: reported above; the question is still resolved, so no knock-on warnings
        }
        scene.pauses.push_back(std::move(pause));
        source.pauses.push_back(std::move(psrc));
    }
}

//-----------------------------------------------------------------------------
// [SECTION] options
//-----------------------------------------------------------------------------

void LoadOptions(SceneContext& ctx, TableReader& scene_reader, kiosk::core::Scene& scene, SceneSource& source) {
    const bool is_choice = scene.kind == SceneKind::Choice;
    const QuestionType type = scene.question;
    const toml::array* array = scene_reader.Array("options", Need::Required);
    if (!array) return;

    std::vector<std::string> allowed = {"id", "text", "feedback"};
    std::vector<std::pair<std::string, std::string>> misplaced;
    auto allow = [&](const char* key, bool yes, const char* reason) {
        if (yes) allowed.push_back(key);
        else misplaced.emplace_back(key, reason);
    };
    allow("correct", !is_choice && type != QuestionType::Order,
          is_choice ? "a choice has no right answer; use 'score' or 'set'" : "an order question's right answer is the order the options are listed in");
    allow("region", type == QuestionType::Hotspot, "only hotspot questions have regions");
    allow("goto", is_choice, "only choice options lead to scenes");
    allow("score", is_choice, "questions score through 'points' on the scene");
    allow("set", is_choice, "only choice options set variables");

    std::map<std::string, Location> ids;
    for (const toml::node& node : *array) {
        if (!node.is_table()) {
            scene_reader.WrongType("options", node, "a table ([[scenes.options]])");
            continue;
        }
        TableReader reader(*node.as_table(), scene_reader.File(), ctx.diags,
                           "option " + std::to_string(scene.options.size() + 1) + " of scene '" + scene.id + "'");
        reader.CheckKeys(allowed, misplaced);
        kiosk::core::Option option;
        OptionSource osrc;
        option.id = reader.Id("id", Need::Required).value_or("");
        osrc.id_loc = reader.ValueLocation("id");
        if (!option.id.empty()) {
            auto [it, inserted] = ids.emplace(option.id, osrc.id_loc);
            if (!inserted) {
                ctx.diags.Add("E020", osrc.id_loc, "option id '" + option.id + "' is used twice in scene '" + scene.id + "'")
                    .notes.push_back({it->second, "first defined here"});
            }
        }
        std::string key_id = option.id.empty() ? std::to_string(scene.options.size()) : option.id;
        ReadString(reader, "text", Need::Required, ctx.content,
                   kiosk::core::OptionKey(ctx.module_id, scene.id, key_id, "text"));
        ReadString(reader, "feedback", Need::Optional, ctx.content,
                   kiosk::core::OptionKey(ctx.module_id, scene.id, key_id, "feedback"));
        option.correct = reader.Has("correct") && std::count(allowed.begin(), allowed.end(), "correct")
                             ? reader.Bool("correct").value_or(false)
                             : false;
        if (is_choice) {
            if (auto go_to = reader.Id("goto", Need::Optional)) {
                option.go_to = *go_to;
                osrc.goto_loc = reader.ValueLocation("goto");
            }
            option.score = static_cast<int>(reader.Int("score", Need::Optional, -100, 100).value_or(0));
            if (const toml::table* set = reader.Table("set", Need::Optional)) {
                for (auto&& [name, value] : *set) {
                    auto literal = LiteralText(value);
                    Location where = reader.LocationOf(value);
                    if (!literal) {
                        ctx.diags.Add("E012", where, "variable '" + std::string(name.str()) +
                                                         "' should be set to true/false, a whole number or a string, not " +
                                                         std::string(TypeName(value)));
                        continue;
                    }
                    if (name.str() == "score") {
                        ctx.diags.Add("E017", where, "'score' is kept by the kiosk; change it with 'score = N' on the option");
                        continue;
                    }
                    option.set.push_back({std::string(name.str()), *literal});
                    Location name_at = author::LocationOf(reader.File(), name.source());
                    name_at.length = static_cast<int>(CodePoints(name.str()));
                    osrc.sets.emplace_back(std::string(name.str()), name_at);
                }
            }
        }
        if (type == QuestionType::Hotspot) {
            if (const toml::array* region = reader.Array("region", Need::Required)) {
                osrc.region_loc = reader.ValueLocation("region");
                bool ok = region->size() == 4 && region->is_homogeneous(toml::node_type::integer);
                if (!ok) {
                    ctx.diags.Add("E012", osrc.region_loc, "'region' should be [x, y, width, height] in whole pixels");
                } else {
                    option.region = kiosk::core::Rect{static_cast<int>(region->at(0).as_integer()->get()),
                                                      static_cast<int>(region->at(1).as_integer()->get()),
                                                      static_cast<int>(region->at(2).as_integer()->get()),
                                                      static_cast<int>(region->at(3).as_integer()->get())};
                }
            }
        }
        scene.options.push_back(std::move(option));
        source.options.push_back(std::move(osrc));
    }

    // Counting rules, reported at the scene's `options` key.
    Location at = scene_reader.KeyLocation("options");
    std::size_t correct = std::count_if(scene.options.begin(), scene.options.end(), [](auto& o) { return o.correct; });
    std::size_t minimum = (is_choice || type == QuestionType::Hotspot) ? 1 : 2;
    if (scene.options.size() < minimum) {
        ctx.diags.Add("E052", at, "scene '" + scene.id + "' has " + std::to_string(scene.options.size()) +
                                      " option" + (scene.options.size() == 1 ? "" : "s") + "; it needs at least " +
                                      std::to_string(minimum));
    } else if (!is_choice && type != QuestionType::Order && correct == 0) {
        ctx.diags.Add("E050", at, type == QuestionType::Hotspot
                                      ? "hotspot question '" + scene.id + "' marks no region as a sign (correct = true)"
                                      : "question '" + scene.id + "' has no option with correct = true");
    } else if (type == QuestionType::Single && correct > 1) {
        ctx.diags.Add("E051", at, "single-answer question '" + scene.id + "' has " + std::to_string(correct) +
                                      " correct options; use question = \"multi\" for \"select all\"");
    }
}

//-----------------------------------------------------------------------------
// [SECTION] scenes
//-----------------------------------------------------------------------------

void LoadScene(SceneContext& ctx, const toml::table& table, const SourceFile& file, std::size_t index,
               kiosk::core::Module& module, ModuleSource& msrc) {
    kiosk::core::Scene scene;
    SceneSource source;
    TableReader reader(table, file, ctx.diags, "scene " + std::to_string(index + 1));
    scene.id = reader.Id("id", Need::Required).value_or("");
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
    named.CheckKeys(allowed, misplaced);

    ReadString(named, "title", Need::Optional, ctx.content, kiosk::core::SceneKey(m, sid, "title"));
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

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] module
//-----------------------------------------------------------------------------

void LoadModuleFile(const toml::table& root, const SourceFile& file, const std::string& folder_name,
                    const std::filesystem::path& module_dir, Content& content, Diagnostics& diags) {
    TableReader reader(root, file, diags, "module.toml");
    reader.CheckKeys({"id", "title", "summary", "audience", "minutes", "pass_mark", "content_warning", "sensitive",
                      "reading_age", "start", "sources", "scenes"});
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
            module.sources.push_back(std::move(source));
        }
    }

    std::string display_dir = file.Path().substr(0, file.Path().rfind('/'));
    SceneContext ctx{m, module_dir, display_dir, content, diags};
    if (const toml::array* scenes = reader.Array("scenes", Need::Required)) {
        for (const toml::node& node : *scenes) {
            if (!node.is_table()) {
                reader.WrongType("scenes", node, "a table ([[scenes]])");
                continue;
            }
            LoadScene(ctx, *node.as_table(), file, module.scenes.size(), module, msrc);
        }
        if (scenes->empty()) diags.Add("E011", reader.ValueLocation("scenes"), "module '" + m + "' has no scenes");
    }
    content.pack.modules.push_back(std::move(module));
    content.module_sources.push_back(std::move(msrc));
}

}  // namespace author
