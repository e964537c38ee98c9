// Parsing and loading the trusted-keys file (trusted_keys.h). Strict on purpose: a typo in a trust
// anchor should stop the kiosk with the line number, not quietly trust fewer (or other) keys.
#include "core/trust/trusted_keys.h"

#include <algorithm>
#include <cstring>

#include "core/util/small_file.h"

namespace kiosk::core {

namespace {

constexpr std::size_t kMaxTrustFileBytes = 64 * 1024;
constexpr std::size_t kMaxNameBytes = 100;
constexpr std::string_view kKeyType = "ed25519";

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Printable text only: a name ends up in log lines and on the admin screen.
bool IsPlainName(std::string_view name) {
    return std::all_of(name.begin(), name.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u != 0x7F;
    });
}

}  // namespace

KeyIdBytes KeyIdOf(const PublicKeyBytes& key) {
    KeyIdBytes id{};
    std::copy_n(key.begin(), id.size(), id.begin());
    return id;
}

std::string HexOf(const std::uint8_t* data, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex += kDigits[data[i] >> 4];
        hex += kDigits[data[i] & 0x0F];
    }
    return hex;
}

bool ParseLowerHex(std::string_view text, std::uint8_t* out, std::size_t size) {
    if (text.size() != size * 2) return false;
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < size; ++i) {
        int hi = digit(text[2 * i]), lo = digit(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return true;
}

std::string FormatPublicKeyLine(const PublicKey& key) {
    std::string line = std::string(kKeyType) + " " + HexOf(key.bytes);
    if (!key.name.empty()) line += " " + key.name;
    return line;
}

std::string DescribeKey(const PublicKey& key) {
    std::string text = "key " + HexOf(KeyIdOf(key.bytes));
    if (!key.name.empty()) text += " (" + key.name + ")";
    return text;
}

std::variant<TrustedKeys, std::string> ParseTrustedKeys(std::string_view text, const std::string& path) {
    TrustedKeys trusted;
    trusted.path = path;
    if (text.find('\0') != std::string_view::npos) return path + ": not a text file (trusted keys are lines of text)";
    int line_number = 0;
    while (!text.empty()) {
        ++line_number;
        std::size_t end = text.find('\n');
        std::string_view line = Trim(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (line.empty() || line.front() == '#') continue;
        std::string where = path + ":" + std::to_string(line_number) + ": ";
        const std::string expected = "expected 'ed25519 <64 hex digits> [name]' (a line of a .pub file from kiosk-author keygen)";
        std::size_t space = line.find_first_of(" \t");
        if (space == std::string_view::npos || line.substr(0, space) != kKeyType) {
            std::string_view first = line.substr(0, std::min<std::size_t>(space, 20));
            return where + "'" + std::string(first) + "' is not a key type; " + expected;
        }
        std::string_view rest = Trim(line.substr(space + 1));
        std::size_t hex_end = rest.find_first_of(" \t");
        std::string_view hex = rest.substr(0, hex_end);
        PublicKey key;
        if (!ParseLowerHex(hex, key.bytes.data(), key.bytes.size()))
            return where +
                   (hex.size() == 2 * kPublicKeyBytes ? std::string("the key has characters that are not lower-case hex")
                                                      : "the key is " + std::to_string(hex.size()) +
                                                            " characters, not 64") +
                   "; " + expected;
        key.name = std::string(hex_end == std::string_view::npos ? std::string_view{} : Trim(rest.substr(hex_end)));
        if (key.name.size() > kMaxNameBytes || !IsPlainName(key.name))
            return where + "the key's name must be plain text of at most " + std::to_string(kMaxNameBytes) + " bytes";
        for (const PublicKey& other : trusted.keys)
            if (other.bytes == key.bytes) return where + "the same key is listed twice; remove one line";
        if (trusted.keys.size() == kMaxTrustedKeys)
            return where + "a third key; at most " + std::to_string(kMaxTrustedKeys) +
                   " are trusted (the current signing key and the next one): remove a retired key";
        trusted.keys.push_back(std::move(key));
    }
    if (trusted.keys.empty())
        return path + ": no keys; add the line from the signer's .pub file (kiosk-author keygen makes one)";
    return trusted;
}

std::variant<TrustedKeys, std::string> LoadTrustedKeys(const std::string& path) {
    auto read = ReadSmallFile(path, kMaxTrustFileBytes);
    if (const auto* failure = std::get_if<SmallFileFailure>(&read)) {
        if (failure->kind == SmallFileError::Missing)
            return path + ": no trusted-keys file; create it with the line from the signer's .pub file "
                          "(kiosk-author keygen), or start the kiosk with --dev to run a pack unverified";
        return path + ": cannot read the trusted keys (" + failure->detail + ")";
    }
    const SmallFile& file = std::get<SmallFile>(read);
    if ((file.mode & 022) != 0)
        return path + ": other users can change the trusted keys (permissions " + ModeText(file.mode) +
               "); run 'chmod 644 " + path + "' and start the kiosk again";
    return ParseTrustedKeys(file.text, path);
}

}  // namespace kiosk::core
