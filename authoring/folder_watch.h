// Watches a content folder and everything under it (modules, locales, images, films) with inotify, for
// kiosk-author preview. inotify watches one folder at a time, so new folders are added as they appear.
// Editors' own files (swap files, backups, the temporary file a save is written to before it is renamed
// into place) are not reported: the rename is, under the real name.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace author {

class FolderWatch {
public:
    // Watches `root` and every folder under it. A one-line message if inotify cannot be used.
    static std::variant<FolderWatch, std::string> Open(const std::filesystem::path& root);

    FolderWatch(FolderWatch&& other) noexcept;
    FolderWatch& operator=(FolderWatch&& other) noexcept;
    FolderWatch(const FolderWatch&) = delete;
    FolderWatch& operator=(const FolderWatch&) = delete;
    ~FolderWatch();

    // For poll(): readable when changes are waiting.
    int Fd() const { return m_fd; }

    // What changed since the last call, without waiting: paths relative to the root ('/'-separated,
    // each once, in the order first seen). Folders created (or moved in) are watched from now on, and
    // the files already in them are reported too, since they arrived before the watch did.
    std::vector<std::string> Read();

    // Whether a file or folder name is an editor's scratch file, never content: ".module.toml.swp",
    // "module.toml~", "#module.toml#", vim's "4913" probe, ".goutputstream-XXXX", "x.tmp".
    static bool IsScratchName(const std::string& name);

private:
    FolderWatch() = default;
    // Watches `dir` and its sub-folders; appends the files found to `found` when `report_files`.
    void AddTree(const std::filesystem::path& dir, bool report_files, std::vector<std::string>& found);
    std::string Relative(const std::filesystem::path& path) const;

    int m_fd = -1;
    std::filesystem::path m_root;
    std::map<int, std::filesystem::path> m_dirs;  // watch descriptor -> folder
};

}  // namespace author
