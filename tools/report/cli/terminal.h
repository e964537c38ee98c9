// What kiosk-report writes besides its output: one-line errors on stderr ("kiosk-report: FILE: ...")
// and progress, which appears only when stderr is a terminal (never in a log, pipe or test).
#pragma once

#include <string>

#include "report/progress.h"

namespace report::cli {

// "kiosk-report: <message>" on stderr.
void Error(const std::string& message);

// A Progress that redraws one status line on stderr if it is a terminal; empty otherwise.
Progress TerminalProgress();
// Clears the status line if TerminalProgress drew one.
void EndProgress();

// Writes `text` to `path` ("" = standard output). An error message or "".
std::string WriteOutput(const std::string& path, const std::string& text);

}  // namespace report::cli
