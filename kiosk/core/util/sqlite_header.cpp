// The SQLite file header, read by hand (see sqlite_header.h; the format is
// https://www.sqlite.org/fileformat.html, section 1.3).
#include "core/util/sqlite_header.h"

#include <algorithm>

namespace kiosk::core {

SqliteHeader ParseSqliteHeader(std::string_view bytes) {
    constexpr std::string_view kMagic{"SQLite format 3\0", 16};
    SqliteHeader h;
    std::size_t compared = std::min(bytes.size(), kMagic.size());
    h.magic = bytes.size() > 0 && bytes.substr(0, compared) == kMagic.substr(0, compared);
    h.complete = h.magic && bytes.size() >= kSqliteHeaderBytes;
    if (!h.complete) return h;
    auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])); };
    auto be32 = [&](std::size_t i) { return byte(i) << 24 | byte(i + 1) << 16 | byte(i + 2) << 8 | byte(i + 3); };
    h.page_size = byte(16) << 8 | byte(17);
    if (h.page_size == 1) h.page_size = 65536;
    h.page_size_valid = h.page_size >= 512 && h.page_size <= 65536 && (h.page_size & (h.page_size - 1)) == 0;
    // The page count at offset 28 is only meaningful while the change counter (24) matches the
    // "version-valid-for" number (92); older writers left it stale.
    if (h.page_size_valid && be32(24) == be32(92) && be32(28) > 0)
        h.claimed_bytes = std::uintmax_t{be32(28)} * h.page_size;
    return h;
}

}  // namespace kiosk::core
