// Compile: load every file (each file's syntax errors are reported and the others still checked), then
// run the whole-content checks, then hand back the pack model if nothing is wrong.
#include "compiler.h"

#include <algorithm>

#include "checks.h"
#include "loaders.h"
#include "spelling.h"

namespace author {
namespace {

// Sub-folders / files of `dir` in name order, so output never depends on directory listing order.
std::vector<std::filesystem::path> Sorted(const std::filesystem::path& dir, bool want_dirs) {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (it->path().filename().string().starts_with(".")) continue;
        bool is_dir = it->is_directory(ec);
        if (is_dir == want_dirs) out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

Content LoadContent(const std::filesystem::path& dir, const std::string& display, SourceSet& sources, Diagnostics& diags) {
    Content content;
    content.language = "en";
    if (auto root = LoadToml(dir / "pack.toml", display + "/pack.toml", sources, diags))
        LoadPackFile(*root, *sources.at(display + "/pack.toml"), content, diags);

    LoadSharedScenes(dir, display, content, sources, diags);  // first, so modules can use them

    auto module_dirs = Sorted(dir / "modules", true);
    for (const auto& module_dir : module_dirs) {
        std::string name = module_dir.filename().string();
        if (name == "shared" || name == "pack" || name == "site") {
            // Their PO files and string keys would be those of the shared scenes, pack.toml or the sites.
            diags.Add("E014", Location{display + "/modules/" + name, 0, 0, 1},
                      "'" + name + "' cannot be a module's id: the translations of " +
                          (name == "shared" ? std::string("the shared scenes") : std::string("pack.toml and the sites")) +
                          " use that name; rename the folder");
            continue;
        }
        std::string file_display = display + "/modules/" + name + "/module.toml";
        std::error_code ec;
        if (!std::filesystem::exists(module_dir / "module.toml", ec)) {
            // Say what is there instead: usually a misnamed file (module.toml.txt, Module.toml).
            std::string found;
            for (const auto& file : Sorted(module_dir, false))
                found += (found.empty() ? "" : ", ") + file.filename().string();
            diags.Add("E005", Location{file_display, 0, 0, 1},
                      "cannot read the file: it does not exist" +
                          (found.empty() ? std::string("; the folder is empty") : "; the folder holds: " + found));
            continue;
        }
        if (auto root = LoadToml(module_dir / "module.toml", file_display, sources, diags))
            LoadModuleFile(*root, *sources.at(file_display), name, module_dir, content, diags);
    }
    for (const auto& [name, shared] : content.shared_scenes)
        if (shared.uses == 0)
            diags.Add("W096", Location{shared.file->Path(), 0, 0, 1},
                      "shared scene '" + name + "' is used by no module; add [[scenes]] use = \"" + name + "\" where it belongs");
    if (module_dirs.empty())
        diags.Add("E091", Location{display + "/modules", 0, 0, 1}, "no modules found; each module is a folder modules/<id>/ with a module.toml");

    // A folder named like a site file is reported by LoadToml ("is a directory"), not skipped unseen.
    auto site_files = Sorted(dir / "sites", false);
    for (auto& folder : Sorted(dir / "sites", true)) site_files.push_back(folder);
    std::sort(site_files.begin(), site_files.end());
    for (const auto& site_file : site_files) {
        if (site_file.extension() != ".toml") continue;
        std::string file_display = display + "/sites/" + site_file.filename().string();
        if (auto root = LoadToml(site_file, file_display, sources, diags))
            LoadSiteFile(*root, *sources.at(file_display), site_file.stem().string(), content, diags);
    }

    return content;
}

CompileResult Compile(const CompileOptions& options) {
    CompileResult result;
    Diagnostics& diags = result.diagnostics;
    const std::filesystem::path& dir = options.content_dir;
    std::string display = options.display_dir.empty() ? dir.generic_string() : options.display_dir;
    while (display.size() > 1 && display.back() == '/') display.pop_back();

    Content content = LoadContent(dir, display, result.sources, diags);
    CheckFlow(content, diags);
    LoadAssets(content, result.sources, diags, options.film_cache);
    LoadTranslations(dir, display, content, result.sources, diags);
    CheckLints(content, diags);
    if (options.speller) {
        std::string error;
        auto words = ReadWholeFile(dir / "words.txt", 1u << 20, error);
        options.speller->SetProjectWords(words ? ParseWordList(*words) : std::vector<std::string>{});
        CheckSpelling(content, display, result.sources, *options.speller, diags);
    }
    CheckReviews(content, options.build_time, diags);

    diags.Sort();
    if (diags.ErrorCount() == 0) {
        content.pack.build_time = options.build_time;
        result.pack = std::move(content.pack);
        result.module_sources = std::move(content.module_sources);
    }
    return result;
}

}  // namespace author
