// The kiosk's admin gate: the passcode's hash from the kiosk's own credential file (never the pack), the
// durable count of wrong passcodes and the lockout it brings (core/trust/admin_guard.h), and the admin
// trail in the records DB. The session asks it through SessionConfig::admin_status / admin_try.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/records/records_db.h"
#include "core/session/session.h"

namespace kiosk::core {

class AdminGate {
public:
    // `hash` empty: no passcode is set (the pad says so). `db` may be null (no records DB): attempts are
    // then counted in memory only, and the log says so once. `now_s` is the wall clock in Unix seconds.
    AdminGate(std::string hash, RecordsDb* db, std::string kiosk_id, std::function<std::int64_t()> now_s,
              std::function<void(const std::string&)> log);

    AdminGateState Status();
    // Records the attempt durably, then checks the passcode (Argon2id); a sign-in or a lockout is
    // recorded after it. A locked gate checks nothing.
    AdminGateState Try(const std::string& passcode);
    // A line of the admin trail for an action on the admin screen (export, quit) or a pack install.
    void Record(AdminEventKind kind, const std::string& detail);

    static AdminGateState StatusThunk(void* gate) { return static_cast<AdminGate*>(gate)->Status(); }
    static AdminGateState TryThunk(void* gate, const std::string& passcode) {
        return static_cast<AdminGate*>(gate)->Try(passcode);
    }

private:
    AdminAttempts Attempts();
    AdminGateState StateFor(const AdminAttempts& attempts);
    bool Append(AdminEventKind kind, const std::string& detail);

    std::string m_hash;
    RecordsDb* m_db;
    std::string m_kioskId;
    std::function<std::int64_t()> m_nowS;
    std::function<void(const std::string&)> m_log;
    AdminAttempts m_memory;   // the count when the records DB cannot keep it
    bool m_memoryOnly = false;      // the DB failed once: count in memory from then on, and say so once
};

}  // namespace kiosk::core
