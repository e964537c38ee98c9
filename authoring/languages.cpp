// Language names for messages (languages.h).
#include "languages.h"

#include <map>

namespace author {

std::string LanguageName(const std::string& code) {
    static const std::map<std::string, std::string> names = {{"en", "English"}, {"cy", "Welsh"}, {"pl", "Polish"},
                                                             {"ro", "Romanian"}, {"ur", "Urdu"}};
    auto it = names.find(code);
    return it == names.end() ? "'" + code + "'" : it->second + " (" + code + ")";
}

}  // namespace author
