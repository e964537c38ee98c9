// Signed packs on real files: a pack signed with kiosk-author's code verifies against a trusted key, and
// every way a pack or its signature can be wrong is refused with one line naming the file and the reason:
// a flipped bit anywhere in the pack or the signature, a truncated pack or .sig, a key that is not
// trusted, no .sig at all. Also the trusted-keys file (two keys for rotation) and the signing-key files.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/pack/pack_io.h"
#include "core/pack/pack_signature.h"
#include "core/trust/signing_key.h"
#include "core/trust/trusted_keys.h"

#include "support/signed_pack.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace {

using namespace kiosk::core;
namespace fs = std::filesystem;
using test_support::ReadFile;
using test_support::WriteFile;

struct TempDir : test_support::TempDir {
    TempDir() : test_support::TempDir("kiosk-signature-test") {}
};

using test_support::KeyFromByte;
using test_support::MustSign;
using test_support::Trust;

std::string MakePack(const std::string& path, const std::string& id = "signed-pack", int version = 1) {
    return test_support::MakeTestPack(path, id, version);
}

// The refusal's message, or "" if the pack was accepted.
std::string Refusal(const std::string& pack, const TrustedKeys& trusted) {
    auto verified = VerifyPack(pack, trusted);
    if (const auto* error = std::get_if<std::string>(&verified)) return *error;
    return "";
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("signature: a signed pack verifies and names its signer") {
    TempDir dir;
    std::string pack = MakePack(dir.File("training.pack"));
    SigningKey key = KeyFromByte(1);
    MustSign(pack, key);
    std::string sig = ReadFile(pack + ".sig");
    CHECK(sig.rfind("msht-kiosk pack signature 1\nkey " + HexOf(KeyIdOf(key.Public())) + "\ned25519ph ", 0) == 0);
    CHECK(sig.size() == 28 + 21 + 139);
    auto verified = VerifyPack(pack, Trust({&key}));
    REQUIRE(std::holds_alternative<Verified>(verified));
    CHECK(std::get<Verified>(verified).signer.bytes == key.Public());
    CHECK(std::get<Verified>(verified).signer.name == "key-1");
    CHECK(FormatPackSignature(std::get<Verified>(verified).signature) == sig);
    // Deterministic: signing the same bytes again gives the same file (the installer relies on it).
    MustSign(pack, key);
    CHECK(ReadFile(pack + ".sig") == sig);
}

TEST_CASE("signature: one flipped bit anywhere in the pack is refused") {
    TempDir dir;
    std::string pack = MakePack(dir.File("good.pack"));
    SigningKey key = KeyFromByte(2);
    MustSign(pack, key);
    TrustedKeys trusted = Trust({&key});
    const std::string bytes = ReadFile(pack);
    const std::string sig = ReadFile(pack + ".sig");
    REQUIRE(bytes.size() > 40000);
    // The SQLite header (magic, page size, change counter, schema cookie, user_version, application_id),
    // page boundaries, the first and last byte, and a spread of others.
    std::set<std::size_t> offsets = {0, 1, 15, 16, 17, 18, 21, 24, 27, 40, 44, 56, 60, 63, 68, 71, 92, 96, 99, 100};
    for (std::size_t page = 4096; page < bytes.size(); page += 4096) {
        offsets.insert(page - 1);
        offsets.insert(page);
    }
    std::mt19937 random(7);
    for (int i = 0; i < 60; ++i) offsets.insert(std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(random));
    offsets.insert(bytes.size() - 1);
    std::string flipped = dir.File("flipped.pack");
    WriteFile(flipped + ".sig", sig);
    int refused = 0;
    for (std::size_t offset : offsets) {
        std::string changed = bytes;
        changed[offset] = static_cast<char>(changed[offset] ^ (1 << (offset % 8)));
        WriteFile(flipped, changed);
        std::string message = Refusal(flipped, trusted);
        CAPTURE(offset);
        CHECK(Has(message, flipped + ": the pack does not match its signature"));
        CHECK(Has(message, "changed or damaged after signing"));
        refused += !message.empty();
    }
    CHECK(refused == static_cast<int>(offsets.size()));
    // For tools/test's summary (it greps the log for lines starting "signed packs").
    std::printf("signed packs: one flipped bit at each of %zu offsets of a %zu-byte pack (SQLite header, both sides "
                "of every page boundary, the last byte, 60 random): %d refused, 0 accepted\n",
                offsets.size(), bytes.size(), refused);
    // And the untouched copy still verifies, so the refusals were about the bits.
    WriteFile(flipped, bytes);
    CHECK(Refusal(flipped, trusted).empty());
}

TEST_CASE("signature: a truncated or extended pack is refused") {
    TempDir dir;
    std::string pack = MakePack(dir.File("t.pack"));
    SigningKey key = KeyFromByte(3);
    MustSign(pack, key);
    const std::string bytes = ReadFile(pack);
    for (std::size_t size : {std::size_t{0}, std::size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
        WriteFile(pack, bytes.substr(0, size));
        CAPTURE(size);
        CHECK(Has(Refusal(pack, Trust({&key})), "does not match its signature"));
    }
    WriteFile(pack, bytes + "x");
    CHECK(Has(Refusal(pack, Trust({&key})), "does not match its signature"));
}

TEST_CASE("signature: a flipped bit in the signature itself is refused") {
    TempDir dir;
    std::string pack = MakePack(dir.File("p.pack"));
    SigningKey key = KeyFromByte(4);
    MustSign(pack, key);
    const std::string sig = ReadFile(pack + ".sig");
    const std::size_t hex_start = sig.find("ed25519ph ") + 10;
    int checked = 0;
    for (std::size_t i = hex_start; i < sig.size() - 1; i += 7) {
        std::string changed = sig;
        // One bit of the hex digit's value: a valid hex digit still, so only the signature check can tell.
        int value = changed[i] <= '9' ? changed[i] - '0' : changed[i] - 'a' + 10;
        value ^= 1 << (i % 4);
        changed[i] = "0123456789abcdef"[value];
        WriteFile(pack + ".sig", changed);
        CAPTURE(i);
        CHECK(Has(Refusal(pack, Trust({&key})), pack + ": the pack does not match its signature (" + pack + ".sig"));
        ++checked;
    }
    CHECK(checked > 15);
    // A bit of the key id instead: now the signature names a key that is not trusted.
    std::string changed = sig;
    std::size_t id_at = sig.find("key ") + 4;
    changed[id_at] = changed[id_at] == '0' ? '1' : '0';
    WriteFile(pack + ".sig", changed);
    CHECK(Has(Refusal(pack, Trust({&key})), "which is not trusted"));
}

TEST_CASE("signature: a truncated or malformed .sig is refused as damaged and named") {
    TempDir dir;
    std::string pack = MakePack(dir.File("p.pack"));
    SigningKey key = KeyFromByte(5);
    MustSign(pack, key);
    const std::string sig = ReadFile(pack + ".sig");
    const std::string sig_path = pack + ".sig";
    for (std::size_t size : {std::size_t{1}, std::size_t{20}, std::size_t{28}, std::size_t{40}, std::size_t{60},
                             sig.size() - 60, sig.size() - 2, sig.size() - 1}) {
        WriteFile(sig_path, sig.substr(0, size));
        std::string message = Refusal(pack, Trust({&key}));
        CAPTURE(size);
        CAPTURE(message);
        CHECK(message.rfind(sig_path + ": ", 0) == 0);
        CHECK((Has(message, "truncated") || Has(message, "not a pack signature") || Has(message, "line 2 should be")));
    }
    // A signature cut short but with its newline: the digits are counted.
    WriteFile(sig_path, sig.substr(0, sig.size() - 11) + "\n");
    CHECK(Has(Refusal(pack, Trust({&key})), "the signature is 118 hex digits, not 128 (truncated?)"));
    WriteFile(sig_path, "");
    CHECK(Has(Refusal(pack, Trust({&key})), sig_path + ": damaged pack signature: the file is empty"));

    auto parse = [&](const std::string& text) {
        auto parsed = ParsePackSignature(text, "x.sig");
        const auto* error = std::get_if<std::string>(&parsed);
        return error ? *error : std::string();
    };
    CHECK(parse(sig).empty());
    std::string upper = sig;
    std::transform(upper.begin() + static_cast<long>(sig.find("ed25519ph ") + 10), upper.end(), upper.begin() + static_cast<long>(sig.find("ed25519ph ") + 10),
                   [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    CHECK(Has(parse(upper), "not lower-case hex"));
    std::string crlf = sig;
    crlf.insert(crlf.find('\n'), "\r");
    CHECK(Has(parse(crlf), "carriage return"));
    CHECK(Has(parse(sig + "extra\n"), "more text after the signature"));
    std::string v2 = sig;
    v2[sig.find('1')] = '2';
    CHECK(Has(parse(v2), "pack signature format '2'; this kiosk reads format 1"));
    CHECK(Has(parse("PK\x03\x04 garbage"), "x.sig: not a pack signature"));
    CHECK(Has(parse(std::string(200, '\0')), "not a pack signature"));
}

TEST_CASE("signature: a pack signed by a key that is not trusted is refused and the key named") {
    TempDir dir;
    std::string pack = MakePack(dir.File("p.pack"));
    SigningKey trusted_key = KeyFromByte(6), stranger = KeyFromByte(7);
    MustSign(pack, stranger);
    std::string message = Refusal(pack, Trust({&trusted_key}));
    CHECK(Has(message, pack + ": signed by key " + HexOf(KeyIdOf(stranger.Public())) + ", which is not trusted"));
    CHECK(Has(message, "/etc/msht-kiosk/trusted-keys trusts key " + HexOf(KeyIdOf(trusted_key.Public())) + " (key-1)"));
    // A forged .sig that names the trusted key but was made with another one.
    auto forged = ParsePackSignature(ReadFile(pack + ".sig"), "f");
    REQUIRE(std::holds_alternative<PackSignature>(forged));
    std::get<PackSignature>(forged).key_id = KeyIdOf(trusted_key.Public());
    WriteFile(pack + ".sig", FormatPackSignature(std::get<PackSignature>(forged)));
    CHECK(Has(Refusal(pack, Trust({&trusted_key})), "does not match its signature"));
}

TEST_CASE("signature: a pack with no .sig is refused as not signed") {
    TempDir dir;
    std::string pack = MakePack(dir.File("unsigned.pack"));
    SigningKey key = KeyFromByte(8);
    std::string message = Refusal(pack, Trust({&key}));
    CHECK(Has(message, pack + ": not signed (there is no " + pack + ".sig beside it)"));
    CHECK(Has(message, "--dev"));
    // A folder where the pack should be, and a missing pack with a .sig.
    fs::create_directory(dir.File("folder.pack"));
    MustSign(pack, key);
    fs::copy_file(pack + ".sig", dir.File("folder.pack.sig"));
    CHECK(Has(Refusal(dir.File("folder.pack"), Trust({&key})), "folder.pack: it is a folder, not a pack file"));
    fs::copy_file(pack + ".sig", dir.File("gone.pack.sig"));
    CHECK(Has(Refusal(dir.File("gone.pack"), Trust({&key})), "gone.pack: the pack does not exist"));
}

TEST_CASE("signature: with two trusted keys packs from either verify (key rotation)") {
    TempDir dir;
    SigningKey current = KeyFromByte(9), next = KeyFromByte(10);
    std::string text = "# signing keys for the Greater Manchester kiosks\n" +
                       FormatPublicKeyLine(PublicKey{current.Public(), "2024 key"}) + "\n\n" +
                       FormatPublicKeyLine(PublicKey{next.Public(), "2025 key"}) + "\n";
    auto parsed = ParseTrustedKeys(text, "trusted-keys");
    REQUIRE(std::holds_alternative<TrustedKeys>(parsed));
    const TrustedKeys& trusted = std::get<TrustedKeys>(parsed);
    REQUIRE(trusted.keys.size() == 2);
    CHECK(trusted.keys[0].name == "2024 key");
    std::string old_pack = MakePack(dir.File("old.pack")), new_pack = MakePack(dir.File("new.pack"), "signed-pack", 2);
    MustSign(old_pack, current);
    MustSign(new_pack, next);
    auto a = VerifyPack(old_pack, trusted), b = VerifyPack(new_pack, trusted);
    REQUIRE(std::holds_alternative<Verified>(a));
    REQUIRE(std::holds_alternative<Verified>(b));
    CHECK(std::get<Verified>(a).signer.name == "2024 key");
    CHECK(std::get<Verified>(b).signer.name == "2025 key");
}

TEST_CASE("signature: verifying with copy_to writes exactly the verified bytes and nothing on failure") {
    TempDir dir;
    std::string pack = MakePack(dir.File("p.pack"));
    SigningKey key = KeyFromByte(11);
    MustSign(pack, key);
    std::string copy = dir.File("copy.pack");
    REQUIRE(std::holds_alternative<Verified>(VerifyPack(pack, Trust({&key}), copy)));
    CHECK(ReadFile(copy) == ReadFile(pack));
    // An existing file is never replaced.
    CHECK(Has(std::get<std::string>(VerifyPack(pack, Trust({&key}), copy)), copy + ": cannot create it"));
    std::string bytes = ReadFile(pack);
    bytes[bytes.size() / 2] ^= 0x10;
    WriteFile(pack, bytes);
    std::string bad_copy = dir.File("bad-copy.pack");
    CHECK(std::holds_alternative<std::string>(VerifyPack(pack, Trust({&key}), bad_copy)));
    CHECK_FALSE(fs::exists(bad_copy));
}

TEST_CASE("trusted keys: malformed files are refused with the line and the reason") {
    SigningKey a = KeyFromByte(12), b = KeyFromByte(13), c = KeyFromByte(14);
    auto error = [](const std::string& text) {
        auto parsed = ParseTrustedKeys(text, "keys");
        const auto* message = std::get_if<std::string>(&parsed);
        return message ? *message : std::string();
    };
    std::string line_a = FormatPublicKeyLine(PublicKey{a.Public(), "a"});
    std::string line_b = FormatPublicKeyLine(PublicKey{b.Public(), ""});
    std::string line_c = FormatPublicKeyLine(PublicKey{c.Public(), "c"});
    CHECK(error(line_a + "\n" + line_b).empty());
    CHECK(Has(error(""), "keys: no keys"));
    CHECK(Has(error("# only a comment\n\n"), "keys: no keys"));
    CHECK(Has(error(line_a + "\n" + line_b + "\n" + line_c + "\n"), "keys:3: a third key; at most 2 are trusted"));
    CHECK(Has(error(line_a + "\n" + line_a + "\n"), "keys:2: the same key is listed twice"));
    CHECK(Has(error("rsa " + HexOf(a.Public()) + "\n"), "keys:1: 'rsa' is not a key type"));
    CHECK(Has(error("ed25519 " + HexOf(a.Public()).substr(2) + "\n"), "keys:1: the key is 62 characters, not 64"));
    std::string upper = HexOf(a.Public());
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char ch) { return static_cast<char>(std::toupper(ch)); });
    CHECK(Has(error("ed25519 " + upper + "\n"), "not lower-case hex"));
    CHECK(Has(error(line_a + "\nnonsense\n"), "keys:2:"));
    CHECK(Has(error(std::string("ed25519 ") + HexOf(a.Public()) + " bad\x01name\n"), "plain text"));
    CHECK(Has(error(std::string("\0\0\0", 3)), "not a text file"));
    // CRLF line ends and surrounding blanks are forgiven: they are common and change nothing.
    CHECK(error("  " + line_a + "  \r\n").empty());
}

TEST_CASE("trusted keys: the file must exist and not be writable by others") {
    TempDir dir;
    SigningKey a = KeyFromByte(15);
    std::string path = dir.File("trusted-keys");
    auto message = [&] {
        auto loaded = LoadTrustedKeys(path);
        const auto* error = std::get_if<std::string>(&loaded);
        return error ? *error : std::string();
    };
    CHECK(Has(message(), path + ": no trusted-keys file"));
    WriteFile(path, FormatPublicKeyLine(PublicKey{a.Public(), "a"}) + "\n");
    ::chmod(path.c_str(), 0644);
    CHECK(message().empty());
    ::chmod(path.c_str(), 0666);
    CHECK(Has(message(), path + ": other users can change the trusted keys (permissions 0666); run 'chmod 644"));
    ::chmod(path.c_str(), 0620);
    CHECK(Has(message(), "permissions 0620"));
    fs::remove(path);
    fs::create_directory(path);
    CHECK(Has(message(), path + ": cannot read the trusted keys (it is a folder, not a file)"));
    fs::remove(path);
    WriteFile(dir.File("real"), FormatPublicKeyLine(PublicKey{a.Public(), "a"}) + "\n");
    fs::create_symlink(dir.File("real"), path);
    CHECK(Has(message(), "symbolic link"));
}

TEST_CASE("signing key: keygen writes a 0600 secret and a .pub line that load back and never overwrites") {
    TempDir dir;
    std::string base = dir.File("release-2024");
    REQUIRE(WriteNewKeyPair(base, "release 2024") == std::nullopt);
    struct stat st {};
    REQUIRE(::stat((base + ".key").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat((base + ".pub").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
    std::string key_text = ReadFile(base + ".key");
    std::string pub_text = ReadFile(base + ".pub");
    auto loaded = LoadSigningKey(base + ".key");
    REQUIRE(std::holds_alternative<SigningKey>(loaded));
    auto trusted = ParseTrustedKeys(pub_text, base + ".pub");
    REQUIRE(std::holds_alternative<TrustedKeys>(trusted));
    CHECK(std::get<TrustedKeys>(trusted).keys.at(0).bytes == std::get<SigningKey>(loaded).Public());
    CHECK(std::get<TrustedKeys>(trusted).keys.at(0).name == "release 2024");
    // The secret text holds the seed and not the public key (the .pub does).
    CHECK(key_text.rfind("msht-kiosk signing key 1\ned25519-seed ", 0) == 0);

    auto again = WriteNewKeyPair(base, "again");
    REQUIRE(again);
    CHECK(Has(*again, base + ".key: already exists; it is not replaced"));
    CHECK(ReadFile(base + ".key") == key_text);
    CHECK(ReadFile(base + ".pub") == pub_text);
    // Two keys are different keys.
    REQUIRE(WriteNewKeyPair(dir.File("other"), "other") == std::nullopt);
    CHECK(ReadFile(dir.File("other.pub")).substr(0, 72) != pub_text.substr(0, 72));

    ::chmod((base + ".key").c_str(), 0640);
    auto exposed = LoadSigningKey(base + ".key");
    REQUIRE(std::holds_alternative<std::string>(exposed));
    CHECK(Has(std::get<std::string>(exposed), "can be read or changed by other users (permissions 0640); run 'chmod 600"));
    ::chmod((base + ".key").c_str(), 0600);
    WriteFile(base + ".key", key_text.substr(0, key_text.size() - 5) + "\n");
    CHECK(Has(std::get<std::string>(LoadSigningKey(base + ".key")), "not a signing key from kiosk-author keygen"));
    CHECK(Has(std::get<std::string>(LoadSigningKey(base + ".pub")), base + ".pub: this is a public key"));
}
