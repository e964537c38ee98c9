// Language names for messages: trainers and translators know "Welsh", not always "cy".
#pragma once

#include <string>

namespace author {

// "Welsh (cy)" for a language the project knows, otherwise the code in quotes ('xx').
std::string LanguageName(const std::string& code);

}  // namespace author
