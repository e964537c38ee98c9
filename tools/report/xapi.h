// `kiosk-report xapi`: the records as xAPI 1.0.3 statements for a learning record store, made by the
// one shared mapping (kiosk/xapi/statements.h): a sitting's start and end, each answer, each finished
// module ("completed") and its result ("passed"/"failed"). Ids are the records' own UUIDs (derived ones
// are the same on every run). The actor is an account per sitting, never a staff number or its hash.
// Suppression: statements carry region, partnership, agency and role, so those of a cohort (those
// four) with fewer than K sittings are withheld, not sent.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "core/util/sqlite_db.h"
#include "report/filters.h"

namespace report {

struct XapiExport {
    std::string json;               // a JSON array, one statement per line
    std::int64_t statements = 0;
    std::int64_t withheld = 0;      // statements left out because their cohort is under K
};

// Builds the statements from an open RecordsSource connection. `base` is an https URL of the
// deployment (e.g. "https://kiosk.example.org"): the account homePage and the root of activity ids.
std::variant<XapiExport, std::string> BuildStatements(kiosk::core::Database& db, const Filters& filters,
                                                      const std::string& base);

// The id of the passed/failed statement of completion `completion_id`: BLAKE2b of it, shaped as a
// version 4 UUID (random-looking, as v4 requires, and the same every time).
std::string ResultStatementId(const std::string& completion_id);

}  // namespace report
