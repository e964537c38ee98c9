// The kiosk's retention period (records_retention.h): the cut-off, the deletion, the last stick export.
#include "core/records/records_retention.h"

#include <sqlite3.h>

#include <algorithm>

#include "core/records/records_internal.h"
#include "core/util/sqlite_db.h"
#include "core/util/utc_time.h"

namespace kiosk::core {

using records_detail::QueryScalar;
using records_detail::Scalar;

namespace {

constexpr std::int64_t kDayS = 86400;
constexpr std::int64_t kHandOverSlackS = 3600;

// Runs one fixed statement, with `cutoff` bound as ?1 when given; `count` gets the rows it changed.
std::optional<std::string> Change(Database& db, const char* sql, const std::string* cutoff, std::int64_t& count) {
    Statement statement;
    if (auto e = statement.Prepare(db, sql)) return e;
    if (cutoff) statement.Bind(1, *cutoff);
    if (statement.Step() != StepResult::Done) return statement.ErrorMessage();
    count = static_cast<std::int64_t>(sqlite3_changes64(db.Handle()));
    return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> RetentionCutoff(const RetentionFacts& facts) {
    if (facts.keep_days <= 0) return std::nullopt;
    const std::int64_t left = std::max(facts.delivered_until_s, facts.exported_until_s);
    if (left <= 0) return std::nullopt;
    const std::int64_t cutoff = std::min(facts.now_s - facts.keep_days * kDayS, left - kHandOverSlackS);
    if (cutoff <= 0) return std::nullopt;
    return cutoff;
}

std::variant<RetentionDeleted, std::string> DeleteSittingsEndedBefore(RecordsDb& records, std::int64_t cutoff_s) {
    Database& db = records.Connection();
    if (!db.IsOpen()) return std::string("the records file is not open");
    // ISO 8601 UTC text in the one format the kiosk writes sorts as time does.
    const std::string cutoff = Iso8601Utc(static_cast<std::time_t>(cutoff_s));
    if (auto e = db.Exec("BEGIN IMMEDIATE")) return PlainWriteError(db.ErrorCode(), *e);
    RetentionDeleted deleted;
    auto fail = [&](int code, const std::string& message) -> std::variant<RetentionDeleted, std::string> {
        db.Exec("ROLLBACK");
        return PlainWriteError(code, message);
    };
    // Which sittings go, worked out once. Never the newest row of any table: the tables have no
    // AUTOINCREMENT, so a deleted newest row would let the next row take its number again, below
    // kiosk-sync's cursor (it reads new rows by number), and that row would never be sent. So the newest
    // sitting, and the sittings of the newest answer and the newest result, stay whatever their age.
    if (auto e = db.Exec("CREATE TEMP TABLE IF NOT EXISTS retention_doomed(id TEXT PRIMARY KEY)"))
        return fail(db.ErrorCode(), *e);
    std::int64_t doomed = 0;
    if (auto e = Change(db, "DELETE FROM retention_doomed", nullptr, doomed)) return fail(db.ErrorCode(), *e);
    if (auto e = Change(db,
                        "INSERT INTO retention_doomed(id) SELECT id FROM sittings WHERE ended_at IS NOT NULL "
                        "AND ended_at < ?1 AND rowid <> (SELECT max(rowid) FROM sittings) "
                        "AND id NOT IN (SELECT sitting_id FROM answers WHERE rowid = (SELECT max(rowid) FROM answers)) "
                        "AND id NOT IN (SELECT sitting_id FROM completions WHERE rowid = (SELECT max(rowid) FROM completions))",
                        &cutoff, doomed))
        return fail(db.ErrorCode(), *e);
    // Answers and completions first: they point at their sitting.
    if (auto e = Change(db, "DELETE FROM answers WHERE sitting_id IN (SELECT id FROM retention_doomed)", nullptr,
                        deleted.answers))
        return fail(db.ErrorCode(), *e);
    if (auto e = Change(db, "DELETE FROM completions WHERE sitting_id IN (SELECT id FROM retention_doomed)", nullptr,
                        deleted.completions))
        return fail(db.ErrorCode(), *e);
    if (auto e = Change(db, "DELETE FROM sittings WHERE id IN (SELECT id FROM retention_doomed)", nullptr, deleted.sittings))
        return fail(db.ErrorCode(), *e);
    if (auto e = Change(db, "DELETE FROM retention_doomed", nullptr, doomed)) return fail(db.ErrorCode(), *e);
    if (auto e = db.Exec("COMMIT")) return fail(db.ErrorCode(), *e);
    // The WAL still holds the pages as they were before; a TRUNCATE checkpoint writes the zeroed pages
    // into the DB and empties it. A reader holding the WAL open only delays this to the next run.
    if (deleted.sittings > 0) db.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return deleted;
}

std::int64_t LatestStickExportS(RecordsDb& records) {
    Database& db = records.Connection();
    if (!db.IsOpen()) return 0;
    Scalar latest = QueryScalar(db, "SELECT coalesce(max(at_s), 0) FROM admin_events WHERE kind = 'export' AND detail GLOB 'USB stick: *'");
    return latest.error ? 0 : latest.number;
}

}  // namespace kiosk::core
