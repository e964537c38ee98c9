// `kiosk-author explain CODE`: the catalogue entry for a diagnostic code, so an error is never a dead end.
#include <cstdio>

#include "commands.h"
#include "diagnostic.h"

namespace author::cli {

int Explain(const Args& args) {
    if (WantsHelp(args) || args.empty()) {
        std::fputs("Usage: kiosk-author explain CODE    (e.g. E030)\n       kiosk-author explain --list\n",
                   args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--list") {
        for (const DiagnosticInfo& info : DiagnosticCatalog())
            std::printf("%.*s  %-7s  %.*s\n", int(info.code.size()), info.code.data(),
                        info.severity == Severity::Error ? "error" : "warning", int(info.title.size()), info.title.data());
        return 0;
    }
    for (const DiagnosticInfo& info : DiagnosticCatalog()) {
        if (info.code != args[0]) continue;
        std::printf("%.*s (%s): %.*s\n\n%.*s\n", int(info.code.size()), info.code.data(),
                    info.severity == Severity::Error ? "error" : "warning", int(info.title.size()), info.title.data(),
                    int(info.help.size()), info.help.data());
        return 0;
    }
    std::fprintf(stderr, "kiosk-author: no diagnostic code '%s'; 'kiosk-author explain --list' lists them\n", args[0].c_str());
    return 2;
}

}  // namespace author::cli
