// FastQuery (fast_query.h) over the SQLite C API, on a connection the kiosk's wrapper owns.
#include "report/fast_query.h"

#include <sqlite3.h>

namespace report {

FastQuery::~FastQuery() { sqlite3_finalize(m_stmt); }

std::optional<std::string> FastQuery::Prepare(kiosk::core::Database& db, const char* sql) {
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    m_db = &db;
    m_error.clear();
    if (sqlite3_prepare_v2(db.Handle(), sql, -1, &m_stmt, nullptr) != SQLITE_OK || !m_stmt) {
        m_error = db.ErrorMessage();
        return m_error;
    }
    return std::nullopt;
}

void FastQuery::Bind(int index, std::string_view text) {
    const char* data = text.data() ? text.data() : "";  // a null pointer would bind NULL, not ""
    if (sqlite3_bind_text64(m_stmt, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK &&
        m_error.empty())
        m_error = m_db->ErrorMessage();
}

void FastQuery::Bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK && m_error.empty()) m_error = m_db->ErrorMessage();
}

bool FastQuery::Step() {
    if (!m_stmt || !m_error.empty()) return false;  // a failed bind must not run with wrong values
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) m_error = m_db->ErrorMessage();
    return false;
}

std::string_view FastQuery::Text(int column) const {
    // Text first, then bytes (the other order can measure a value that the text call then converts).
    const unsigned char* text = sqlite3_column_text(m_stmt, column);
    if (!text) return {};
    return std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::int64_t FastQuery::Int(int column) const { return sqlite3_column_int64(m_stmt, column); }

bool FastQuery::IsNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

}  // namespace report
