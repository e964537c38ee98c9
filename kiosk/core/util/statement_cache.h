// Prepared statements kept for the life of one connection, so SQL run on every answer is compiled once
// (compiling the record path's statements on every answer cost about a sixth of a durable answer write:
// 1.62x the bare fdatasync before, 1.34x after, in one session; issue 21).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/util/sqlite_db.h"

namespace kiosk::core {

class StatementCache {
public:
    // The statement for `sql` on `db`, reset with its parameters cleared, compiled on first use; or
    // SQLite's message and code when it does not compile (nothing is kept then, so the next call tries
    // again). The pointer stays valid until Clear.
    std::variant<Statement*, std::pair<int, std::string>> Get(Database& db, const char* sql);
    // Finalizes every statement. The owner calls it before closing the connection: SQLite closes a
    // connection that still has statements only when the last is finalized, which would be too late
    // for anything that must happen after the close (a lock released, a file renamed).
    void Clear() { m_entries.clear(); }
    // Resets every statement (none left mid-step), keeping them compiled.
    void ResetAll() {
        for (auto& entry : m_entries) entry.second->Reset();
    }

private:
    // A handful of statements: a linear search of their texts beats a hash of a long string.
    std::vector<std::pair<std::string, std::unique_ptr<Statement>>> m_entries;
};

}  // namespace kiosk::core
