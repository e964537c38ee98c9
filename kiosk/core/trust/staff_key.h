// The deployment key that turns an optional staff number into HMAC-SHA256(key, normalised number), so
// the records DB can link one person's sittings without ever holding the number (design.md section 6).
// The key is a 32-byte file beside the records DB, created on first start, readable by its owner only.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <variant>

namespace kiosk::core {

// 32 secret bytes, wiped from memory when destroyed. Movable (the source is wiped), not copyable, so
// the key exists in as few places as possible.
class StaffKey {
public:
    static constexpr std::size_t kSize = 32;

    // For tests and tools that need a fixed key; the kiosk uses LoadOrCreateStaffKey.
    static StaffKey FromBytes(std::span<const std::uint8_t, kSize> bytes);

    ~StaffKey();
    StaffKey(const StaffKey&) = delete;
    StaffKey& operator=(const StaffKey&) = delete;
    StaffKey(StaffKey&& other) noexcept;
    StaffKey& operator=(StaffKey&& other) noexcept;

private:
    StaffKey() = default;
    friend std::variant<StaffKey, std::string> LoadOrCreateStaffKey(const std::string& path);
    friend std::string HashStaffNumber(const StaffKey& key, const std::string& number);

    std::array<std::uint8_t, kSize> m_bytes{};
};

// Reads the key at `path`, or creates it (32 random bytes, permissions 0600, parent folder made if
// missing) when there is no file. Never overwrites an existing file. Refuses, with a message for the
// admin, a key that other users could read or write, that is not a regular file, or is not 32 bytes.
std::variant<StaffKey, std::string> LoadOrCreateStaffKey(const std::string& path);

// Lower-case hex HMAC-SHA256 of the normalised number (spaces and dashes removed, letters upper-cased),
// so "12 34-5" and "12345" give the same hash. An empty number (after normalising) gives "": no hash.
std::string HashStaffNumber(const StaffKey& key, const std::string& number);

// HashStaffNumber with the signature of SessionConfig::hash_staff_number: `key` is a const StaffKey*.
std::string HashStaffNumberThunk(const std::string& digits, const void* key);

}  // namespace kiosk::core
