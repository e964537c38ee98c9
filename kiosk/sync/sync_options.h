// kiosk-sync's command line.
#pragma once

#include <optional>
#include <string>
#include <variant>

namespace kiosk::sync {

struct Options {
    std::string records;           // the kiosk's records DB (read only)
    std::string state;             // sync.db; default: sync.db beside the records
    std::string lrs;               // the LRS's xAPI endpoint, https://... (http:// only with --allow-http)
    std::string credentials;       // KEY:SECRET, mode 0600
    std::string ca_file;
    std::string iri_base, pack, trust = "/etc/msht-kiosk/trusted-keys";
    bool dev = false;              // --pack is read without verifying its signature
    std::string kiosk_id;          // for the health statement when no sitting names one yet
    std::string manifest;          // a published pack manifest to poll (https); "" = no pack updates
    std::string inbox;             // where new packs wait for the kiosk; default: inbox/ beside the records
    double manifest_interval_s = 21600;  // 6 h, jittered: a few polls a day
    long download_slow_s = 30;     // a download slower than 1 KiB/s for this long is given up
    bool once = false;             // one cycle, then exit (status says how it went)
    bool allow_http = false;       // plain HTTP: for a test LRS on 127.0.0.1 only
    double interval_s = 300, start_delay_s = 60, backoff_base_s = 30, backoff_cap_s = 3600;
    double credentials_poll_s = 60;
    long connect_timeout_ms = 10'000, total_timeout_ms = 60'000;
    std::size_t batch = 100, batch_bytes = 256 * 1024;
    long long warn_pending = 50'000;
    bool health = true;
    bool share_progress = false;   // --share-progress: resume points to and from the partnership's kiosks
    std::optional<unsigned long long> seed;  // jitter seed (tests); default: random
};

// Options, or a usage message (the caller prints it and exits 2). "--help" gives the help text with
// `help` set.
struct Parsed {
    Options options;
    bool help = false;
};
std::variant<Parsed, std::string> ParseOptions(int argc, char** argv);
extern const char* kUsage;

}  // namespace kiosk::sync
