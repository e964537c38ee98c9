// The admin passcode's credential on the kiosk: one file, /etc/msht-kiosk/admin-passcode, holding only
// an Argon2id hash (admin_pin.h), written when the kiosk is installed (tools/deploy/install) and readable
// by root and the kiosk's user only. It is never in a content pack: a pack is published, and a hash in it
// could be guessed offline. Forgetting the passcode means re-running the install as root; the kiosk's
// screens have no way around it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace kiosk::core {

inline constexpr std::size_t kAdminPasscodeMinDigits = 6;
inline constexpr std::size_t kAdminPasscodeMaxDigits = 12;  // what the pad takes

// Why `passcode` cannot be an admin passcode ("must be 6 to 12 digits", "all the same digit"), or nullopt.
std::optional<std::string> AdminPasscodeProblem(std::string_view passcode);

struct AdminCredential {
    std::string hash;     // crypto_pwhash_str output
    std::string warning;  // e.g. the file is readable by every user: said on the log and the admin screen
};

// Reads the credential file. A message naming the file and what to do when it is missing, not a hash,
// or writable by anyone but its owner (someone could set their own passcode).
std::variant<AdminCredential, std::string> ReadAdminCredential(const std::string& path);

// Hashes `passcode` (checked with AdminPasscodeProblem) and writes the credential file durably with mode
// 0640. A message on failure, or nullopt. The caller (install, as root) sets the file's group.
std::optional<std::string> WriteAdminCredential(const std::string& path, std::string_view passcode);

}  // namespace kiosk::core
