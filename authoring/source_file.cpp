// Line index over a source file, built once so every diagnostic can show its line cheaply; and the UTF-8
// check that files read without toml++ (PO files) get before their text is used.
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

std::size_t FirstInvalidUtf8(std::string_view text) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    for (std::size_t i = 0; i < text.size();) {
        unsigned char c = byte(i);
        std::size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (length == 0 || (length == 2 && c < 0xC2) || (length == 4 && c > 0xF4) || i + length > text.size()) return i;
        for (std::size_t k = 1; k < length; ++k)
            if ((byte(i + k) & 0xC0) != 0x80) return i;
        if (length == 3) {  // overlong (E0 80..9F) and surrogates (ED A0..BF)
            if ((c == 0xE0 && byte(i + 1) < 0xA0) || (c == 0xED && byte(i + 1) > 0x9F)) return i;
        } else if (length == 4) {  // overlong (F0 80..8F) and past U+10FFFF (F4 90..)
            if ((c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) > 0x8F)) return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

}  // namespace author
