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
#include "core/util/did_you_mean.h"
#include "diagnostic_format.h"
#include "diagnostic_view.h"
#include "spelling.h"

namespace author::cli {
namespace {

const char* kBuildHelp = R"help(Usage: kiosk-author build [CONTENT_DIR] -o PACK [--strict [--allow CODE]...] [--all] [--format text|json]

Checks every file in CONTENT_DIR (default: ./content; pack.toml, modules/*/module.toml, sites/*.toml,
locales/*/*.po) and, if there are no errors, writes the content pack to PACK. The pack is replaced
atomically: a kiosk or a copy never sees half a file.

Options:
  -o, --output PACK   where to write the pack (required)
  --strict            warnings count as errors: nothing is written while there are any (for a release)
  --allow CODE        with --strict, let this warning through (repeatable), e.g. --allow W081 while a
                      translator is still reviewing drafts; it is still printed
  --all               one line per file for translation counts (by default each kind is said once per
                      language: "455 Welsh (cy) translations are marked fuzzy ... (pack 37, ...)")
  --format text       diagnostics as file:line:col: error[CODE]: message, with the line (default)
  --format json       diagnostics as JSON on stdout, for editors and CI (never merged)
  -h, --help          show this help

The pack records its build time from SOURCE_DATE_EPOCH when set (for byte-identical rebuilds),
otherwise the current time. The content hash never depends on the build time.
)help";

const char* kCheckHelp = R"(Usage: kiosk-author check [CONTENT_DIR | MODULE_DIR] [--module ID] [--strict [--allow CODE]...]
                          [--all] [--format text|json]

Checks every file in CONTENT_DIR (default: ./content) and prints every problem, sorted by file and
position, then a summary. Writes nothing.

Options:
  --module ID         report only module ID's problems (its module.toml and its translations); the
                      whole content is still checked, and the summary counts what lies elsewhere.
                      Giving a module's folder (content/modules/ID) does the same.
  --strict            warnings count as errors (exit status 1), as 'build --strict' for a release
  --allow CODE        with --strict, let this warning through (repeatable)
  --all               one line per file for translation counts instead of one per kind and language
  --format text|json  as for 'build'
  -h, --help          show this help

Exit status: 0 no errors (and, with --strict, no warnings), 1 otherwise, 2 usage or file problems.
)";

struct Parsed {
    std::string content_dir = "content", output, format = "text", module;
    std::vector<std::string> allow;
    bool strict = false, all = false;
    bool folder_problem = false;  // the message named the folder: no usage hint after it
};

// A module's own folder given as CONTENT_DIR (content/modules/ID, or "." inside it): check that module
// in the content around it.
void ModuleFolderToModule(Parsed& out) {
    namespace fs = std::filesystem;
    fs::path given = fs::path(out.content_dir).lexically_normal();
    if (given.filename().empty()) given = given.parent_path();
    std::error_code ec;
    fs::path dir = given == "." ? fs::current_path(ec) : given;
    if (!fs::exists(given / "module.toml", ec) || dir.parent_path().filename() != "modules") return;
    if (out.module.empty()) out.module = dir.filename().string();
    fs::path content = given == "." ? fs::path("../..") : given.parent_path().parent_path();
    out.content_dir = content.empty() ? "." : content.string();
}

// No folder given: ./content, or the folder we are in when it is the content (or a module) itself.
std::string DefaultContentDir() {
    std::error_code ec;
    if (!std::filesystem::exists("content", ec) &&
        (std::filesystem::exists("pack.toml", ec) || std::filesystem::exists("module.toml", ec)))
        return ".";
    return "content";
}

bool Parse(const Args& args, bool want_output, Parsed& out) {
    bool have_dir = false;
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
        } else if (!want_output && a == "--module") {
            auto v = value("--module");
            if (!v) return false;
            out.module = *v;
        } else if (a == "--strict") {
            out.strict = true;
        } else if (a == "--allow") {
            auto v = value("--allow");
            if (!v) return false;
            if (!v->starts_with("W")) {
                std::fprintf(stderr, "kiosk-author: --allow takes a warning's code (W081); errors are never allowed\n");
                return false;
            }
            out.allow.push_back(*v);
        } else if (a == "--all") {
            out.all = true;
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
        } else if (!have_dir) {
            out.content_dir = a;
            have_dir = true;
        } else {
            std::fprintf(stderr, "kiosk-author: unexpected argument '%s'\n", a.c_str());
            return false;
        }
    }
    if (want_output && out.output.empty()) {
        std::fputs("kiosk-author: missing -o PACK\n", stderr);
        return false;
    }
    if (!have_dir) out.content_dir = DefaultContentDir();
    if (!want_output) ModuleFolderToModule(out);
    if (!ReadableFolder(out.content_dir)) {
        out.folder_problem = true;
        if (!have_dir) std::fputs("kiosk-author: give the content folder, e.g. 'kiosk-author check path/to/content'\n", stderr);
        return false;
    }
    return true;
}

std::string BuildTime() {
    std::time_t t = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) t = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
    return kiosk::core::Iso8601Utc(t);
}

// Prints what the options ask for; returns the view so callers can decide the exit status from it.
DiagnosticView Report(const Parsed& p, const CompileResult& result, const std::string& display) {
    ViewOptions options{display, p.module, p.all || p.format == "json", p.allow};
    DiagnosticView view = ViewDiagnostics(result.diagnostics.All(), options);
    if (p.format == "json") {
        std::fputs(FormatJson(view.shown).c_str(), stdout);
    } else {
        for (const Diagnostic& d : view.shown) std::fputs(FormatText(d, result.sources).c_str(), stderr);
        std::fprintf(stderr, "%s\n", FormatViewSummary(view, options, p.strict).c_str());
    }
    return view;
}

std::string Display(const std::string& dir) {
    std::string display = dir;
    while (display.size() > 1 && display.back() == '/') display.pop_back();
    return display;
}

}  // namespace

int Check(const Args& args) {
    if (WantsHelp(args)) return std::fputs(kCheckHelp, stdout), 0;
    Parsed p;
    if (!Parse(args, false, p)) {
        if (!p.folder_problem) std::fputs("Run 'kiosk-author check --help' for usage.\n", stderr);
        return 2;
    }
    const std::string display = Display(p.content_dir);
    // Before the compile: a misspelt id should not wait for the whole content to be checked.
    if (!p.module.empty() && !std::filesystem::exists(std::filesystem::path(p.content_dir) / "modules" / p.module)) {
        std::vector<std::string> ids;
        std::error_code ec;
        for (auto& entry : std::filesystem::directory_iterator(std::filesystem::path(p.content_dir) / "modules", ec))
            ids.push_back(entry.path().filename().string());
        std::fprintf(stderr, "kiosk-author: %s has no module '%s'%s\n", (display + "/modules").c_str(), p.module.c_str(),
                     kiosk::core::DidYouMean(p.module, ids).c_str());
        return 2;
    }
    SpellChecker speller;
    CompileOptions options{p.content_dir, display, BuildTime()};
    options.speller = &speller;
    CompileResult result = Compile(options);
    DiagnosticView view = Report(p, result, display);
    return view.errors || (p.strict && view.strict_warnings) ? 1 : 0;
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
    const std::string display = Display(p.content_dir);
    SpellChecker speller;
    CompileOptions options{p.content_dir, display, BuildTime()};
    options.speller = &speller;
    CompileResult result = Compile(options);
    DiagnosticView view = Report(p, result, display);
    if (!result.pack || (p.strict && view.strict_warnings)) {
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
