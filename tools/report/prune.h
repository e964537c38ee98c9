// `kiosk-report prune`: the retention period for the coordinators' merged or pulled records DBs.
// Deletes every sitting that started before a day, with its answers and completions, and the admin
// trail from before it, in one transaction; then rewrites the file so the deleted rows are not left in
// free pages (secure_delete and VACUUM). A kiosk's own records.db is not for this: it keeps deleting
// what it has delivered by itself (issue 24's site setting, not yet built).
#pragma once

#include <cstdint>
#include <string>

namespace report {

struct PruneResult {
    bool pruned = false;  // the deletes were committed (VACUUM may still have failed: `error`)
    std::string error;    // "" when done; nothing is deleted unless everything is
    std::int64_t sittings = 0, answers = 0, completions = 0, admin_events = 0;  // deleted
    std::int64_t sittings_left = 0;
};

// Prunes the records DB at `path` (which must not be in use) of everything before `before_day`
// ("YYYY-MM-DD", not included).
PruneResult Prune(const std::string& path, const std::string& before_day);

}  // namespace report
