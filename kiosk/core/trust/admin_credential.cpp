// The admin passcode's credential file (admin_credential.h).
#include "core/trust/admin_credential.h"

#include <algorithm>

#include "core/trust/admin_pin.h"
#include "core/util/one_line.h"
#include "core/util/small_file.h"

namespace kiosk::core {

std::optional<std::string> AdminPasscodeProblem(std::string_view passcode) {
    if (passcode.size() < kAdminPasscodeMinDigits || passcode.size() > kAdminPasscodeMaxDigits ||
        !std::all_of(passcode.begin(), passcode.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return "the admin passcode must be " + std::to_string(kAdminPasscodeMinDigits) + " to " +
               std::to_string(kAdminPasscodeMaxDigits) + " digits (8 or more are best)";
    // The first passcodes anyone tries: one digit repeated, or a run up or down.
    bool same = std::all_of(passcode.begin(), passcode.end(), [&](char c) { return c == passcode[0]; });
    bool up = true, down = true;
    for (std::size_t i = 1; i < passcode.size(); ++i) {
        up = up && (passcode[i] - '0') == (passcode[i - 1] - '0' + 1) % 10;
        down = down && (passcode[i] - '0' + 1) % 10 == (passcode[i - 1] - '0');
    }
    if (same || up || down) return std::string("the admin passcode is too easy to guess (one digit repeated, or a run such as 123456); choose another");
    return std::nullopt;
}

std::variant<AdminCredential, std::string> ReadAdminCredential(const std::string& path) {
    auto read = ReadSmallFile(path, 4096);
    if (auto* failure = std::get_if<SmallFileFailure>(&read)) {
        if (failure->kind == SmallFileError::Missing)
            return Quoted(path) + ": no admin passcode is set on this kiosk, so the admin screen cannot be opened; "
                                  "set one as root with tools/deploy/install --admin-passcode";
        return Quoted(path) + ": cannot read the admin passcode file (" + OneLine(failure->detail) + ")";
    }
    const SmallFile& file = std::get<SmallFile>(read);
    if (file.mode & 0022)
        return Quoted(path) + ": the admin passcode file can be changed by users other than its owner, so it is not "
                              "used; make it root's, mode 0640 (tools/deploy/install does)";
    AdminCredential credential;
    credential.hash = file.text.substr(0, file.text.find_first_of("\r\n"));
    if (credential.hash.rfind("$argon2id$", 0) != 0)
        return Quoted(path) + ": this is not an admin passcode file (it should hold one $argon2id$ hash); "
                              "set the passcode again with tools/deploy/install --admin-passcode";
    if (file.mode & 0004)
        credential.warning = "the admin passcode file " + Quoted(path) + " is readable by every user: make it mode 0640";
    return credential;
}

std::optional<std::string> WriteAdminCredential(const std::string& path, std::string_view passcode) {
    if (auto problem = AdminPasscodeProblem(passcode)) return problem;
    auto hash = HashAdminPin(std::string(passcode));
    if (!hash) return std::string("cannot hash the passcode (out of memory?)");
    return WriteSmallFile(path, *hash + "\n", 0640, false);
}

}  // namespace kiosk::core
