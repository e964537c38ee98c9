// `kiosk-author hash-pin`: turns an admin PIN into the hash a site file stores (admin_pin_hash), so a
// coordinator never writes the PIN itself into content. Reads the PIN from standard input.
#include <cstdio>
#include <string>

#include "commands.h"
#include "core/trust/admin_pin.h"

namespace author::cli {

int HashPin(const Args& args) {
    if (WantsHelp(args) || !args.empty()) {
        std::fputs("Usage: kiosk-author hash-pin    (reads the PIN from standard input)\n\n"
                   "Prints an Argon2id hash of the PIN (4 to 12 digits) for a site file's admin_pin_hash,\n"
                   "e.g.  echo 2468 | kiosk-author hash-pin\n",
                   WantsHelp(args) ? stdout : stderr);
        return WantsHelp(args) ? 0 : 2;
    }
    // Read one short line only: a file or an endless stream on stdin must not be read into memory.
    std::string pin;
    for (int c; pin.size() <= 16 && (c = std::getchar()) != EOF && c != '\n';) pin += static_cast<char>(c);
    if (!pin.empty() && pin.back() == '\r') pin.pop_back();
    bool digits = !pin.empty() && pin.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || pin.size() < 4 || pin.size() > 12) {
        std::fputs("kiosk-author: the PIN must be 4 to 12 digits (the kiosk's PIN pad has digits only)\n", stderr);
        return 2;
    }
    auto hash = kiosk::core::HashAdminPin(pin);
    if (!hash) {
        std::fputs("kiosk-author: could not hash the PIN (out of memory?)\n", stderr);
        return 2;
    }
    std::printf("admin_pin_hash = \"%s\"\n", hash->c_str());
    return 0;
}

}  // namespace author::cli
