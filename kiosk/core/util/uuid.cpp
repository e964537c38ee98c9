// NewUuidV4 (uuid.h): 16 random bytes from libsodium with the version and variant bits of RFC 4122
// section 4.4 set, written in the canonical 8-4-4-4-12 lower-case hex form.
#include "core/util/uuid.h"

#include <sodium.h>

#include <array>
#include <cstdint>

namespace kiosk::core {

std::string NewUuidV4() {
    // sodium_init is idempotent and thread-safe; randombytes_buf would initialise itself anyway, but
    // libsodium asks for sodium_init before any other call.
    [[maybe_unused]] static const int init = sodium_init();
    std::array<std::uint8_t, 16> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4: random
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // variant 10xx: RFC 4122
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    text.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        text += kHex[bytes[i] >> 4];
        text += kHex[bytes[i] & 0x0F];
    }
    return text;
}

std::string NewUuidV4Thunk(void* /*context*/) { return NewUuidV4(); }

}  // namespace kiosk::core
