// Admin PIN hashing and checking with libsodium (see admin_pin.h).
#include "core/trust/admin_pin.h"

#include <sodium.h>

namespace kiosk::core {

bool VerifyAdminPin(const std::string& pin, const std::string& hash) {
    if (sodium_init() < 0 || hash.empty()) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

std::optional<std::string> HashAdminPin(const std::string& pin) {
    if (sodium_init() < 0) return std::nullopt;
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return std::nullopt;
    return std::string(out);
}

}  // namespace kiosk::core
