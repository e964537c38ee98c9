// "Did you mean ...?" suggestions for misspelt keys, ids, values and script commands. Shared by the
// compiler's diagnostics and the kiosk's script parser so both suggest the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

// The candidate closest to `word` (ignoring case) by edit distance, if it is close enough to be a
// plausible typo: at most a third of the word's letters (at least one) wrong.
std::optional<std::string> ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "" — ready to append to a message.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace kiosk::core
