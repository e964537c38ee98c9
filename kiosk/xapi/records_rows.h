// A records DB's rows exactly as stored (every column of sittings, answers and completions), for the xAPI
// mapping (statements.h) in both directions: kiosk-sync sends them, kiosk-report pull rebuilds them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/util/sqlite_db.h"

namespace kiosk::xapi {

struct SittingRow {
    std::string id, kiosk_id, site_id, agency, region, partnership, role, language;
    std::optional<std::string> staff_hash;  // HMAC of the staff number (64 hex digits), never the number
    std::string pack_id;
    std::int64_t pack_version = 0;
    std::string pack_hash, started_at;
    std::optional<std::string> ended_at, outcome;  // both set, or neither (still open)
    bool operator==(const SittingRow&) const = default;
};

struct AnswerRow {
    std::string id, sitting_id, module_id, scene_id, question_type;
    std::string chosen;  // the JSON array text as stored, byte for byte
    bool correct = false;
    std::int64_t seconds = 0;
    std::string answered_at;
    bool operator==(const AnswerRow&) const = default;
};

struct CompletionRow {
    std::string id, sitting_id, module_id;
    std::int64_t points = 0, points_possible = 0, percent = 0;
    bool passed = false;
    std::string completion_code, end_scene;
    std::int64_t seconds = 0;
    std::string completed_at;
    bool operator==(const CompletionRow&) const = default;
};

// A resume point (records schema 7, core/records/records_resume.cpp) as stored: where a learner with a
// staff number stopped in a module. Not a record: it travels so that another kiosk of the partnership
// with the same staff key can offer to carry on (statements.h, SuspendedStatement).
struct ResumeRow {
    std::string staff_hash, module_id, scene_id;
    std::int64_t points = 0, points_possible = 0, bonus = 0;
    std::string variables;   // the JSON object text as stored
    std::int64_t seconds = 0, film_ms = 0;
    std::string film_asked;  // the JSON array text as stored
    std::string sitting_id, saved_at;
    bool operator==(const ResumeRow&) const = default;
};

struct Records {
    std::vector<SittingRow> sittings;        // in rowid order
    std::vector<AnswerRow> answers;
    std::vector<CompletionRow> completions;
    bool operator==(const Records&) const = default;
};

// Every row of `schema`'s sittings, answers and completions ("main", or "src" for an attached file),
// in rowid order. A message on failure. The schema must be the current one (version 2 or later).
std::variant<Records, std::string> ReadRecords(core::Database& db, const std::string& schema = "main");

// Where an incremental reader (kiosk-sync) got to in each table: the highest rowid it has read.
struct RowCursor {
    std::int64_t sittings = 0, answers = 0, completions = 0;
    bool operator==(const RowCursor&) const = default;
};

// Up to `limit` rows of each table of "main" with a rowid above `after`, in rowid order, and the cursor
// past them. Call inside one read transaction so the three tables come from the same moment.
struct RowsAfter {
    Records records;
    RowCursor next;
};
std::variant<RowsAfter, std::string> ReadRecordsAfter(core::Database& db, const RowCursor& after, std::int64_t limit);

// The resume points of "main" saved at or after `since` (ISO 8601 UTC; "" for all), oldest first, at most
// `limit`. An empty list for a records DB older than schema 7 (it has none).
std::variant<std::vector<ResumeRow>, std::string> ReadResumePointsSince(core::Database& db, const std::string& since,
                                                                        std::int64_t limit);

// One sitting of "main" by id: nullopt when there is none.
std::variant<std::optional<SittingRow>, std::string> ReadSitting(core::Database& db, const std::string& id);

}  // namespace kiosk::xapi
