// The admin PIN: sites store only a libsodium crypto_pwhash_str hash (Argon2id), never the PIN, so a
// copied pack or site file does not give the PIN away.
#pragma once

#include <optional>
#include <string>

namespace kiosk::core {

// True when `pin` matches `hash` (a crypto_pwhash_str string). Deliberately slow (Argon2id).
bool VerifyAdminPin(const std::string& pin, const std::string& hash);

// A crypto_pwhash_str hash of `pin` for a site file, or nothing if libsodium cannot allocate it.
std::optional<std::string> HashAdminPin(const std::string& pin);

}  // namespace kiosk::core
