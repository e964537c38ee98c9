// "Did you mean ...?" suggestions for misspelt keys, ids and values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace author {

// The candidate closest to `word` by edit distance, if it is close enough to be a plausible typo.
std::optional<std::string> ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "" — ready to append to a message.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace author
