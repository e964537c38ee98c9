// ScratchDir (scratch_dir.h): a mkdtemp folder that removes itself.
#include "report/scratch_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace report {

std::optional<ScratchDir> ScratchDir::Create(std::string& error) {
    std::error_code ec;
    std::string pattern = (std::filesystem::temp_directory_path(ec) / "kiosk-report-XXXXXX").string();
    if (ec) pattern = "/tmp/kiosk-report-XXXXXX";
    if (!::mkdtemp(pattern.data())) {
        error = "cannot create a temporary folder (" + std::string(std::strerror(errno)) + ")";
        return std::nullopt;
    }
    return ScratchDir(pattern);
}

ScratchDir::~ScratchDir() {
    if (m_path.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

ScratchDir::ScratchDir(ScratchDir&& other) noexcept
    : m_path(std::exchange(other.m_path, std::string())), m_files(other.m_files) {}

}  // namespace report
