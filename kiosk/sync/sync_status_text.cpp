// DescribeSyncState (sync_status_text.h).
#include "sync/sync_status_text.h"

#include <filesystem>

#include "sync/sync_store.h"

namespace kiosk::sync {

namespace {

long long UnixOf(const std::string& iso) {
    std::tm tm{};
    if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
    return static_cast<long long>(timegm(&tm));
}

// "2026-12-06 14:20 UTC (3 minutes ago)"
std::string When(const std::string& iso, std::time_t now) {
    std::string text = iso.size() >= 16 ? iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC" : iso;
    long long ago = static_cast<long long>(now) - UnixOf(iso);
    if (ago < 0) return text;
    if (ago < 120) return text + " (just now)";
    if (ago < 7200) return text + " (" + std::to_string(ago / 60) + " minutes ago)";
    if (ago < 172800) return text + " (" + std::to_string(ago / 3600) + " hours ago)";
    return text + " (" + std::to_string(ago / 86400) + " days ago)";
}

}  // namespace

std::string DescribeSyncState(const std::string& path, std::time_t now) {
    if (!std::filesystem::exists(path))
        return "Learning record store: not set up on this kiosk (kiosk-sync has not run; see the README)";
    auto store = SyncStore::OpenReadOnly(path);
    if (auto* e = std::get_if<std::string>(&store)) return "Learning record store: cannot read the sync state (" + *e + ")";
    auto status = std::get<SyncStore>(store).Status();
    if (auto* e = std::get_if<std::string>(&status)) return "Learning record store: cannot read the sync state (" + *e + ")";
    const SyncStatus& s = std::get<SyncStatus>(status);
    std::string out;
    if (s.credentials_refused)
        out += "NOT SENDING: the learning record store refused this kiosk's credentials. Records are kept here; "
               "ask whoever runs the store for new ones.\n";
    out += "Sent to the learning record store: " +
           (s.last_success_at ? "last at " + When(*s.last_success_at, now) : std::string("never yet")) + "; " +
           std::to_string(s.pending) + " waiting";
    if (s.pending > 0 && s.oldest_pending_at) out += " (oldest from " + When(*s.oldest_pending_at, now) + ")";
    out += "; " + std::to_string(s.acked) + " sent in all\n";
    if (s.quarantined > 0)
        out += "Held back: " + std::to_string(s.quarantined) +
               " statements the store would not take (kept here, listed in the kiosk-sync log)\n";
    if (s.last_error) out += "Last problem" + (s.last_error_at ? " (" + When(*s.last_error_at, now) + ")" : std::string()) +
                             ": " + *s.last_error + "\n";
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

}  // namespace kiosk::sync
