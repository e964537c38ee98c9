// The 100-byte header at the start of every SQLite file, read before SQLite opens it. SQLite opens an
// empty, foreign or cut-short file without complaint and fails later with messages that do not say which
// case it is; the pack reader, the kiosk's records DB and kiosk-report's inputs each need to name the case
// (not SQLite, truncated, not whole pages), so they share this one reading of the header.
#pragma once

#include <cstdint>
#include <string_view>

namespace kiosk::core {

inline constexpr std::size_t kSqliteHeaderBytes = 100;

struct SqliteHeader {
    bool magic = false;             // starts "SQLite format 3\0" (as far as the bytes go)
    bool complete = false;          // all 100 header bytes are there
    std::uint32_t page_size = 0;    // 512 to 65536 when page_size_valid
    bool page_size_valid = false;   // a power of two in that range
    std::uintmax_t claimed_bytes = 0;  // page count x page size, when the header's count is valid; else 0
};

// What `bytes` (the first bytes of a file, up to 100) say. Fields past `magic` are meaningful only when
// `complete`.
SqliteHeader ParseSqliteHeader(std::string_view bytes);

}  // namespace kiosk::core
