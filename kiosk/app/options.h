// The kiosk's command line. Kept apart from main so the rules (what is required, the demo defaults for
// the records DB and site) read in one place.
#pragma once

#include <optional>
#include <string>
#include <variant>

namespace kiosk::app {

struct Options {
    std::string pack;              // --pack: a new pack to verify and install (required with --dev or
                                   // --preview; otherwise without it the installed pack runs)
    std::string trust;             // --trust: trusted signing keys (default: DefaultTrustPath())
    std::string admin_passcode;    // --admin-passcode: the admin credential file (default: DefaultAdminPasscodePath())
    std::string set_admin_passcode;  // --set-admin-passcode FILE: read a passcode on stdin, write FILE, exit
    bool dev = false;              // --dev: run --pack as it is, unverified, not installed (preview implies it)
    std::string packs_dir;         // beside the DB: <db folder>/packs (the installed pack and its .sig)
    std::string inbox;             // beside the DB: <db folder>/inbox (new packs kiosk-sync downloaded)
    std::string usb = "/media/msht-kiosk-usb";  // --usb: where a USB stick is mounted (tools/deploy's udev rule)
    std::string site;              // --site: empty = the pack's first site
    std::string db;                // --db: default $XDG_DATA_HOME/msht-kiosk/records.db
    std::string staff_key;         // beside the DB: <db folder>/staff.key
    bool windowed = false;         // --windowed WxH
    int width = 1280, height = 720;
    std::string kiosk_id;          // --kiosk-id: default this machine's host name
    std::string script;            // --script FILE
    std::string screenshot_dir;    // --screenshot-dir DIR
    bool audio = true;             // --no-audio turns read aloud off
    std::string speech_to;         // --speech-to DIR: read aloud written to DIR as WAV files, not played
    bool stats = false;            // --stats: frame-time percentiles on exit
    // Preview (kiosk-author preview starts the kiosk this way): no records DB, no staff key, no idle
    // reset, a window; opens on a module and scene; rebuilt packs arrive on a pipe.
    bool preview = false;          // --preview
    std::string start_module;      // --start-module ID: default the pack's first module
    std::string start_scene;       // --start-scene ID: default the module's start
    std::string start_language;    // --start-language LANG: default the site's first
    int preview_fd = -1;           // --preview-fd N: read kiosk-author's messages (core/control/preview_message.h)
};

// What to do after parsing: run with these options, or exit now with this code (help printed: 0; a
// usage error already printed to stderr: 2).
struct ExitNow {
    int code = 0;
};

std::variant<Options, ExitNow> ParseOptions(int argc, char** argv);

// $XDG_DATA_HOME/msht-kiosk/records.db, falling back to ~/.local/share/... as the XDG spec says.
std::string DefaultDbPath();

// /etc/msht-kiosk/trusted-keys on a deployed kiosk; when that does not exist (a developer's machine),
// $XDG_CONFIG_HOME/msht-kiosk/trusted-keys, falling back to ~/.config/... as the XDG spec says.
std::string DefaultTrustPath();

// /etc/msht-kiosk/admin-passcode on a deployed kiosk; when that does not exist (a developer's machine),
// $XDG_CONFIG_HOME/msht-kiosk/admin-passcode (as for the trusted keys).
std::string DefaultAdminPasscodePath();

}  // namespace kiosk::app
