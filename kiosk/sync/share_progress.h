// Resume across a partnership's kiosks (kiosk-sync --share-progress, for kiosks installed with one shared
// staff key): this kiosk's resume points go to the LRS as ADL "suspended" statements by the staff-number
// account, and the partnership's "suspended" and "completed" statements come back into sync.db, where the
// kiosk looks when someone types a staff number (app/kiosk_app_resume.cpp). Only standard xAPI: statements
// POSTed with the records and read with GET statements?verb=...&since=...; no server of our own.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "core/util/sqlite_db.h"
#include "lrs/lrs_client.h"
#include "sync/iri_bases.h"
#include "sync/sync_store.h"

namespace kiosk::sync {

// Puts the records' resume points saved since the last read into the outbox (each point once: its id
// comes from the person, the module and when it was saved). The number of new statements, or a message.
std::variant<std::int64_t, std::string> EnqueueResumePoints(core::Database& records, const std::string& records_path,
                                                            SyncStore& store, IriBases& bases, const std::string& now);

struct PullShared {
    std::int64_t statements = 0;  // statements read
    std::int64_t points = 0;      // of them, resume points ("suspended") of this project
    std::int64_t finishes = 0;    // and modules finished ("completed")
};

// Reads the "suspended" and "completed" statements the LRS stored since the last pull into sync.db
// (newest per person and module), each verb from where its last pull got to, following "more" links on
// the same server. Old entries (past the longest resume period a site can set) are pruned. A message
// when the LRS does not answer 200 with statements.
// `endpoint` is the client's xAPI root, to tell a "more" link on the same server from one elsewhere.
std::variant<PullShared, std::string> PullSharedProgress(lrs::Client& client, const std::string& endpoint, SyncStore& store,
                                                        std::int64_t now_s);

}  // namespace kiosk::sync
