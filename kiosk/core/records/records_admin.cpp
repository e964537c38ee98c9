// RecordsDb's admin side (records_db.h): closing sittings a stop cut off, row counts and the last
// sittings for the admin screen, and the export of a consistent copy of the DB, synced to disk (a USB stick).
#include "core/records/records_db.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/records/records_internal.h"
#include "core/util/sqlite_db.h"

namespace kiosk::core {

namespace fs = std::filesystem;

using records_detail::Exists;
using records_detail::OutcomeFromText;
using records_detail::QueryScalar;
using records_detail::Scalar;

namespace {

// SQLite takes "file:..." as a URI (Debian builds with SQLITE_USE_URI), also in VACUUM INTO.
std::string NotUri(const std::string& path) { return path.rfind("file:", 0) == 0 ? "./" + path : path; }

// fsync a file and its folder, so an export on a USB stick is really there before "exported" is shown.
std::optional<std::string> SyncFileAndFolder(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::string(std::strerror(errno));
    int rc = ::fsync(fd);
    int error = errno;
    ::close(fd);
    if (rc != 0) return std::string(std::strerror(error));
    fs::path parent = fs::path(path).parent_path();
    int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);  // some file systems refuse this; the file itself is synced
        ::close(dir);
    }
    return std::nullopt;
}

}  // namespace

std::variant<std::int64_t, std::string> RecordsDb::CloseInterruptedSittings() {
    if (!m_db.IsOpen()) return std::string("the records file is not open");
    // ISO 8601 UTC text in one format sorts as time does, so max() of the texts is the latest moment.
    Statement close;
    if (auto e = close.Prepare(m_db,
                               "UPDATE sittings SET outcome = 'abandoned', ended_at = max(started_at, "
                               "coalesce((SELECT max(answered_at) FROM answers a WHERE a.sitting_id = sittings.id), started_at), "
                               "coalesce((SELECT max(completed_at) FROM completions c WHERE c.sitting_id = sittings.id), "
                               "started_at)) WHERE ended_at IS NULL"))
        return PlainWriteError(m_db.ErrorCode(), *e);
    if (close.Step() != StepResult::Done) return PlainWriteError(close.ErrorCode(), close.ErrorMessage());
    return static_cast<std::int64_t>(sqlite3_changes64(m_db.Handle()));
}

RowCounts RecordsDb::Counts() {
    RowCounts counts;
    if (!m_db.IsOpen()) return counts;
    auto count = [&](std::string_view sql) {
        Scalar r = QueryScalar(m_db, sql);
        return r.error ? 0 : r.number;
    };
    counts.sittings = count("SELECT count(*) FROM sittings");
    counts.answers = count("SELECT count(*) FROM answers");
    counts.completions = count("SELECT count(*) FROM completions");
    return counts;
}

std::vector<SittingSummary> RecordsDb::LastSittings(int n) {
    std::vector<SittingSummary> sittings;
    if (n <= 0 || !m_db.IsOpen()) return sittings;
    Statement statement;
    if (statement.Prepare(m_db,
                          "SELECT id, role, started_at, outcome FROM sittings "
                          "ORDER BY started_at DESC, rowid DESC LIMIT ?1"))
        return sittings;
    statement.Bind(1, n);
    while (statement.Step() == StepResult::Row) {
        SittingSummary s;
        s.id = statement.ColumnText(0);
        s.role = statement.ColumnText(1);
        s.started_at = statement.ColumnText(2);
        if (!statement.ColumnIsNull(3)) s.outcome = OutcomeFromText(statement.ColumnText(3));
        sittings.push_back(std::move(s));
    }
    return sittings;
}

std::optional<std::string> RecordsDb::ExportTo(const std::string& path) {
    if (!m_db.IsOpen()) return std::string("the records file is not open");
    if (path.empty()) return std::string("no export file name given");
    if (Exists(path)) return path + " already exists; choose a new name (an export never overwrites a file)";
    // VACUUM INTO takes its file name as an expression, so it can be a bound parameter. It refuses a
    // file that appeared since the check above, and it reads one consistent snapshot of the DB.
    Statement vacuum;
    if (auto e = vacuum.Prepare(m_db, "VACUUM INTO ?1")) return "cannot export the records (" + *e + ")";
    vacuum.Bind(1, NotUri(path));
    if (vacuum.Step() != StepResult::Done) {
        int code = vacuum.ErrorCode() & 0xFF;
        if (code == SQLITE_FULL) return path + ": the disk is full";
        if (code == SQLITE_CANTOPEN) return path + ": cannot create the export file (is the folder there?)";
        return path + ": cannot export the records (" + vacuum.ErrorMessage() + ")";
    }
    {
        // Resume points are the kiosk's working state, not records: the copy leaves with none, their bytes
        // overwritten (secure_delete; a VACUUM would need the copy's size again in free space).
        Database copy;
        std::optional<std::string> e = copy.Open(path, SQLITE_OPEN_READWRITE);
        if (!e) e = copy.Exec("PRAGMA secure_delete = ON; DELETE FROM resume_points");
        if (e) {
            copy.Close();
            std::error_code ignored;
            std::filesystem::remove(path, ignored);  // a half-finished export is no export
            return path + ": cannot finish the export (" + *e + ")";
        }
    }
    if (auto e = SyncFileAndFolder(path)) return path + ": the export may not be complete on disk (" + *e + ")";
    return std::nullopt;
}

std::int64_t RecordsDb::LatestTimeS() {
    if (!m_db.IsOpen()) return 0;
    // Each max() is an index lookup or a small table: cheap at start-up whatever the file's size.
    Scalar latest = QueryScalar(m_db,
                                "SELECT max(coalesce((SELECT CAST(strftime('%s', max(started_at)) AS INTEGER) FROM sittings), 0), "
                                "coalesce((SELECT max(at_s) FROM admin_events), 0), "
                                "coalesce((SELECT CAST(strftime('%s', max(installed_at)) AS INTEGER) FROM pack_installs), 0))");
    return latest.error ? 0 : latest.number;
}

}  // namespace kiosk::core
