// How guessing the admin passcode is kept slow at the kiosk itself: three tries, then the pad locks for a
// minute, and every further three wrong passcodes double the wait, up to an hour. The count is of
// attempts since the last sign-in, kept in the records DB (records/records_db.h) so that neither a new
// long press nor a restart (even kill -9 or a pulled plug) starts it again. Pure: the caller supplies times.
#pragma once

#include <cstdint>

namespace kiosk::core {

inline constexpr int kAdminFreeAttempts = 3;               // wrong passcodes before the first wait
inline constexpr std::int64_t kAdminFirstLockoutS = 60;    // the first wait
inline constexpr std::int64_t kAdminMaxLockoutS = 3600;    // the longest wait

// The wait that follows the `failures`-th wrong passcode in a row: 0 unless `failures` is a whole number
// of bursts (3, 6, 9 ...); then 1, 2, 4 ... minutes, at most an hour. At the cap, guessing runs at three
// tries an hour: 72 a day, so a 6-digit passcode holds for decades, an 8-digit one for millennia.
std::int64_t AdminLockoutSeconds(int failures);

// Seconds the pad stays locked at `now_s`, after `failures` wrong passcodes the last of which was at
// `last_failure_s` (Unix seconds). A clock set back never makes the wait longer than the lockout itself.
std::int64_t AdminLockoutLeft(int failures, std::int64_t last_failure_s, std::int64_t now_s);

}  // namespace kiosk::core
