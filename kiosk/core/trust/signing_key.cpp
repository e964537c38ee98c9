// The pack-signing secret key and its files (signing_key.h). The .key file keeps only the seed (the
// public half is derived from it), so a damaged or edited file cannot pair a secret with the wrong
// public key.
#include "core/trust/signing_key.h"

#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "core/util/small_file.h"

namespace kiosk::core {

namespace {

constexpr std::string_view kHeader = "msht-kiosk signing key 1";
constexpr std::string_view kSeedLabel = "ed25519-seed ";
constexpr std::size_t kMaxKeyFileBytes = 4096;

void EnsureSodium() { [[maybe_unused]] static const int init = sodium_init(); }

static_assert(crypto_sign_SECRETKEYBYTES == 64 && crypto_sign_PUBLICKEYBYTES == kPublicKeyBytes &&
              crypto_sign_SEEDBYTES == SigningKey::kSeedBytes);

}  // namespace

SigningKey SigningKey::Generate() {
    EnsureSodium();
    std::array<std::uint8_t, kSeedBytes> seed{};
    randombytes_buf(seed.data(), seed.size());
    SigningKey key = FromSeed(seed);
    sodium_memzero(seed.data(), seed.size());
    return key;
}

SigningKey SigningKey::FromSeed(const std::array<std::uint8_t, kSeedBytes>& seed) {
    EnsureSodium();
    SigningKey key;
    PublicKeyBytes public_key{};
    crypto_sign_seed_keypair(public_key.data(), key.m_secret.data(), seed.data());
    return key;
}

SigningKey::~SigningKey() { sodium_memzero(m_secret.data(), m_secret.size()); }

SigningKey::SigningKey(SigningKey&& other) noexcept : m_secret(other.m_secret) {
    sodium_memzero(other.m_secret.data(), other.m_secret.size());
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
    if (this != &other) {
        m_secret = other.m_secret;
        sodium_memzero(other.m_secret.data(), other.m_secret.size());
    }
    return *this;
}

PublicKeyBytes SigningKey::Public() const {
    PublicKeyBytes public_key{};
    crypto_sign_ed25519_sk_to_pk(public_key.data(), m_secret.data());
    return public_key;
}

std::string SigningKey::FileText() const {
    std::array<std::uint8_t, kSeedBytes> seed{};
    crypto_sign_ed25519_sk_to_seed(seed.data(), m_secret.data());
    std::string text = std::string(kHeader) + "\n" + std::string(kSeedLabel) + HexOf(seed) + "\n";
    sodium_memzero(seed.data(), seed.size());
    return text;
}

std::optional<std::string> WriteNewKeyPair(const std::string& base, const std::string& name) {
    SigningKey key = SigningKey::Generate();
    std::string secret_path = base + ".key", public_path = base + ".pub";
    // Check both first, so a refused .pub does not leave a new .key behind.
    for (const std::string& path : {secret_path, public_path}) {
        if (::access(path.c_str(), F_OK) == 0 || errno != ENOENT)
            return path + ": already exists; it is not replaced (a new key would orphan the packs signed with the old one)";
    }
    std::string secret_text = key.FileText();
    auto error = WriteSmallFile(secret_path, secret_text, 0600, true);
    sodium_memzero(secret_text.data(), secret_text.size());
    if (error) return error;
    return WriteSmallFile(public_path, FormatPublicKeyLine(PublicKey{key.Public(), name}) + "\n", 0644, true);
}

std::variant<SigningKey, std::string> LoadSigningKey(const std::string& path) {
    auto read = ReadSmallFile(path, kMaxKeyFileBytes);
    if (const auto* failure = std::get_if<SmallFileFailure>(&read))
        return path + ": cannot read the signing key (" + failure->detail + ")";
    SmallFile& file = std::get<SmallFile>(read);
    std::string message;
    if (file.text.rfind("ed25519 ", 0) == 0) {
        message = path + ": this is a public key (a .pub line for the kiosks); sign with the secret .key file "
                         "that kiosk-author keygen wrote beside it";
    } else if ((file.mode & 077) != 0) {
        message = path + ": the secret signing key can be read or changed by other users (permissions " +
                  ModeText(file.mode) + "); run 'chmod 600 " + path + "'";
    } else {
        std::string_view text = file.text;
        std::array<std::uint8_t, SigningKey::kSeedBytes> seed{};
        std::string expected = std::string(kHeader) + "\n" + std::string(kSeedLabel);
        bool shaped = text.size() == expected.size() + 2 * seed.size() + 1 && text.substr(0, expected.size()) == expected &&
                      text.back() == '\n' &&
                      ParseLowerHex(text.substr(expected.size(), 2 * seed.size()), seed.data(), seed.size());
        std::optional<SigningKey> key;
        if (shaped) key.emplace(SigningKey::FromSeed(seed));
        sodium_memzero(seed.data(), seed.size());
        if (key) {
            sodium_memzero(file.text.data(), file.text.size());
            return std::move(*key);
        }
        message = path + ": not a signing key from kiosk-author keygen (expected the two lines '" + std::string(kHeader) +
                  "' and 'ed25519-seed <64 hex digits>')";
    }
    sodium_memzero(file.text.data(), file.text.size());
    return message;
}

}  // namespace kiosk::core
