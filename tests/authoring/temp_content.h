// A scratch content folder for the authoring tools' tests: made under the temp dir, removed at the end.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace test {

namespace fs = std::filesystem;

inline std::string ReadText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct ScratchContent {
    fs::path dir;
    // An empty folder, or a copy of `from` (a fixture content folder) when given.
    explicit ScratchContent(const fs::path& from = {}) {
        static int counter = 0;
        dir = fs::temp_directory_path() / ("kiosk-tools-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        fs::remove_all(dir);
        if (from.empty()) fs::create_directories(dir);
        else fs::copy(from, dir, fs::copy_options::recursive);
    }
    ~ScratchContent() { fs::remove_all(dir); }
    ScratchContent(const ScratchContent&) = delete;
    ScratchContent& operator=(const ScratchContent&) = delete;

    void Write(const std::string& rel, const std::string& text) const {
        fs::create_directories((dir / rel).parent_path());
        std::ofstream(dir / rel, std::ios::binary) << text;
    }
    std::string Read(const std::string& rel) const { return ReadText(dir / rel); }
    // Replaces the first `from` in file `rel` by `to`; false if `from` is not there.
    bool Replace(const std::string& rel, const std::string& from, const std::string& to) const {
        std::string text = Read(rel);
        auto at = text.find(from);
        if (at == std::string::npos) return false;
        Write(rel, text.replace(at, from.size(), to));
        return true;
    }
};

// pack.toml for a pack in `languages` (a TOML array body such as "\"en\", \"cy\"").
inline std::string PackToml(const std::string& languages) {
    return "id = \"p\"\nversion = 1\ntitle = \"P\"\nlanguages = [" + languages +
           "]\n[[contacts]]\nname = \"Helpline\"\nphone = \"08000 121 700\"\n";
}

// The settings and one source of module `id`, ready for its [[scenes]] to follow; `extra` (whole lines,
// such as "reading_age = 9\n") goes with the settings.
inline std::string ModuleHead(const std::string& id, const std::string& title = "T", const std::string& extra = "") {
    return "id = \"" + id + "\"\ntitle = \"" + title + "\"\nsummary = \"S\"\naudience = [\"other\"]\nminutes = 1\npass_mark = 0\n" +
           extra + "[[sources]]\ntitle = \"GOV.UK\"\nurl = \"https://www.gov.uk/\"\nchecked = 2026-01-01\n\n";
}

}  // namespace test
