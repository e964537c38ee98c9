// The secret Ed25519 key that signs content packs (kiosk-author keygen/sign). It lives with whoever
// releases packs, never on a kiosk; kiosks hold only the public half (trusted_keys.h).
//
// NAME.key (mode 0600), two lines:        NAME.pub, one line for a kiosk's trusted-keys file:
//   msht-kiosk signing key 1                ed25519 <64 hex: public key> NAME
//   ed25519-seed <64 hex: 32-byte seed>
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/trust/trusted_keys.h"

namespace kiosk::core {

// A secret key (libsodium's 64 bytes: seed then public key), wiped from memory when destroyed.
// Movable (the source is wiped), not copyable.
class SigningKey {
public:
    static constexpr std::size_t kSeedBytes = 32;

    // A new random key (the OS CSPRNG through libsodium).
    static SigningKey Generate();
    // The key for a given seed; for tests that need the same key every run.
    static SigningKey FromSeed(const std::array<std::uint8_t, kSeedBytes>& seed);

    ~SigningKey();
    SigningKey(const SigningKey&) = delete;
    SigningKey& operator=(const SigningKey&) = delete;
    SigningKey(SigningKey&& other) noexcept;
    SigningKey& operator=(SigningKey&& other) noexcept;

    PublicKeyBytes Public() const;
    // The secret key as libsodium's crypto_sign_* functions take it (64 bytes).
    const std::uint8_t* SecretBytes() const { return m_secret.data(); }
    // NAME.key's text. Holds the secret: callers write it to a 0600 file and nowhere else.
    std::string FileText() const;

private:
    SigningKey() = default;
    std::array<std::uint8_t, 64> m_secret{};
};

// Writes `base`.key (0600) and `base`.pub (0644, the trusted-keys line with `name`) for a new key.
// Refuses to replace either file. Error message naming the file, or nullopt.
std::optional<std::string> WriteNewKeyPair(const std::string& base, const std::string& name);

// Reads a NAME.key file. Refuses a key file that other users can read or change (chmod 600), and any
// text that is not exactly the two lines above.
std::variant<SigningKey, std::string> LoadSigningKey(const std::string& path);

}  // namespace kiosk::core
