// A private temporary folder (mkdtemp, 0700) removed with everything in it when the object dies. The
// report tool copies a live kiosk DB with its WAL here, and builds the merged DB of several inputs here.
#pragma once

#include <optional>
#include <string>

namespace report {

class ScratchDir {
public:
    // Creates the folder under the system temp folder; nullopt and a message if it cannot.
    static std::optional<ScratchDir> Create(std::string& error);
    ~ScratchDir();
    ScratchDir(ScratchDir&& other) noexcept;  // the moved-from one removes nothing
    ScratchDir& operator=(ScratchDir&&) = delete;
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    // A path inside the folder.
    std::string File(const std::string& name) const { return m_path + "/" + name; }
    // A path inside the folder not handed out before: "<stem>-<n>.db".
    std::string UniqueFile(const std::string& stem) { return File(stem + "-" + std::to_string(++m_files) + ".db"); }

private:
    explicit ScratchDir(std::string path) : m_path(std::move(path)) {}
    std::string m_path;  // "" once moved from
    int m_files = 0;
};

}  // namespace report
