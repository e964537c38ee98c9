// A loaded source file: its text and display path, with line lookup for diagnostics.
// Columns everywhere count code points from 1, as toml++ does, so carets line up with what editors show.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace author {

class SourceFile {
public:
    SourceFile(std::string display_path, std::string text);

    const std::string& Path() const { return m_path; }
    const std::string& Text() const { return m_text; }
    // Line `line` (1-based) without its line ending; empty when out of range.
    std::string_view Line(std::size_t line) const;
    std::size_t LineCount() const { return m_lineStarts.size(); }

private:
    std::string m_path;
    std::string m_text;
    std::vector<std::size_t> m_lineStarts;
};

// Number of code points in UTF-8 text (continuation bytes are not counted).
std::size_t CodePoints(std::string_view utf8);

// Byte offset of the first byte that is not part of valid UTF-8 (overlong forms and surrogates count as
// invalid), or std::string_view::npos when all of `text` is valid.
std::size_t FirstInvalidUtf8(std::string_view text);

}  // namespace author
