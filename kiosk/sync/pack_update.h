// New training for the kiosk: kiosk-sync polls the partnership's published manifest (kiosk-author
// publish), and when it names a newer pack, downloads the pack and its signature into the inbox beside
// the records, where the kiosk (which has no network) picks it up on its attract screen and installs it.
// Nothing reaches the inbox that has not passed every check a kiosk can make before installing:
//   the manifest is signed by a trusted key and has not expired, judged against a clock floor (the latest
//   of the local clock, the newest manifest signing time seen, and the server's Date), so a replayed old
//   manifest or a kiosk clock reset by a flat battery cannot make a stale one current;
//   its version is above what the kiosk installed (rollback refused; equal: nothing to do);
//   the download is exactly the manifest's length (reading stops there: endless data), its sha256 matches,
//   its own signature verifies, and it is the pack id and version the manifest names.
// The download goes to inbox/.incoming/ and is renamed into the inbox only when whole and checked.
#pragma once

#include <cstdint>
#include <string>

#include "core/util/sqlite_db.h"
#include "lrs/lrs_client.h"
#include "sync/sync_store.h"

namespace kiosk::sync {

struct PackUpdateOptions {
    std::string manifest_url;  // https://.../manifest
    std::string inbox;         // the kiosk's inbox folder (created if missing)
    std::string trusted_keys;  // the kiosk's trusted keys (the same that verify packs)
    long slow_for_s = 30;      // give up on a download slower than 1 KiB/s for this long
};

enum class PackPoll {
    NothingNew,   // 304, or the manifest names what is installed or already waiting in the inbox
    Downloaded,   // a newer pack is in the inbox, whole and verified
    Refused,      // the manifest or the download failed a check: nothing in the inbox changed
    Unreachable,  // the server could not be reached, or stopped answering: try later
    Failed,       // this kiosk could not do its part (sync.db, the disk)
};

struct PackPollResult {
    PackPoll outcome = PackPoll::NothingNew;
    std::string words;  // one line for the log, the admin screen and the health statement
};

PackPollResult PollManifest(core::Database& records, SyncStore& store, lrs::Client& client,
                            const PackUpdateOptions& options, long long now_s);

}  // namespace kiosk::sync
