// The sync state in plain words for the kiosk's admin screen, read from kiosk-sync's sync.db (read only:
// the kiosk never writes it and has no network of its own). Lines such as
//   Sent to the learning record store: last at 2026-12-06 14:20 UTC (3 minutes ago); 0 waiting
//   Last problem (14:31 UTC): no answer from the LRS: ... ; next try soon
#pragma once

#include <ctime>
#include <string>

namespace kiosk::sync {

std::string DescribeSyncState(const std::string& sync_db_path, std::time_t now);

}  // namespace kiosk::sync
