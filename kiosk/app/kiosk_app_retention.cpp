// The site's retention period on the kiosk (issue 24): hourly on the attract screen, the sittings older
// than content/sites/<id>.toml's keep_records_days that have left the kiosk (kiosk-sync's delivered_until
// in sync.db, or a USB export in the admin trail) are deleted, and so are the kiosk's own export copies
// older than the period (each is a copy of records the DB itself still holds until they leave). The rule
// is core/records/records_retention.h; this file gathers its facts and says what it did.
#include <filesystem>
#include <string>
#include <system_error>

#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"
#include "core/records/records_retention.h"
#include "core/util/utc_time.h"
#include "sync/sync_store.h"

namespace kiosk::app {

namespace fs = std::filesystem;

namespace {

// When kiosk-sync last knew every row before it had reached the LRS; 0 when it never has (or no sync.db).
std::int64_t DeliveredUntil(const std::string& sync_path) {
    std::error_code ec;
    if (!fs::exists(sync_path, ec)) return 0;
    auto store = sync::SyncStore::OpenReadOnly(sync_path);
    if (!std::holds_alternative<sync::SyncStore>(store)) return 0;
    auto value = std::get<sync::SyncStore>(store).Value("delivered_until");
    const auto* text = std::get_if<std::optional<std::string>>(&value);
    if (!text || !*text) return 0;
    return core::ParseIso8601Utc(**text).value_or(0);
}

// Deletes the kiosk's own export copies (exports/records-*.db) last written before `cutoff_s`.
int DeleteOldExportCopies(const fs::path& dir, std::int64_t cutoff_s) {
    int deleted = 0;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("records-", 0) != 0 || entry.path().extension() != ".db" || !entry.is_regular_file(ec)) continue;
        const auto written = entry.last_write_time(ec);
        if (ec) continue;
        const auto written_s = std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::file_clock::to_sys(written).time_since_epoch())
                                   .count();
        if (written_s < cutoff_s && fs::remove(entry.path(), ec)) ++deleted;
    }
    return deleted;
}

}  // namespace

void App::ApplyRetention() {
    if (!m_db || !m_site || m_options.preview) return;
    ForgetOldResumePoints();
    const int keep_days = m_site->keep_records_days;
    if (keep_days <= 0) {
        m_retentionText = "Records are kept until someone deletes them (the site sets no keep_records_days).";
        return;
    }
    const fs::path folder = fs::path(m_options.db).parent_path();
    core::RetentionFacts facts;
    facts.now_s = WallSeconds();
    facts.keep_days = keep_days;
    facts.delivered_until_s = DeliveredUntil((folder / "sync.db").string());
    facts.exported_until_s = core::LatestStickExportS(*m_db);
    const std::string rule = "Records are deleted " + std::to_string(keep_days) +
                             " days after they end, once sent to the learning record store or copied to a USB stick.";
    const int copies = DeleteOldExportCopies(folder / "exports", facts.now_s - static_cast<std::int64_t>(keep_days) * 86400);
    if (copies > 0) Log("retention: deleted " + std::to_string(copies) + " export copies older than " + std::to_string(keep_days) + " days");
    auto cutoff = core::RetentionCutoff(facts);
    if (!cutoff) {
        m_retentionText = rule + " None have left this kiosk yet, so none are deleted.";
        return;
    }
    auto deleted = core::DeleteSittingsEndedBefore(*m_db, *cutoff);
    if (const auto* error = std::get_if<std::string>(&deleted)) {
        m_retentionText = rule + " The last try failed: " + *error;
        Log("retention: cannot delete old records: " + *error);
        return;
    }
    const auto& d = std::get<core::RetentionDeleted>(deleted);
    m_retentionText = rule + " Everything that ended before " + core::Iso8601Utc(static_cast<std::time_t>(*cutoff)) +
                      " and had left is gone.";
    if (d.sittings > 0)
        Log("retention: deleted " + std::to_string(d.sittings) + " sittings (" + std::to_string(d.answers) + " answers, " +
            std::to_string(d.completions) + " completions) that ended before " +
            core::Iso8601Utc(static_cast<std::time_t>(*cutoff)) + " and had left the kiosk");
}

}  // namespace kiosk::app
