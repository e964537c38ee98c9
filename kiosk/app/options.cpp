// Command-line parsing for the kiosk (see options.h). Accepts "--opt VALUE" and "--opt=VALUE"; every
// error is one line on stderr followed by a hint to run --help, and exit code 2 (a file argument that is
// wrong is one line naming it, without the hint).
#include "app/options.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>

#include "platform/window.h"

namespace kiosk::app {
namespace {

constexpr const char* kUsage =
    "usage: kiosk [--pack PACK] [--trust FILE] [--site SITE_ID] [--db DB] [--windowed WxH] [--kiosk-id ID]\n"
    "             [--script FILE --screenshot-dir DIR] [--no-audio] [--speech-to DIR] [--stats]\n"
    "       kiosk --pack PACK --dev ...   (an unsigned pack, for development)\n"
    "       kiosk --set-admin-passcode FILE < passcode   (as root, when installing: tools/deploy/install)\n"
    "       kiosk --pack PACK --preview [--start-module ID] [--start-scene ID] [--start-language LANG] [--preview-fd N] ...\n"
    "\n"
    "The modern slavery awareness training kiosk: full screen, touch (or mouse), one learner at a time.\n"
    "\n"
    "  --pack PACK            a content pack built and signed by kiosk-author (PACK.sig beside it):\n"
    "                         verified, then installed beside the records DB (packs/) unless it is\n"
    "                         older than the installed one; if it is refused, the installed pack runs\n"
    "                         and the admin screen says why. Without --pack the installed pack runs\n"
    "  --trust FILE           the public keys trusted to sign packs, at most two (default:\n"
    "                         /etc/msht-kiosk/trusted-keys, or $XDG_CONFIG_HOME/msht-kiosk/trusted-keys\n"
    "                         when that does not exist)\n"
    "  --admin-passcode FILE  the admin passcode's hash, set when the kiosk is installed (default:\n"
    "                         /etc/msht-kiosk/admin-passcode, or $XDG_CONFIG_HOME/msht-kiosk/admin-passcode\n"
    "                         when that does not exist); without it the admin screen cannot be opened\n"
    "  --set-admin-passcode FILE  read a passcode (6 to 12 digits) from standard input, write its Argon2id\n"
    "                         hash to FILE (mode 0640), and exit; the passcode itself is stored nowhere\n"
    "  --dev                  development: run --pack as it is, unsigned or not, without installing it\n"
    "                         or checking its version (the admin screen says DEVELOPMENT)\n"
    "  --site SITE_ID         which site config in the pack this kiosk stands at (default: the first)\n"
    "  --db DB                records database (default: $XDG_DATA_HOME/msht-kiosk/records.db);\n"
    "                         the staff-number key is kept beside it as staff.key\n"
    "  --windowed WxH         a window of W x H pixels instead of full screen (e.g. 1280x720)\n"
    "  --kiosk-id ID          this kiosk's name in the records (default: the host name)\n"
    "  --usb FOLDER           where a USB stick is mounted, for the admin screen's export and install\n"
    "                         (default: /media/msht-kiosk-usb, as tools/deploy/install sets up)\n"
    "  --script FILE          scripted mode: run FILE's commands, then exit (0 = all passed,\n"
    "                         1 = an expectation or tap failed, 2 = the script or setup is wrong)\n"
    "  --screenshot-dir DIR   where scripted 'screenshot NAME' writes NAME.png and 'dump-text NAME'\n"
    "                         NAME.txt (created if missing)\n"
    "  --no-audio             no read aloud and no film sound (read aloud is also off by itself when\n"
    "                         there is no audio device, and its button is not shown)\n"
    "  --speech-to DIR        read aloud is written to DIR, not played: one WAV file and one text file\n"
    "                         (the words and the voice) per request, e.g. 0001-cy.wav, 0001-cy.txt\n"
    "  --stats                print frame-time percentiles (p50, p99) on exit, and for films: tap to\n"
    "                         first frame, frame times and CPU while playing\n"
    "  --preview              a trainer's preview: windowed, opens on a scene, records nothing (no\n"
    "                         records DB, no staff key) and never resets for idleness; implies --dev;\n"
    "                         kiosk-author preview starts the kiosk this way\n"
    "  --start-module ID      (preview) the module to open (default: the pack's first)\n"
    "  --start-scene ID       (preview) the scene to open (default: the module's start)\n"
    "  --start-language LANG  (preview) the language to show it in (default: the site's first)\n"
    "  --preview-fd N         (preview) read rebuilt packs and compile errors from kiosk-author on\n"
    "                         file descriptor N; the kiosk closes when kiosk-author does\n"
    "  -h, --help             this help\n"
    "\n"
    "Script commands, one per line ('#' comments):\n"
    "  tap WIDGET_ID | hold WIDGET_ID SECONDS | type DIGITS | wait MS | wait-for WIDGET_ID MS\n"
    "  advance SECONDS | screenshot NAME [WIDGET_ID]  (with a widget: only its rectangle)\n"
    "  dump-text NAME [boxes]  (every run of text on the screen now, one a line, to NAME.txt; with\n"
    "                 'boxes', each after its rectangle: x0 y0 x1 y1 and a tab)\n"
    "  scroll more | scroll end  (tap 'More below' once, or until it goes; a tap on a widget below\n"
    "                 the fold scrolls to it first)\n"
    "  expect screen NAME | expect widget ID | expect no-widget ID | expect enabled ID\n"
    "  expect disabled ID | expect label ID WORDS | quit\n"
    "  wait-reload MS  (preview: until kiosk-author has sent a rebuilt pack or its errors)\n";

ExitNow UsageError(const std::string& message) {
    std::fprintf(stderr, "kiosk: %s\n(run 'kiosk --help' for the options)\n", message.c_str());
    return ExitNow{2};
}

bool HasInlineSetPasscode(const char* arg) { return std::string_view(arg).rfind("--set-admin-passcode=", 0) == 0; }

std::string HostName() {
    char name[256] = {};
    if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "kiosk";
    return name;
}

// File arguments that cannot be what they should be are named before anything starts, in one line: a
// FIFO would block the kiosk, a folder reads as an empty script, a --site of garbage would be echoed as
// it is (newlines and all). The pack has its own checks in ReadPack, which runs first.
std::optional<std::string> PathProblem(const Options& options) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!options.script.empty()) {
        const std::string& path = options.script;
        fs::file_status status = fs::status(path, ec);
        if (status.type() == fs::file_type::not_found) return path + ": no such file (the --script)";
        if (status.type() == fs::file_type::directory) return path + ": is a folder, not a script";
        if (status.type() != fs::file_type::regular) return path + ": is not a regular file, so not a script";
        std::uintmax_t size = fs::file_size(path, ec);
        if (ec) return path + ": cannot be read (" + ec.message() + ")";
        if (size == 0) return path + ": is empty; a script needs at least one command";
        if (size > (1u << 20)) return path + ": larger than 1 MiB; is this really a script?";
        if (access(path.c_str(), R_OK) != 0) return path + ": cannot be read (" + std::strerror(errno) + ")";
    }
    if (!options.db.empty() && fs::exists(options.db, ec)) {
        fs::file_status status = fs::status(options.db, ec);
        if (status.type() == fs::file_type::directory) return options.db + ": is a folder, not a records database";
        if (status.type() != fs::file_type::regular) return options.db + ": is not a regular file, so not a records database";
        if (access(options.db.c_str(), R_OK | W_OK) != 0)
            return options.db + ": cannot be read and written (" + std::strerror(errno) + ")";
    }
    if (!options.screenshot_dir.empty() && fs::exists(options.screenshot_dir, ec) &&
        !fs::is_directory(options.screenshot_dir, ec))
        return options.screenshot_dir + ": is not a folder (--screenshot-dir is where screenshots are written)";
    for (unsigned char c : options.site)
        if (c <= ' ' || c > '~')
            return "--site takes a site id such as greater-manchester; the one given holds spaces, control "
                   "characters or bytes that are not ASCII";
    return std::nullopt;
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

namespace {

// /etc/msht-kiosk/NAME when it exists, else $XDG_CONFIG_HOME/msht-kiosk/NAME (or ~/.config/...).
std::string ConfigPath(const char* name) {
    const std::filesystem::path system = std::filesystem::path("/etc/msht-kiosk") / name;
    std::error_code ec;
    if (std::filesystem::exists(system, ec)) return system.string();
    std::filesystem::path base;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/') {
        base = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        base = std::filesystem::path(home) / ".config";
    } else {
        return system.string();  // nowhere else to look; the error will name the system path
    }
    return (base / "msht-kiosk" / name).string();
}

}  // namespace

std::string DefaultTrustPath() { return ConfigPath("trusted-keys"); }

std::string DefaultAdminPasscodePath() { return ConfigPath("admin-passcode"); }

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
        } else if (arg == "--trust") {
            ok = take_value(options.trust);
        } else if (arg == "--admin-passcode") {
            ok = take_value(options.admin_passcode);
        } else if (arg == "--set-admin-passcode") {
            ok = take_value(options.set_admin_passcode);
        } else if (arg == "--site") {
            ok = take_value(options.site);
        } else if (arg == "--db") {
            ok = take_value(options.db);
        } else if (arg == "--kiosk-id") {
            ok = take_value(options.kiosk_id);
        } else if (arg == "--usb") {
            ok = take_value(options.usb);
        } else if (arg == "--script") {
            ok = take_value(options.script);
        } else if (arg == "--screenshot-dir") {
            ok = take_value(options.screenshot_dir);
        } else if (arg == "--speech-to") {
            ok = take_value(options.speech_to);
        } else if (arg == "--start-module") {
            ok = take_value(options.start_module);
        } else if (arg == "--start-scene") {
            ok = take_value(options.start_scene);
        } else if (arg == "--start-language") {
            ok = take_value(options.start_language);
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
        } else if (arg == "--dev") {
            ok = flag(options.dev, true);
        } else {
            return UsageError("unknown option '" + std::string(arg) + "'");
        }
        if (!ok) {
            bool is_flag = arg == "--no-audio" || arg == "--stats" || arg == "--preview" || arg == "--dev";
            return UsageError(is_flag ? std::string(arg) + " takes no value" : std::string(arg) + " needs a value");
        }
    }
    if (!options.set_admin_passcode.empty()) {
        if (argc != 3 && !(argc == 2 && HasInlineSetPasscode(argv[1])))
            return UsageError("--set-admin-passcode FILE takes no other options (the passcode comes on standard input)");
        return options;
    }
    if (options.preview) options.dev = true;  // a trainer's draft is never signed
    if (options.pack.empty() && options.dev)
        return UsageError("--dev needs --pack PACK (build one with 'kiosk-author build content -o PACK')");
    if (options.dev && !options.trust.empty())
        return UsageError("--dev runs the pack unverified; drop --trust (or drop --dev to verify and install it)");
    if (!options.screenshot_dir.empty() && options.script.empty()) {
        return UsageError("--screenshot-dir is for scripted mode; add --script FILE");
    }
    if (auto problem = PathProblem(options)) {
        std::fprintf(stderr, "kiosk: %s\n", problem->c_str());
        return ExitNow{2};
    }
    if (options.preview) {
        // A preview must never write a trainer's test answers into a kiosk's records.
        if (!options.db.empty()) return UsageError("--preview records nothing; drop --db");
        options.windowed = true;  // beside the trainer's editor, not over it (1280x720 unless --windowed)
        if (options.kiosk_id.empty()) options.kiosk_id = "preview";
        return options;
    }
    if (!options.start_module.empty() || !options.start_scene.empty() || !options.start_language.empty() ||
        options.preview_fd >= 0) {
        return UsageError("--start-module, --start-scene, --start-language and --preview-fd are for --preview");
    }
    if (options.db.empty()) options.db = DefaultDbPath();
    std::filesystem::path db_path(options.db);
    std::filesystem::path folder = db_path.parent_path().empty() ? std::filesystem::path(".") : db_path.parent_path();
    options.staff_key = (folder / "staff.key").string();
    options.packs_dir = (folder / "packs").string();
    options.inbox = (folder / "inbox").string();
    if (!options.dev && options.trust.empty()) options.trust = DefaultTrustPath();
    if (options.admin_passcode.empty()) options.admin_passcode = DefaultAdminPasscodePath();
    if (options.kiosk_id.empty()) options.kiosk_id = HostName();
    return options;
}

}  // namespace kiosk::app
