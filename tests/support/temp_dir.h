// A fresh scratch directory per test, removed afterwards. The pid and a random number keep parallel
// ctest processes (one per test case) apart.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

namespace test_support {

class TempDir {
public:
    explicit TempDir(const std::string& prefix = "kiosk-test") {
        std::random_device random;
        m_path = std::filesystem::temp_directory_path() /
                 (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string File(const std::string& name) const { return (m_path / name).string(); }
    const std::filesystem::path& Path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

}  // namespace test_support
