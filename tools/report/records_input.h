// Reading a records DB that is not ours to change: a kiosk's live DB, a USB export, a merged bundle.
// The file is attached read-only to a connection as schema `src`; nothing is ever written to it or
// beside it (no -wal, -shm or lock files appear). Damaged, foreign or newer files are refused by name.
#pragma once

#include <string>
#include <variant>

#include "core/util/sqlite_db.h"
#include "report/scratch_dir.h"

namespace report {

struct RecordsInput {
    std::string path;        // as given
    int schema_version = 0;  // user_version of the file (older versions are read as the current one)
    bool copied = false;     // a -wal was beside it, so a private copy was read (see AttachRecords)
    std::string uri;         // what was attached (a "file:" URI)
};

// Attaches records DB `path` as schema `src` of `db`. An export (no -wal) is attached through an
// "immutable" URI: SQLite takes no locks and creates no side files. A file with a -wal beside it (a live
// or killed kiosk) is copied with its WAL into `scratch` first, because immutable mode ignores a WAL
// and would miss committed rows; SQLite then recovers the WAL into the copy. `deep_check` runs
// quick_check over every page (merge does; reports rely on SQLite reporting damage as it reads).
// On failure nothing is attached and the message starts with the path.
std::variant<RecordsInput, std::string> AttachRecords(kiosk::core::Database& db, const std::string& path,
                                                      ScratchDir& scratch, bool deep_check);

// Attaches as `src` of `db` an input that AttachRecords has already checked (on another connection,
// since detached): its URI, without the checks again. On failure the message starts with the path.
std::optional<std::string> AttachChecked(kiosk::core::Database& db, const RecordsInput& input);

// Detaches `src` (ignores "not attached").
void DetachRecords(kiosk::core::Database& db);

// "file:" URI for `path` with every byte outside [A-Za-z0-9/._~-] percent-encoded, and `query` added.
std::string FileUri(const std::string& path, const std::string& query);

}  // namespace report
