// The site's retention period applied on the kiosk (content/sites/<id>.toml `keep_records_days`): which
// sittings may be deleted, and deleting them. A sitting goes only when it is older than the period AND it
// has left the kiosk, delivered to the learning record store (kiosk-sync's delivered_until in sync.db) or
// copied to a USB stick (the newest export in the admin trail). Records nobody has yet received stay,
// however old: deleting them would lose them (tools/deploy/data-protection.md, "How long records are kept").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/records/records_db.h"

namespace kiosk::core {

struct RetentionFacts {
    std::int64_t now_s = 0;              // Unix seconds, from the clock floor (never earlier than the records)
    int keep_days = 0;                   // 0: keep for ever
    std::int64_t delivered_until_s = 0;  // every row committed before this reached the LRS (0: none known)
    std::int64_t exported_until_s = 0;   // the newest USB export's time (0: none)
};

// A sitting that ended before the returned time (Unix seconds) may be deleted; nullopt: none may.
// An hour is held back from each hand-over time: a sitting's end is stamped just before it is written.
std::optional<std::int64_t> RetentionCutoff(const RetentionFacts& facts);

struct RetentionDeleted {
    std::int64_t sittings = 0, answers = 0, completions = 0;
};

// Deletes every ended sitting with ended_at before `cutoff_s`, with its answers and completions, in one
// transaction, but never the newest sitting nor the sittings of the newest answer and completion (the
// next row would reuse a deleted newest row's number, below kiosk-sync's cursor); secure_delete (set when the DB opens) zeroes the freed space and a TRUNCATE checkpoint
// empties the WAL of the old pages. Open sittings never go. A message on failure (nothing deleted then).
std::variant<RetentionDeleted, std::string> DeleteSittingsEndedBefore(RecordsDb& db, std::int64_t cutoff_s);

// When the records were last copied to a USB stick (admin trail "export" lines written by the stick
// export), in Unix seconds; 0 when never. Exports into the kiosk's own folder do not count: they never left.
std::int64_t LatestStickExportS(RecordsDb& db);

}  // namespace kiosk::core
