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
#include "spelling.h"

namespace fs = std::filesystem;

namespace {

// The compile's "today": fixed, so the review-trail warnings (W112 a source checked over a year ago, W113 a
// date in the future) give the same output every day. Fixtures' sources say checked = 2026-06-01 or earlier.
constexpr const char* kToday = "2026-12-01T00:00:00Z";

fs::path FixturesDir() { return fs::path(KIOSK_TEST_FIXTURES) / "diagnostics"; }

std::vector<fs::path> Fixtures() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(FixturesDir()))
        if (entry.is_directory()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Fixtures cannot commit multi-megabyte files, so `NAME.size` holding a byte count stands for a file
// NAME of that many bytes (TOML comment lines), made in a scratch copy of the fixture.
fs::path Materialise(const fs::path& fixture) {
    bool needs_copy = false;
    for (const auto& entry : fs::recursive_directory_iterator(fixture))
        needs_copy = needs_copy || entry.path().extension() == ".size";
    if (!needs_copy) return fixture / "content";
    fs::path copy = fs::temp_directory_path() / ("kiosk-fixture-" + fixture.filename().string());
    fs::remove_all(copy);
    fs::copy(fixture / "content", copy, fs::copy_options::recursive);
    for (const auto& entry : fs::recursive_directory_iterator(copy)) {
        if (entry.path().extension() != ".size") continue;
        std::size_t bytes = std::stoul(ReadFile(entry.path()));
        std::string line = "# padding to make this file larger than the compiler accepts\n";
        std::string text;
        while (text.size() < bytes) text += line;
        std::ofstream(fs::path(entry.path()).replace_extension(""), std::ios::binary) << text.substr(0, bytes);
    }
    return copy;
}

std::string Render(const author::CompileResult& result) {
    std::string out;
    for (const auto& d : result.diagnostics.All()) out += author::FormatText(d, result.sources);
    return out + author::FormatSummary(result.diagnostics) + "\n";
}


}  // namespace

TEST_CASE("every diagnostic fixture prints exactly its golden output") {
    bool update = std::getenv("UPDATE_GOLDEN") != nullptr;
    auto fixtures = Fixtures();
    REQUIRE(fixtures.size() >= 25);
    for (const fs::path& dir : fixtures) {
        std::string name = dir.filename().string();
        std::string code = name.substr(0, name.find('-'));
        // Spelling (with this machine's dictionaries) only where it is the subject: other fixtures stay
        // about their own code whatever words they use.
        author::SpellChecker speller;
        author::CompileOptions options{Materialise(dir), "content", kToday};
        if (code == "W104" || code == "W086" || code == "W105") options.speller = &speller;
        author::CompileResult result = author::Compile(options);
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
