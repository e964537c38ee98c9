// The kiosk's health statement: one per sync cycle, so a coordinator sees in the LRS which kiosks are
// quiet because nobody trained and which because they are broken. It says what pack runs, how far
// behind the kiosk is, how much disk is left, how many sittings were abandoned or left, and how far the
// kiosk's clock is from the LRS's. Its platform is "msht-kiosk-sync" and it has no record extension, so
// kiosk-report pull never takes it for a learner's record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/util/sqlite_db.h"
#include "sync/sync_store.h"

namespace kiosk::sync {

struct HealthFacts {
    std::string kiosk_id, base;
    std::string pack_id, pack_hash;
    std::int64_t pack_version = 0;
    std::string software_version;
    std::int64_t pending = 0, quarantined = 0;
    std::optional<std::int64_t> oldest_pending_age_s;
    std::optional<std::string> last_success_at;
    std::int64_t free_disk_bytes = 0;
    std::int64_t idle_resets = 0, leaves = 0;  // sittings ended that way since `since`
    std::optional<std::string> since;           // the previous health statement's time
    std::optional<std::int64_t> clock_skew_s;   // LRS clock minus kiosk clock, from the last Date header
    // Set when the kiosk's clock is behind the clock floor (core/util/clock_floor.h): the floor's time and
    // what it came from; the statement's own timestamp is then taken from the floor too.
    std::optional<std::string> clock_floor;
    std::int64_t clock_behind_s = 0;
    std::string now;                            // UTC ISO time of this statement
    std::string pack_update;                    // kiosk-sync's last manifest poll, in words ("" = none)
    std::string pack_install;                   // what the kiosk did with the last pack from the inbox
};

// What the records and sync.db say (everything but kiosk_id, base, software version and clock skew).
std::variant<HealthFacts, std::string> GatherHealth(core::Database& records, const std::string& records_path,
                                                    SyncStore& store, long long now_unix);

// The statement (compact JSON) with a new random id; the id comes back in `id`.
std::string HealthStatement(const HealthFacts& facts, std::string& id);

}  // namespace kiosk::sync
