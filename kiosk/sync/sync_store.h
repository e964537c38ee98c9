// kiosk-sync's own state, sync.db beside the records DB: the outbox of statements (the exact JSON bytes,
// stored before the first send and the only bytes ever sent for that id), the cursor into the records,
// the sittings whose end is still to come, and the status the kiosk's admin screen shows. The records DB
// itself is only ever read. Every change is one transaction (WAL, synchronous=FULL), so a kill -9 at any
// moment leaves the outbox whole: a batch is acked all at once or not at all.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/session/resume_point.h"
#include "core/util/sqlite_db.h"
#include "xapi/records_rows.h"
#include "xapi/statements.h"

namespace kiosk::sync {

// PRAGMA application_id of a sync.db: 'KSYN'.
inline constexpr std::int32_t kSyncApplicationId = 0x4B53594E;
inline constexpr int kSyncSchemaVersion = 1;

enum class OutboxState { Pending, Acked, Quarantined };

struct OutboxItem {
    std::int64_t seq = 0;
    std::string id;
    std::string body;  // the statement's JSON text
};

struct NewStatement {
    std::string id, kind, body;  // kind: "record" or "health"
};

// What the admin screen and the health statement read.
struct SyncStatus {
    std::int64_t pending = 0, acked = 0, quarantined = 0;
    std::optional<std::string> oldest_pending_at;  // UTC ISO time the oldest pending statement was queued
    std::optional<std::string> last_success_at;    // the last time the LRS took a batch
    std::optional<std::string> last_error;         // plain words; cleared by the next success
    std::optional<std::string> last_error_at;
    bool credentials_refused = false;              // the LRS said 401/403: nothing is sent until they change
    std::optional<std::string> updated_at;         // when kiosk-sync last wrote any of this
};

struct SharedFor {
    std::vector<core::ResumePoint> points;
    std::map<std::string, std::string> finished;  // module id -> when it was last finished
};

class SyncStore {
public:
    // Opens or creates `path`. Refuses a file that is not a sync.db, or one of a newer schema.
    static std::variant<SyncStore, std::string> Open(const std::string& path);
    // Opens read-only, for the admin screen (a missing file is an error the caller words as "not set up").
    static std::variant<SyncStore, std::string> OpenReadOnly(const std::string& path);

    // Statements to add (INSERT OR IGNORE by id, so a repeated read adds nothing), with the cursor and the
    // open-sitting list as they stand after them: one transaction.
    std::optional<std::string> Enqueue(const std::vector<NewStatement>& statements, const xapi::RowCursor& cursor,
                                       const std::vector<std::string>& opened, const std::vector<std::string>& closed,
                                       const std::string& now);
    std::variant<xapi::RowCursor, std::string> Cursor();
    std::variant<std::vector<std::string>, std::string> OpenSittings();

    // The oldest pending statements, at most `max_count` and `max_bytes` of JSON (at least one).
    std::variant<std::vector<OutboxItem>, std::string> NextPending(std::size_t max_count, std::size_t max_bytes);
    std::optional<std::string> MarkAcked(const std::vector<std::int64_t>& seqs, long status, const std::string& now);
    std::optional<std::string> MarkQuarantined(std::int64_t seq, long status, const std::string& why);
    // A failed attempt: counts it on each statement and keeps the last status and error.
    std::optional<std::string> MarkAttempt(const std::vector<std::int64_t>& seqs, long status, const std::string& error);
    // Whether a health statement is still waiting (a new one is made only when the last has gone).
    std::variant<bool, std::string> HealthPending();

    // A drained outbox. `scan_started` is when the records were last read for new rows: when no record
    // statement is pending or quarantined, every row committed before it has reached the LRS, and it
    // becomes delivered_until, which the kiosk's retention goes by (core/records/records_retention.h).
    std::optional<std::string> SetSuccess(const std::string& now, const std::string& scan_started);
    std::optional<std::string> SetError(const std::string& error, const std::string& now, bool credentials_refused);
    std::variant<SyncStatus, std::string> Status();
    std::optional<std::string> SetValue(const std::string& key, const std::string& value);
    std::variant<std::optional<std::string>, std::string> Value(const std::string& key);
    // For the tests' exactly-once checks: every statement's id and state.
    std::variant<std::vector<std::pair<std::string, OutboxState>>, std::string> AllStates();

    // Progress shared between the partnership's kiosks (--share-progress, share_progress.h): keeps what a
    // pull read (the newest point and the latest finish per person and module) and where the pull got to
    // (status `cursor_key`), in one transaction.
    std::optional<std::string> KeepShared(const std::vector<xapi::SharedProgress>& items, const std::string& cursor_key,
                                          const std::string& cursor);
    // Deletes shared points and finishes older than `before` (ISO 8601 UTC): the number deleted.
    std::variant<std::int64_t, std::string> PruneShared(const std::string& before);
    // For the kiosk: the shared points of `staff_hash` saved at or after `since`, and when it last finished
    // each module anywhere.
    std::variant<SharedFor, std::string> SharedProgressFor(const std::string& staff_hash, const std::string& since);

    core::Database& db() { return m_db; }

private:
    SyncStore() = default;
    core::Database m_db;
};

}  // namespace kiosk::sync
