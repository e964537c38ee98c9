// A read-only query for the million-row scans of the reports. Like kiosk::core::Statement (bound
// parameters only, finalized by its destructor), but a text column is a view into SQLite's own buffer
// instead of a new std::string: at a million rows, copying every id and name was most of the time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/sqlite_db.h"

struct sqlite3_stmt;

namespace report {

class FastQuery {
public:
    FastQuery() = default;
    ~FastQuery();
    FastQuery(const FastQuery&) = delete;
    FastQuery& operator=(const FastQuery&) = delete;

    // Compiles one fixed SQL statement on `db`. Error message or nullopt.
    std::optional<std::string> Prepare(kiosk::core::Database& db, const char* sql);
    // Binds text to parameter `index` (1-based); copied, so the argument may die first.
    void Bind(int index, std::string_view text);
    // Binds an integer to parameter `index`.
    void Bind(int index, std::int64_t value);
    // Next row: true if there is one. At the end, Error() says whether it ended in an error.
    bool Step();
    const std::string& Error() const { return m_error; }

    // Column `column` (0-based) of the current row; the view is valid until the next Step.
    std::string_view Text(int column) const;
    std::int64_t Int(int column) const;
    bool IsNull(int column) const;

private:
    sqlite3_stmt* m_stmt = nullptr;
    kiosk::core::Database* m_db = nullptr;
    std::string m_error;
};

}  // namespace report
