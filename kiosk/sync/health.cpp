// The health statement (health.h).
#include "sync/health.h"

#include <sys/statvfs.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/util/utc_time.h"
#include "core/util/uuid.h"

namespace kiosk::sync {

using nlohmann::json;

namespace {

std::variant<std::int64_t, std::string> Count(core::Database& db, const char* sql, const std::optional<std::string>& since) {
    core::Statement st;
    if (auto e = st.Prepare(db, sql)) return *e;
    st.Bind(1, since.value_or(""));
    if (st.Step() != core::StepResult::Row) return st.ErrorMessage();
    return st.ColumnInt64(0);
}

long long UnixOf(const std::string& iso) {
    std::tm tm{};
    if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
    return static_cast<long long>(timegm(&tm));
}

}  // namespace

std::variant<HealthFacts, std::string> GatherHealth(core::Database& records, const std::string& records_path,
                                                    SyncStore& store, long long now_unix) {
    HealthFacts f;
    f.now = core::Iso8601Utc(static_cast<std::time_t>(now_unix));
    auto status = store.Status();
    if (auto* e = std::get_if<std::string>(&status)) return *e;
    const SyncStatus& s = std::get<SyncStatus>(status);
    f.pending = s.pending;
    f.quarantined = s.quarantined;
    f.last_success_at = s.last_success_at;
    if (s.oldest_pending_at) f.oldest_pending_age_s = std::max<long long>(0, now_unix - UnixOf(*s.oldest_pending_at));
    auto since = store.Value("last_health_at");
    if (auto* e = std::get_if<std::string>(&since)) return *e;
    f.since = std::get<std::optional<std::string>>(since);

    core::Statement st;
    if (auto e = st.Prepare(records, "SELECT pack_id, pack_version, content_hash FROM pack_installs ORDER BY seq DESC LIMIT 1"))
        return *e;
    if (st.Step() == core::StepResult::Row) {
        f.pack_id = st.ColumnText(0);
        f.pack_version = st.ColumnInt64(1);
        f.pack_hash = st.ColumnText(2);
    } else {
        // A kiosk run on a pack it was handed (no install): the last sitting says which.
        if (auto e = st.Prepare(records, "SELECT pack_id, pack_version, pack_hash FROM sittings ORDER BY rowid DESC LIMIT 1"))
            return *e;
        if (st.Step() == core::StepResult::Row) {
            f.pack_id = st.ColumnText(0);
            f.pack_version = st.ColumnInt64(1);
            f.pack_hash = st.ColumnText(2);
        }
    }
    auto idle = Count(records, "SELECT count(*) FROM sittings WHERE outcome = 'abandoned' AND ended_at > ?1", f.since);
    if (auto* e = std::get_if<std::string>(&idle)) return *e;
    auto left = Count(records, "SELECT count(*) FROM sittings WHERE outcome = 'left' AND ended_at > ?1", f.since);
    if (auto* e = std::get_if<std::string>(&left)) return *e;
    f.idle_resets = std::get<std::int64_t>(idle);
    f.leaves = std::get<std::int64_t>(left);

    struct statvfs fs {};
    std::string folder = std::filesystem::path(records_path).parent_path().string();
    if (::statvfs(folder.empty() ? "." : folder.c_str(), &fs) == 0)
        f.free_disk_bytes = static_cast<std::int64_t>(fs.f_bavail) * static_cast<std::int64_t>(fs.f_frsize);
    return f;
}

std::string HealthStatement(const HealthFacts& f, std::string& id) {
    id = core::NewUuidV4();
    const std::string ext = f.base + "/xapi/extensions/";
    json health = {{"pack-id", f.pack_id},
                   {"pack-version", f.pack_version},
                   {"pack-hash", f.pack_hash},
                   {"software-version", f.software_version},
                   {"statements-pending", f.pending},
                   {"statements-quarantined", f.quarantined},
                   {"oldest-pending-age-s", f.oldest_pending_age_s ? json(*f.oldest_pending_age_s) : json(nullptr)},
                   {"last-success-at", f.last_success_at ? json(*f.last_success_at) : json(nullptr)},
                   {"free-disk-bytes", f.free_disk_bytes},
                   {"idle-resets", f.idle_resets},
                   {"leaves", f.leaves},
                   {"counted-since", f.since ? json(*f.since) : json(nullptr)},
                   {"clock-skew-s", f.clock_skew_s ? json(*f.clock_skew_s) : json(nullptr)},
                   {"clock-floor", f.clock_floor ? json(*f.clock_floor) : json(nullptr)},
                   {"clock-behind-s", f.clock_behind_s},
                   {"pack-update", f.pack_update},
                   {"pack-install", f.pack_install}};
    json st = {{"id", id},
               {"version", "1.0.3"},
               {"actor", {{"objectType", "Agent"}, {"account", {{"homePage", f.base}, {"name", "kiosk-" + f.kiosk_id}}}}},
               {"verb", {{"id", f.base + "/xapi/verbs/reported-health"}, {"display", {{"en-GB", "reported health"}}}}},
               {"object",
                {{"objectType", "Activity"},
                 {"id", f.base + "/xapi/activities/kiosks/" + f.kiosk_id},
                 {"definition", {{"name", {{"en-GB", "kiosk " + f.kiosk_id}}}, {"type", "http://id.tincanapi.com/activitytype/device"}}}}},
               {"context", {{"platform", "msht-kiosk-sync"}, {"extensions", {{ext + "kiosk-health", health}}}}},
               {"timestamp", f.now}};
    return st.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace kiosk::sync
