// What the records_*.cpp files share, and nothing else includes: the scalar query, outcome names, a
// file test, and the failure type that opening (records_db.cpp) and Migrate (records_schema.cpp) return.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/records/records_db.h"
#include "core/session/session.h"
#include "core/util/sqlite_db.h"

// records_detail, not detail: these are external symbols of kiosk_core, and a plainer name could meet
// another component's helper of the same name at link time.
namespace kiosk::core::records_detail {

// One value from fixed SQL: error (with SQLite's code) when there is none.
struct Scalar {
    std::optional<std::string> error;
    int code = SQLITE_OK;
    std::int64_t number = 0;
    std::string text;
};

// Runs fixed SQL that returns (at least) one row and takes its first column.
Scalar QueryScalar(Database& db, std::string_view sql);

// The text a sitting's outcome is stored as ("completed", "abandoned", "left").
const char* OutcomeText(SittingOutcome outcome);
// The outcome stored as `text`; nullopt for anything else.
std::optional<SittingOutcome> OutcomeFromText(std::string_view text);

// Whether anything (even a dangling symbolic link) is at `path`.
bool Exists(const std::string& path);

// Why one attempt at opening failed.
struct OpenFailure {
    std::string message;
    bool corrupt = false;  // quarantine the file and start a fresh one
};

// A failed SQLite call while opening: corrupt (quarantine) for SQLITE_CORRUPT and SQLITE_NOTADB, else a
// message for the admin that names `path` and `what` failed (and says so if the disk is full).
std::optional<OpenFailure> SqliteFailure(const std::string& path, const std::string& what, const std::string& message,
                                         int code);

// Appends `text` to `out` as a JSON string literal (invalid UTF-8 becomes U+FFFD).
void AppendJson(std::string& out, std::string_view text);

// Writes a Progress (upsert) or ProgressCleared (delete) event inside Write's transaction
// (records_resume.cpp). nullopt, or SQLite's code and a message.
std::optional<std::pair<int, std::string>> WriteResumeEvent(Database& db, StatementCache& statements,
                                                            const RecordEvent& event);

// Runs the migration steps (records_schema.cpp) the DB at `from_version` has not had yet, each in its
// own transaction.
std::optional<OpenFailure> Migrate(Database& db, const std::string& path, int from_version);

}  // namespace kiosk::core::records_detail
