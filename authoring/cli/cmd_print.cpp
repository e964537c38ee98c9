// `kiosk-author print CONTENT_DIR [--module ID]... -o FILE`: the sign-off page of a module or of the whole
// pack, for a safeguarding lead. It prints only content that compiles: signing off a module the kiosk
// cannot run would sign off something no learner sees.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "commands.h"
#include "compiler.h"
#include "core/util/utc_time.h"
#include "diagnostic_format.h"
#include "print_page.h"

namespace author::cli {
namespace {

namespace fs = std::filesystem;

const char* kHelp = R"(Usage: kiosk-author print CONTENT_DIR [--module ID]... [-o FILE]

Writes one printable HTML page for a safeguarding lead to sign off: every text a learner can see, scene
by scene, with its scene id, the answer key (right answers and signs ticked, hotspots drawn on the
pictures), what the film says (from its captions), the sources and the reviewers' notes; every language
side by side, with translations not yet checked marked "draft". Each module ends with a sign-off box
and the review hash to write into module.toml as reviewed_hash.
Open the page in a browser and print it (A4; each module starts on a new page).

Options:
  --module ID         print this module only (repeat for more); default: every module, then the pack's
                      contacts and "Did you know?" facts
  -o, --output FILE   where to write the page (default: standard output)
  -h, --help          show this help

The content must compile: errors are printed as 'check' prints them and nothing is written.
Exit status: 0 page written, 1 errors in the content, 2 usage or file problems.
Example: kiosk-author print content --module spot-the-signs -o spot-the-signs.html
)";

std::string Today() {
    std::time_t t = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) t = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
    return kiosk::core::Iso8601Utc(t);
}

}  // namespace

int Print(const Args& args) {
    if (WantsHelp(args)) return std::fputs(kHelp, stdout), 0;
    std::string content_dir, output;
    std::vector<std::string> modules;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if ((a == "-o" || a == "--output" || a == "--module") && i + 1 >= args.size()) {
            std::fprintf(stderr, "kiosk-author: %s needs a value\n", a.c_str());
            return 2;
        }
        if (a == "-o" || a == "--output") {
            output = args[++i];
        } else if (a == "--module") {
            modules.push_back(args[++i]);
        } else if (a.starts_with("-") && a != "-") {
            std::fprintf(stderr, "kiosk-author: unknown option '%s'\nRun 'kiosk-author print --help' for usage.\n", a.c_str());
            return 2;
        } else if (content_dir.empty()) {
            content_dir = a;
        } else {
            std::fprintf(stderr, "kiosk-author: unexpected argument '%s'\n", a.c_str());
            return 2;
        }
    }
    if (content_dir.empty()) {
        std::fputs("kiosk-author: missing CONTENT_DIR\nRun 'kiosk-author print --help' for usage.\n", stderr);
        return 2;
    }
    if (!ReadableFolder(content_dir)) return 2;
    bool to_stdout = output.empty() || output == "-";
    if (auto problem = to_stdout ? std::nullopt : OutputProblem(output)) {
        std::fprintf(stderr, "kiosk-author: %s: %s\n", output.c_str(), problem->c_str());
        return 2;
    }

    std::string now = Today();
    CompileResult result = Compile(CompileOptions{content_dir, content_dir, now});
    for (const Diagnostic& d : result.diagnostics.All()) std::fputs(FormatText(d, result.sources).c_str(), stderr);
    if (!result.diagnostics.All().empty()) std::fprintf(stderr, "%s\n", FormatSummary(result.diagnostics).c_str());
    if (!result.pack) {
        std::fputs("kiosk-author: nothing printed: fix the errors above first\n", stderr);
        return 1;
    }
    for (const std::string& id : modules) {
        auto& all = result.pack->modules;
        if (std::none_of(all.begin(), all.end(), [&](const kiosk::core::Module& m) { return m.id == id; })) {
            std::string known;
            for (const auto& m : all) known += (known.empty() ? "" : ", ") + m.id;
            std::fprintf(stderr, "kiosk-author: no module '%s' in %s; its modules are: %s\n", id.c_str(), content_dir.c_str(), known.c_str());
            return 2;
        }
    }

    std::string page = PrintPage(*result.pack, result.module_sources, PrintOptions{modules, now.substr(0, 10)});
    if (to_stdout) {
        std::fwrite(page.data(), 1, page.size(), stdout);
        return 0;
    }
    // Written beside the destination and renamed, so a browser never shows half a page.
    fs::path part = output + ".part";
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out << page;
    out.close();
    std::error_code ec;
    if (out) fs::rename(part, output, ec);
    if (!out || ec) {
        fs::remove(part, ec);
        std::fprintf(stderr, "kiosk-author: cannot write %s\n", output.c_str());
        return 2;
    }
    std::fprintf(stderr, "wrote %s: %zu module%s\n", output.c_str(), modules.empty() ? result.pack->modules.size() : modules.size(),
                 (modules.empty() ? result.pack->modules.size() : modules.size()) == 1 ? "" : "s");
    return 0;
}

}  // namespace author::cli
