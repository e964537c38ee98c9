// A small RAII wrapper over the SQLite C API: a connection and a prepared statement that close and
// finalize themselves. Failures come back as values with SQLite's message; nothing here throws.
// Values only ever reach SQL through bound parameters, never by building SQL text from data.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace kiosk::core {

// One SQLite connection, closed by the destructor. Movable, not copyable.
class Database {
public:
    Database() = default;
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;

    // Opens `path` with SQLITE_OPEN_* `flags` (a path is never taken as a URI). Error message or nullopt.
    std::optional<std::string> Open(const std::string& path, int flags);
    // Closes the connection; reports an error if statements are still open. Safe to call twice.
    std::optional<std::string> Close();
    // Runs fixed SQL (possibly several statements) that takes no parameters. Error message or nullopt.
    std::optional<std::string> Exec(const char* sql);

    bool IsOpen() const { return m_db != nullptr; }
    // SQLite's message and extended result code for the last failed call on this connection. Every
    // message this wrapper returns is one line of at most ~240 bytes (schema SQL quoted in it is flattened).
    std::string ErrorMessage() const;
    int ErrorCode() const;
    // For the rare call the wrapper does not cover (sqlite3_db_config); the connection stays owned here.
    sqlite3* Handle() const { return m_db; }

private:
    sqlite3* m_db = nullptr;
};

enum class StepResult { Row, Done, Error };

// One prepared statement, finalized by the destructor. Must not outlive its Database.
// Bind failures are remembered and reported by the next Step, so a run of binds needs one check.
class Statement {
public:
    Statement() = default;
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;

    // Compiles one SQL statement. Error message or nullopt. `kept` tells SQLite the statement will be
    // run many times (SQLITE_PREPARE_PERSISTENT: its memory comes from the heap, not the lookaside).
    std::optional<std::string> Prepare(Database& db, std::string_view sql, bool kept = false);

    // Parameters are 1-based, as in SQLite. Text and blobs are copied, so the argument may die first.
    Statement& Bind(int index, std::int64_t value);
    // Without it, Bind(i, 0) would be ambiguous between int64 and nullptr; it also takes bool.
    Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
    Statement& Bind(int index, std::string_view text);
    Statement& Bind(int index, std::span<const std::uint8_t> blob);
    Statement& Bind(int index, std::nullptr_t);

    // Row: a row is ready for the column getters. Done: finished. Error: see ErrorMessage/ErrorCode.
    StepResult Step();
    // Makes the statement ready to run again, with every parameter back to NULL.
    void Reset();

    // Columns are 0-based, as in SQLite. NULL reads as 0, "" or an empty blob.
    bool ColumnIsNull(int column) const;
    std::int64_t ColumnInt64(int column) const;
    std::string ColumnText(int column) const;
    std::vector<std::uint8_t> ColumnBlob(int column) const;

    std::string ErrorMessage() const { return m_error; }
    int ErrorCode() const { return m_errorCode; }

private:
    void Fail(int rc);

    sqlite3_stmt* m_stmt = nullptr;
    sqlite3* m_db = nullptr;
    std::string m_error;
    int m_errorCode = 0;  // SQLite extended result code of the first failure since Prepare/Reset
};

}  // namespace kiosk::core
