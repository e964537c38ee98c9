// The admin passcode's lockout policy (admin_guard.h).
#include "core/trust/admin_guard.h"

#include <algorithm>

namespace kiosk::core {

std::int64_t AdminLockoutSeconds(int failures) {
    if (failures < kAdminFreeAttempts || failures % kAdminFreeAttempts != 0) return 0;
    int doublings = failures / kAdminFreeAttempts - 1;
    std::int64_t wait = kAdminFirstLockoutS;
    for (int i = 0; i < doublings && wait < kAdminMaxLockoutS; ++i) wait *= 2;
    return std::min(wait, kAdminMaxLockoutS);
}

std::int64_t AdminLockoutLeft(int failures, std::int64_t last_failure_s, std::int64_t now_s) {
    std::int64_t wait = AdminLockoutSeconds(failures);
    if (wait == 0) return 0;
    return std::clamp<std::int64_t>(last_failure_s + wait - now_s, 0, wait);
}

}  // namespace kiosk::core
