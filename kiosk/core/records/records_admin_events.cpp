// RecordsDb's admin trail (records_db.h, table admin_events since schema version 5): append one line
// durably, count the passcode attempts since the last sign-in, list the newest lines for the admin screen.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/records/records_db.h"
#include "core/records/records_internal.h"
#include "core/util/sqlite_db.h"

namespace kiosk::core {

namespace {

constexpr AdminEventKind kKinds[] = {AdminEventKind::Attempt, AdminEventKind::SignIn,      AdminEventKind::Lockout,
                                     AdminEventKind::Export,  AdminEventKind::PackInstall, AdminEventKind::Quit};

std::optional<AdminEventKind> KindFromText(const std::string& text) {
    for (AdminEventKind kind : kKinds)
        if (text == ToString(kind)) return kind;
    return std::nullopt;
}

}  // namespace

const char* ToString(AdminEventKind kind) {
    switch (kind) {
        case AdminEventKind::Attempt: return "attempt";
        case AdminEventKind::SignIn: return "sign-in";
        case AdminEventKind::Lockout: return "lockout";
        case AdminEventKind::Export: return "export";
        case AdminEventKind::PackInstall: return "pack-install";
        case AdminEventKind::Quit: return "quit";
    }
    return "attempt";
}

std::optional<std::string> RecordsDb::AppendAdminEvent(const AdminEvent& event, const std::string& kiosk_id) {
    if (!m_db.IsOpen()) return std::string("the records file is not open");
    // One statement in autocommit mode is its own transaction: with synchronous=FULL it is on disk
    // when Step returns Done, before the passcode it stands for is even checked.
    Statement insert;
    if (auto e = insert.Prepare(m_db, "INSERT INTO admin_events (kiosk_id, at, at_s, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)"))
        return PlainWriteError(m_db.ErrorCode(), *e);
    insert.Bind(1, kiosk_id).Bind(2, event.at).Bind(3, event.at_s).Bind(4, ToString(event.kind)).Bind(5, event.detail);
    if (insert.Step() != StepResult::Done) return PlainWriteError(insert.ErrorCode(), insert.ErrorMessage());
    return std::nullopt;
}

std::variant<AdminAttempts, std::string> RecordsDb::AdminAttemptsSinceSignIn() {
    if (!m_db.IsOpen()) return std::string("the records file is not open");
    Statement query;
    if (auto e = query.Prepare(m_db,
                               "SELECT count(*), coalesce(max(at_s), 0) FROM admin_events WHERE kind = 'attempt' AND seq > "
                               "coalesce((SELECT max(seq) FROM admin_events WHERE kind = 'sign-in'), 0)"))
        return *e;
    if (query.Step() != StepResult::Row) return query.ErrorMessage();
    AdminAttempts attempts;
    attempts.failures = static_cast<int>(query.ColumnInt64(0));
    attempts.last_at_s = query.ColumnInt64(1);
    return attempts;
}

std::vector<AdminEvent> RecordsDb::LastAdminEvents(int n) {
    std::vector<AdminEvent> events;
    if (n <= 0 || !m_db.IsOpen()) return events;
    Statement query;
    if (query.Prepare(m_db, "SELECT kind, at_s, at, detail FROM admin_events WHERE kind <> 'attempt' ORDER BY seq DESC LIMIT ?1"))
        return events;
    query.Bind(1, n);
    while (query.Step() == StepResult::Row) {
        auto kind = KindFromText(query.ColumnText(0));
        if (!kind) continue;
        events.push_back(AdminEvent{*kind, query.ColumnInt64(1), query.ColumnText(2), query.ColumnText(3)});
    }
    return events;
}

}  // namespace kiosk::core
