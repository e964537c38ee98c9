// Writing and reading content packs (one SQLite file, see pack_schema.cpp for the layout).
// The writer is used by kiosk-author, the reader by the kiosk and by `kiosk-author info`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/pack/pack_data.h"

namespace kiosk::core {

// sha256 (lower-case hex) over the canonical content: every field of `pack` except build_time,
// content_hash and asset bytes (assets count through their sha256). Same content, same hash.
std::string ComputeContentHash(const PackData& pack);

// sha256 of raw bytes, lower-case hex.
std::string Sha256Hex(const void* data, std::size_t size);

// How WritePack writes. The defaults are for packs that go to kiosks.
struct PackWriteOptions {
    bool durable = true;  // fsync before and after the rename, so a power cut cannot leave half a pack
    bool compact = true;  // VACUUM: every table contiguous, no free pages
};
// For a pack that lives seconds in a private folder (kiosk-author preview's, rebuilt on every save):
// neither, since an fsync can wait on everything else the disk is writing.
inline constexpr PackWriteOptions kThrowawayPack{false, false};

// Writes `pack` to `path` atomically (temporary file, then rename), filling pack.content_hash first.
// Deterministic: equal PackData gives a byte-identical file. Returns an error message on failure.
std::optional<std::string> WritePack(PackData& pack, const std::string& path, const PackWriteOptions& options = {});

// Reads a whole pack. Asset bytes are loaded only when `with_asset_data` (the kiosk loads them lazily).
// Errors are one line naming the file and the problem: not an SQLite file, SQLite but not a pack,
// a newer schema than this build knows, truncated/damaged, or a content hash that does not match.
// `check_content_hash` false skips recomputing the content hash: only for a file whose every byte a trusted
// signature has just covered (VerifyPack), where it would cost ~10 ms a 2,000-scene pack and prove nothing more.
std::variant<PackData, std::string> ReadPack(const std::string& path, bool with_asset_data,
                                             bool check_content_hash = true);

// Reads one asset's bytes and checks them against the sha256 recorded in the pack.
std::variant<std::vector<std::uint8_t>, std::string> ReadPackAsset(const std::string& pack_path,
                                                                   const std::string& asset_path);

}  // namespace kiosk::core
