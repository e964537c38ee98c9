// `kiosk-author graph MODULE_DIR -o map.svg`: the module's scene map, as SVG (through Graphviz's `dot`)
// or as DOT text. The map is drawn even when the module has problems: seeing them is the point.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands.h"
#include "diagnostic_format.h"
#include "run_tool.h"
#include "scene_graph.h"

namespace author::cli {
namespace {

namespace fs = std::filesystem;

const char* kHelp = R"(Usage: kiosk-author graph MODULE_DIR [-o FILE] [--format svg|dot]

Draws the module's scene map: every scene as a box with its title and kind, every way out as an arrow,
labelled with the choice or the condition that takes it. The start, the end scenes (double border) and
must-see scenes (thick blue border) are marked; unreachable scenes (orange, dashed), dead ends and scenes
with no way to an end (red), and links to scenes that do not exist are coloured and say so in the box.

Options:
  -o, --output FILE   where to write the map (default: standard output)
  --format svg        an SVG picture, for a browser (default; needs Graphviz: apt install graphviz)
  --format dot        Graphviz DOT text (also chosen by a FILE ending in .dot or .gv)
  -h, --help          show this help

Problems in the module are printed as 'check' prints them, and the map is still written.
Exit status: 0 map written, 1 map written but the module has errors, 2 usage, file or Graphviz problems.
Example: kiosk-author graph content/modules/spot-the-signs -o spot-the-signs.svg
)";

bool WriteFile(const fs::path& path, const std::string& text, std::string& error) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (out) return true;
    error = "cannot write " + path.string();
    return false;
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Renders DOT to SVG with `dot` into `svg_path`; an error message, or empty on success.
std::string RenderSvg(const std::string& dot_text, const fs::path& svg_path) {
    fs::path dot_path = fs::temp_directory_path() / ("kiosk-author-map-" + std::to_string(::getpid()) + ".dot");
    std::string error;
    if (!WriteFile(dot_path, dot_text, error)) return error;
    ToolRun run = RunTool({"dot", "-Tsvg", "-o", svg_path.string(), dot_path.string()});
    std::error_code ec;
    fs::remove(dot_path, ec);
    if (!run.started)
        return "Graphviz's 'dot' is " + run.output + "; install it (Debian: apt install graphviz) or use --format dot";
    if (run.status != 0) return "dot failed (exit " + std::to_string(run.status) + "): " + run.output;
    return "";
}

}  // namespace

int Graph(const Args& args) {
    if (WantsHelp(args)) return std::fputs(kHelp, stdout), 0;
    std::string module_dir, output, format;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if ((a == "-o" || a == "--output" || a == "--format") && i + 1 >= args.size()) {
            std::fprintf(stderr, "kiosk-author: %s needs a value\n", a.c_str());
            return 2;
        }
        if (a == "-o" || a == "--output") {
            output = args[++i];
        } else if (a == "--format") {
            format = args[++i];
            if (format != "svg" && format != "dot") {
                std::fprintf(stderr, "kiosk-author: --format must be svg or dot, not '%s'\n", format.c_str());
                return 2;
            }
        } else if (a.starts_with("-") && a != "-") {
            std::fprintf(stderr, "kiosk-author: unknown option '%s'\nRun 'kiosk-author graph --help' for usage.\n", a.c_str());
            return 2;
        } else if (module_dir.empty()) {
            module_dir = a;
        } else {
            std::fprintf(stderr, "kiosk-author: unexpected argument '%s'\n", a.c_str());
            return 2;
        }
    }
    if (module_dir.empty()) {
        std::fputs("kiosk-author: missing MODULE_DIR\nRun 'kiosk-author graph --help' for usage.\n", stderr);
        return 2;
    }
    if (format.empty()) {
        std::string ext = fs::path(output).extension().string();
        format = ext == ".dot" || ext == ".gv" ? "dot" : "svg";
    }
    std::error_code ec;
    if (!ReadableFolder(module_dir)) return 2;
    if (!fs::exists(fs::path(module_dir) / "module.toml", ec)) {
        // A content folder instead of a module folder: name the modules it holds.
        std::string modules;
        for (auto it = fs::directory_iterator(fs::path(module_dir) / "modules", ec); !ec && it != fs::directory_iterator(); it.increment(ec))
            if (it->is_directory()) modules += "\n  " + (fs::path(module_dir) / "modules" / it->path().filename()).string();
        std::fprintf(stderr, "kiosk-author: %s has no module.toml; give a module folder%s\n", module_dir.c_str(),
                     modules.empty() ? ", such as content/modules/<id>" : (", one of:" + modules).c_str());
        return 2;
    }

    if (auto problem = output.empty() || output == "-" ? std::nullopt : OutputProblem(output)) {
        std::fprintf(stderr, "kiosk-author: %s: %s\n", output.c_str(), problem->c_str());
        return 2;
    }
    ModuleMap map = LoadModuleForMap(module_dir, module_dir);
    for (const Diagnostic& d : map.diagnostics.All()) std::fputs(FormatText(d, map.sources).c_str(), stderr);
    if (!map.diagnostics.All().empty()) std::fprintf(stderr, "%s\n", FormatSummary(map.diagnostics).c_str());
    if (!map.loaded || map.content.pack.modules.empty()) {
        std::fputs("kiosk-author: no map drawn: module.toml could not be read\n", stderr);
        return 1;
    }
    std::string dot = SceneGraphDot(map.content, 0);

    // Write next to the destination, then rename, so a browser never shows half a map.
    std::string error;
    bool to_stdout = output.empty() || output == "-";
    fs::path part = to_stdout ? fs::temp_directory_path() / ("kiosk-author-map-" + std::to_string(::getpid()) + "." + format)
                              : fs::path(output + ".part");
    if (format == "dot") {
        if (!WriteFile(part, dot, error)) {
            std::fprintf(stderr, "kiosk-author: %s\n", error.c_str());
            return 2;
        }
    } else if (std::string problem = RenderSvg(dot, part); !problem.empty()) {
        fs::remove(part, ec);
        std::fprintf(stderr, "kiosk-author: %s\n", problem.c_str());
        return 2;
    }
    if (to_stdout) {
        std::fputs(ReadFile(part).c_str(), stdout);
        fs::remove(part, ec);
    } else {
        fs::rename(part, output, ec);
        if (ec) {
            fs::remove(part, ec);
            std::fprintf(stderr, "kiosk-author: cannot write %s\n", output.c_str());
            return 2;
        }
        std::fprintf(stderr, "wrote %s: %zu scenes\n", output.c_str(), map.content.pack.modules[0].scenes.size());
    }
    return map.diagnostics.ErrorCount() ? 1 : 0;
}

}  // namespace author::cli
