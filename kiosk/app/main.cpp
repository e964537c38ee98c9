// The `kiosk` executable: parse the command line, start the App, run it. Exit codes: 0 fine, 1 a
// scripted expectation failed, 2 bad options, pack, records DB, script or display.
#include <cstdio>
#include <iostream>
#include <string>
#include <variant>

#include "core/trust/admin_credential.h"

#include "app/kiosk_app.h"
#include "app/options.h"

int main(int argc, char** argv) {
    auto parsed = kiosk::app::ParseOptions(argc, argv);
    if (const auto* exit_now = std::get_if<kiosk::app::ExitNow>(&parsed)) return exit_now->code;
    auto& options = std::get<kiosk::app::Options>(parsed);
    if (!options.set_admin_passcode.empty()) {
        // One line from standard input (a terminal, a pipe or a file), never an argument: arguments
        // show in `ps` and in shell history.
        // Read at most a little more than the longest passcode: an endless line is refused, not stored.
        std::string passcode;
        for (int c; passcode.size() <= 64 && (c = std::cin.get()) != EOF && c != '\n';) passcode += static_cast<char>(c);
        if (!passcode.empty() && passcode.back() == '\r') passcode.pop_back();
        auto problem = kiosk::core::WriteAdminCredential(options.set_admin_passcode, passcode);
        std::fill(passcode.begin(), passcode.end(), '\0');
        if (problem) {
            std::fprintf(stderr, "kiosk: %s\n", problem->c_str());
            return 2;
        }
        std::fprintf(stderr, "kiosk: the admin passcode is set (its hash is in %s)\n", options.set_admin_passcode.c_str());
        return 0;
    }
    kiosk::app::App app(std::move(options));
    if (auto code = app.Start()) return *code;
    return app.Run();
}
