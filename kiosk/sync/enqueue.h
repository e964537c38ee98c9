// Turning new records into outbox statements, once each: kiosk-sync reads the records DB (read-only, in
// one read transaction so the three tables agree) from its cursor on, maps each new row with the shared
// mapping (xapi/statements.h), and stores the statements with the moved cursor in one sync.db
// transaction. A sitting still open is remembered, and its end statement made when it has ended.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "core/util/sqlite_db.h"
#include "sync/iri_bases.h"
#include "sync/sync_store.h"

namespace kiosk::sync {

struct EnqueueResult {
    std::int64_t statements = 0;  // new statements in the outbox
    std::int64_t rows = 0;        // records rows read
};

// Opens a records DB for reading only, refusing one that is not a kiosk's records or is of a schema this
// build does not know (a newer kiosk): one line naming the file and what to do.
std::variant<core::Database, std::string> OpenRecordsReadOnly(const std::string& path);

std::variant<EnqueueResult, std::string> EnqueueNewRecords(core::Database& records, const std::string& records_path,
                                                           SyncStore& store, IriBases& bases, const std::string& now);

}  // namespace kiosk::sync
