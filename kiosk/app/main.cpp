// The `kiosk` executable: parse the command line, start the App, run it. Exit codes: 0 fine, 1 a
// scripted expectation failed, 2 bad options, pack, records DB, script or display.
#include <variant>

#include "app/kiosk_app.h"
#include "app/options.h"

int main(int argc, char** argv) {
    auto parsed = kiosk::app::ParseOptions(argc, argv);
    if (const auto* exit_now = std::get_if<kiosk::app::ExitNow>(&parsed)) return exit_now->code;
    kiosk::app::App app(std::get<kiosk::app::Options>(std::move(parsed)));
    if (auto code = app.Start()) return *code;
    return app.Run();
}
