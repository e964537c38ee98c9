// The signed manifest that announces a published pack (kiosk-author publish writes it; kiosk-sync reads
// it before downloading anything). Text, one field a line, then the signer's key id and an Ed25519
// signature over every byte before the "key" line, prefixed with a manifest-only context string, so a
// pack's signature can never pass as a manifest's or the other way round:
//   msht-kiosk pack manifest 1
//   pack-id msht-training
//   pack-version 4
//   file msht-training-v4.pack          (its signature is published beside it as file + ".sig")
//   length 1234567
//   sha256 <64 lower-case hex digits>
//   signed-at 2026-12-06T15:00:00Z
//   expires-at 2027-01-05T15:00:00Z
//   key <16 hex digits: the signer's key id>
//   ed25519 <128 hex digits>
// Parsing is strict (these lines, in this order, nothing else) and bounded (a manifest is a few hundred
// bytes; anything over kMaxManifestBytes is refused before it is read further).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/trust/signing_key.h"
#include "core/trust/trusted_keys.h"

namespace kiosk::core {

inline constexpr std::size_t kMaxManifestBytes = 4096;

struct PackManifest {
    std::string pack_id;
    int pack_version = 0;
    std::string file;          // a plain file name: no '/', no "..", ends ".pack"
    std::uint64_t length = 0;  // bytes
    std::string sha256;        // 64 lower-case hex digits of the pack file
    std::string signed_at;     // UTC, ISO 8601, seconds: "2026-12-06T15:00:00Z"
    std::string expires_at;
    std::int64_t signed_at_s = 0, expires_at_s = 0;  // the same times as Unix seconds (filled by Parse/Verify)
    bool operator==(const PackManifest&) const = default;
};

// The manifest's full text, signed by `key`. The fields must be valid (an error says which is not).
// Both alternatives are strings: index 0 holds the text, index 1 the error.
std::variant<std::string, std::string> SignManifest(const PackManifest& manifest, const SigningKey& key);

struct VerifiedManifest {
    PackManifest manifest;
    PublicKey signer;
};

// Parses `text` strictly and checks its signature against `trusted`. Errors name `source` (a URL or a
// file) and say what is wrong: not a manifest, a field missing or malformed, a key that is not trusted,
// a signature that does not match. Expiry and versions are the caller's to judge (they need the clock
// floor and the installed pack).
std::variant<VerifiedManifest, std::string> VerifyManifest(std::string_view text, const TrustedKeys& trusted,
                                                           const std::string& source);

// Parses `text` as strictly as VerifyManifest but checks no signature: for kiosk-author publish, which
// reads the manifest already in its own output folder to refuse publishing an older version over it.
// Never the basis for installing anything.
std::variant<PackManifest, std::string> ParseManifest(std::string_view text, const std::string& source);

}  // namespace kiosk::core
