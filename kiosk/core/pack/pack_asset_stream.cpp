// PackAssetStream (pack_asset_stream.h): SQLite's incremental blob I/O over the assets table.
#include "core/pack/pack_asset_stream.h"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <vector>

namespace kiosk::core {

namespace {

std::string Failure(const std::string& pack, const std::string& asset, const std::string& what) {
    return pack + ": cannot read '" + asset + "' from the pack (" + what + ")";
}

}  // namespace

std::variant<std::unique_ptr<PackAssetStream>, std::string> PackAssetStream::Open(const std::string& pack_path,
                                                                                   const std::string& asset_path) {
    std::unique_ptr<PackAssetStream> stream(new PackAssetStream());
    if (sqlite3_open_v2(pack_path.c_str(), &stream->m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK)
        return Failure(pack_path, asset_path, stream->m_db ? sqlite3_errmsg(stream->m_db) : "out of memory");
    sqlite3_db_config(stream->m_db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(stream->m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);

    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(stream->m_db, "SELECT rowid, sha256 FROM assets WHERE path = ?1", -1, &st, nullptr) !=
        SQLITE_OK)
        return Failure(pack_path, asset_path, sqlite3_errmsg(stream->m_db));
    sqlite3_bind_text(st, 1, asset_path.c_str(), static_cast<int>(asset_path.size()), SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        std::string why = rc == SQLITE_DONE ? "no such asset" : sqlite3_errmsg(stream->m_db);
        sqlite3_finalize(st);
        return Failure(pack_path, asset_path, why);
    }
    const sqlite3_int64 rowid = sqlite3_column_int64(st, 0);
    const unsigned char* recorded_text = sqlite3_column_text(st, 1);
    std::string recorded = recorded_text ? reinterpret_cast<const char*>(recorded_text) : "";
    sqlite3_finalize(st);

    if (sqlite3_blob_open(stream->m_db, "main", "assets", "data", rowid, 0, &stream->m_blob) != SQLITE_OK)
        return Failure(pack_path, asset_path, sqlite3_errmsg(stream->m_db));
    stream->m_size = static_cast<std::uint64_t>(sqlite3_blob_bytes(stream->m_blob));

    // Hash it all once before playing any of it: a film damaged halfway would otherwise play until it
    // broke. Reading a few MB from the page cache takes milliseconds.
    if (sodium_init() < 0) return Failure(pack_path, asset_path, "libsodium failed to start");
    crypto_hash_sha256_state hash;
    crypto_hash_sha256_init(&hash);
    std::vector<unsigned char> chunk(256 * 1024);
    for (std::uint64_t at = 0; at < stream->m_size;) {
        int n = static_cast<int>(std::min<std::uint64_t>(chunk.size(), stream->m_size - at));
        if (sqlite3_blob_read(stream->m_blob, chunk.data(), n, static_cast<int>(at)) != SQLITE_OK)
            return Failure(pack_path, asset_path, sqlite3_errmsg(stream->m_db));
        crypto_hash_sha256_update(&hash, chunk.data(), static_cast<unsigned long long>(n));
        at += static_cast<std::uint64_t>(n);
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&hash, digest);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    if (recorded != hex) return Failure(pack_path, asset_path, "its bytes do not match the sha256 recorded in the pack");
    return stream;
}

PackAssetStream::~PackAssetStream() {
    if (m_blob) sqlite3_blob_close(m_blob);
    if (m_db) sqlite3_close(m_db);
}

std::int64_t PackAssetStream::Read(void* buffer, std::size_t n) {
    if (m_offset >= m_size || n == 0) return 0;
    // SQLite blob offsets are ints: packs keep films well under 2 GiB (the compiler caps them).
    int count = static_cast<int>(std::min<std::uint64_t>({n, m_size - m_offset, 1u << 30}));
    if (sqlite3_blob_read(m_blob, buffer, count, static_cast<int>(m_offset)) != SQLITE_OK) return -1;
    m_offset += static_cast<std::uint64_t>(count);
    return count;
}

bool PackAssetStream::Seek(std::uint64_t offset) {
    if (offset > m_size) return false;
    m_offset = offset;
    return true;
}

}  // namespace kiosk::core
