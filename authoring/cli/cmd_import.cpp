// `kiosk-author import gift FILE --module ID`: a Moodle GIFT quiz bank made into modules/ID/module.toml
// (gift_import.h), then checked like `check --module ID`, with what could not be converted named line by line.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "commands.h"
#include "compiler.h"
#include "diagnostic_format.h"
#include "diagnostic_view.h"
#include "gift_import.h"
#include "source_file.h"
#include "table_reader.h"
#include "toml_load.h"

namespace author::cli {
namespace {

const char* kHelp = R"(Usage: kiosk-author import gift FILE --module ID [--content CONTENT_DIR] [--source URL]...

Turns a Moodle GIFT file (the plain-text quiz format Moodle imports and exports) into a new module,
CONTENT_DIR/modules/ID/module.toml (CONTENT_DIR defaults to ./content), and checks it.

Converted: multiple choice (= right, ~ wrong), multiple answers (~%50%: weights above 0 are the right
answers), true/false ({T} {F} {TRUE} {FALSE}), missing-word questions (the gap shown as _____),
per-answer feedback (#), general feedback (####, as the explanation), ::titles::, comments (//, kept as
TOML comments), $CATEGORY (as sections; the last part titles untitled questions), the escapes \~ \= \#
\{ \} \: and \n, and the [html], [markdown], [moodle] and [plain] formats, reduced to plain text.
Descriptions (text with no answers) become info scenes.

Left out, and named with their line: numeric, short-answer, matching and essay questions (a kiosk has
no keyboard), and anything that does not parse. Converted with a loss, and said: true/false feedback that
differs for a wrong answer, part marks of weighted answers.

GIFT does not say where facts come from: give --source URL (repeatable) for each source, or the module
gets a placeholder source to replace before release. Write its summary and audience, and check the pass
mark, then review every text: 'kiosk-author print' makes the page a safeguarding lead signs off.

Exit status: 0 written and compiles, 1 written but with errors to fix, 2 usage or file problems (nothing
written).
)";

}  // namespace

int Import(const Args& args) {
    if (WantsHelp(args)) return std::fputs(kHelp, stdout), 0;
    std::string format, file, module, content = "content";
    std::vector<std::string> sources;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= args.size()) return false;
            into = args[++i];
            return true;
        };
        std::string source;
        bool ok = true;
        if (a == "--module") ok = value(module);
        else if (a == "--content") ok = value(content);
        else if (a == "--source") ok = value(source), sources.push_back(source);
        else if (!a.starts_with("-") && format.empty()) format = a;
        else if (!a.starts_with("-") && file.empty()) file = a;
        else ok = false;
        if (!ok) {
            std::fprintf(stderr, "kiosk-author: unexpected argument '%s'\nRun 'kiosk-author import --help' for usage.\n", a.c_str());
            return 2;
        }
    }
    if (format != "gift" || file.empty() || module.empty()) {
        std::fputs(format.empty() || format == "gift" ? "kiosk-author: import gift needs FILE and --module ID\n"
                                                      : "kiosk-author: import reads Moodle GIFT files only: 'import gift FILE'\n",
                   stderr);
        std::fputs("Run 'kiosk-author import --help' for usage.\n", stderr);
        return 2;
    }
    if (!IsValidId(module)) {
        std::fprintf(stderr, "kiosk-author: '%s' is not a module id: lower case letters, digits and '-', starting with a letter\n", module.c_str());
        return 2;
    }
    if (!ReadableFolder(content)) return 2;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(fs::path(content) / "pack.toml", ec)) {
        std::fprintf(stderr, "kiosk-author: %s has no pack.toml; give the content folder with --content\n", content.c_str());
        return 2;
    }
    const fs::path dir = fs::path(content) / "modules" / module;
    if (fs::exists(dir, ec)) {
        std::fprintf(stderr, "kiosk-author: %s already exists; choose another --module id (nothing was written)\n", dir.c_str());
        return 2;
    }
    std::string error;
    auto text = ReadWholeFile(file, 4u * 1024u * 1024u, error);
    if (!text) {
        std::fprintf(stderr, "kiosk-author: %s %s\n", file.c_str(), error.c_str());
        return 2;
    }
    if (std::size_t bad = FirstInvalidUtf8(*text); bad != std::string::npos) {
        long line = 1 + std::count(text->begin(), text->begin() + static_cast<long>(bad), '\n');
        std::fprintf(stderr, "kiosk-author: %s:%ld: is not UTF-8 text (byte 0x%02X); save the file as UTF-8 (Moodle exports UTF-8) and import it again\n",
                     file.c_str(), line, static_cast<unsigned char>((*text)[bad]));
        return 2;
    }
    std::time_t now = std::time(nullptr);
    char today[16];
    std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&now));
    GiftImport imported = ImportGift(*text, GiftOptions{module, fs::path(file).filename().string(), today, sources});
    for (const GiftNote& n : imported.left_out) std::fprintf(stderr, "%s:%d: left out: %s\n", file.c_str(), n.line, n.message.c_str());
    for (const GiftNote& n : imported.changed) std::fprintf(stderr, "%s:%d: changed: %s\n", file.c_str(), n.line, n.message.c_str());
    if (imported.scenes == 0) {
        std::fprintf(stderr, "kiosk-author: %s has no question a kiosk can ask; nothing was written\n", file.c_str());
        return 2;
    }
    fs::create_directories(dir, ec);
    std::ofstream(dir / "module.toml", std::ios::binary) << imported.toml;
    if (ec || !fs::exists(dir / "module.toml", ec)) {
        std::fprintf(stderr, "kiosk-author: cannot write %s\n", (dir / "module.toml").c_str());
        return 2;
    }
    std::printf("wrote %s: %d scene%s from %s; %zu left out, %zu changed (listed above)\n", (dir / "module.toml").c_str(), imported.scenes,
                imported.scenes == 1 ? "" : "s", file.c_str(), imported.left_out.size(), imported.changed.size());
    CompileResult result = Compile(CompileOptions{content, content, ""});
    ViewOptions view_options{content, module, false, {}};
    DiagnosticView view = ViewDiagnostics(result.diagnostics.All(), view_options);
    for (const Diagnostic& d : view.shown) std::fputs(FormatText(d, result.sources).c_str(), stderr);
    std::fprintf(stderr, "%s\n", FormatViewSummary(view, view_options, false).c_str());
    if (sources.empty()) std::printf("Next: replace its placeholder source, write its summary, and review every text.\n");
    return view.errors ? 1 : 0;
}

}  // namespace author::cli
