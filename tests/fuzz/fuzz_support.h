// Shared by the fuzz targets: a private scratch folder (on /dev/shm when there is one, so the targets
// that must hand a file path to SQLite or the compiler do no disk I/O), and a check that aborts with a
// message, so a broken promise of the code under test is a crash the fuzzer saves and the replay fails on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace fuzz {

// The folder this process writes its inputs into; made on first use, removed when the process exits.
inline const std::filesystem::path& ScratchDir() {
    struct Dir {
        std::filesystem::path path;
        Dir() {
            std::error_code ec;
            // tools/fuzz names a scratch folder per target, so nothing is left behind when a target
            // crashes, and the paths in messages do not change length with the process id: the gate's
            // fixed-seed runs must take the same branches every time (tools/fuzz, "gate").
            const char* given = std::getenv("KIOSK_FUZZ_SCRATCH");
            if (given && *given) {
                path = std::filesystem::path(given) / "kiosk-fuzz";
            } else {
                std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0
                                                 ? std::filesystem::path("/dev/shm")
                                                 : std::filesystem::temp_directory_path();
                path = base / ("kiosk-fuzz-" + std::to_string(getpid()));
            }
            std::filesystem::remove_all(path, ec);
            std::filesystem::create_directories(path);
        }
        ~Dir() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    };
    static Dir dir;
    return dir.path;
}

// Writes the bytes to `path`, replacing it; aborts if it cannot (the harness is broken, not the code).
inline void WriteFile(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {
        std::fprintf(stderr, "fuzz harness: cannot write %s\n", path.c_str());
        std::abort();
    }
}

// A promise of the code under test that the input broke: say which, then abort (a crash to libFuzzer).
#define FUZZ_CHECK(condition, what)                                                              \
    do {                                                                                         \
        if (!(condition)) {                                                                      \
            std::fprintf(stderr, "fuzz check failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, what, \
                         #condition);                                                            \
            std::abort();                                                                        \
        }                                                                                        \
    } while (0)

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
inline bool IsValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > text.size()) return false;
        std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
        for (std::size_t k = 1; k < n; ++k) {
            auto d = static_cast<unsigned char>(text[i + k]);
            if ((d & 0xC0) != 0x80) return false;
            cp = cp << 6 | (d & 0x3Fu);
        }
        static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n;
    }
    return true;
}

// The promise of core/util/one_line.h, checked independently of it: valid UTF-8 with no control character
// (C0, DEL, C1), no line or paragraph separator and no bidi override, so a message is one visible line.
inline bool IsPrintableLine(std::string_view text) {
    if (!IsValidUtf8(text)) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) return false;
        auto next = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0; };
        if (c == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F) return false;  // U+0080..U+009F
        if (c == 0xE2 && next(1) == 0x80 && next(2) >= 0xA8 && next(2) <= 0xAE) return false;  // U+2028..U+202E
        if (c == 0xE2 && next(1) == 0x81 && next(2) >= 0xA6 && next(2) <= 0xA9) return false;  // U+2066..U+2069
    }
    return true;
}

}  // namespace fuzz
