// Fuzz target: the compiler front end on one module file, through the whole load -> check -> emit path
// that `kiosk-author build` takes (authoring/compiler.h): size cap, prescan, toml++, the module loader,
// the flow, asset, translation and lint checks, diagnostics formatting, and when the module compiles,
// writing the pack and reading it back. The fuzzed bytes are modules/m/module.toml in a copy of the fixed
// folder tests/fuzz/module_site (a pack.toml, a picture, captions and a file that is not a film).
#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>
#include <variant>

#include "compiler.h"
#include "core/pack/pack_io.h"
#include "diagnostic_format.h"
#include "film_checks.h"
#include "fuzz_support.h"

#ifndef KIOSK_FUZZ_MODULE_SITE
#error "KIOSK_FUZZ_MODULE_SITE must name tests/fuzz/module_site"
#endif

namespace {

// The content folder for this process: the fixed site copied once into the scratch folder.
const std::filesystem::path& ContentDir() {
    static const std::filesystem::path dir = [] {
        std::filesystem::path d = fuzz::ScratchDir() / "content";
        std::filesystem::copy(KIOSK_FUZZ_MODULE_SITE, d, std::filesystem::copy_options::recursive);
        return d;
    }();
    return dir;
}

bool IsCode(const std::string& code) {
    return code.size() == 4 && (code[0] == 'E' || code[0] == 'W') &&
           std::all_of(code.begin() + 1, code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The film beside the module is fixed (only module.toml is fuzzed), so it is checked once, as
// kiosk-author preview does, not under every input.
author::FilmVerdictCache& Films() {
    static author::FilmVerdictCache films;
    return films;
}

}  // namespace

// Before libFuzzer counts coverage, and in a child process: check the film once and keep its verdict,
// so libvlc's threads never run in the fuzzing process. Their timing changed which branches libstdc++'s
// reference counts took, and so the fixed-seed gate's figures (tools/fuzz). The replay build has no such
// hook; its first film input fills the cache in process.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const std::filesystem::path film = ContentDir() / "modules" / "m" / "film" / "en.mp4";
    std::ifstream in(film, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    pid_t child = fork();
    if (child == 0) {
        author::FilmProber prober;
        author::FilmVerdict v = author::CheckFilm(prober, film, data);
        std::string out = v.code + '\n' + v.problem + '\n' + v.mime + '\n' + std::to_string(v.duration_ms) + '\n';
        ssize_t written = write(fds[1], out.data(), out.size());
        _exit(written == static_cast<ssize_t>(out.size()) ? 0 : 1);
    }
    close(fds[1]);
    std::string got;
    char buffer[4096];
    for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) got.append(buffer, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    std::istringstream lines(got);
    author::FilmVerdict v;
    std::string duration;
    if (!std::getline(lines, v.code) || !std::getline(lines, v.problem) || !std::getline(lines, v.mime) ||
        !std::getline(lines, duration) || status != 0) {
        std::fprintf(stderr, "fuzz harness: the film check in the child process failed\n");
        std::abort();
    }
    v.duration_ms = std::stoll(duration);
    Films()[kiosk::core::Sha256Hex(data.data(), data.size())] = v;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path& content = ContentDir();
    fuzz::WriteFile(content / "modules" / "m" / "module.toml", data, size);

    author::CompileOptions options;
    options.content_dir = content;
    options.display_dir = "content";
    options.build_time = "2026-01-01T00:00:00Z";
    options.film_cache = &Films();
    author::CompileResult result = author::Compile(options);

    const auto& all = result.diagnostics.All();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const author::Diagnostic& d = all[i];
        FUZZ_CHECK(IsCode(d.code), "a diagnostic has a code like E030");
        FUZZ_CHECK(d.where.line >= 0 && d.where.length >= 1, "a diagnostic has a sane position");
        FUZZ_CHECK(fuzz::IsPrintableLine(d.message), "a diagnostic message is one printable line");
        // Without source excerpts, a diagnostic prints as its own line and one line per note.
        std::string bare = author::FormatText(d, {});
        FUZZ_CHECK(static_cast<std::size_t>(std::count(bare.begin(), bare.end(), '\n')) == 1 + d.notes.size(),
                   "a diagnostic and each of its notes print as one line each");
        if (i > 0) {
            const author::Location& a = all[i - 1].where;
            const author::Location& b = d.where;
            FUZZ_CHECK(a.file < b.file || (a.file == b.file && (a.line < b.line || (a.line == b.line && a.column <= b.column))),
                       "diagnostics are sorted by file and position");
        }
        // What the CLI prints: the quoted source line and a caret under the span.
        std::string text = author::FormatText(d, result.sources);
        FUZZ_CHECK(text.rfind(d.where.file, 0) == 0, "a printed diagnostic starts with its file");
    }
    std::string json = author::FormatJson(result.diagnostics);
    FUZZ_CHECK(!json.empty() && json.front() == '{', "the JSON output is an object");
    FUZZ_CHECK(result.pack.has_value() == (result.diagnostics.ErrorCount() == 0), "a pack exactly when there is no error");

    if (result.pack) {
        // Emit, as `kiosk-author build` does, and read the pack back as the kiosk will.
        const std::string path = (fuzz::ScratchDir() / "module.pack").string();
        kiosk::core::PackData pack = *result.pack;
        auto error = kiosk::core::WritePack(pack, path, kiosk::core::kThrowawayPack);
        FUZZ_CHECK(!error, "a compiled pack can be written");
        auto read = kiosk::core::ReadPack(path, true);
        if (auto* message = std::get_if<std::string>(&read)) {
            std::fprintf(stderr, "%s\n", message->c_str());
            FUZZ_CHECK(false, "the kiosk reads back the pack the compiler wrote");
        }
        FUZZ_CHECK(std::get<kiosk::core::PackData>(read) == pack, "the pack reads back exactly as it was written");
    }
    return 0;
}
