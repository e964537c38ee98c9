// `kiosk-author publish` and `verify-manifest`: a signed pack, its .sig and a signed manifest written
// to a folder as plain static files that any HTTPS server or file share can serve (kiosk-sync polls the
// manifest, core/pack/pack_manifest.h), and the trainer's check of a published folder as a kiosk would
// judge it. Every file is written whole (temporary file, fsync, rename), so a server never serves half.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "commands.h"
#include "core/pack/pack_io.h"
#include "core/pack/pack_manifest.h"
#include "core/pack/pack_signature.h"
#include "core/trust/signing_key.h"
#include "core/trust/trusted_keys.h"
#include "core/util/small_file.h"
#include "core/util/utc_time.h"

namespace author::cli {

namespace {

namespace core = kiosk::core;

constexpr const char* kPublishUsage = "Usage: kiosk-author publish PACK --key NAME.key --out DIR [--expires 30d]\n";
constexpr const char* kVerifyManifestUsage = "Usage: kiosk-author verify-manifest MANIFEST --trust TRUSTED_KEYS\n";
constexpr std::int64_t kHour = 3600, kDay = 24 * kHour;
constexpr std::int64_t kMaxExpiry = 366 * kDay;  // a longer life would let a stolen old manifest be replayed for years
constexpr std::size_t kMaxSigFileBytes = 4096;

// "30d" or "12h" as seconds, from one hour to kMaxExpiry; nullopt for anything else.
std::optional<std::int64_t> ParseExpiry(const std::string& text) {
    if (text.size() < 2 || text.size() > 6 || text[0] < '1' || text[0] > '9') return std::nullopt;
    std::int64_t n = 0;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        n = n * 10 + (text[i] - '0');
    }
    char unit = text.back();
    if (unit != 'd' && unit != 'h') return std::nullopt;
    std::int64_t seconds = n * (unit == 'd' ? kDay : kHour);
    if (seconds > kMaxExpiry) return std::nullopt;
    return seconds;
}

// "in 30 days" / "in 12 hours", for people.
std::string Lifetime(std::int64_t seconds) {
    if (seconds % kDay == 0) return "in " + std::to_string(seconds / kDay) + (seconds == kDay ? " day" : " days");
    std::int64_t hours = (seconds + kHour - 1) / kHour;
    return "in " + std::to_string(hours) + (hours == 1 ? " hour" : " hours");
}

struct Digest {
    std::uint64_t length = 0;
    std::string sha256;
};

// The length and sha256 of the file at `path`, streamed (a pack with films can be large). One line
// naming the file on failure.
std::variant<Digest, std::string> DigestOf(const std::string& path) {
    [[maybe_unused]] static const int init = sodium_init();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return path + ": cannot read it (" + std::strerror(errno) + ")";
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return path + ": not a regular file";
    }
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::vector<unsigned char> buffer(1 << 20);
    Digest digest;
    for (;;) {
        ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            std::string error = path + ": cannot read it (" + std::strerror(errno) + ")";
            ::close(fd);
            return error;
        }
        if (n == 0) break;
        crypto_hash_sha256_update(&state, buffer.data(), static_cast<unsigned long long>(n));
        digest.length += static_cast<std::uint64_t>(n);
    }
    ::close(fd);
    unsigned char sha[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, sha);
    digest.sha256 = core::HexOf(sha, sizeof sha);
    return digest;
}

// Makes DIR if it is not there (only the last folder: a typo in a parent should not build a tree).
std::optional<std::string> PrepareFolder(const std::string& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) return dir + ": is not a folder; --out names the folder to publish into";
    } else if (errno != ENOENT || ::mkdir(dir.c_str(), 0755) != 0) {
        if (errno == ENOENT)
            return dir + ": cannot create the folder: " + std::filesystem::path(dir).parent_path().string() +
                   " does not exist";
        return dir + ": cannot create the folder (" + std::strerror(errno) + ")";
    }
    if (::access(dir.c_str(), W_OK) != 0) return dir + ": cannot write in the folder (" + std::strerror(errno) + ")";
    return std::nullopt;
}

// Prints "kiosk-author: MESSAGE" and returns `status`: the one way publish reports a failure.
int Fail(int status, const std::string& message) {
    std::fprintf(stderr, "kiosk-author: %s\n", message.c_str());
    return status;
}

}  // namespace

int Publish(const Args& args) {
    if (WantsHelp(args)) {
        std::printf(
            "%s\nPublishes a signed pack for kiosks to fetch over HTTPS: DIR gets plain static files for any web\n"
            "server or file share:\n"
            "  ID-vVERSION.pack      the pack, byte for byte what PACK.sig signed\n"
            "  ID-vVERSION.pack.sig  its signature\n"
            "  manifest              pack id, version, file name, length, sha256, when it was signed and when\n"
            "                        it expires, signed with NAME.key (kiosks trust it as they trust packs)\n"
            "PACK must be signed with the same key first ('kiosk-author sign PACK --key NAME.key').\n"
            "--expires: how long kiosks accept this manifest (Nd or Nh, default 30d, at most 366d). Publish again\n"
            "before then: the same pack is only re-signed with a new expiry, its file is left as it is.\n"
            "A version older than the one DIR's manifest names is refused: every kiosk would refuse it too.\n"
            "Then point each kiosk at DIR's manifest: kiosk-sync --manifest https://SERVER/PATH/manifest\n"
            "Exit status 0: published; 1: refused (older version, a different pack under the same version, a pack\n"
            "that does not match its signature or was signed by another key); 2: usage or file problems.\n",
            kPublishUsage);
        return 0;
    }
    std::vector<std::string> values, positional;
    if (!SplitArgs(args, {"--key", "--out", "--expires"}, values, positional, kPublishUsage)) return 2;
    if (values[0].empty() || values[1].empty() || positional.size() != 1) {
        std::fputs(kPublishUsage, stderr);
        return 2;
    }
    const std::string &pack_path = positional[0], &key_path = values[0];
    std::string dir = values[1];
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();  // "site/" names the files "site/x", not "site//x"
    auto lifetime = ParseExpiry(values[2].empty() ? "30d" : values[2]);
    if (!lifetime)
        return Fail(2, "--expires must be a number of days or hours such as 30d or 12h (from 1h to 366d), not '" +
                           values[2] + "'");

    // A pack a kiosk can read, signed by this very key: what is published is exactly what was signed.
    auto read = core::ReadPack(pack_path, false);
    if (const auto* error = std::get_if<std::string>(&read)) return Fail(2, *error);
    const core::PackData& pack = std::get<core::PackData>(read);
    auto loaded = core::LoadSigningKey(key_path);
    if (const auto* error = std::get_if<std::string>(&loaded)) return Fail(2, *error);
    const core::SigningKey& key = std::get<core::SigningKey>(loaded);
    const core::PublicKey signer{key.Public(), ""};
    const std::string sig_path = core::SignaturePathFor(pack_path);
    const std::string sign_first = "sign it first: kiosk-author sign " + pack_path + " --key " + key_path;
    auto sig_file = core::ReadSmallFile(sig_path, kMaxSigFileBytes);
    if (const auto* failure = std::get_if<core::SmallFileFailure>(&sig_file)) {
        if (failure->kind == core::SmallFileError::Missing)
            return Fail(2, pack_path + ": not signed (there is no " + sig_path + " beside it); " + sign_first);
        return Fail(2, sig_path + ": cannot read the pack signature (" + failure->detail + ")");
    }
    auto sig = core::ParsePackSignature(std::get<core::SmallFile>(sig_file).text, sig_path);
    if (const auto* error = std::get_if<std::string>(&sig)) return Fail(2, *error);
    if (std::get<core::PackSignature>(sig).key_id != core::KeyIdOf(signer.bytes))
        return Fail(1, sig_path + ": made by key " + core::HexOf(std::get<core::PackSignature>(sig).key_id) +
                           ", not by " + key_path + " (" + core::DescribeKey(signer) + "); " + sign_first);

    if (auto problem = PrepareFolder(dir)) return Fail(2, *problem);
    const std::string file = pack.id + "-v" + std::to_string(pack.version) + ".pack";
    const std::string file_path = dir + "/" + file, manifest_path = dir + "/manifest";
    core::PackManifest manifest{pack.id, pack.version, file, 1, std::string(64, '0'), "", "", 0, 0};
    const std::time_t now = std::time(nullptr);
    manifest.signed_at = core::Iso8601Utc(now);
    manifest.expires_at = core::Iso8601Utc(now + static_cast<std::time_t>(*lifetime));
    // A trial signature checks the fields (the pack id above all) before anything is written.
    if (auto trial = core::SignManifest(manifest, key); trial.index() == 1) return Fail(2, std::get<1>(trial));

    // The manifest already there says what kiosks pointed at DIR run (or are about to): never go back.
    std::optional<core::PackManifest> previous;
    auto old_file = core::ReadSmallFile(manifest_path, core::kMaxManifestBytes);
    if (const auto* failure = std::get_if<core::SmallFileFailure>(&old_file)) {
        if (failure->kind != core::SmallFileError::Missing)
            return Fail(2, manifest_path + ": cannot read the manifest already there (" + failure->detail +
                               "); remove it if this folder should start afresh");
    } else {
        auto parsed = core::ParseManifest(std::get<core::SmallFile>(old_file).text, manifest_path);
        if (const auto* error = std::get_if<std::string>(&parsed))
            return Fail(2, *error + "\nkiosk-author: " + manifest_path +
                               " is not replaced, so an older pack can never slip in over it unnoticed; remove it if "
                               "this folder should start afresh");
        previous = std::get<core::PackManifest>(parsed);
        if (previous->pack_id != pack.id)
            return Fail(1, manifest_path + " announces pack '" + previous->pack_id + "', not '" + pack.id +
                               "'; publish each pack id to its own folder (kiosks pointed here expect '" +
                               previous->pack_id + "')");
        if (previous->pack_version > pack.version)
            return Fail(1, manifest_path + " already announces version " + std::to_string(previous->pack_version) +
                               " of pack '" + pack.id + "'; publishing version " + std::to_string(pack.version) +
                               " would be a rollback, which every kiosk refuses; raise the version in pack.toml, "
                               "then build, sign and publish again");
        if (previous->signed_at_s > now)
            std::fprintf(stderr, "kiosk-author: warning: %s was signed at %s, later than this computer's clock (%s); "
                                 "check the clock\n",
                         manifest_path.c_str(), previous->signed_at.c_str(), manifest.signed_at.c_str());
    }

    // Copy the pack from the very bytes that verify against PACK.sig (core::VerifyPack writes them as it
    // checks them), then hash the copy: the manifest describes exactly the file a kiosk will download.
    const std::string temp = dir + "/." + file + ".publish-" + std::to_string(::getpid());
    ::unlink(temp.c_str());  // a leftover of a run that died (the name has this process's id)
    core::TrustedKeys self{key_path + "'s public half", {signer}};
    auto verified = core::VerifyPack(pack_path, self, temp);
    if (const auto* error = std::get_if<std::string>(&verified))
        return Fail(error->rfind(temp, 0) == 0 ? 2 : 1, *error);
    auto copied = DigestOf(temp);
    if (const auto* error = std::get_if<std::string>(&copied)) {
        ::unlink(temp.c_str());
        return Fail(2, *error);
    }
    const Digest digest = std::get<Digest>(copied);
    const std::string different = "; a kiosk that installed one of them would never take the other: raise the version "
                                  "in pack.toml, then build, sign and publish again";
    if (previous && previous->pack_version == pack.version && previous->sha256 != digest.sha256) {
        ::unlink(temp.c_str());
        return Fail(1, manifest_path + " already announces a different pack under version " +
                           std::to_string(pack.version) + " (sha256 " + previous->sha256 + ")" + different);
    }
    std::string pack_status = "written";
    struct stat st {};
    if (::lstat(file_path.c_str(), &st) == 0) {
        auto existing = DigestOf(file_path);
        bool same = std::holds_alternative<Digest>(existing) && std::get<Digest>(existing).length == digest.length &&
                    std::get<Digest>(existing).sha256 == digest.sha256;
        ::unlink(temp.c_str());
        if (!same) return Fail(1, file_path + " is already there and holds a different pack" + different);
        pack_status = "unchanged (already there)";
    } else if (::rename(temp.c_str(), file_path.c_str()) != 0) {
        std::string error = file_path + ": cannot put the pack in place (" + std::strerror(errno) + ")";
        ::unlink(temp.c_str());
        return Fail(2, error);
    } else if (!core::SyncFolderOf(file_path)) {
        return Fail(2, dir + ": cannot write the folder to disk (" + std::strerror(errno) + ")");
    }

    // The .sig that verified those bytes, then the manifest last: it never names a file not yet there.
    const std::string sig_text = core::FormatPackSignature(std::get<core::Verified>(verified).signature);
    std::string sig_status = "written";
    auto old_sig = core::ReadSmallFile(file_path + ".sig", kMaxSigFileBytes);
    if (std::holds_alternative<core::SmallFile>(old_sig) && std::get<core::SmallFile>(old_sig).text == sig_text)
        sig_status = "unchanged (already there)";
    else if (auto error = core::WriteSmallFile(file_path + ".sig", sig_text, 0644, false))
        return Fail(2, *error);
    manifest.length = digest.length;
    manifest.sha256 = digest.sha256;
    auto text = core::SignManifest(manifest, key);
    if (text.index() == 1) return Fail(2, std::get<1>(text));
    if (auto error = core::WriteSmallFile(manifest_path, std::get<0>(text), 0644, false)) return Fail(2, *error);

    const int width = static_cast<int>(file.size() + 4);  // the .sig's name, the longest of the three
    std::printf("published pack %s version %d in %s:\n", pack.id.c_str(), pack.version, dir.c_str());
    std::printf("  %-*s  %s: %llu bytes, sha256 %s\n", width, file.c_str(), pack_status.c_str(),
                static_cast<unsigned long long>(digest.length), digest.sha256.c_str());
    std::printf("  %-*s  %s: signed by %s\n", width, (file + ".sig").c_str(), sig_status.c_str(),
                core::DescribeKey(signer).c_str());
    std::printf("  %-*s  signed at %s, expires at %s (%s)%s\n", width, "manifest", manifest.signed_at.c_str(),
                manifest.expires_at.c_str(), Lifetime(*lifetime).c_str(),
                previous && previous->pack_version == pack.version ? ", re-signed" : "");
    std::printf("Serve %s as plain static files over HTTPS (any web server or file share) and point each kiosk at the\n"
                "manifest: kiosk-sync --manifest https://SERVER/PATH/manifest\n"
                "Publish again before %s (a kiosk refuses an expired manifest); the same pack is only re-signed.\n",
                dir.c_str(), manifest.expires_at.c_str());
    return 0;
}

int VerifyManifestCommand(const Args& args) {
    if (WantsHelp(args)) {
        std::printf("%s\nChecks a published manifest as a kiosk does: its signature against a trusted-keys file, its\n"
                    "fields, and that it has not expired. When the pack it names is beside it (a publish folder),\n"
                    "also the pack's length, sha256 and signature. Exit status 0: a kiosk with those keys would take\n"
                    "it; 1: it would refuse it (the message says why); 2: usage or file problems.\n",
                    kVerifyManifestUsage);
        return 0;
    }
    std::vector<std::string> values, positional;
    if (!SplitArgs(args, {"--trust"}, values, positional, kVerifyManifestUsage)) return 2;
    if (values[0].empty() || positional.size() != 1) {
        std::fputs(kVerifyManifestUsage, stderr);
        return 2;
    }
    const std::string& path = positional[0];
    auto trusted = core::LoadTrustedKeys(values[0]);
    if (const auto* error = std::get_if<std::string>(&trusted)) return Fail(2, *error);
    auto read = core::ReadSmallFile(path, core::kMaxManifestBytes);
    if (const auto* failure = std::get_if<core::SmallFileFailure>(&read)) {
        if (failure->kind == core::SmallFileError::TooLarge)
            return Fail(1, "REFUSED " + path + ": not a pack manifest (" + failure->detail + ")");
        return Fail(2, path + ": cannot read the manifest (" + failure->detail + ")");
    }
    auto verified = core::VerifyManifest(std::get<core::SmallFile>(read).text, std::get<core::TrustedKeys>(trusted), path);
    if (const auto* error = std::get_if<std::string>(&verified)) return Fail(1, "REFUSED " + *error);
    const core::VerifiedManifest& v = std::get<core::VerifiedManifest>(verified);
    const core::PackManifest& m = v.manifest;
    const std::time_t now = std::time(nullptr);
    if (m.expires_at_s <= now)
        return Fail(1, "REFUSED " + path + ": expired at " + m.expires_at + " (it is now " + core::Iso8601Utc(now) +
                           "); publish again to re-sign it with a new expiry");
    std::printf("%s: good signature by %s; pack %s version %d, %s (%llu bytes), signed at %s, expires at %s\n",
                path.c_str(), core::DescribeKey(v.signer).c_str(), m.pack_id.c_str(), m.pack_version, m.file.c_str(),
                static_cast<unsigned long long>(m.length), m.signed_at.c_str(), m.expires_at.c_str());

    const std::string pack_path = (std::filesystem::path(path).parent_path() / m.file).string();
    struct stat st {};
    if (::lstat(pack_path.c_str(), &st) != 0) {
        std::printf("%s is not beside the manifest, so only the manifest was checked\n", pack_path.c_str());
        return 0;
    }
    auto digest = DigestOf(pack_path);
    if (const auto* error = std::get_if<std::string>(&digest)) return Fail(2, *error);
    const Digest& d = std::get<Digest>(digest);
    if (d.length != m.length)
        return Fail(1, "REFUSED " + pack_path + ": " + std::to_string(d.length) + " bytes, but the manifest says " +
                           std::to_string(m.length) + "; publish again");
    if (d.sha256 != m.sha256)
        return Fail(1, "REFUSED " + pack_path + ": its sha256 is not the manifest's (it changed after publishing); "
                                                "publish again");
    auto pack_verified = core::VerifyPack(pack_path, std::get<core::TrustedKeys>(trusted));
    if (const auto* error = std::get_if<std::string>(&pack_verified)) return Fail(1, "REFUSED " + *error);
    std::printf("%s: length and sha256 match the manifest; good signature by %s\n", pack_path.c_str(),
                core::DescribeKey(std::get<core::Verified>(pack_verified).signer).c_str());
    return 0;
}

}  // namespace author::cli
