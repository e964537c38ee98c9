// RAII wrapper over the SQLite C API (see sqlite_db.h): ownership, error messages, and the few
// places where the C API's defaults would surprise (URI file names, NULL for empty blobs).
#include "core/util/sqlite_db.h"

#include <sqlite3.h>

#include "core/util/one_line.h"

#include <utility>

namespace kiosk::core {
namespace {

// SQLite quotes schema SQL in some messages ("malformed database schema (x) - unrecognized token: ..."),
// and a damaged or hostile file's SQL can hold newlines, control bytes and pages of text. Every message
// is shown to someone as one line that names a file, so it is flattened and cut short here, once.
std::string OneLine(const char* message) { return core::OneLine(message ? message : ""); }

}  // namespace

Database::~Database() {
    // close_v2 never fails on open statements: it defers the close until they are finalized.
    if (m_db) sqlite3_close_v2(m_db);
}

Database::Database(Database&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (m_db) sqlite3_close_v2(m_db);
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

std::optional<std::string> Database::Open(const std::string& path, int flags) {
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
    // Debian builds SQLite with SQLITE_USE_URI, so a relative file called "file:x" would be parsed
    // as a URI with options; "./file:x" names the same file and is never a URI.
    std::string name = path.rfind("file:", 0) == 0 ? "./" + path : path;
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(name.c_str(), &db, flags & ~SQLITE_OPEN_URI, nullptr);
    if (rc != SQLITE_OK) {
        // SQLite usually allocates a handle even when opening fails, only to carry the message.
        std::string message = OneLine(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close_v2(db);
        return message;
    }
    sqlite3_extended_result_codes(db, 1);
    m_db = db;
    return std::nullopt;
}

std::optional<std::string> Database::Close() {
    if (!m_db) return std::nullopt;
    int rc = sqlite3_close(m_db);
    if (rc != SQLITE_OK) return OneLine(sqlite3_errmsg(m_db));  // still open; the destructor retries
    m_db = nullptr;
    return std::nullopt;
}

std::optional<std::string> Database::Exec(const char* sql) {
    if (!m_db) return std::string("database is not open");
    char* error = nullptr;
    int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &error);
    if (rc == SQLITE_OK) return std::nullopt;
    std::string message = OneLine(error ? error : sqlite3_errstr(rc));
    sqlite3_free(error);
    return message;
}

std::string Database::ErrorMessage() const { return m_db ? OneLine(sqlite3_errmsg(m_db)) : "database is not open"; }

int Database::ErrorCode() const { return m_db ? sqlite3_extended_errcode(m_db) : SQLITE_MISUSE; }

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement::Statement(Statement&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr)),
      m_db(std::exchange(other.m_db, nullptr)),
      m_error(std::move(other.m_error)),
      m_errorCode(std::exchange(other.m_errorCode, 0)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_db = std::exchange(other.m_db, nullptr);
        m_error = std::move(other.m_error);
        m_errorCode = std::exchange(other.m_errorCode, 0);
    }
    return *this;
}

std::optional<std::string> Statement::Prepare(Database& db, std::string_view sql, bool kept) {
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    m_db = db.Handle();
    m_error.clear();
    m_errorCode = 0;
    if (!m_db) return std::string("database is not open");
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), kept ? SQLITE_PREPARE_PERSISTENT : 0,
                                &m_stmt, &tail);
    if (rc != SQLITE_OK) {
        Fail(rc);
        return m_error;
    }
    // A second statement would be silently ignored by sqlite3_prepare_v3; treat it as the bug it is.
    for (const char* p = tail; p && p < sql.data() + sql.size(); ++p) {
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
            sqlite3_finalize(m_stmt);
            m_stmt = nullptr;
            m_errorCode = SQLITE_MISUSE;
            m_error = "more than one SQL statement in Prepare";
            return m_error;
        }
    }
    if (!m_stmt) {
        m_errorCode = SQLITE_MISUSE;
        m_error = "empty SQL statement";
        return m_error;
    }
    return std::nullopt;
}

void Statement::Fail(int rc) {
    if (m_errorCode != 0) return;  // keep the first failure: later ones are usually its echo
    m_errorCode = rc;
    // The connection's message describes the last call on it, which is only ours after prepare/step.
    m_error = OneLine(m_db && sqlite3_errcode(m_db) != SQLITE_OK ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc));
}

Statement& Statement::Bind(int index, std::int64_t value) {
    int rc = sqlite3_bind_int64(m_stmt, index, static_cast<sqlite3_int64>(value));
    if (rc != SQLITE_OK) Fail(rc);
    return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
    // A default string_view has a null data(): SQLite would store NULL instead of "".
    const char* data = text.data() ? text.data() : "";
    int rc = sqlite3_bind_text64(m_stmt, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) Fail(rc);
    return *this;
}

Statement& Statement::Bind(int index, std::span<const std::uint8_t> blob) {
    // sqlite3_bind_blob with a null pointer binds NULL, so an empty blob needs zeroblob(0).
    int rc = blob.empty() ? sqlite3_bind_zeroblob(m_stmt, index, 0)
                          : sqlite3_bind_blob64(m_stmt, index, blob.data(), blob.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) Fail(rc);
    return *this;
}

Statement& Statement::Bind(int index, std::nullptr_t) {
    int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK) Fail(rc);
    return *this;
}

StepResult Statement::Step() {
    if (!m_stmt) {
        if (m_errorCode == 0) {
            m_errorCode = SQLITE_MISUSE;
            m_error = "statement is not prepared";
        }
        return StepResult::Error;
    }
    if (m_errorCode != 0) return StepResult::Error;  // a bind failed: running now would use wrong values
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return StepResult::Row;
    if (rc == SQLITE_DONE) return StepResult::Done;
    Fail(rc);
    return StepResult::Error;
}

void Statement::Reset() {
    if (!m_stmt) return;
    // sqlite3_reset repeats the last step's error code, which the Step call has already reported.
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_error.clear();
    m_errorCode = 0;
}

bool Statement::ColumnIsNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

std::int64_t Statement::ColumnInt64(int column) const { return sqlite3_column_int64(m_stmt, column); }

std::string Statement::ColumnText(int column) const {
    // Text first, then bytes: the other order can measure a value that the text call then converts.
    const unsigned char* text = sqlite3_column_text(m_stmt, column);
    int size = sqlite3_column_bytes(m_stmt, column);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::vector<std::uint8_t> Statement::ColumnBlob(int column) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
    int size = sqlite3_column_bytes(m_stmt, column);
    if (!data) return {};
    return std::vector<std::uint8_t>(data, data + size);
}

}  // namespace kiosk::core
