// Reading a TOML content file safely: size cap, pre-scan, then toml++ with its error turned into E001.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <toml++/toml.h>

#include "diagnostic.h"
#include "source_file.h"

namespace author {

// Every file the compiler read, by display path, so diagnostics can quote their lines.
using SourceSet = std::map<std::string, std::shared_ptr<const SourceFile>>;

// Reads `path` (shown to the user as `display`), records it in `sources`, and parses it.
// Returns nothing when the file is missing, too large, hostile or not valid TOML (diagnostics say why).
std::optional<toml::table> LoadToml(const std::filesystem::path& path, const std::string& display,
                                    SourceSet& sources, Diagnostics& diags);

// Reads a whole file that must be a regular file no larger than `max_bytes`; on failure returns
// nothing and sets `error` to a short reason ("no such file", "is a directory", ...).
std::optional<std::string> ReadWholeFile(const std::filesystem::path& path, std::size_t max_bytes, std::string& error);

// The location of a toml++ source region; the length runs to the region's end or the end of its line.
Location LocationOf(const SourceFile& file, const toml::source_region& region);

}  // namespace author
