// The admin gate (admin_gate.h). The order of a try matters: the attempt is on disk before the
// passcode is checked, so switching the kiosk off mid-check still counts the guess.
#include "core/admin/admin_gate.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "core/trust/admin_credential.h"
#include "core/trust/admin_guard.h"
#include "core/trust/admin_pin.h"
#include "core/util/utc_time.h"

namespace kiosk::core {

// The pad (session) stops taking digits where the credential check (trust) stops accepting them: admin/ is
// the one folder that sees both, so the two numbers are held equal here.
static_assert(kAdminPasscodeMaxLength == kAdminPasscodeMaxDigits, "the admin pad and the passcode rule disagree on length");

AdminGate::AdminGate(std::string hash, RecordsDb* db, std::string kiosk_id, std::function<std::int64_t()> now_s,
                     std::function<void(const std::string&)> log)
    : m_hash(std::move(hash)), m_db(db), m_kioskId(std::move(kiosk_id)), m_nowS(std::move(now_s)), m_log(std::move(log)) {}

bool AdminGate::Append(AdminEventKind kind, const std::string& detail) {
    std::int64_t now = m_nowS();
    AdminEvent event{kind, now, Iso8601Utc(static_cast<std::time_t>(now)), detail};
    if (!m_db) return false;
    if (auto error = m_db->AppendAdminEvent(event, m_kioskId)) {
        m_log("the admin trail could not be written (" + *error + ")");
        return false;
    }
    return true;
}

AdminAttempts AdminGate::Attempts() {
    if (m_db && !m_memoryOnly) {
        auto attempts = m_db->AdminAttemptsSinceSignIn();
        if (auto* a = std::get_if<AdminAttempts>(&attempts)) return *a;
        m_log("cannot read the admin trail (" + std::get<std::string>(attempts) + "); passcode attempts are counted in memory");
        m_memoryOnly = true;
    }
    return m_memory;
}

AdminGateState AdminGate::StateFor(const AdminAttempts& attempts) {
    AdminGateState state;
    state.available = !m_hash.empty();
    state.failures = attempts.failures;
    state.locked_for_ms = AdminLockoutLeft(attempts.failures, attempts.last_at_s, m_nowS()) * 1000;
    return state;
}

AdminGateState AdminGate::Status() { return StateFor(Attempts()); }

AdminGateState AdminGate::Try(const std::string& passcode) {
    AdminAttempts before = Attempts();
    AdminGateState state = StateFor(before);
    if (!state.available || state.locked_for_ms > 0) return state;  // the pad should not have let it through

    // Counted first, in memory and on disk; a failed write is logged and the memory count still holds.
    m_memory = AdminAttempts{before.failures + 1, m_nowS()};
    if (!m_memoryOnly && !Append(AdminEventKind::Attempt, "")) m_memoryOnly = true;
    if (VerifyAdminPin(passcode, m_hash)) {
        Append(AdminEventKind::SignIn,
               before.failures == 0 ? std::string() : "after " + std::to_string(before.failures) + " wrong passcode" +
                                                          (before.failures == 1 ? "" : "s"));
        m_memory = {};
        state.right = true;
        state.failures = 0;
        state.locked_for_ms = 0;
        return state;
    }
    AdminAttempts after = Attempts();
    state = StateFor(after);
    if (std::int64_t wait = AdminLockoutSeconds(after.failures); wait > 0) {
        std::int64_t minutes = wait / 60;
        Append(AdminEventKind::Lockout, "locked for " + std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes") +
                                                  " after " + std::to_string(after.failures) + " wrong passcodes");
        m_log("admin passcode: " + std::to_string(after.failures) + " wrong in a row; the pad is locked for " +
              std::to_string(minutes) + " min");
    }
    return state;
}

void AdminGate::Record(AdminEventKind kind, const std::string& detail) { Append(kind, detail); }

}  // namespace kiosk::core
