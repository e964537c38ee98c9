// Error lines, terminal-only progress and output files for kiosk-report (terminal.h).
#include "terminal.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace report::cli {

namespace {
bool g_drew = false;  // a status line is on screen
}

void Error(const std::string& message) {
    EndProgress();
    std::fprintf(stderr, "kiosk-report: %s\n", message.c_str());
}

Progress TerminalProgress() {
    if (!::isatty(STDERR_FILENO)) return {};
    return [](std::string_view status) {
        // \r and "erase line" redraw in place; the text is cut to stay on one line of a narrow terminal.
        std::string line(status.substr(0, 100));
        std::fprintf(stderr, "\r\033[K%s", line.c_str());
        std::fflush(stderr);
        g_drew = true;
    };
}

void EndProgress() {
    if (!g_drew) return;
    std::fputs("\r\033[K", stderr);
    g_drew = false;
}

std::string WriteOutput(const std::string& path, const std::string& text) {
    if (path.empty() || path == "-") {
        if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
            return std::string("cannot write to standard output (") + std::strerror(errno) + ")";
        return "";
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) return path + ": cannot write (" + std::strerror(errno) + ")";
    return "";
}


}  // namespace report::cli
