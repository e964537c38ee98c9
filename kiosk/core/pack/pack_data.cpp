// String keys and enum names for the pack model; kept beside pack_data.h so writer and reader share them.
#include "pack_data.h"

#include <algorithm>

namespace kiosk::core {

std::string PackKey(const std::string& field) { return "pack/" + field; }

std::string ModuleKey(const std::string& module, const std::string& field) { return module + "/" + field; }

std::string SceneKey(const std::string& module, const std::string& scene, const std::string& field) {
    return module + "/" + scene + "/" + field;
}

std::string OptionKey(const std::string& module, const std::string& scene, const std::string& option,
                      const std::string& field) {
    return module + "/" + scene + "/options/" + option + "/" + field;
}

std::string ChapterKey(const std::string& module, const std::string& scene, std::size_t index) {
    return module + "/" + scene + "/chapters/" + std::to_string(index) + "/title";
}

std::string ContactKey(const std::string& owner, std::size_t index, const std::string& field) {
    return owner + "/contacts/" + std::to_string(index) + "/" + field;
}

std::string FactKey(std::size_t index, const std::string& field) {
    return "pack/facts/" + std::to_string(index) + "/" + field;
}

std::string SiteKey(const std::string& site, const std::string& field) { return "site/" + site + "/" + field; }

int ScenePoints(const Scene& scene) {
    if (scene.kind == SceneKind::Question) return scene.points;
    if (scene.kind != SceneKind::Choice) return 0;
    int best = 0;
    for (const Option& option : scene.options) best = std::max(best, option.score);
    return best;
}

bool IsScoredChoice(const Scene& scene) { return scene.kind == SceneKind::Choice && ScenePoints(scene) > 0; }

const char* ToString(SceneKind kind) {
    switch (kind) {
        case SceneKind::Info: return "info";
        case SceneKind::Film: return "film";
        case SceneKind::Question: return "question";
        case SceneKind::Choice: return "choice";
        case SceneKind::End: return "end";
    }
    return "?";
}

const char* ToString(QuestionType type) {
    switch (type) {
        case QuestionType::None: return "";
        case QuestionType::Single: return "single";
        case QuestionType::Multi: return "multi";
        case QuestionType::TrueFalse: return "truefalse";
        case QuestionType::Hotspot: return "hotspot";
        case QuestionType::Order: return "order";
    }
    return "?";
}

std::optional<SceneKind> SceneKindFromString(std::string_view s) {
    for (SceneKind k : {SceneKind::Info, SceneKind::Film, SceneKind::Question, SceneKind::Choice, SceneKind::End})
        if (s == ToString(k)) return k;
    return std::nullopt;
}

std::optional<QuestionType> QuestionTypeFromString(std::string_view s) {
    for (QuestionType t : {QuestionType::Single, QuestionType::Multi, QuestionType::TrueFalse,
                           QuestionType::Hotspot, QuestionType::Order})
        if (s == ToString(t)) return t;
    return std::nullopt;
}

const std::vector<std::string>& RoleCategories() {
    static const std::vector<std::string> roles = {"police",  "health",   "social-care", "fire",  "housing",
                                                   "benefits", "voluntary", "business",    "other"};
    return roles;
}

}  // namespace kiosk::core
