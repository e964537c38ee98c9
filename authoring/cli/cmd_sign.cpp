// `kiosk-author keygen`, `sign` and `verify`: the signing side of signed packs (core/pack/pack_signature.h).
// Whoever releases packs keeps NAME.key; each kiosk's trusted-keys file gets the line in NAME.pub.
// Also SplitArgs, the option splitter these commands share with publish (cmd_publish.cpp).
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "commands.h"
#include "core/pack/pack_io.h"
#include "core/pack/pack_signature.h"
#include "core/trust/signing_key.h"
#include "core/trust/trusted_keys.h"

namespace author::cli {

namespace core = kiosk::core;

bool SplitArgs(const Args& args, std::initializer_list<const char*> names, std::vector<std::string>& values,
               std::vector<std::string>& positional, const char* usage) {
    values.assign(names.size(), {});
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.size() > 1 && arg[0] == '-') {
            std::size_t index = 0;
            for (const char* name : names) {
                if (arg == name) break;
                ++index;
            }
            if (index == names.size()) {
                std::fprintf(stderr, "kiosk-author: unknown option '%s'\n%s", arg.c_str(), usage);
                return false;
            }
            if (i + 1 >= args.size() || args[i + 1].empty()) {
                std::fprintf(stderr, "kiosk-author: %s needs a value\n%s", arg.c_str(), usage);
                return false;
            }
            values[index] = args[++i];
        } else {
            positional.push_back(arg);
        }
    }
    return true;
}

namespace {

constexpr const char* kKeygenUsage =
    "Usage: kiosk-author keygen --out NAME [--name LABEL]\n";
constexpr const char* kSignUsage = "Usage: kiosk-author sign PACK --key NAME.key\n";
constexpr const char* kVerifyUsage = "Usage: kiosk-author verify PACK --trust TRUSTED_KEYS\n";

}  // namespace

int Keygen(const Args& args) {
    if (WantsHelp(args)) {
        std::printf("%s\nMakes a new Ed25519 key pair for signing content packs:\n"
                    "  NAME.key  the secret key (mode 0600): keep it with whoever releases packs, never on a kiosk\n"
                    "  NAME.pub  one line for each kiosk's trusted-keys file (/etc/msht-kiosk/trusted-keys)\n"
                    "LABEL names the key in that line and in the kiosk's messages (default: NAME's file name).\n"
                    "Existing files are never replaced. A kiosk trusts at most two keys, so a new key can be\n"
                    "added beside the current one before packs are signed with it.\n",
                    kKeygenUsage);
        return 0;
    }
    std::vector<std::string> values, positional;
    if (!SplitArgs(args, {"--out", "--name"}, values, positional, kKeygenUsage)) return 2;
    if (values[0].empty() || !positional.empty()) {
        std::fputs(kKeygenUsage, stderr);
        return 2;
    }
    const std::string& base = values[0];
    std::string name = values[1].empty() ? std::filesystem::path(base).filename().string() : values[1];
    for (char c : name) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            std::fputs("kiosk-author: --name must be plain text (no control characters)\n", stderr);
            return 2;
        }
    }
    if (name.size() > 100) {
        std::fputs("kiosk-author: --name must be at most 100 bytes\n", stderr);
        return 2;
    }
    if (auto error = core::WriteNewKeyPair(base, name)) {
        std::fprintf(stderr, "kiosk-author: %s\n", error->c_str());
        return 2;
    }
    std::printf("wrote %s.key (secret: keep it safe, never on a kiosk) and %s.pub (add its line to each kiosk's "
                "trusted-keys file)\n",
                base.c_str(), base.c_str());
    return 0;
}

int Sign(const Args& args) {
    if (WantsHelp(args)) {
        std::printf("%s\nSigns a pack built by 'kiosk-author build': writes PACK.sig beside it (replacing an old one).\n"
                    "Copy PACK and PACK.sig to the kiosk together; it refuses a pack without a valid signature\n"
                    "from a key in its trusted-keys file.\n",
                    kSignUsage);
        return 0;
    }
    std::vector<std::string> values, positional;
    if (!SplitArgs(args, {"--key"}, values, positional, kSignUsage)) return 2;
    if (values[0].empty() || positional.size() != 1) {
        std::fputs(kSignUsage, stderr);
        return 2;
    }
    const std::string& pack_path = positional[0];
    // Only a pack that a kiosk can read is worth a signature.
    auto read = kiosk::core::ReadPack(pack_path, false);
    if (const auto* error = std::get_if<std::string>(&read)) {
        std::fprintf(stderr, "kiosk-author: %s\n", error->c_str());
        return 2;
    }
    const auto& pack = std::get<core::PackData>(read);
    auto key = core::LoadSigningKey(values[0]);
    if (const auto* error = std::get_if<std::string>(&key)) {
        std::fprintf(stderr, "kiosk-author: %s\n", error->c_str());
        return 2;
    }
    auto signed_pack = core::SignPack(pack_path, std::get<core::SigningKey>(key));
    if (const auto* error = std::get_if<std::string>(&signed_pack)) {
        std::fprintf(stderr, "kiosk-author: %s\n", error->c_str());
        return 2;
    }
    std::printf("signed %s (pack %s version %d) with key %s: %s\n", pack_path.c_str(), pack.id.c_str(), pack.version,
                core::HexOf(std::get<core::PackSignature>(signed_pack).key_id).c_str(),
                core::SignaturePathFor(pack_path).c_str());
    return 0;
}

int Verify(const Args& args) {
    if (WantsHelp(args)) {
        std::printf("%s\nChecks PACK against PACK.sig and a trusted-keys file, as a kiosk does before it reads\n"
                    "anything else, then reads the pack. Exit status 0: a kiosk with those keys would run it;\n"
                    "1: it would refuse it (the message says why); 2: usage or file problems.\n",
                    kVerifyUsage);
        return 0;
    }
    std::vector<std::string> values, positional;
    if (!SplitArgs(args, {"--trust"}, values, positional, kVerifyUsage)) return 2;
    if (values[0].empty() || positional.size() != 1) {
        std::fputs(kVerifyUsage, stderr);
        return 2;
    }
    const std::string& pack_path = positional[0];
    auto trusted = core::LoadTrustedKeys(values[0]);
    if (const auto* error = std::get_if<std::string>(&trusted)) {
        std::fprintf(stderr, "kiosk-author: %s\n", error->c_str());
        return 2;
    }
    if (!std::filesystem::exists(pack_path)) {
        std::fprintf(stderr, "kiosk-author: %s: the pack does not exist\n", pack_path.c_str());
        return 2;
    }
    auto verified = core::VerifyPack(pack_path, std::get<core::TrustedKeys>(trusted));
    if (const auto* error = std::get_if<std::string>(&verified)) {
        std::fprintf(stderr, "kiosk-author: REFUSED %s\n", error->c_str());
        return 1;
    }
    auto read = kiosk::core::ReadPack(pack_path, false);
    if (const auto* error = std::get_if<std::string>(&read)) {
        std::fprintf(stderr, "kiosk-author: REFUSED %s (signed, but not a readable pack)\n", error->c_str());
        return 1;
    }
    const auto& pack = std::get<core::PackData>(read);
    std::printf("%s: good signature by %s; pack %s version %d\n", pack_path.c_str(),
                core::DescribeKey(std::get<core::Verified>(verified).signer).c_str(), pack.id.c_str(), pack.version);
    return 0;
}

}  // namespace author::cli
