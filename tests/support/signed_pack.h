// Small real content packs and fixed signing keys for the tests of signed packs and pack installs (and
// any harness that installs packs): a pack file written by the real WritePack, signed by the real code.
#pragma once

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>

#include "core/pack/pack_io.h"
#include "core/pack/pack_signature.h"
#include "core/trust/signing_key.h"
#include "core/trust/trusted_keys.h"

namespace test_support {

// Writes a pack with one module and a 40 KB asset (so the file spans many SQLite pages) to `path`.
// `salt` changes the asset's bytes, so two packs of one id and version can differ.
inline std::string MakeTestPack(const std::string& path, const std::string& id = "signed-pack", int version = 1,
                                unsigned salt = 42) {
    using namespace kiosk::core;
    PackData pack;
    pack.id = id;
    pack.version = version;
    pack.build_time = "2024-05-01T12:00:00Z";
    pack.languages = {"en"};
    Module module;
    module.id = "m";
    module.start = "end";
    Scene end;
    end.id = "end";
    end.kind = SceneKind::End;
    module.scenes.push_back(end);
    pack.modules.push_back(module);
    Asset asset;
    asset.path = "images/noise.png";
    asset.mime = "image/png";
    std::mt19937 random(salt);
    asset.data.resize(40000);
    for (auto& byte : asset.data) byte = static_cast<std::uint8_t>(random());
    asset.sha256 = Sha256Hex(asset.data.data(), asset.data.size());
    pack.assets.push_back(asset);
    auto error = WritePack(pack, path, kThrowawayPack);
    REQUIRE_MESSAGE(!error, *error);
    return path;
}

// The same key every run for the same byte.
inline kiosk::core::SigningKey KeyFromByte(std::uint8_t b) {
    std::array<std::uint8_t, kiosk::core::SigningKey::kSeedBytes> seed{};
    seed.fill(b);
    return kiosk::core::SigningKey::FromSeed(seed);
}

// Trusted keys named key-1, key-2 in order, as if read from /etc/msht-kiosk/trusted-keys.
inline kiosk::core::TrustedKeys Trust(std::initializer_list<const kiosk::core::SigningKey*> keys) {
    kiosk::core::TrustedKeys trusted;
    trusted.path = "/etc/msht-kiosk/trusted-keys";
    int n = 0;
    for (const kiosk::core::SigningKey* key : keys)
        trusted.keys.push_back(kiosk::core::PublicKey{key->Public(), "key-" + std::to_string(++n)});
    return trusted;
}

inline void MustSign(const std::string& pack, const kiosk::core::SigningKey& key) {
    auto signed_pack = kiosk::core::SignPack(pack, key);
    if (const auto* error = std::get_if<std::string>(&signed_pack)) FAIL("sign failed: " << *error);
}

}  // namespace test_support
