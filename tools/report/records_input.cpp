// AttachRecords (records_input.h): the checks that name a bad input before SQLite reads it, the
// immutable attach, and the private copy of a DB that still has a WAL.
#include "report/records_input.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/util/one_line.h"
#include "core/util/sqlite_header.h"
#include "core/pack/pack_data.h"
#include "core/records/records_db.h"

namespace report {

namespace fs = std::filesystem;
using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;

namespace {

// The SQLite file header says how big the file must be; a copy cut short by a full USB stick or an
// interrupted download is named as truncated here rather than as a vague "malformed" later.
std::optional<std::string> CheckHeader(const std::string& path) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return path + ": no such file";
    if (!fs::is_regular_file(status)) return path + ": not a file";
    std::uintmax_t size = fs::file_size(path, ec);
    if (ec) return path + ": cannot read (" + ec.message() + ")";
    std::string header(kiosk::core::kSqliteHeaderBytes, '\0');
    std::ifstream in(path, std::ios::binary);
    if (!in) return path + ": cannot open for reading";
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    header.resize(static_cast<std::size_t>(in.gcount()));
    if (size == 0) return path + ": the file is empty, not a records database";
    kiosk::core::SqliteHeader h = kiosk::core::ParseSqliteHeader(header);
    if (!h.magic || header.size() < 16) return path + ": not an SQLite database (so not a kiosk records file)";
    if (!h.complete) return path + ": truncated (" + std::to_string(size) + " bytes, shorter than an SQLite header)";
    if (h.claimed_bytes > size)
        return path + ": truncated (" + std::to_string(size) + " of " + std::to_string(h.claimed_bytes) +
               " bytes); copy the export again";
    return std::nullopt;
}

std::int64_t Scalar(Database& db, const char* sql, std::string& error) {
    Statement st;
    if (auto e = st.Prepare(db, sql)) {
        error = *e;
        return 0;
    }
    StepResult r = st.Step();
    if (r == StepResult::Error) error = st.ErrorMessage();
    return r == StepResult::Row ? st.ColumnInt64(0) : 0;
}

std::optional<std::string> CopyFile(const std::string& from, const std::string& to) {
    std::error_code ec;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) return "cannot copy " + from + " (" + ec.message() + ")";
    return std::nullopt;
}

}  // namespace

std::string FileUri(const std::string& path, const std::string& query) {
    std::string uri = "file:";
    for (unsigned char c : path) {
        if (std::isalnum(c) || std::strchr("/._~-", c)) {
            uri += static_cast<char>(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            uri += escaped;
        }
    }
    return query.empty() ? uri : uri + "?" + query;
}

void DetachRecords(Database& db) { db.Exec("DETACH DATABASE src"); }

std::optional<std::string> AttachChecked(Database& db, const RecordsInput& input) {
    Statement attach;
    if (auto e = attach.Prepare(db, "ATTACH DATABASE ?1 AS src")) return input.path + ": cannot attach (" + *e + ")";
    attach.Bind(1, std::string_view(input.uri));
    if (attach.Step() != StepResult::Done) return input.path + ": cannot open (SQLite: " + attach.ErrorMessage() + ")";
    return std::nullopt;
}

std::variant<RecordsInput, std::string> AttachRecords(Database& db, const std::string& path, ScratchDir& scratch,
                                                      bool deep_check) {
    if (auto e = CheckHeader(path)) return *e;
    RecordsInput input{path, 0, false, {}};

    std::error_code ec;
    std::string absolute = fs::absolute(path, ec).string();
    if (ec) return path + ": " + ec.message();
    std::string uri = FileUri(absolute, "mode=ro&immutable=1");
    std::string wal = path + "-wal";
    if (fs::exists(wal, ec) && fs::file_size(wal, ec) > 0) {
        std::string copy = scratch.UniqueFile("input");
        if (auto e = CopyFile(path, copy)) return path + ": " + *e;
        if (auto e = CopyFile(wal, copy + "-wal")) return path + ": " + *e;
        uri = FileUri(copy, "");
        input.copied = true;
    }

    // ATTACH takes its file name as an expression, so even the URI is a bound parameter.
    Statement attach;
    if (auto e = attach.Prepare(db, "ATTACH DATABASE ?1 AS src")) return path + ": cannot attach (" + *e + ")";
    attach.Bind(1, std::string_view(uri));
    if (attach.Step() != StepResult::Done) return path + ": cannot open (SQLite: " + attach.ErrorMessage() + ")";
    attach = Statement();
    input.uri = uri;

    auto fail = [&](const std::string& message) -> std::variant<RecordsInput, std::string> {
        DetachRecords(db);
        return path + ": " + message;
    };
    std::string error;
    std::int64_t application_id = Scalar(db, "PRAGMA src.application_id", error);
    std::int64_t version = Scalar(db, "PRAGMA src.user_version", error);
    if (!error.empty()) return fail("cannot read it (SQLite: " + error + ")");
    if (application_id == kiosk::core::kPackApplicationId) return fail("this is a content pack, not a records database");
    if (application_id != kiosk::core::kRecordsApplicationId) return fail("not a kiosk records database");
    if (version > kiosk::core::kRecordsSchemaVersion)
        return fail("records schema " + std::to_string(version) + " is newer than this tool reads (" +
                    std::to_string(kiosk::core::kRecordsSchemaVersion) + "); update kiosk-report");
    if (version < 1) return fail("a records database with no schema");
    input.schema_version = static_cast<int>(version);
    // Tables, not views or anything else a hostile file might put under these names.
    std::int64_t tables = Scalar(db,
                                 "SELECT count(*) FROM src.sqlite_schema WHERE type = 'table' AND name IN "
                                 "('sittings', 'answers', 'completions')",
                                 error);
    if (!error.empty()) return fail("damaged (SQLite: " + error + ")");
    if (tables != 3) return fail("a table of the records schema is missing");
    if (deep_check) {
        Statement check;
        if (auto e = check.Prepare(db, "PRAGMA src.quick_check")) return fail("cannot check it (" + *e + ")");
        StepResult r = check.Step();
        std::string first = r == StepResult::Row ? check.ColumnText(0) : check.ErrorMessage();
        // quick_check lists several problems in one multi-line row; a refusal is one line (found by
        // fuzzing: tests/fuzz/crashers/records_merge/), so they are joined with "; " and cut short.
        for (std::size_t at = first.find('\n'); at != std::string::npos; at = first.find('\n', at))
            first.replace(at, 1, "; ");
        first = kiosk::core::OneLine(first);
        if (first != "ok") {
            check = Statement();
            return fail("damaged (quick_check: " + first + ")");
        }
    }
    return input;
}

}  // namespace report
