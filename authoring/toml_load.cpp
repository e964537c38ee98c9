// Safe TOML loading (see toml_load.h). The only place the compiler calls toml::parse.
#include "toml_load.h"
#include "core/util/one_line.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "prescan.h"

namespace author {

std::optional<std::string> ReadWholeFile(const std::filesystem::path& path, std::size_t max_bytes, std::string& error) {
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        error = "does not exist";
        return std::nullopt;
    }
    if (std::filesystem::is_directory(status)) {
        error = "is a directory, not a file";
        return std::nullopt;
    }
    if (!std::filesystem::is_regular_file(status)) {
        error = "is not a regular file";
        return std::nullopt;
    }
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) {
        error = "is " + std::to_string(size) + " bytes; the limit is " + std::to_string(max_bytes);
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::string("is not readable (") + std::strerror(errno) + ")";
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        error = "could not be read to the end";
        return std::nullopt;
    }
    return std::move(buffer).str();
}

namespace {

// Column (1-based, code points) of byte offset `at` in `line`.
int ColumnAt(std::string_view line, std::size_t at) { return static_cast<int>(CodePoints(line.substr(0, at))) + 1; }

// toml++ quotes what it saw, control characters included ("saw 'tr\n'"); a diagnostic is one line, so
// they are written as escapes (found by fuzzing: tests/fuzz/crashers/module_toml/).
std::string EscapeControls(std::string_view text) {
    return kiosk::core::OneLine(text, kiosk::core::kNoLimit, kiosk::core::LineBreaks::Escape);
}

// toml++ words its errors for programmers and reports some where it noticed them rather than where the
// mistake is. The two mistakes trainers make most are rephrased and moved; others pass through as is.
void ReportSyntaxError(const SourceFile& file, const toml::parse_error& e, Diagnostics& diags) {
    Location loc = LocationOf(file, e.source());
    loc.length = 1;
    std::string message = EscapeControls(e.description());
    std::string_view line = file.Line(static_cast<std::size_t>(loc.line));

    if (message.find("unescaped control characters") != std::string::npos ||
        message.find("encountered end-of-file") != std::string::npos) {
        // An unclosed "...": toml++ stops at the line end; point at the opening quote.
        std::size_t equals = line.find('=');
        std::size_t quote = line.find('"', equals == std::string_view::npos ? 0 : equals);
        if (quote != std::string_view::npos && line.find('"', quote + 1) == std::string_view::npos) {
            loc.column = ColumnAt(line, quote);
            diags.Add("E001", loc, "this text has no closing quote (\"); add one at the end of the text");
            return;
        }
    }
    static const std::string kRedefine = "cannot redefine existing ";
    if (auto at = message.find(kRedefine); at != std::string::npos) {
        // "... cannot redefine existing string 'text'": point at the key and at its first definition.
        auto open = message.find('\'', at), close = message.rfind('\'');
        std::string key = open != std::string::npos && close > open ? message.substr(open + 1, close - open - 1) : "";
        std::size_t key_at = line.find_first_not_of(" \t");
        if (!key.empty() && key_at != std::string_view::npos && line.substr(key_at, key.size()) == key) {
            loc.column = ColumnAt(line, key_at);
            loc.length = static_cast<int>(CodePoints(key));
            Diagnostic& d = diags.Add("E001", loc, "'" + key + "' is set twice in the same table; remove one");
            for (int l = loc.line - 1; l >= 1; --l) {
                std::string_view earlier = file.Line(static_cast<std::size_t>(l));
                std::size_t start = earlier.find_first_not_of(" \t");
                if (start != std::string_view::npos && earlier[start] == '[') break;  // another table began
                if (start == std::string_view::npos || earlier.substr(start, key.size()) != key) continue;
                std::string_view rest = earlier.substr(start + key.size());
                if (rest.find_first_not_of(" \t") == std::string_view::npos || rest[rest.find_first_not_of(" \t")] != '=') continue;
                d.notes.push_back({Location{file.Path(), l, ColumnAt(earlier, start), loc.length}, "first set here"});
                break;
            }
            return;
        }
    }
    diags.Add("E001", loc, message);
}

}  // namespace

Location LocationOf(const SourceFile& file, const toml::source_region& region) {
    Location loc{file.Path(), static_cast<int>(region.begin.line), static_cast<int>(region.begin.column), 1};
    if (region.end.line == region.begin.line && region.end.column > region.begin.column) {
        loc.length = static_cast<int>(region.end.column - region.begin.column);
    } else {
        int line_length = static_cast<int>(CodePoints(file.Line(region.begin.line)));
        loc.length = std::max(1, line_length - loc.column + 1);
    }
    return loc;
}

std::optional<toml::table> LoadToml(const std::filesystem::path& path, const std::string& display,
                                    SourceSet& sources, Diagnostics& diags) {
    std::string error;
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) > kMaxFileBytes) {
        diags.Add("E002", Location{display, 0, 0, 1},
                  "file is " + std::to_string(std::filesystem::file_size(path, ec)) + " bytes; the limit is " +
                      std::to_string(kMaxFileBytes) + " (4 MiB)");
        return std::nullopt;
    }
    auto text = ReadWholeFile(path, kMaxFileBytes, error);
    if (!text) {
        diags.Add("E005", Location{display, 0, 0, 1}, "cannot read the file: it " + error);
        return std::nullopt;
    }
    auto file = std::make_shared<SourceFile>(display, std::move(*text));
    sources[display] = file;
    if (!PrescanToml(*file, diags)) return std::nullopt;
    try {
        return toml::parse(std::string_view{file->Text()}, std::string_view{display});
    } catch (const toml::parse_error& e) {
        ReportSyntaxError(*file, e, diags);
        return std::nullopt;
    }
}

}  // namespace author
