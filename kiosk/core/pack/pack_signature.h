// Detached signatures for content packs: PACK.sig beside PACK, an Ed25519ph signature (RFC 8032:
// Ed25519 over the SHA-512 of the whole file, streamed) by a key the kiosk trusts. Verification reads
// only raw bytes and never opens the pack as SQLite, so an untrusted file never reaches SQLite's parser.
//
// PACK.sig is three lines of text:
//   msht-kiosk pack signature 1
//   key <16 hex digits: the first 8 bytes of the signer's public key>
//   ed25519ph <128 hex digits: the 64-byte signature>
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/trust/signing_key.h"
#include "core/trust/trusted_keys.h"

namespace kiosk::core {

inline constexpr std::size_t kSignatureBytes = 64;

struct PackSignature {
    KeyIdBytes key_id{};
    std::array<std::uint8_t, kSignatureBytes> bytes{};
};

// Where a pack's signature lives: PACK + ".sig".
std::string SignaturePathFor(const std::string& pack_path);

// PACK.sig's exact text for a signature.
std::string FormatPackSignature(const PackSignature& signature);

// Parses PACK.sig's text strictly: the three lines above, nothing else (no CR, no trailing text).
// Errors name `sig_path` and say what is wrong (another format version, a short signature...).
std::variant<PackSignature, std::string> ParsePackSignature(std::string_view text, const std::string& sig_path);

// Signs the file at `pack_path` and writes SignaturePathFor(pack_path) durably (replacing an old one).
// Returns the signature, or an error naming the file.
std::variant<PackSignature, std::string> SignPack(const std::string& pack_path, const SigningKey& key);

// Verifies `pack_path` against its PACK.sig and the trusted keys. Returns who signed it, or one
// line naming the file and the reason: not signed (no .sig), a damaged .sig, a key that is not trusted,
// or a pack whose bytes do not match its signature (a flipped bit anywhere, a truncated file).
// With `copy_to`, the bytes are also written, as they are verified, to that new file (created, never
// replaced; fsynced): what is installed is exactly what was verified, even if `pack_path` changes after.
// On failure `copy_to` is removed.
struct Verified {
    PublicKey signer;         // the trusted key that made the signature
    PackSignature signature;  // as read from PACK.sig (FormatPackSignature gives its exact text back)
};
std::variant<Verified, std::string> VerifyPack(const std::string& pack_path, const TrustedKeys& trusted,
                                               const std::string& copy_to = {});

}  // namespace kiosk::core
