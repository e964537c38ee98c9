// The signed manifest a publisher writes and kiosks poll (core/pack/pack_manifest.h): it round-trips;
// every malformed field, a changed byte anywhere, an untrusted key, a signature from elsewhere (a pack's
// Ed25519ph signature, or Ed25519 over the body without the manifest's context) and an oversized text
// are refused with one line naming where the manifest came from; two trusted keys (rotation) both verify.
#include <doctest/doctest.h>

#include <sodium.h>

#include <array>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/pack/pack_manifest.h"
#include "core/pack/pack_signature.h"
#include "core/trust/signing_key.h"
#include "core/trust/trusted_keys.h"

#include "support/files.h"
#include "support/signed_pack.h"
#include "support/temp_dir.h"

namespace {

using namespace kiosk::core;
using test_support::KeyFromByte;
using test_support::Trust;

const std::string kSource = "https://packs.example.org/msht/manifest";

PackManifest Sample() {
    PackManifest m;
    m.pack_id = "msht-training";
    m.pack_version = 4;
    m.file = "msht-training-v4.pack";
    m.length = 1234567;
    m.sha256 = std::string(64, 'a');
    m.signed_at = "2026-12-06T15:00:00Z";
    m.expires_at = "2027-01-05T15:00:00Z";
    return m;
}

std::string MustSign(const PackManifest& m, const SigningKey& key) {
    auto signed_text = SignManifest(m, key);
    if (signed_text.index() == 1) FAIL("SignManifest refused: " << std::get<1>(signed_text));
    return std::get<0>(signed_text);
}

// The refusal's message, or "" if the manifest was accepted.
std::string Refusal(const std::string& text, const TrustedKeys& trusted) {
    auto verified = VerifyManifest(text, trusted, kSource);
    if (const auto* error = std::get_if<std::string>(&verified)) return *error;
    return "";
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// `text` with the value of the line starting "label " replaced by `value`.
std::string WithValue(const std::string& text, const std::string& label, const std::string& value) {
    std::size_t start = text.find("\n" + label + " ");
    REQUIRE(start != std::string::npos);
    start += label.size() + 2;
    std::size_t end = text.find('\n', start);
    return text.substr(0, start) + value + text.substr(end);
}

// The manifest's body (every line before "key"), and its key and signature lines.
std::pair<std::string, std::string> SplitAtKey(const std::string& text) {
    std::size_t at = text.find("\nkey ") + 1;
    return {text.substr(0, at), text.substr(at)};
}

}  // namespace

TEST_CASE("manifest: a signed manifest has the documented lines and verifies back to the same fields") {
    SigningKey key = KeyFromByte(11);
    const std::string text = MustSign(Sample(), key);
    const std::string expected_start =
        "msht-kiosk pack manifest 1\npack-id msht-training\npack-version 4\nfile msht-training-v4.pack\n"
        "length 1234567\nsha256 " + std::string(64, 'a') +
        "\nsigned-at 2026-12-06T15:00:00Z\nexpires-at 2027-01-05T15:00:00Z\nkey " + HexOf(KeyIdOf(key.Public())) +
        "\ned25519 ";
    CHECK(text.rfind(expected_start, 0) == 0);
    CHECK(text.size() == expected_start.size() + 128 + 1);
    CHECK(text.back() == '\n');
    auto verified = VerifyManifest(text, Trust({&key}), kSource);
    REQUIRE_MESSAGE(std::holds_alternative<VerifiedManifest>(verified), std::get<std::string>(verified));
    const VerifiedManifest& v = std::get<VerifiedManifest>(verified);
    PackManifest want = Sample();
    want.signed_at_s = 1796569200;
    want.expires_at_s = 1799161200;
    CHECK(v.manifest == want);
    CHECK(v.signer.bytes == key.Public());
    CHECK(v.signer.name == "key-1");
    // Deterministic (Ed25519): the same fields and key give the same bytes.
    CHECK(MustSign(Sample(), key) == text);
    // ParseManifest reads the same fields without any keys.
    auto parsed = ParseManifest(text, kSource);
    REQUIRE(std::holds_alternative<PackManifest>(parsed));
    CHECK(std::get<PackManifest>(parsed) == want);
}

TEST_CASE("manifest: every malformed field is refused naming the source and the line") {
    SigningKey key = KeyFromByte(12);
    const std::string good = MustSign(Sample(), key);
    struct Bad {
        const char* label;
        std::string value;
        const char* why;
    };
    const std::vector<Bad> bads = {
        {"pack-id", "", "is not an id"},
        {"pack-id", "MSHT", "is not an id"},
        {"pack-id", "1msht", "is not an id"},
        {"pack-id", "msht training", "is not an id"},
        {"pack-id", std::string(65, 'a'), "is not an id"},
        {"pack-version", "0", "not a whole number from 1"},
        {"pack-version", "-4", "not a whole number from 1"},
        {"pack-version", "+4", "not a whole number from 1"},
        {"pack-version", "04", "not a whole number from 1"},
        {"pack-version", "4.0", "not a whole number from 1"},
        {"pack-version", "2000000001", "not a whole number from 1"},
        {"pack-version", "99999999999999999999999", "not a whole number from 1"},
        {"file", "", "the file name is empty"},
        {"file", "../etc/passwd.pack", "has a '/'"},
        {"file", "a\\b.pack", "has a '/' or '\\'"},
        {"file", "..pack", "starts with '.'"},
        {"file", ".pack", "starts with '.'"},
        {"file", ".hidden.pack", "starts with '.'"},
        {"file", "a..b.pack", "has '..'"},
        {"file", "msht-training-v4.pack.sig", "does not end in '.pack'"},
        {"file", "msht-training-v4", "does not end in '.pack'"},
        {"file", "msht\ttraining.pack", "control character"},
        {"file", "msht training.pack", "other than letters, digits"},
        {"file", "msht%2f.pack", "other than letters, digits"},
        {"file", "caf\xc3\xa9.pack", "other than letters, digits"},
        {"file", std::string(251, 'a') + ".pack", "longer than 255 bytes"},
        {"length", "0", "not a whole number of bytes above 0"},
        {"length", "-1", "not a whole number of bytes above 0"},
        {"length", "01234567", "not a whole number of bytes above 0"},
        {"length", "12 kB", "not a whole number of bytes above 0"},
        {"length", "9223372036854775808", "not a whole number of bytes above 0"},
        {"sha256", std::string(63, 'a'), "not 64 lower-case hex digits"},
        {"sha256", std::string(65, 'a'), "not 64 lower-case hex digits"},
        {"sha256", std::string(64, 'A'), "not 64 lower-case hex digits"},
        {"sha256", std::string(63, 'a') + "g", "not 64 lower-case hex digits"},
        {"signed-at", "2026-12-06 15:00:00Z", "not a UTC time"},
        {"signed-at", "2026-12-06T15:00:00", "not a UTC time"},
        {"signed-at", "2026-12-06T15:00:00+00:00", "not a UTC time"},
        {"signed-at", "2026-02-30T15:00:00Z", "not a UTC time"},
        {"signed-at", "2026-12-06T24:00:00Z", "not a UTC time"},
        {"signed-at", "2026-12-06T15:00:60Z", "not a UTC time"},
        {"signed-at", "1969-12-31T23:59:59Z", "not a UTC time"},
        {"expires-at", "2027-13-05T15:00:00Z", "not a UTC time"},
        {"expires-at", "soon", "not a UTC time"},
        {"expires-at", "2026-12-06T15:00:00Z", "no later than it was signed"},
        {"expires-at", "2026-12-06T14:59:59Z", "no later than it was signed"},
        {"key", "0123", "should be 'key <16 lower-case hex digits>'"},
        {"key", "0123456789ABCDEF", "should be 'key <16 lower-case hex digits>'"},
        {"ed25519", std::string(127, 'a'), "(truncated?)"},
        {"ed25519", std::string(128, 'G'), "should be 'ed25519 <128 lower-case hex digits>'"},
    };
    int refused = 0;
    for (const Bad& bad : bads) {
        CAPTURE(bad.label);
        CAPTURE(bad.value);
        std::string text = WithValue(good, bad.label, bad.value);
        std::string message = Refusal(text, Trust({&key}));
        CHECK(message.rfind(kSource + ": damaged pack manifest: line ", 0) == 0);
        CHECK(Has(message, bad.why));
        CHECK(Has(message, "publish it again"));
        CHECK(message.find('\n') == std::string::npos);
        CHECK(std::holds_alternative<std::string>(ParseManifest(text, kSource)));
        refused += !message.empty();
    }
    CHECK(refused == static_cast<int>(bads.size()));
}

TEST_CASE("manifest: SignManifest refuses the fields a kiosk would refuse") {
    SigningKey key = KeyFromByte(13);
    auto refusal = [&](PackManifest m) {
        auto signed_text = SignManifest(m, key);
        return signed_text.index() == 1 ? std::get<1>(signed_text) : std::string();
    };
    PackManifest m = Sample();
    m.pack_id = "Bad Id";
    CHECK(Has(refusal(m), "is not an id"));
    m = Sample();
    m.pack_version = 0;
    CHECK(Has(refusal(m), "pack version"));
    m = Sample();
    m.file = "sub/dir.pack";
    CHECK(Has(refusal(m), "has a '/'"));
    m = Sample();
    m.file = "x.pack\nkey 0000000000000000";
    CHECK(Has(refusal(m), "cannot sign a manifest for pack 'msht-training'"));
    m = Sample();
    m.length = 0;
    CHECK(Has(refusal(m), "bytes above 0"));
    m = Sample();
    m.sha256 = "abc";
    CHECK(Has(refusal(m), "sha256"));
    m = Sample();
    m.expires_at = m.signed_at;
    CHECK(Has(refusal(m), "no later than it was signed"));
    m = Sample();
    m.signed_at = "yesterday";
    CHECK(Has(refusal(m), "not a UTC time"));
    CHECK(refusal(Sample()).empty());
}

TEST_CASE("manifest: a text that is not one manifest is refused as such") {
    SigningKey key = KeyFromByte(14);
    const TrustedKeys trusted = Trust({&key});
    const std::string good = MustSign(Sample(), key);
    CHECK(Has(Refusal("", trusted), kSource + ": not a pack manifest (the first line should be"));
    CHECK(Has(Refusal("", trusted), "the file is empty"));
    CHECK(Has(Refusal("<!DOCTYPE html>\n<html>404</html>\n", trusted), "it is '<!DOCTYPE html>'"));
    CHECK(Has(Refusal("msht-kiosk pack signature 1\n", trusted), "not a pack manifest"));
    std::string v2 = good;
    v2.replace(v2.find(" 1\n"), 3, " 2\n");
    CHECK(Has(Refusal(v2, trusted), kSource + ": manifest format '2'; this build reads format 1"));
    CHECK(Has(Refusal(good.substr(0, good.size() - 1), trusted), "ends in the middle of line 10 (truncated?)"));
    CHECK(Has(Refusal(good.substr(0, good.size() / 2), trusted), "(truncated?)"));
    CHECK(Has(Refusal(good + "x", trusted), "more text after the signature"));
    CHECK(Has(Refusal(good + "\n", trusted), "more text after the signature"));
    std::string crlf = good;
    crlf.replace(crlf.find('\n'), 1, "\r\n");
    CHECK(Has(Refusal(crlf, trusted), "line 1 has a carriage return"));
    // Lines out of order, or one missing.
    const std::string length_line = "length 1234567\n", sha_line = "sha256 " + std::string(64, 'a') + "\n";
    std::string swapped = good;
    swapped.replace(swapped.find(length_line), length_line.size() + sha_line.size(), sha_line + length_line);
    CHECK(Has(Refusal(swapped, trusted), kSource + ": damaged pack manifest: line 5 should be 'length ...', not 'sha256 "));
    std::string missing = good;
    missing.erase(missing.find(length_line), length_line.size());
    CHECK(Has(Refusal(missing, trusted), "line 5 should be 'length ...', not 'sha256 "));
}

TEST_CASE("manifest: a changed bit anywhere is refused") {
    SigningKey key = KeyFromByte(15);
    const TrustedKeys trusted = Trust({&key});
    const std::string good = MustSign(Sample(), key);
    int refused = 0, checked = 0;
    for (std::size_t offset = 0; offset < good.size(); ++offset) {
        for (int bit = 0; bit < 8; ++bit) {
            std::string changed = good;
            changed[offset] = static_cast<char>(changed[offset] ^ (1 << bit));
            std::string message = Refusal(changed, trusted);
            CAPTURE(offset);
            CAPTURE(bit);
            CHECK(message.rfind(kSource + ": ", 0) == 0);
            CHECK(message.find('\n') == std::string::npos);
            ++checked;
            refused += !message.empty();
        }
    }
    CHECK(refused == checked);
    // For tools/test's summary (it greps the log for lines starting "signed packs").
    std::printf("signed packs: every one of the %d single-bit changes of a %zu-byte manifest refused\n", checked,
                good.size());
    CHECK(Refusal(good, trusted).empty());
}

TEST_CASE("manifest: a manifest signed by a key that is not trusted is refused and the key named") {
    SigningKey signer = KeyFromByte(16), trusted_key = KeyFromByte(17);
    const std::string text = MustSign(Sample(), signer);
    std::string message = Refusal(text, Trust({&trusted_key}));
    CHECK(Has(message, kSource + ": manifest signed by key " + HexOf(KeyIdOf(signer.Public())) + ", which is not trusted"));
    CHECK(Has(message, "/etc/msht-kiosk/trusted-keys trusts key " + HexOf(KeyIdOf(trusted_key.Public())) + " (key-1)"));
    // A forger who names a trusted key's id still needs its signature.
    std::string claimed = WithValue(text, "key", HexOf(KeyIdOf(trusted_key.Public())));
    CHECK(Has(Refusal(claimed, Trust({&trusted_key})), kSource + ": the manifest does not match its signature"));
}

TEST_CASE("manifest: signatures made for anything else do not verify a manifest (context prefix)") {
    test_support::TempDir dir("kiosk-manifest-test");
    SigningKey key = KeyFromByte(18);
    const TrustedKeys trusted = Trust({&key});
    const std::string good = MustSign(Sample(), key);
    const auto [body, tail] = SplitAtKey(good);
    const std::string context = "msht-kiosk pack manifest signature\n";
    auto with_signature = [&](const std::string& hex) { return WithValue(good, "ed25519", hex); };
    auto pack_signature_of = [&](const std::string& bytes) {
        std::string path = dir.File("x.pack");
        test_support::WriteFile(path, bytes);
        test_support::MustSign(path, key);
        auto parsed = ParsePackSignature(test_support::ReadFile(path + ".sig"), path + ".sig");
        REQUIRE(std::holds_alternative<PackSignature>(parsed));
        return HexOf(std::get<PackSignature>(parsed).bytes);
    };
    // A pack signature (Ed25519ph) over a "pack" holding the manifest's bytes, with or without the context.
    CHECK(Has(Refusal(with_signature(pack_signature_of(body)), trusted), "does not match its signature"));
    CHECK(Has(Refusal(with_signature(pack_signature_of(context + body)), trusted), "does not match its signature"));
    // Pure Ed25519 over the body alone: what the manifest would verify with if it had no context.
    std::array<unsigned char, crypto_sign_BYTES> raw{};
    crypto_sign_detached(raw.data(), nullptr, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                         key.SecretBytes());
    CHECK(Has(Refusal(with_signature(HexOf(raw.data(), raw.size())), trusted), "does not match its signature"));
    // And the other way: the manifest's signature as PACK.sig of a file holding exactly what it signed.
    std::string path = dir.File("y.pack");
    test_support::WriteFile(path, context + body);
    PackSignature forged;
    forged.key_id = KeyIdOf(key.Public());
    REQUIRE(ParseLowerHex(tail.substr(tail.find("ed25519 ") + 8, 128), forged.bytes.data(), forged.bytes.size()));
    test_support::WriteFile(path + ".sig", FormatPackSignature(forged));
    auto verified = VerifyPack(path, trusted);
    REQUIRE(std::holds_alternative<std::string>(verified));
    CHECK(Has(std::get<std::string>(verified), "does not match its signature"));
    CHECK(Refusal(good, trusted).empty());
}

TEST_CASE("manifest: with two trusted keys manifests from either verify (key rotation)") {
    SigningKey old_key = KeyFromByte(19), new_key = KeyFromByte(20), other = KeyFromByte(21);
    const TrustedKeys both = Trust({&old_key, &new_key});
    for (const SigningKey* key : {&old_key, &new_key}) {
        auto verified = VerifyManifest(MustSign(Sample(), *key), both, kSource);
        REQUIRE(std::holds_alternative<VerifiedManifest>(verified));
        CHECK(std::get<VerifiedManifest>(verified).signer.bytes == key->Public());
    }
    CHECK(Has(Refusal(MustSign(Sample(), other), both), "which is not trusted"));
    CHECK(Has(Refusal(MustSign(Sample(), other), both), "trusts key " + HexOf(KeyIdOf(old_key.Public())) +
                                                            " (key-1), key " + HexOf(KeyIdOf(new_key.Public())) +
                                                            " (key-2)"));
}

TEST_CASE("manifest: size is bounded and the largest valid manifest fits") {
    SigningKey key = KeyFromByte(22);
    const TrustedKeys trusted = Trust({&key});
    PackManifest largest = Sample();
    largest.pack_id = "a" + std::string(63, '9');
    largest.pack_version = 2000000000;
    largest.file = std::string(250, 'f') + ".pack";
    largest.length = 9223372036854775807ULL;
    largest.expires_at = "9999-12-31T23:59:59Z";
    const std::string text = MustSign(largest, key);
    CHECK(text.size() < kMaxManifestBytes);
    CHECK(Refusal(text, trusted).empty());
    // Over the bound, refused before anything else is read, however it starts.
    std::string big = MustSign(Sample(), key);
    big.resize(kMaxManifestBytes + 1, 'x');
    CHECK(Has(Refusal(big, trusted), kSource + ": not a pack manifest (it is larger than 4096 bytes"));
    CHECK(Has(Refusal(std::string(8 << 20, '\n'), trusted), "larger than 4096 bytes"));
}
