// StatementCache (statement_cache.h): compiled once per connection, reset before every use.
#include "core/util/statement_cache.h"

namespace kiosk::core {

std::variant<Statement*, std::pair<int, std::string>> StatementCache::Get(Database& db, const char* sql) {
    for (auto& [text, statement] : m_entries) {
        if (text == sql) {
            // A statement left mid-way by an error (or a caller's early return) starts clean.
            statement->Reset();
            return statement.get();
        }
    }
    auto statement = std::make_unique<Statement>();
    if (auto e = statement->Prepare(db, sql, true)) return std::pair<int, std::string>{statement->ErrorCode(), *e};
    m_entries.emplace_back(sql, std::move(statement));
    return m_entries.back().second.get();
}

}  // namespace kiosk::core
