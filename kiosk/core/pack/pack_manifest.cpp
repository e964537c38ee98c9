// Signing, parsing and verifying the published pack's manifest (pack_manifest.h). Pure Ed25519 over a
// manifest-only context string and the manifest's body: packs are signed with Ed25519ph over their
// SHA-512, so neither signature can ever stand in for the other. One parser serves the signer and the
// verifier, so kiosk-author can never sign a manifest that a kiosk would refuse to read.
#include "core/pack/pack_manifest.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <ctime>
#include <optional>

#include "core/util/one_line.h"
#include "core/util/utc_time.h"

namespace kiosk::core {

namespace {

constexpr std::string_view kHeader = "msht-kiosk pack manifest ";
constexpr std::string_view kFormat = "1";
// Signed before the body; never the start of any other message this project signs.
constexpr std::string_view kContext = "msht-kiosk pack manifest signature\n";
constexpr std::string_view kKeyLabel = "key";
constexpr std::string_view kSignatureLabel = "ed25519";
// The field lines between the header and the key line, in their one allowed order.
constexpr std::array<std::string_view, 7> kFields = {"pack-id", "pack-version", "file", "length",
                                                     "sha256", "signed-at", "expires-at"};
constexpr std::size_t kLines = 1 + kFields.size() + 2;  // header, fields, key, signature
constexpr long long kMaxPackVersion = 2'000'000'000;   // pack.toml's own limit (authoring/pack_loader.cpp)
constexpr std::size_t kMaxFileNameBytes = 255;          // NAME_MAX on the file systems kiosks use
constexpr std::size_t kEd25519Bytes = crypto_sign_BYTES;

void EnsureSodium() { [[maybe_unused]] static const int init = sodium_init(); }

// The rule every pack id passed when it was built (author::IsValidId in authoring/table_reader.cpp):
// core cannot include the compiler, and a manifest must not name a pack that could never exist.
bool IsPackId(std::string_view id) {
    if (id.empty() || id.size() > 64 || id[0] < 'a' || id[0] > 'z') return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

// A whole number in its one canonical spelling (digits only, no sign, no leading zero) up to `max`.
std::optional<std::uint64_t> ParseCount(std::string_view text, std::uint64_t max) {
    if (text.empty() || text.size() > 20 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
        if (value > (max - digit) / 10) return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

// "YYYY-MM-DDTHH:MM:SSZ" as Unix seconds. Formatting the result back must give the same text, which
// refuses the 31st of April, hour 24, a leap second and every other spelling timegm would quietly fix.
std::optional<std::int64_t> ParseUtc(std::string_view text) {
    constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != kShape.size()) return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i) {
        bool digit = text[i] >= '0' && text[i] <= '9';
        if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return std::nullopt;
    }
    auto number = [&](std::size_t at, std::size_t digits) {
        int value = 0;
        for (std::size_t i = at; i < at + digits; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    std::tm utc{};
    utc.tm_year = number(0, 4) - 1900;
    utc.tm_mon = number(5, 2) - 1;
    utc.tm_mday = number(8, 2);
    utc.tm_hour = number(11, 2);
    utc.tm_min = number(14, 2);
    utc.tm_sec = number(17, 2);
    std::time_t t = ::timegm(&utc);
    if (t < 0 || Iso8601Utc(t) != text) return std::nullopt;
    return static_cast<std::int64_t>(t);
}

// Why `name` cannot be the published pack's file name, or nullopt. Kiosks join it to the manifest's
// URL and to their inbox folder, so only a plain name of URL-safe characters will do.
std::optional<std::string> FileNameProblem(std::string_view name) {
    if (name.empty()) return std::string("the file name is empty");
    if (name.size() > kMaxFileNameBytes)
        return "the file name is longer than " + std::to_string(kMaxFileNameBytes) + " bytes";
    for (char c : name) {
        if (c == '/' || c == '\\')
            return "the file name " + Quoted(name) + " has a '/' or '\\' (it must be a plain name beside the manifest)";
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            return "the file name " + Quoted(name) + " has a control character";
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                     c == '_' || c == '.';
        if (!plain)
            return "the file name " + Quoted(name) + " has a character other than letters, digits, '-', '_' and '.'";
    }
    if (name[0] == '.') return "the file name " + Quoted(name) + " starts with '.'";
    if (name.find("..") != std::string_view::npos) return "the file name " + Quoted(name) + " has '..'";
    constexpr std::string_view kSuffix = ".pack";
    if (name.size() < kSuffix.size() || name.substr(name.size() - kSuffix.size()) != kSuffix)
        return "the file name " + Quoted(name) + " does not end in '.pack'";
    return std::nullopt;
}

bool IsLowerHex(std::string_view text, std::size_t digits) {
    if (text.size() != digits) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// Checks one field's text and stores it in `m`. What is wrong with it (without the line), or nullopt.
std::optional<std::string> ReadField(std::size_t index, std::string_view value, PackManifest& m) {
    switch (index) {
        case 0:
            if (!IsPackId(value))
                return "the pack id " + Quoted(value) +
                       " is not an id (lower-case letters, digits and '-', starting with a letter, at most 64)";
            m.pack_id = std::string(value);
            return std::nullopt;
        case 1:
            if (auto n = ParseCount(value, kMaxPackVersion); n && *n > 0) {
                m.pack_version = static_cast<int>(*n);
                return std::nullopt;
            }
            return "the pack version " + Quoted(value) + " is not a whole number from 1 to " +
                   std::to_string(kMaxPackVersion);
        case 2:
            if (auto problem = FileNameProblem(value)) return problem;
            m.file = std::string(value);
            return std::nullopt;
        case 3:
            if (auto n = ParseCount(value, static_cast<std::uint64_t>(INT64_MAX)); n && *n > 0) {
                m.length = *n;
                return std::nullopt;
            }
            return "the length " + Quoted(value) + " is not a whole number of bytes above 0";
        case 4:
            if (!IsLowerHex(value, 64)) return "the sha256 " + Quoted(value) + " is not 64 lower-case hex digits";
            m.sha256 = std::string(value);
            return std::nullopt;
        default: {
            bool signed_at = index == 5;
            auto t = ParseUtc(value);
            if (!t)
                return std::string(signed_at ? "signed-at " : "expires-at ") + Quoted(value) +
                       " is not a UTC time like 2026-12-06T15:00:00Z";
            (signed_at ? m.signed_at : m.expires_at) = std::string(value);
            (signed_at ? m.signed_at_s : m.expires_at_s) = *t;
            return std::nullopt;
        }
    }
}

// What ParseText found wrong. `kind` picks the wording: not a manifest at all, a format this build does
// not read, or a manifest with a bad line.
struct Problem {
    enum class Kind { NotManifest, OtherFormat, Damaged } kind = Kind::Damaged;
    std::string text;
};

struct Parsed {
    PackManifest manifest;
    std::string_view body;  // the signed bytes after the context: every line before "key"
    KeyIdBytes key_id{};
    std::array<std::uint8_t, kEd25519Bytes> signature{};
};

std::variant<Parsed, Problem> ParseText(std::string_view text) {
    using Kind = Problem::Kind;
    if (text.size() > kMaxManifestBytes)
        return Problem{Kind::NotManifest, "it is larger than " + std::to_string(kMaxManifestBytes) +
                                              " bytes; a manifest is a few hundred"};
    if (text.substr(0, kHeader.size()) != kHeader) {
        std::string_view first = text.substr(0, text.find('\n'));
        return Problem{Kind::NotManifest, "the first line should be 'msht-kiosk pack manifest 1'" +
                                              (text.empty() ? std::string("; the file is empty")
                                                            : "; it is " + Quoted(first, 60))};
    }
    // The lines there are, up to kLines; a short text is reported at the first line it lacks, so a
    // missing line reads as "line 5 should be 'length ...'" rather than as a truncation.
    std::array<std::string_view, kLines> lines;
    std::size_t count = 0;
    std::string_view rest = text;
    while (count < kLines) {
        std::size_t end = rest.find('\n');
        if (end == std::string_view::npos) break;
        lines[count] = rest.substr(0, end);
        rest = rest.substr(end + 1);
        if (lines[count].find('\r') != std::string_view::npos)
            return Problem{Kind::Damaged,
                           "line " + std::to_string(count + 1) + " has a carriage return (was it edited on Windows?)"};
        ++count;
    }
    if (count == 0) return Problem{Kind::Damaged, "it ends in the middle of line 1 (truncated?)"};
    if (std::string_view format = lines[0].substr(kHeader.size()); format != kFormat)
        return Problem{Kind::OtherFormat, "manifest format " + Quoted(format, 20) + "; this build reads format 1"};
    Parsed parsed;
    // Each field line is "<label> <value>"; the value is the rest of the line and is checked whole.
    auto value_of = [&](std::size_t line, std::string_view label) -> std::optional<std::string_view> {
        std::string_view text_line = lines[line];
        if (text_line.size() <= label.size() || text_line.substr(0, label.size()) != label || text_line[label.size()] != ' ')
            return std::nullopt;
        return text_line.substr(label.size() + 1);
    };
    auto truncated = [&](std::size_t line) {
        return Problem{Kind::Damaged, (rest.empty() ? "it ends after line " + std::to_string(line)
                                                    : "it ends in the middle of line " + std::to_string(line + 1)) +
                                          " (truncated?)"};
    };
    for (std::size_t f = 0; f < kFields.size(); ++f) {
        std::size_t line = f + 1;
        if (line >= count) return truncated(count);
        auto value = value_of(line, kFields[f]);
        if (!value)
            return Problem{Kind::Damaged, "line " + std::to_string(line + 1) + " should be '" + std::string(kFields[f]) +
                                              " ...', not " + Quoted(lines[line], 60)};
        if (auto problem = ReadField(f, *value, parsed.manifest))
            return Problem{Kind::Damaged, "line " + std::to_string(line + 1) + ": " + *problem};
    }
    if (parsed.manifest.expires_at_s <= parsed.manifest.signed_at_s)
        return Problem{Kind::Damaged, "line " + std::to_string(kFields.size() + 1) + ": it expires (" +
                                          parsed.manifest.expires_at + ") no later than it was signed (" +
                                          parsed.manifest.signed_at + ")"};
    const std::size_t key_line = 1 + kFields.size();
    if (key_line >= count) return truncated(count);
    auto key_hex = value_of(key_line, kKeyLabel);
    if (!key_hex || !ParseLowerHex(*key_hex, parsed.key_id.data(), parsed.key_id.size()))
        return Problem{Kind::Damaged, "line " + std::to_string(key_line + 1) + " should be 'key <16 lower-case hex digits>'"};
    if (key_line + 1 >= count) return truncated(count);
    auto sig_hex = value_of(key_line + 1, kSignatureLabel);
    if (!sig_hex || !ParseLowerHex(*sig_hex, parsed.signature.data(), parsed.signature.size()))
        return Problem{Kind::Damaged, "line " + std::to_string(key_line + 2) +
                                          " should be 'ed25519 <128 lower-case hex digits>'" +
                                          (sig_hex && sig_hex->size() < 2 * kEd25519Bytes ? " (truncated?)" : "")};
    if (!rest.empty()) return Problem{Kind::Damaged, "there is more text after the signature"};
    parsed.body = text.substr(0, static_cast<std::size_t>(lines[key_line].data() - text.data()));
    return parsed;
}

// The message for a refused manifest, naming `source` and what to do.
std::string Describe(const Problem& problem, const std::string& source) {
    switch (problem.kind) {
        case Problem::Kind::NotManifest:
            return source + ": not a pack manifest (" + problem.text +
                   "); check that the address is the manifest 'kiosk-author publish' wrote";
        case Problem::Kind::OtherFormat:
            return source + ": " + problem.text +
                   " (update the kiosk software, or publish with a kiosk-author that matches the kiosks)";
        case Problem::Kind::Damaged: break;
    }
    return source + ": damaged pack manifest: " + problem.text + "; publish it again with 'kiosk-author publish'";
}

std::string SignedMessage(std::string_view body) { return std::string(kContext) + std::string(body); }

std::string Body(const PackManifest& m) {
    return std::string(kHeader) + std::string(kFormat) + "\npack-id " + m.pack_id + "\npack-version " +
           std::to_string(m.pack_version) + "\nfile " + m.file + "\nlength " + std::to_string(m.length) + "\nsha256 " +
           m.sha256 + "\nsigned-at " + m.signed_at + "\nexpires-at " + m.expires_at + "\n";
}

}  // namespace

std::variant<std::string, std::string> SignManifest(const PackManifest& manifest, const SigningKey& key) {
    EnsureSodium();
    using Result = std::variant<std::string, std::string>;
    const std::string refuse = "cannot sign a manifest for pack " + Quoted(manifest.pack_id) + ": ";
    std::string body = Body(manifest);
    // Signing with a placeholder signature runs the verifier's own parser over the body, so every rule a
    // kiosk applies is applied here too (a field holding a newline shows up as a broken line). Bounded
    // fields keep even the longest manifest under kMaxManifestBytes (pack_manifest_test checks it).
    std::array<std::uint8_t, kEd25519Bytes> signature{};
    const std::string tail = std::string(kKeyLabel) + " " + HexOf(KeyIdOf(key.Public())) + "\n" +
                             std::string(kSignatureLabel) + " ";
    auto parsed = ParseText(body + tail + HexOf(signature) + "\n");
    if (const auto* problem = std::get_if<Problem>(&parsed)) return Result(std::in_place_index<1>, refuse + problem->text);
    // The Unix seconds are derived from the text, so only the text is compared.
    PackManifest expected = manifest;
    const PackManifest& read_back = std::get<Parsed>(parsed).manifest;
    expected.signed_at_s = read_back.signed_at_s;
    expected.expires_at_s = read_back.expires_at_s;
    if (read_back != expected) return Result(std::in_place_index<1>, refuse + "a field does not read back as written");
    std::string message = SignedMessage(body);
    crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key.SecretBytes());
    return Result(std::in_place_index<0>, body + tail + HexOf(signature) + "\n");
}

std::variant<PackManifest, std::string> ParseManifest(std::string_view text, const std::string& source) {
    auto parsed = ParseText(text);
    if (const auto* problem = std::get_if<Problem>(&parsed)) return Describe(*problem, source);
    return std::get<Parsed>(parsed).manifest;
}

std::variant<VerifiedManifest, std::string> VerifyManifest(std::string_view text, const TrustedKeys& trusted,
                                                           const std::string& source) {
    EnsureSodium();
    auto result = ParseText(text);
    if (const auto* problem = std::get_if<Problem>(&result)) return Describe(*problem, source);
    const Parsed& parsed = std::get<Parsed>(result);
    // The manifest names its key, so a key the kiosk does not trust is said as such, not as a bad signature.
    std::string known;
    bool named = false;
    const std::string message = SignedMessage(parsed.body);
    for (const PublicKey& key : trusted.keys) {
        known += (known.empty() ? "" : ", ") + DescribeKey(key);
        if (KeyIdOf(key.bytes) != parsed.key_id) continue;
        named = true;
        if (crypto_sign_verify_detached(parsed.signature.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                        message.size(), key.bytes.data()) == 0)
            return VerifiedManifest{parsed.manifest, key};
    }
    if (!named)
        return source + ": manifest signed by key " + HexOf(parsed.key_id) + ", which is not trusted (" + trusted.path +
               " trusts " + (known.empty() ? std::string("no keys") : known) +
               "); publish with a trusted key, or add the signer's .pub line to " + trusted.path;
    return source + ": the manifest does not match its signature (key " + HexOf(parsed.key_id) +
           "): it was changed or damaged after it was signed; publish it again with 'kiosk-author publish'";
}

}  // namespace kiosk::core
