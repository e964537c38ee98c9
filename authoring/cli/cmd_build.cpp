// `kiosk-author build` and `kiosk-author check`: run the compiler, print diagnostics, write the pack.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "commands.h"
#include "compiler.h"
#include "core/pack/pack_io.h"
#include "core/util/utc_time.h"
#include "diagnostic_format.h"

namespace author::cli {
namespace {

const char* kBuildHelp = R"(Usage: kiosk-author build CONTENT_DIR -o PACK [--format text|json]

Checks every file in CONTENT_DIR (pack.toml, modules/*/module.toml, sites/*.toml, locales/*/*.po) and,
if there are no errors, writes the content pack to PACK. The pack is replaced atomically: a kiosk or a
copy never sees half a file.

Options:
  -o, --output PACK   where to write the pack (required)
  --format text       diagnostics as file:line:col: error[CODE]: message, with the line (default)
  --format json       diagnostics as JSON on stdout, for editors and CI
  -h, --help          show this help

The pack records its build time from SOURCE_DATE_EPOCH when set (for byte-identical rebuilds),
otherwise the current time. The content hash never depends on the build time.
)";

const char* kCheckHelp = R"(Usage: kiosk-author check CONTENT_DIR [--format text|json]

Checks every file in CONTENT_DIR and prints every problem, sorted by file and position. Writes nothing.

Options:
  --format text|json  as for 'build'
  -h, --help          show this help
)";

struct Parsed {
    std::string content_dir, output, format = "text";
    bool folder_problem = false;  // the message named the folder: no usage hint after it
};

bool Parse(const Args& args, bool want_output, Parsed& out) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](const char* name) -> std::optional<std::string> {
            if (i + 1 >= args.size()) {
                std::fprintf(stderr, "kiosk-author: %s needs a value\n", name);
                return std::nullopt;
            }
            return args[++i];
        };
        if (want_output && (a == "-o" || a == "--output")) {
            auto v = value("-o");
            if (!v) return false;
            out.output = *v;
        } else if (a == "--format") {
            auto v = value("--format");
            if (!v) return false;
            if (*v != "text" && *v != "json") {
                std::fprintf(stderr, "kiosk-author: --format must be text or json, not '%s'\n", v->c_str());
                return false;
            }
            out.format = *v;
        } else if (a.starts_with("-")) {
            std::fprintf(stderr, "kiosk-author: unknown option '%s'\n", a.c_str());
            return false;
        } else if (out.content_dir.empty()) {
            out.content_dir = a;
        } else {
            std::fprintf(stderr, "kiosk-author: unexpected argument '%s'\n", a.c_str());
            return false;
        }
    }
    if (out.content_dir.empty()) {
        std::fputs("kiosk-author: missing CONTENT_DIR\n", stderr);
        return false;
    }
    if (want_output && out.output.empty()) {
        std::fputs("kiosk-author: missing -o PACK\n", stderr);
        return false;
    }
    if (!ReadableFolder(out.content_dir)) {
        out.folder_problem = true;
        return false;
    }
    return true;
}

std::string BuildTime() {
    std::time_t t = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) t = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
    return kiosk::core::Iso8601Utc(t);
}

CompileResult RunAndReport(const Parsed& p) {
    CompileResult result = Compile(CompileOptions{p.content_dir, p.content_dir, BuildTime()});
    if (p.format == "json") {
        std::fputs(FormatJson(result.diagnostics).c_str(), stdout);
    } else {
        for (const Diagnostic& d : result.diagnostics.All()) std::fputs(FormatText(d, result.sources).c_str(), stderr);
        std::fprintf(stderr, "%s\n", FormatSummary(result.diagnostics).c_str());
    }
    return result;
}

}  // namespace

int Check(const Args& args) {
    if (WantsHelp(args)) return std::fputs(kCheckHelp, stdout), 0;
    Parsed p;
    if (!Parse(args, false, p)) {
        if (!p.folder_problem) std::fputs("Run 'kiosk-author check --help' for usage.\n", stderr);
        return 2;
    }
    CompileResult result = RunAndReport(p);
    return result.diagnostics.ErrorCount() ? 1 : 0;
}

int Build(const Args& args) {
    if (WantsHelp(args)) return std::fputs(kBuildHelp, stdout), 0;
    Parsed p;
    if (!Parse(args, true, p)) {
        if (!p.folder_problem) std::fputs("Run 'kiosk-author build --help' for usage.\n", stderr);
        return 2;
    }
    if (auto problem = OutputProblem(p.output)) {  // before the compile, so this is the only line
        std::fprintf(stderr, "kiosk-author: %s: %s\n", p.output.c_str(), problem->c_str());
        return 2;
    }
    CompileResult result = RunAndReport(p);
    if (!result.pack) {
        if (p.format == "text") std::fprintf(stderr, "%s was not written\n", p.output.c_str());
        return 1;
    }
    if (auto error = kiosk::core::WritePack(*result.pack, p.output)) {
        std::fprintf(stderr, "kiosk-author: %s\n", error->c_str());
        return 2;
    }
    const auto& pack = *result.pack;
    std::size_t scenes = 0;
    for (const auto& m : pack.modules) scenes += m.scenes.size();
    std::error_code ec;
    auto bytes = std::filesystem::file_size(p.output, ec);
    std::FILE* out = p.format == "json" ? stderr : stdout;
    std::fprintf(out, "wrote %s: pack '%s' version %d, %zu module%s, %zu scenes, %zu site%s, %zu asset%s, %llu bytes\n",
                 p.output.c_str(), pack.id.c_str(), pack.version, pack.modules.size(), pack.modules.size() == 1 ? "" : "s",
                 scenes, pack.sites.size(), pack.sites.size() == 1 ? "" : "s", pack.assets.size(),
                 pack.assets.size() == 1 ? "" : "s", static_cast<unsigned long long>(bytes));
    std::fprintf(out, "content hash %s\n", pack.content_hash.c_str());
    return 0;
}

std::optional<std::string> FolderProblem(const std::string& path) {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found) return "no such folder";
    if (ec) return "cannot be read (" + ec.message() + ")";
    if (status.type() != std::filesystem::file_type::directory) return std::string("is not a folder");
    std::filesystem::directory_iterator list(path, ec);
    if (ec) return "cannot be read (" + ec.message() + ")";
    return std::nullopt;
}

bool ReadableFolder(const std::string& path) {
    auto problem = FolderProblem(path);
    if (problem) std::fprintf(stderr, "kiosk-author: %s: %s\n", path.c_str(), problem->c_str());
    return !problem;
}

std::optional<std::string> OutputProblem(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return std::string("is a folder; give the name of a file to write");
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
        return "cannot be written: the folder " + parent.string() + " does not exist";
    return std::nullopt;
}

bool WantsHelp(const Args& args) {
    return std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "-h" || a == "--help"; });
}

}  // namespace author::cli
