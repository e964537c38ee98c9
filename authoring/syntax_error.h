// toml++'s parse errors in a trainer's words, at the line where the mistake starts: an unclosed """
// reported where it opened (not where toml++ ran into the next scene), a quote inside a text, a table
// written [x] where the others are [[x]], a key set twice. Others pass through as toml++ words them.
#pragma once

#include <toml++/toml.h>

#include "diagnostic.h"
#include "source_file.h"

namespace author {

void ReportSyntaxError(const SourceFile& file, const toml::parse_error& error, Diagnostics& diags);

}  // namespace author
