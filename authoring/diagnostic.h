// Compiler diagnostics: a stable code, a position, a message and optional notes.
// The catalogue (diagnostic_catalog.cpp) fixes each code's severity and its `explain` text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace author {

enum class Severity { Error, Warning };

// A position in a source file. line 0 means "the whole file"; length is in code points (>= 1).
struct Location {
    std::string file;
    int line = 0;
    int column = 0;
    int length = 1;
};

struct Note {
    Location where;
    std::string message;
};

// Set on warnings that count something per file or per string in one language (translation coverage),
// so `check` can say them once for the language instead of once per file (diagnostic_view.h).
struct Tally {
    std::string group;    // what may be merged: "cy"
    std::string item;     // what this one counts for: the PO domain, "spot-the-signs"
    std::size_t count = 0;
    std::string what;     // the merged line's words after the total: "Welsh (cy) translations are marked fuzzy ..."
    std::string more;     // how to see each one; empty: "'kiosk-author i18n status --list' names each one"
};

struct Diagnostic {
    std::string code;  // "E030"
    Severity severity = Severity::Error;
    Location where;
    std::string message;
    std::vector<Note> notes;
    Tally tally;       // group empty: never merged
};

// One entry of the catalogue: what a code means and how to fix it.
struct DiagnosticInfo {
    std::string_view code;
    Severity severity;
    std::string_view title;
    std::string_view help;
};

// Every code the compiler can emit, in code order.
const std::vector<DiagnosticInfo>& DiagnosticCatalog();
// The entry for `code`; asserts that it exists (an unknown code is a programmer error).
const DiagnosticInfo& LookupDiagnostic(std::string_view code);

// Collects diagnostics; severity comes from the catalogue so a code can never change severity by accident.
class Diagnostics {
public:
    Diagnostic& Add(std::string_view code, Location where, std::string message);
    const std::vector<Diagnostic>& All() const { return m_items; }
    std::size_t ErrorCount() const;
    std::size_t WarningCount() const;
    // Sorts by file, line, column, then code, so output is stable whatever order checks ran in.
    void Sort();

private:
    std::vector<Diagnostic> m_items;
};

}  // namespace author
