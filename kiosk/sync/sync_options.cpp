// ParseOptions (sync_options.h): "--opt VALUE" and "--opt=VALUE".
#include "sync/sync_options.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace kiosk::sync {

const char* kUsage = R"(kiosk-sync: sends a kiosk's records to a learning record store (xAPI 1.0.3)

Usage: kiosk-sync --records DB --lrs URL --credentials FILE [options]

  --records DB         the kiosk's records DB; only ever read
  --state FILE         kiosk-sync's own state (default: sync.db beside the records)
  --lrs URL            the LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI
  --credentials FILE   KEY:SECRET for HTTP Basic, readable by its owner only (chmod 600)
  --ca-file PEM        trust the CAs in this file instead of the system's (a partnership's own CA)
  --iri-base URL       name statements under this https address instead of the site's xapi_base
  --pack PACK          read the sites' xapi_base from PACK (default: the pack installed beside the records)
  --trust FILE         trusted keys that verify that pack (default /etc/msht-kiosk/trusted-keys)
  --dev                read --pack without verifying it (development only)
  --kiosk-id ID        the kiosk's id for its health statement before any sitting names it
  --manifest URL       the partnership's published pack manifest (kiosk-author publish), polled for a
                       newer pack, which is downloaded, checked and left in the inbox for the kiosk
  --manifest-interval S  seconds between manifest polls (default 21600, jittered)
  --inbox DIR          where new packs wait for the kiosk (default: inbox/ beside the records)
  --download-slow-s S  give up a pack download slower than 1 KiB/s for S seconds (default 30)
  --once               one cycle (read, send, health; the manifest), then exit: 0 all sent, 3 some still
                       pending or a server unreachable, 4 credentials refused, 5 a pack update refused,
                       2 cannot run
  Without --lrs and --credentials (only --manifest), kiosk-sync only fetches packs.
  --interval S         seconds between cycles when all is sent (default 300, jittered)
  --start-delay S      a random wait of up to S seconds before the first cycle (default 60)
  --backoff-base S, --backoff-cap S   retry waits after failures (default 30 and 3600; full jitter)
  --batch N, --batch-bytes N          statements and bytes per POST (default 100 and 262144)
  --connect-timeout-ms N, --timeout-ms N   per request (default 10000 and 60000)
  --warn-pending N     warn when more than N statements wait (default 50000)
  --no-health          do not send the kiosk's health statement
  --share-progress     resume across kiosks (only where all the partnership's kiosks share one staff key,
                       tools/deploy/install --staff-key): send this kiosk's resume points as "suspended"
                       statements and read the others' (and their "completed" ones) into sync.db, where
                       the kiosk looks when someone types a staff number
  --allow-http         accept an http:// LRS (a test LRS on this machine only)
)";

namespace {

std::optional<double> Number(const std::string& v) {
    char* end = nullptr;
    double d = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || d < 0 || d > 1e9) return std::nullopt;
    return d;
}

}  // namespace

std::variant<Parsed, std::string> ParseOptions(int argc, char** argv) {
    Parsed parsed;
    Options& o = parsed.options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i], value;
        bool inline_value = false;
        if (std::size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            inline_value = true;
        }
        auto take = [&](std::string& out) -> bool {
            if (inline_value) {
                out = value;
                return true;
            }
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        auto number = [&](double& out) -> std::optional<std::string> {
            std::string v;
            if (!take(v)) return arg + " needs a number";
            auto n = Number(v);
            if (!n) return arg + " takes a number of 0 or more, not '" + v + "'";
            out = *n;
            return std::nullopt;
        };
        std::optional<std::string> error;
        double n = 0;
        if (arg == "-h" || arg == "--help") {
            parsed.help = true;
            return parsed;
        } else if (arg == "--records") {
            if (!take(o.records)) error = "--records needs the kiosk's records DB";
        } else if (arg == "--state") {
            if (!take(o.state)) error = "--state needs a file";
        } else if (arg == "--lrs") {
            if (!take(o.lrs)) error = "--lrs needs the LRS's xAPI address";
        } else if (arg == "--credentials") {
            if (!take(o.credentials)) error = "--credentials needs a file holding KEY:SECRET";
        } else if (arg == "--ca-file") {
            if (!take(o.ca_file)) error = "--ca-file needs a PEM file";
        } else if (arg == "--iri-base") {
            if (!take(o.iri_base)) error = "--iri-base needs an https:// address";
        } else if (arg == "--pack") {
            if (!take(o.pack)) error = "--pack needs a pack file";
        } else if (arg == "--trust") {
            if (!take(o.trust)) error = "--trust needs the trusted keys file";
        } else if (arg == "--manifest") {
            if (!take(o.manifest)) error = "--manifest needs the manifest's https:// address";
        } else if (arg == "--inbox") {
            if (!take(o.inbox)) error = "--inbox needs a folder";
        } else if (arg == "--manifest-interval") {
            error = number(o.manifest_interval_s);
        } else if (arg == "--download-slow-s") {
            if (!(error = number(n))) o.download_slow_s = std::max(1L, static_cast<long>(n));
        } else if (arg == "--kiosk-id") {
            if (!take(o.kiosk_id)) error = "--kiosk-id needs an id";
        } else if (arg == "--dev") {
            o.dev = true;
        } else if (arg == "--once") {
            o.once = true;
        } else if (arg == "--no-health") {
            o.health = false;
        } else if (arg == "--share-progress") {
            o.share_progress = true;
        } else if (arg == "--allow-http") {
            o.allow_http = true;
        } else if (arg == "--interval") {
            error = number(o.interval_s);
        } else if (arg == "--start-delay") {
            error = number(o.start_delay_s);
        } else if (arg == "--backoff-base") {
            error = number(o.backoff_base_s);
        } else if (arg == "--backoff-cap") {
            error = number(o.backoff_cap_s);
        } else if (arg == "--credentials-poll") {
            error = number(o.credentials_poll_s);
        } else if (arg == "--batch") {
            if (!(error = number(n))) o.batch = static_cast<std::size_t>(n);
        } else if (arg == "--batch-bytes") {
            if (!(error = number(n))) o.batch_bytes = static_cast<std::size_t>(n);
        } else if (arg == "--connect-timeout-ms") {
            if (!(error = number(n))) o.connect_timeout_ms = static_cast<long>(n);
        } else if (arg == "--timeout-ms") {
            if (!(error = number(n))) o.total_timeout_ms = static_cast<long>(n);
        } else if (arg == "--warn-pending") {
            if (!(error = number(n))) o.warn_pending = static_cast<long long>(n);
        } else if (arg == "--seed") {
            if (!(error = number(n))) o.seed = static_cast<unsigned long long>(n);
        } else {
            error = "unknown option '" + arg + "'";
        }
        if (error) return *error;
    }
    if (o.records.empty()) return std::string("--records DB is required (the kiosk's records.db)");
    if (o.lrs.empty() && o.manifest.empty())
        return std::string("--lrs URL is required (the LRS's xAPI endpoint), or --manifest URL to fetch packs only");
    if (!o.lrs.empty() && o.credentials.empty()) return std::string("--credentials FILE is required (KEY:SECRET, chmod 600)");
    while (!o.lrs.empty() && o.lrs.back() == '/') o.lrs.pop_back();
    if (!o.lrs.empty() && o.lrs.rfind("https://", 0) != 0 && !(o.allow_http && o.lrs.rfind("http://", 0) == 0))
        return std::string("--lrs must be an https:// address: records are personal data and travel encrypted");
    if (!o.manifest.empty() && o.manifest.rfind("https://", 0) != 0 && !(o.allow_http && o.manifest.rfind("http://", 0) == 0))
        return std::string("--manifest must be an https:// address");
    if (o.inbox.empty()) o.inbox = (std::filesystem::path(o.records).parent_path() / "inbox").string();
    if (!o.iri_base.empty() && (o.iri_base.rfind("https://", 0) != 0 || o.iri_base.back() == '/'))
        return std::string("--iri-base must be an https:// address without a '/' at the end");
    if (o.dev && o.pack.empty()) return std::string("--dev needs --pack");
    if (o.batch < 1 || o.batch > 1000) return std::string("--batch takes 1 to 1000 statements");
    if (o.state.empty())
        o.state = (std::filesystem::path(o.records).parent_path() / "sync.db").string();
    return parsed;
}

}  // namespace kiosk::sync
