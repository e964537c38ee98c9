// Safe TOML loading (see toml_load.h). The only place the compiler calls toml::parse.
#include "toml_load.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "prescan.h"
#include "syntax_error.h"

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
