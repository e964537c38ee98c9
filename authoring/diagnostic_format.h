// Printing diagnostics: GCC style with the source line and a caret (what editors and CI parse), or JSON.
#pragma once

#include <string>

#include "diagnostic.h"
#include "toml_load.h"

namespace author {

// "file:line:col: error[E030]: message", the quoted line and a caret under the span, then notes.
std::string FormatText(const Diagnostic& diagnostic, const SourceSet& sources);
// "2 errors, 1 warning" (or "no problems").
std::string FormatSummary(const Diagnostics& diagnostics);
// {"diagnostics": [...], "errors": N, "warnings": M}
std::string FormatJson(const Diagnostics& diagnostics);
std::string FormatJson(const std::vector<Diagnostic>& diagnostics);

}  // namespace author
