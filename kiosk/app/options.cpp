// Command-line parsing for the kiosk (see options.h). Accepts "--opt VALUE" and "--opt=VALUE"; every
// error is one line on stderr followed by a hint to run --help, and exit code 2.
#include "app/options.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "platform/window.h"

namespace kiosk::app {
namespace {

constexpr const char* kUsage =
    "usage: kiosk --pack PACK [--site SITE_ID] [--db DB] [--windowed WxH] [--kiosk-id ID]\n"
    "             [--script FILE --screenshot-dir DIR] [--no-audio] [--stats]\n"
    "       kiosk --pack PACK --preview [--start-module ID] [--start-scene ID] [--preview-fd N] ...\n"
    "\n"
    "The modern slavery awareness training kiosk: full screen, touch (or mouse), one learner at a time.\n"
    "\n"
    "  --pack PACK            content pack built by kiosk-author (required)\n"
    "  --site SITE_ID         which site config in the pack this kiosk stands at (default: the first)\n"
    "  --db DB                records database (default: $XDG_DATA_HOME/msht-kiosk/records.db);\n"
    "                         the staff-number key is kept beside it as staff.key\n"
    "  --windowed WxH         a window of W x H pixels instead of full screen (e.g. 1280x720)\n"
    "  --kiosk-id ID          this kiosk's name in the records (default: the host name)\n"
    "  --script FILE          scripted mode: run FILE's commands, then exit (0 = all passed,\n"
    "                         1 = an expectation or tap failed, 2 = the script or setup is wrong)\n"
    "  --screenshot-dir DIR   where scripted 'screenshot NAME' writes NAME.png (created if missing)\n"
    "  --no-audio             no read aloud and no film sound (read aloud is also off by itself when\n"
    "                         there is no audio device)\n"
    "  --stats                print frame-time percentiles (p50, p99) on exit, and for films: tap to\n"
    "                         first frame, frame times and CPU while playing\n"
    "  --preview              a trainer's preview: windowed, opens on a scene, records nothing (no\n"
    "                         records DB, no staff key) and never resets for idleness; kiosk-author\n"
    "                         preview starts the kiosk this way\n"
    "  --start-module ID      (preview) the module to open (default: the pack's first)\n"
    "  --start-scene ID       (preview) the scene to open (default: the module's start)\n"
    "  --preview-fd N         (preview) read rebuilt packs and compile errors from kiosk-author on\n"
    "                         file descriptor N; the kiosk closes when kiosk-author does\n"
    "  -h, --help             this help\n"
    "\n"
    "Script commands, one per line ('#' comments):\n"
    "  tap WIDGET_ID | hold WIDGET_ID SECONDS | type DIGITS | wait MS | wait-for WIDGET_ID MS\n"
    "  advance SECONDS | screenshot NAME [WIDGET_ID]  (with a widget: only its rectangle)\n"
    "  expect screen NAME | expect widget ID | expect no-widget ID | expect enabled ID\n"
    "  expect disabled ID | expect label ID WORDS | quit\n"
    "  wait-reload MS  (preview: until kiosk-author has sent a rebuilt pack or its errors)\n";

ExitNow UsageError(const std::string& message) {
    std::fprintf(stderr, "kiosk: %s\n(run 'kiosk --help' for the options)\n", message.c_str());
    return ExitNow{2};
}

std::string HostName() {
    char name[256] = {};
    if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "kiosk";
    return name;
}

}  // namespace

std::string DefaultDbPath() {
    std::filesystem::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') {
        base = xdg;  // the spec ignores relative values
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        base = std::filesystem::path(home) / ".local" / "share";
    } else {
        base = ".";
    }
    return (base / "msht-kiosk" / "records.db").string();
}

std::variant<Options, ExitNow> ParseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string value;
        bool has_inline_value = false;
        if (std::size_t eq = arg.find('='); arg.substr(0, 2) == "--" && eq != std::string_view::npos) {
            value = std::string(arg.substr(eq + 1));
            arg = arg.substr(0, eq);
            has_inline_value = true;
        }
        auto take_value = [&](std::string& out) -> bool {
            if (has_inline_value) {
                out = value;
            } else if (i + 1 < argc) {
                out = argv[++i];
            } else {
                return false;
            }
            return !out.empty();
        };
        auto flag = [&](bool& out, bool set_to) -> bool {
            out = set_to;
            return !has_inline_value;
        };

        if (arg == "-h" || arg == "--help") {
            std::fputs(kUsage, stdout);
            return ExitNow{0};
        }
        bool ok = true;
        if (arg == "--pack") {
            ok = take_value(options.pack);
        } else if (arg == "--site") {
            ok = take_value(options.site);
        } else if (arg == "--db") {
            ok = take_value(options.db);
        } else if (arg == "--kiosk-id") {
            ok = take_value(options.kiosk_id);
        } else if (arg == "--script") {
            ok = take_value(options.script);
        } else if (arg == "--screenshot-dir") {
            ok = take_value(options.screenshot_dir);
        } else if (arg == "--start-module") {
            ok = take_value(options.start_module);
        } else if (arg == "--start-scene") {
            ok = take_value(options.start_scene);
        } else if (arg == "--preview-fd") {
            std::string fd;
            if (!take_value(fd)) return UsageError("--preview-fd needs a file descriptor number");
            char* end = nullptr;
            long n = std::strtol(fd.c_str(), &end, 10);
            // 0-2 are the terminal's; a pipe from kiosk-author is 3 or above.
            if (*end != '\0' || n < 3 || n > 65535)
                return UsageError("--preview-fd takes a descriptor number of 3 or more, not '" + fd + "'");
            options.preview_fd = static_cast<int>(n);
        } else if (arg == "--windowed") {
            std::string size;
            if (!take_value(size)) return UsageError("--windowed needs a size, e.g. --windowed 1280x720");
            auto parsed = platform::ParseWindowSize(size);
            if (!parsed) return UsageError("--windowed takes WxH between 200 and 16384, e.g. 1280x720, not '" + size + "'");
            options.windowed = true;
            options.width = parsed->first;
            options.height = parsed->second;
        } else if (arg == "--no-audio") {
            ok = flag(options.audio, false);
        } else if (arg == "--stats") {
            ok = flag(options.stats, true);
        } else if (arg == "--preview") {
            ok = flag(options.preview, true);
        } else {
            return UsageError("unknown option '" + std::string(arg) + "'");
        }
        if (!ok) {
            bool is_flag = arg == "--no-audio" || arg == "--stats" || arg == "--preview";
            return UsageError(is_flag ? std::string(arg) + " takes no value" : std::string(arg) + " needs a value");
        }
    }
    if (options.pack.empty()) return UsageError("--pack PACK is required (build one with 'kiosk-author build content -o PACK')");
    if (!options.screenshot_dir.empty() && options.script.empty()) {
        return UsageError("--screenshot-dir is for scripted mode; add --script FILE");
    }
    if (options.preview) {
        // A preview must never write a trainer's test answers into a kiosk's records.
        if (!options.db.empty()) return UsageError("--preview records nothing; drop --db");
        options.windowed = true;  // beside the trainer's editor, not over it (1280x720 unless --windowed)
        if (options.kiosk_id.empty()) options.kiosk_id = "preview";
        return options;
    }
    if (!options.start_module.empty() || !options.start_scene.empty() || options.preview_fd >= 0) {
        return UsageError("--start-module, --start-scene and --preview-fd are for --preview");
    }
    if (options.db.empty()) options.db = DefaultDbPath();
    std::filesystem::path db_path(options.db);
    std::filesystem::path folder = db_path.parent_path().empty() ? std::filesystem::path(".") : db_path.parent_path();
    options.staff_key = (folder / "staff.key").string();
    if (options.kiosk_id.empty()) options.kiosk_id = HostName();
    return options;
}

}  // namespace kiosk::app
