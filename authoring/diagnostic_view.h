// What a trainer reads from a compile: translation-coverage warnings said once per kind and language
// (not once per file, ahead of the problem in hand), only one module's diagnostics when asked, and a
// summary that says when --strict counts warnings as errors.
#pragma once

#include <string>
#include <vector>

#include "diagnostic.h"

namespace author {

struct ViewOptions {
    std::string content_display;  // the content folder as paths in diagnostics begin ("content")
    std::string module;           // only this module's files (module.toml, its PO files); empty: all
    bool all = false;             // no merging: one line per file, as the compiler found them
    std::vector<std::string> allow;  // warning codes --strict lets through (--allow W081)
};

struct DiagnosticView {
    std::vector<Diagnostic> shown;           // merged lines first, then the others in file order
    std::size_t errors = 0, warnings = 0;    // in scope, counted before merging
    std::size_t strict_warnings = 0;         // of those warnings, the ones --strict refuses (not allowed)
    std::size_t other_errors = 0, other_warnings = 0;  // outside the module asked for
};

DiagnosticView ViewDiagnostics(const std::vector<Diagnostic>& all, const ViewOptions& options);
// True when `file` (as diagnostics name it) is one of module `id`'s files.
bool InModule(const std::string& file, const std::string& content_display, const std::string& id);
// "0 errors, 2 warnings", then what lies outside the module, then what --strict makes of the warnings.
std::string FormatViewSummary(const DiagnosticView& view, const ViewOptions& options, bool strict);

}  // namespace author
