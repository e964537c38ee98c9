// Line index over a source file, built once so every diagnostic can show its line cheaply.
#include "source_file.h"

namespace author {

SourceFile::SourceFile(std::string display_path, std::string text)
    : m_path(std::move(display_path)), m_text(std::move(text)) {
    m_lineStarts.push_back(0);
    for (std::size_t i = 0; i < m_text.size(); ++i)
        if (m_text[i] == '\n') m_lineStarts.push_back(i + 1);
}

std::string_view SourceFile::Line(std::size_t line) const {
    if (line == 0 || line > m_lineStarts.size()) return {};
    std::size_t begin = m_lineStarts[line - 1];
    std::size_t end = line < m_lineStarts.size() ? m_lineStarts[line] - 1 : m_text.size();
    std::string_view view(m_text.data() + begin, end - begin);
    if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
    return view;
}

std::size_t CodePoints(std::string_view utf8) {
    std::size_t n = 0;
    for (unsigned char c : utf8)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace author
