// The public keys a kiosk trusts to sign its content packs, read from a small file that lives on the
// kiosk, outside any pack (the pack cannot vouch for itself). At most two keys, the current signer and
// the next one, so a signing key can be rotated without a moment when good packs are refused.
//
// File format, one key per line, '#' comments and blank lines allowed (NAME.pub from
// `kiosk-author keygen` is exactly one such line):
//   ed25519 <64 lower-case hex digits: the 32-byte public key> [a name for people]
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kiosk::core {

inline constexpr std::size_t kPublicKeyBytes = 32;
inline constexpr std::size_t kKeyIdBytes = 8;    // a signature names its key by the key's first 8 bytes
inline constexpr std::size_t kMaxTrustedKeys = 2;

using PublicKeyBytes = std::array<std::uint8_t, kPublicKeyBytes>;
using KeyIdBytes = std::array<std::uint8_t, kKeyIdBytes>;

struct PublicKey {
    PublicKeyBytes bytes{};
    std::string name;  // may be ""
};

struct TrustedKeys {
    std::string path;  // where they were read from, for messages
    std::vector<PublicKey> keys;
};

// The first kKeyIdBytes of the key.
KeyIdBytes KeyIdOf(const PublicKeyBytes& key);
// Lower-case hex of bytes ("0a1b..."), e.g. a key id for messages.
std::string HexOf(const std::uint8_t* data, std::size_t size);
template <std::size_t N>
std::string HexOf(const std::array<std::uint8_t, N>& bytes) { return HexOf(bytes.data(), N); }
// Decodes exactly `size` bytes from 2*size lower-case hex digits; false for anything else.
bool ParseLowerHex(std::string_view text, std::uint8_t* out, std::size_t size);

// "ed25519 <hex>[ name]" without a newline: a line of the trusted-keys file.
std::string FormatPublicKeyLine(const PublicKey& key);

// "key <id hex> (<name>)", or just "key <id hex>" without a name: how messages name a key.
std::string DescribeKey(const PublicKey& key);

// Parses a trusted-keys file's text. `path` is for messages ("PATH:LINE: ..."). Refuses no keys, more
// than kMaxTrustedKeys, the same key twice, and any line that is not a key, a comment or blank.
std::variant<TrustedKeys, std::string> ParseTrustedKeys(std::string_view text, const std::string& path);

// Reads and parses the file. Refuses a missing file, a symlink or folder, and a file that users other
// than its owner may change (permissions with g+w or o+w): anyone who can add a line could sign packs.
std::variant<TrustedKeys, std::string> LoadTrustedKeys(const std::string& path);

}  // namespace kiosk::core
