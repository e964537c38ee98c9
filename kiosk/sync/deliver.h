// Delivering the outbox to the LRS: POST batches of the stored bytes (at most 100 statements and
// 256 KiB), and act on each answer as xAPI 1.0.3 and real LRSs give them:
//   2xx           the batch is acked (whatever id list comes back), in one sync.db transaction
//   400, 409      the batch is split to find the statement at fault; a lone 409 is checked with a GET
//                 (the same statement: acked; a different one: quarantined); a lone 400 is quarantined
//   413           smaller batches; a lone statement too large for the LRS is quarantined
//   429, 503      stop, and wait as long as Retry-After says
//   401, 403      stop: the credentials were refused; nothing is resent until they change
//   anything else (network errors, timeouts, cut-off or endless answers, other statuses): stop and back off
// Quarantined statements stay in sync.db, counted on the admin screen and in the health statement.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "lrs/lrs_client.h"
#include "sync/sync_store.h"

namespace kiosk::sync {

struct DeliverLimits {
    std::size_t max_count = 100;
    std::size_t max_bytes = 256 * 1024;
};

enum class Verdict {
    Drained,             // nothing pending is left
    RetryLater,          // a failure: back off (error says what)
    RetryAfter,          // the LRS asked for a pause (retry_after_s)
    CredentialsRefused,  // 401/403
    StoreFailed,         // sync.db could not be written: stop, nothing was lost
};

struct DeliverResult {
    Verdict verdict = Verdict::Drained;
    std::int64_t acked = 0, quarantined = 0, posts = 0;
    std::optional<long> retry_after_s;
    std::string error;                     // plain words, for the log and the admin screen
    std::optional<long long> server_date;  // the last Date header, Unix seconds (for clock skew)
};

// Sends until the outbox is empty or a failure stops it. `now` gives the UTC ISO time for acked_at.
DeliverResult Deliver(SyncStore& store, lrs::Client& client, DeliverLimits limits,
                      const std::function<std::string()>& now);

}  // namespace kiosk::sync
