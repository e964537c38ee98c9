// Reads one asset of a pack in pieces, straight from its blob, so a film plays from the pack without
// being loaded whole. The bytes are checked against the sha256 recorded in the pack before any are
// handed out: a film edited inside the pack is refused like any other damaged asset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

struct sqlite3;
struct sqlite3_blob;

namespace kiosk::core {

class PackAssetStream {
public:
    // Opens `asset_path` in the pack at `pack_path` on its own read-only connection (a stream may be
    // used from another thread than the one that read the pack) and verifies its sha256.
    // Error: one line naming the pack and the asset.
    static std::variant<std::unique_ptr<PackAssetStream>, std::string> Open(const std::string& pack_path,
                                                                            const std::string& asset_path);
    ~PackAssetStream();
    PackAssetStream(const PackAssetStream&) = delete;
    PackAssetStream& operator=(const PackAssetStream&) = delete;

    std::uint64_t Size() const { return m_size; }
    // Copies up to `n` bytes from the current offset. Returns the count, 0 at the end, -1 on a read error.
    std::int64_t Read(void* buffer, std::size_t n);
    // Moves the offset; false (and no move) past the end.
    bool Seek(std::uint64_t offset);

private:
    PackAssetStream() = default;
    sqlite3* m_db = nullptr;
    sqlite3_blob* m_blob = nullptr;
    std::uint64_t m_size = 0;
    std::uint64_t m_offset = 0;
};

}  // namespace kiosk::core
