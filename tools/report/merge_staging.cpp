// The merge's staging copy of OUT (see Staging in merge_internal.h): where it is built, how it is set up
// for a bulk load, written out and renamed into place, and what a killed merge left behind.
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/merge_internal.h"
#include "report/merge_sql.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;
namespace fs = std::filesystem;

// [SECTION] Staging copy

namespace {

// "<out>.merging-XXXXXX": the staging copy's name. Only a merge holding OUT's lock uses these names,
// so any such file found while holding it is what a killed merge left.
std::string StagingPrefix(const std::string& out) { return fs::path(out).filename().string() + ".merging-"; }

std::optional<std::string> SyncPath(const std::string& path, bool folder) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
    if (fd < 0) return std::string(std::strerror(errno));
    int rc = ::fsync(fd);
    int error = errno;
    ::close(fd);
    // Some file systems refuse to sync a folder; the file itself has been synced by then.
    if (rc != 0 && !folder) return std::string(std::strerror(error));
    return std::nullopt;
}

}  // namespace

void RemoveLeftovers(const std::string& out) {
    fs::path folder = fs::path(out).parent_path();
    std::string prefix = StagingPrefix(out);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder.empty() ? fs::path(".") : folder, ec)) {
        std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && entry.is_regular_file(ec)) fs::remove(entry.path(), ec);
    }
}

std::uintmax_t MemoryBudget() {
    long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || page_size <= 0) return 0;
    return static_cast<std::uintmax_t>(pages) * static_cast<std::uintmax_t>(page_size) / 4;
}

std::uintmax_t ExpectedSize(const std::string& out, const std::vector<std::string>& inputs) {
    std::uintmax_t total = 0;
    auto add = [&](const std::string& path) {
        std::error_code ec;
        std::uintmax_t size = fs::file_size(path, ec);
        if (!ec) total += size;
    };
    for (const std::string& path : {out, out + "-wal"}) add(path);
    for (const std::string& path : inputs) {
        add(path);
        add(path + "-wal");
    }
    return total;
}

Staging::~Staging() {
    m_db = Database();
    if (m_path.empty()) return;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) ::unlink((m_path + suffix).c_str());
}

std::optional<std::string> Staging::Start(const std::string& out, Database& from, Place place) {
    std::string pattern = out + ".merging-XXXXXX";
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) return "cannot create a file beside " + out + " (" + std::strerror(errno) + ")";
    ::close(fd);
    m_path = pattern;
    m_place = place;
    if (auto e = m_db.Open(place == Place::Memory ? ":memory:" : m_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX))
        return *e;
    // No journal at all: the copy needs no crash safety (a kill leaves OUT as it was and the copy is
    // thrown away), and an input that fails half-way has the copy built again without it (Merge).
    // Saved: a copy of every page an input changes, for every input. DEFENSIVE would refuse
    // journal_mode=OFF; the SQL run here is the merge's fixed text, and the inputs' own schema can
    // neither call functions (trusted_schema=OFF) nor change anything (they are read-only).
    Secure(m_db, false);
    // The cache is big because every row lands at a random place in the id indexes. Foreign keys
    // are checked by the inserts themselves (EXISTS on the sitting), not again.
    if (auto e = m_db.Exec("PRAGMA synchronous = OFF; PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY; "
                           "PRAGMA foreign_keys = OFF;"))
        return *e;
    if (auto e = Copy(from, m_db)) return "cannot copy " + out + " (" + *e + ")";
    if (auto e = SetJournal(m_db, "PRAGMA journal_mode = OFF", "off")) return e;
    // The copy is private: an exclusive lock, taken once.
    if (auto e = m_db.Exec("PRAGMA locking_mode = EXCLUSIVE")) return *e;

    // Drop the indexes the merge does not look rows up by, keeping their CREATE statements.
    Statement list;
    if (auto e = list.Prepare(m_db, kTableIndexes)) return *e;
    std::vector<std::string> names;
    StepResult r;
    while ((r = list.Step()) == StepResult::Row) {
        if (list.ColumnInt64(2)) {
            m_unique_names.push_back(list.ColumnText(0));
            m_unique.push_back(list.ColumnText(1));
        } else {
            names.push_back(list.ColumnText(0));
            m_indexes.push_back(list.ColumnText(1));
        }
    }
    if (r == StepResult::Error) return list.ErrorMessage();
    list = Statement();
    for (const std::string& name : names)
        if (auto e = DropIndex(name)) return e;
    return std::nullopt;
}

std::optional<std::string> Staging::DropUnique() {
    for (const std::string& name : m_unique_names)
        if (auto e = DropIndex(name)) return e;
    return std::nullopt;
}

std::optional<std::string> Staging::BuildUnique(bool& duplicate) {
    duplicate = false;
    for (const std::string& sql : m_unique) {
        int code = SQLITE_OK;
        if (auto e = RunSchemaStatement(sql, &code)) {
            duplicate = (code & 0xFF) == SQLITE_CONSTRAINT;
            return "cannot build an index (" + *e + ")";
        }
    }
    return std::nullopt;
}

std::optional<std::string> Staging::Finish() {
    for (const std::string& sql : m_indexes)
        if (auto e = RunSchemaStatement(sql)) return "cannot build an index (" + *e + ")";
    Database file;
    Database* final_db = &m_db;
    if (m_place == Place::Memory) {
        if (auto e = file.Open(m_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)) return *e;
        Secure(file, true);
        if (auto e = file.Exec("PRAGMA synchronous = OFF")) return *e;
        if (auto e = SetJournal(file, "PRAGMA journal_mode = MEMORY", "memory")) return e;
        if (auto e = Copy(m_db, file)) return e;
        m_db = Database();
        final_db = &file;
    }
    if (auto e = SetJournal(*final_db, "PRAGMA journal_mode = WAL", "wal")) return e;
    // Closing the only connection folds the (tiny) WAL back in and deletes it; then one fsync.
    if (auto e = final_db->Close()) return *e;
    std::error_code ec;
    if (fs::exists(m_path + "-wal", ec)) return std::string("its WAL was not folded back in");
    return SyncPath(m_path, false);
}

std::optional<std::string> Staging::Publish(const std::string& out) {
    // The new OUT keeps the old one's permissions (mkstemp made the copy private to its owner).
    std::error_code ec;
    fs::perms mode = fs::status(out, ec).permissions();
    if (!ec) fs::permissions(m_path, mode, ec);
    if (std::rename(m_path.c_str(), out.c_str()) != 0)
        return "cannot replace " + out + " (" + std::strerror(errno) + ")";
    m_path.clear();
    fs::path folder = fs::path(out).parent_path();
    SyncPath(folder.empty() ? "." : folder.string(), true);
    return std::nullopt;
}

void Staging::Secure(Database& db, bool defensive) {
    sqlite3_db_config(db.Handle(), SQLITE_DBCONFIG_DEFENSIVE, defensive ? 1 : 0, nullptr);
    sqlite3_db_config(db.Handle(), SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
    sqlite3_db_config(db.Handle(), SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
    // Reads of hostile inputs must not run functions from their schema (views, triggers, defaults).
    db.Exec("PRAGMA trusted_schema = OFF");
}

std::optional<std::string> Staging::Copy(Database& from, Database& to) {
    sqlite3_backup* backup = sqlite3_backup_init(to.Handle(), "main", from.Handle(), "main");
    if (!backup) return to.ErrorMessage();
    int rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) return std::string(sqlite3_errstr(rc));
    return std::nullopt;
}

std::optional<std::string> Staging::SetJournal(Database& db, const char* pragma, const char* expected) {
    Statement mode;
    if (auto e = mode.Prepare(db, pragma)) return *e;
    if (mode.Step() != StepResult::Row) return mode.ErrorMessage();
    if (mode.ColumnText(0) != expected) return "journal_mode stayed " + mode.ColumnText(0);
    return std::nullopt;
}

// DROP INDEX takes a name, which cannot be a bound parameter; it is quoted as an identifier, and it
// comes from OUT's own schema (a records DB this tool created, or opened and checked).
std::optional<std::string> Staging::DropIndex(const std::string& name) {
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += '"';
    return RunSchemaStatement("DROP INDEX main." + quoted);
}

std::optional<std::string> Staging::RunSchemaStatement(const std::string& sql, int* step_code) {
    sqlite3_stmt* st = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(m_db.Handle(), sql.c_str(), static_cast<int>(sql.size()), &st, &tail);
    if (rc != SQLITE_OK || !st) {
        sqlite3_finalize(st);
        return m_db.ErrorMessage();
    }
    if (tail && *tail) {
        sqlite3_finalize(st);
        return std::string("unexpected text after a schema statement");
    }
    rc = sqlite3_step(st);
    if (step_code) *step_code = rc;
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return m_db.ErrorMessage();
    return std::nullopt;
}

}  // namespace report
