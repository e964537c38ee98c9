// `kiosk-author new module ID [--content DIR]`: starts a module from a commented module.toml that
// compiles (scaffold.cpp), and says what to run next.
#include <cstdio>
#include <ctime>

#include "commands.h"
#include "scaffold.h"

namespace author::cli {

int New(const Args& args) {
    const char* usage = "Usage: kiosk-author new module ID [--content CONTENT_DIR]\n";
    if (WantsHelp(args)) {
        std::fputs(usage, stdout);
        std::fputs("\nCreates CONTENT_DIR/modules/ID/module.toml (CONTENT_DIR defaults to ./content): a short module with\n"
                   "comments on every key, an info scene, a question, a choice that sets a variable, a route and a\n"
                   "must-see scene. It compiles with no errors. In a pack of one language it has no warnings either;\n"
                   "where pack.toml lists more (the sample has Welsh), its texts have no translation yet, and 'check'\n"
                   "says so in one line per language (W080) until a translator fills in locales/<lang>/ID.po, which\n"
                   "'kiosk-author i18n extract' writes. Change it one step at a time.\n",
                   stdout);
        return 0;
    }
    std::string id, content = "content";
    bool module_word = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--content" && i + 1 < args.size()) {
            content = args[++i];
        } else if (!module_word && args[i] == "module") {
            module_word = true;
        } else if (module_word && id.empty() && !args[i].starts_with("-")) {
            id = args[i];
        } else {
            std::fprintf(stderr, "kiosk-author: unexpected argument '%s'\n%s", args[i].c_str(), usage);
            return 2;
        }
    }
    if (!module_word || id.empty()) return std::fputs(usage, stderr), 2;
    if (!ReadableFolder(content)) return 2;
    std::time_t now = std::time(nullptr);
    char today[16];
    std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&now));
    if (std::string error = CreateModule(content, id, today); !error.empty()) {
        std::fprintf(stderr, "kiosk-author: %s\n", error.c_str());
        return 2;
    }
    std::printf("created %s/modules/%s/module.toml\n\nNext:\n"
                "  edit it (content/README.md explains every key), then\n"
                "  kiosk-author check %s\n"
                "  kiosk-author graph %s/modules/%s -o %s.svg\n"
                "  kiosk-author i18n extract %s     (PO files for translators)\n",
                content.c_str(), id.c_str(), content.c_str(), content.c_str(), id.c_str(), id.c_str(), content.c_str());
    return 0;
}

}  // namespace author::cli
