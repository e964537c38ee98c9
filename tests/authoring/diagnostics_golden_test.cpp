// Golden tests for compiler diagnostics: every fixture under tests/fixtures/diagnostics/<CODE>-<name>/
// holds a small content folder and expected.txt, the exact text kiosk-author prints (codes, positions,
// messages, carets). A changed message, code or position fails here. Regenerate after a deliberate
// change with UPDATE_GOLDEN=1 and review the diff.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "compiler.h"
#include "diagnostic_format.h"

namespace fs = std::filesystem;

namespace {

fs::path FixturesDir() { return fs::path(KIOSK_TEST_FIXTURES) / "diagnostics"; }

std::vector<fs::path> Fixtures() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(FixturesDir()))
        if (entry.is_directory()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string Render(const author::CompileResult& result) {
    std::string out;
    for (const auto& d : result.diagnostics.All()) out += author::FormatText(d, result.sources);
    return out + author::FormatSummary(result.diagnostics) + "\n";
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("every diagnostic fixture prints exactly its golden output") {
    bool update = std::getenv("UPDATE_GOLDEN") != nullptr;
    auto fixtures = Fixtures();
    REQUIRE(fixtures.size() >= 25);
    for (const fs::path& dir : fixtures) {
        std::string name = dir.filename().string();
        std::string code = name.substr(0, name.find('-'));
        author::CompileResult result = author::Compile({dir / "content", "content", "2026-01-01T00:00:00Z"});
        std::string actual = Render(result);
        if (update) std::ofstream(dir / "expected.txt", std::ios::binary) << actual;
        INFO("fixture: ", name);
        CHECK(actual == ReadFile(dir / "expected.txt"));
        bool has_code = false;
        for (const auto& d : result.diagnostics.All()) has_code = has_code || d.code == code;
        CHECK_MESSAGE(has_code, "fixture ", name, " does not produce ", code);
    }
}

TEST_CASE("every diagnostic code in the catalogue has a fixture") {
    std::set<std::string> covered;
    for (const fs::path& dir : Fixtures()) {
        std::string name = dir.filename().string();
        covered.insert(name.substr(0, name.find('-')));
    }
    for (const auto& info : author::DiagnosticCatalog()) {
        INFO("code: ", std::string(info.code));
        CHECK(covered.count(std::string(info.code)) == 1);
    }
}
