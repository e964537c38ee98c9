// Signing and verifying packs (pack_signature.h). Ed25519ph through libsodium's crypto_sign_init/
// update/final, so a pack of any size is hashed in one streaming pass with bounded memory, and the
// copy the kiosk installs is written from the very buffers that were hashed.
#include "core/pack/pack_signature.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/util/small_file.h"

namespace kiosk::core {

namespace {

constexpr std::string_view kHeader = "msht-kiosk pack signature ";
constexpr std::string_view kVersion = "1";
constexpr std::string_view kKeyLabel = "key ";
constexpr std::string_view kSignatureLabel = "ed25519ph ";
constexpr std::size_t kMaxSignatureFileBytes = 4096;
constexpr std::size_t kChunkBytes = 1 << 20;

void EnsureSodium() { [[maybe_unused]] static const int init = sodium_init(); }

static_assert(crypto_sign_BYTES == kSignatureBytes);

// Feeds the whole file at `path` to `state`, and to `copy_fd` when it is >= 0. Error text (without the
// path) or nullopt.
std::optional<std::string> HashFile(const std::string& path, crypto_sign_state& state, int copy_fd,
                                    const std::string& copy_to) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT) return std::string("the pack does not exist");
        return std::string("cannot read the pack (") + std::strerror(errno) + ")";
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        bool folder = S_ISDIR(st.st_mode);
        ::close(fd);
        return std::string(folder ? "it is a folder, not a pack file" : "it is not a regular file");
    }
    std::vector<std::uint8_t> buffer(kChunkBytes);
    std::optional<std::string> error;
    for (;;) {
        ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = std::string("cannot read the pack (") + std::strerror(errno) + ")";
            break;
        }
        if (n == 0) break;
        crypto_sign_update(&state, buffer.data(), static_cast<unsigned long long>(n));
        if (copy_fd >= 0 && !WriteAll(copy_fd, buffer.data(), static_cast<std::size_t>(n))) {
            error = "cannot copy it to " + copy_to + " (" + std::strerror(errno) + ")";
            break;
        }
    }
    ::close(fd);
    return error;
}

}  // namespace

std::string SignaturePathFor(const std::string& pack_path) { return pack_path + ".sig"; }

std::string FormatPackSignature(const PackSignature& signature) {
    return std::string(kHeader) + std::string(kVersion) + "\n" + std::string(kKeyLabel) + HexOf(signature.key_id) +
           "\n" + std::string(kSignatureLabel) + HexOf(signature.bytes) + "\n";
}

std::variant<PackSignature, std::string> ParsePackSignature(std::string_view text, const std::string& sig_path) {
    const std::string damaged = sig_path + ": damaged pack signature: ";
    const std::string redo = "; copy the .sig again with its pack, or sign the pack again";
    if (text.empty()) return damaged + "the file is empty" + redo;
    // Three lines, each ended by '\n'. Anything short of that is a truncated file.
    std::string_view lines[3];
    std::string_view rest = text;
    for (int i = 0; i < 3; ++i) {
        std::size_t end = rest.find('\n');
        if (end == std::string_view::npos) {
            if (i == 0 && rest.substr(0, kHeader.size()) != kHeader)
                return sig_path + ": not a pack signature (the first line should be 'msht-kiosk pack signature 1')";
            return damaged + "it ends in the middle of line " + std::to_string(i + 1) + " (truncated?)" + redo;
        }
        lines[i] = rest.substr(0, end);
        rest = rest.substr(end + 1);
        if (lines[i].find('\r') != std::string_view::npos)
            return damaged + "line " + std::to_string(i + 1) + " has a carriage return (was it edited on Windows?)" + redo;
    }
    if (lines[0].substr(0, kHeader.size()) != kHeader)
        return sig_path + ": not a pack signature (the first line should be 'msht-kiosk pack signature 1')";
    if (std::string_view version = lines[0].substr(kHeader.size()); version != kVersion)
        return sig_path + ": pack signature format '" + std::string(version.substr(0, 20)) +
               "'; this kiosk reads format 1 (update the kiosk software, or sign the pack with a matching kiosk-author)";
    PackSignature signature;
    if (lines[1].substr(0, kKeyLabel.size()) != kKeyLabel)
        return damaged + "line 2 should be 'key <16 hex digits>'" + redo;
    std::string_view key_hex = lines[1].substr(kKeyLabel.size());
    if (!ParseLowerHex(key_hex, signature.key_id.data(), signature.key_id.size()))
        return damaged + "the key id is not 16 lower-case hex digits" + redo;
    if (lines[2].substr(0, kSignatureLabel.size()) != kSignatureLabel)
        return damaged + "line 3 should be 'ed25519ph <128 hex digits>'" + redo;
    std::string_view sig_hex = lines[2].substr(kSignatureLabel.size());
    if (sig_hex.size() != 2 * kSignatureBytes)
        return damaged + "the signature is " + std::to_string(sig_hex.size()) + " hex digits, not " +
               std::to_string(2 * kSignatureBytes) + (sig_hex.size() < 2 * kSignatureBytes ? " (truncated?)" : "") + redo;
    if (!ParseLowerHex(sig_hex, signature.bytes.data(), signature.bytes.size()))
        return damaged + "the signature has characters that are not lower-case hex digits" + redo;
    if (!rest.empty()) return damaged + "there is more text after the signature" + redo;
    return signature;
}

std::variant<PackSignature, std::string> SignPack(const std::string& pack_path, const SigningKey& key) {
    EnsureSodium();
    crypto_sign_state state;
    crypto_sign_init(&state);
    if (auto error = HashFile(pack_path, state, -1, {})) return pack_path + ": " + *error;
    PackSignature signature;
    signature.key_id = KeyIdOf(key.Public());
    crypto_sign_final_create(&state, signature.bytes.data(), nullptr, key.SecretBytes());
    if (auto error = WriteSmallFile(SignaturePathFor(pack_path), FormatPackSignature(signature), 0644, false))
        return *error;
    return signature;
}

std::variant<Verified, std::string> VerifyPack(const std::string& pack_path, const TrustedKeys& trusted,
                                               const std::string& copy_to) {
    EnsureSodium();
    const std::string sig_path = SignaturePathFor(pack_path);
    auto read = ReadSmallFile(sig_path, kMaxSignatureFileBytes);
    if (const auto* failure = std::get_if<SmallFileFailure>(&read)) {
        if (failure->kind == SmallFileError::Missing)
            return pack_path + ": not signed (there is no " + sig_path + " beside it); sign it with 'kiosk-author sign " +
                   pack_path + " --key KEY', or start the kiosk with --dev to run it unverified";
        return sig_path + ": cannot read the pack signature (" + failure->detail + ")";
    }
    auto parsed = ParsePackSignature(std::get<SmallFile>(read).text, sig_path);
    if (const auto* error = std::get_if<std::string>(&parsed)) return *error;
    const PackSignature& signature = std::get<PackSignature>(parsed);

    // A signature names its key, so a wrong key is reported as such rather than as a damaged pack.
    const PublicKey* signer = nullptr;
    for (const PublicKey& key : trusted.keys)
        if (KeyIdOf(key.bytes) == signature.key_id) signer = &key;
    if (!signer) {
        std::string known;
        for (const PublicKey& key : trusted.keys) known += (known.empty() ? "" : ", ") + DescribeKey(key);
        return pack_path + ": signed by key " + HexOf(signature.key_id) + ", which is not trusted (" + trusted.path +
               " trusts " + known + "); sign the pack with a trusted key, or add the signer's .pub line to " +
               trusted.path;
    }

    int copy_fd = -1;
    if (!copy_to.empty()) {
        copy_fd = ::open(copy_to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (copy_fd < 0) return copy_to + ": cannot create it (" + std::strerror(errno) + ")";
    }
    auto give_up = [&](const std::string& message) -> std::variant<Verified, std::string> {
        if (copy_fd >= 0) {
            ::close(copy_fd);
            ::unlink(copy_to.c_str());
        }
        return message;
    };
    crypto_sign_state state;
    crypto_sign_init(&state);
    if (auto error = HashFile(pack_path, state, copy_fd, copy_to)) return give_up(pack_path + ": " + *error);
    if (crypto_sign_final_verify(&state, signature.bytes.data(), signer->bytes.data()) != 0)
        return give_up(pack_path + ": the pack does not match its signature (" + sig_path + ", " + DescribeKey(*signer) +
                       "): it was changed or damaged after signing; copy it again from the original, or sign it "
                       "again if it was rebuilt");
    if (copy_fd >= 0) {
        if (::fsync(copy_fd) != 0) return give_up(copy_to + ": cannot write it to disk (" + std::strerror(errno) + ")");
        ::close(copy_fd);
    }
    return Verified{*signer, signature};
}

}  // namespace kiosk::core
