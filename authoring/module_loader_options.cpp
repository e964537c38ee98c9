// The [[scenes.options]] of a question or choice scene (see module_loader.cpp): which keys each kind of
// option takes, and the rules on their ids, `set` values, hotspot regions and how many are correct.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loaders.h"
#include "module_loader_internal.h"
#include "toml_load.h"

namespace author {

//-----------------------------------------------------------------------------
// [SECTION] options
//-----------------------------------------------------------------------------

namespace {

using kiosk::core::QuestionType;
using kiosk::core::SceneKind;

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

}  // namespace

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

}  // namespace author
