// Guards in front of toml++: Debian's toml++ 3.3 overflows the stack on deeply nested arrays/inline
// tables and on keys with huge numbers of dotted parts, so hostile input is caught here first.
#pragma once

#include <cstddef>
#include <string_view>

#include "diagnostic.h"
#include "source_file.h"

namespace author {

inline constexpr std::size_t kMaxFileBytes = 4u * 1024u * 1024u;
inline constexpr int kMaxNesting = 32;
inline constexpr int kMaxKeyParts = 32;

// Scans the text for nesting and dotted-key depth without parsing it; adds E003/E004 at the first
// offending position and returns false if the file must not be handed to toml++.
bool PrescanToml(const SourceFile& file, Diagnostics& diags);

}  // namespace author
