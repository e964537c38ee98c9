// EnqueueNewRecords (enqueue.h). Rows come in chunks so a five-day backlog never sits in memory at once;
// each chunk is its own pair of transactions, and a chunk repeated after a kill adds nothing (the
// outbox keys statements by id).
#include "sync/enqueue.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <map>

#include "core/records/records_db.h"
#include "xapi/statements.h"

namespace kiosk::sync {

namespace {

constexpr std::int64_t kChunk = 2000;

// Ends the read transaction whatever happens.
struct ReadTransaction {
    core::Database& db;
    std::optional<std::string> error;
    explicit ReadTransaction(core::Database& d) : db(d) { error = db.Exec("BEGIN"); }
    ~ReadTransaction() {
        if (!error) db.Exec("COMMIT");
    }
};

}  // namespace

std::variant<core::Database, std::string> OpenRecordsReadOnly(const std::string& path) {
    // A FIFO or a device would block or mislead SQLite's open: only a plain file is a records DB.
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
        return path + ": not a records DB (not a plain file); point --records at the kiosk's records.db";
    core::Database db;
    if (auto e = db.Open(path, SQLITE_OPEN_READONLY)) return path + ": cannot open the records (" + *e + ")";
    sqlite3_busy_timeout(db.Handle(), 5000);
    core::Statement st;
    if (auto e = st.Prepare(db, "SELECT (SELECT application_id FROM pragma_application_id), "
                                "(SELECT user_version FROM pragma_user_version)"))
        return path + ": cannot read the records (" + *e + ")";
    if (st.Step() != core::StepResult::Row)
        return path + ": cannot read the records (" + st.ErrorMessage() + "); if it is damaged, the kiosk moves it "
                      "aside at its next start";
    const std::int64_t app = st.ColumnInt64(0), version = st.ColumnInt64(1);
    if (app != core::kRecordsApplicationId)
        return path + ": not a kiosk's records DB; point --records at the kiosk's records.db";
    if (version > core::kRecordsSchemaVersion)
        return path + ": records of schema " + std::to_string(version) + ", newer than this kiosk-sync reads (" +
               std::to_string(core::kRecordsSchemaVersion) + "); install the kiosk-sync that came with that kiosk";
    if (version < 2) return path + ": records of schema " + std::to_string(version) + "; start the kiosk once to bring them up to date";
    return db;
}

std::variant<EnqueueResult, std::string> EnqueueNewRecords(core::Database& records, const std::string& records_path,
                                                           SyncStore& store, IriBases& bases, const std::string& now) {
    EnqueueResult result;
    std::map<std::string, std::string> base_of_site;
    auto base_for = [&](const std::string& site) -> std::variant<std::string, std::string> {
        if (auto it = base_of_site.find(site); it != base_of_site.end()) return std::variant<std::string, std::string>(std::in_place_index<0>, it->second);
        auto base = bases.For(records, records_path, site);
        if (base.index() == 0) base_of_site[site] = std::get<0>(base);
        return base;
    };
    for (;;) {
        ReadTransaction read(records);
        if (read.error) return "cannot read the records (" + *read.error + ")";
        auto cursor = store.Cursor();
        if (auto* e = std::get_if<std::string>(&cursor)) return "cannot read the sync state (" + *e + ")";
        auto open = store.OpenSittings();
        if (auto* e = std::get_if<std::string>(&open)) return "cannot read the sync state (" + *e + ")";
        auto rows = xapi::ReadRecordsAfter(records, std::get<xapi::RowCursor>(cursor), kChunk);
        if (auto* e = std::get_if<std::string>(&rows)) return *e;
        auto& chunk = std::get<xapi::RowsAfter>(rows);

        std::map<std::string, xapi::SittingRow> sittings;
        for (const auto& s : chunk.records.sittings) sittings[s.id] = s;
        auto sitting = [&](const std::string& id) -> std::variant<const xapi::SittingRow*, std::string> {
            if (auto it = sittings.find(id); it != sittings.end()) return &it->second;
            auto row = xapi::ReadSitting(records, id);
            if (auto* e = std::get_if<std::string>(&row)) return *e;
            auto& found = std::get<std::optional<xapi::SittingRow>>(row);
            if (!found) return "an answer or completion names sitting " + id + ", which is not in the records";
            return &(sittings[id] = *found);
        };

        std::vector<NewStatement> out;
        std::vector<std::string> opened, closed;
        auto options_for = [&](const xapi::SittingRow& s) -> std::variant<xapi::MapOptions, std::string> {
            auto base = base_for(s.site_id);
            if (base.index() == 1) return std::get<1>(base);
            return xapi::MapOptions{std::get<0>(base), xapi::ActorKind::Pseudonymous};
        };
        std::vector<const xapi::SittingRow*> ended;
        for (const auto& s : chunk.records.sittings) {
            auto options = options_for(s);
            if (auto* e = std::get_if<std::string>(&options)) return *e;
            out.push_back({s.id, "record", xapi::SittingStartedStatement(s, std::get<xapi::MapOptions>(options))});
            if (s.ended_at) ended.push_back(&sittings[s.id]);
            else opened.push_back(s.id);
        }
        for (const std::string& id : std::get<std::vector<std::string>>(open)) {
            // Gone from the records: the kiosk's retention deleted it after it left on a USB stick
            // (core/records/records_retention.h). Its end can no longer be sent; stop waiting for it.
            if (!sittings.count(id)) {
                auto row = xapi::ReadSitting(records, id);
                if (auto* e = std::get_if<std::string>(&row)) return *e;
                if (!std::get<std::optional<xapi::SittingRow>>(row)) {
                    closed.push_back(id);
                    continue;
                }
            }
            auto s = sitting(id);
            if (auto* e = std::get_if<std::string>(&s)) return *e;
            if (std::get<const xapi::SittingRow*>(s)->ended_at) {
                ended.push_back(std::get<const xapi::SittingRow*>(s));
                closed.push_back(id);
            }
        }
        for (const auto& a : chunk.records.answers) {
            auto s = sitting(a.sitting_id);
            if (auto* e = std::get_if<std::string>(&s)) return *e;
            auto options = options_for(*std::get<const xapi::SittingRow*>(s));
            if (auto* e = std::get_if<std::string>(&options)) return *e;
            out.push_back({a.id, "record", xapi::AnswerStatement(a, *std::get<const xapi::SittingRow*>(s),
                                                                  std::get<xapi::MapOptions>(options))});
        }
        for (const auto& c : chunk.records.completions) {
            auto s = sitting(c.sitting_id);
            if (auto* e = std::get_if<std::string>(&s)) return *e;
            auto options = options_for(*std::get<const xapi::SittingRow*>(s));
            if (auto* e = std::get_if<std::string>(&options)) return *e;
            auto both = xapi::CompletionStatements(c, *std::get<const xapi::SittingRow*>(s), std::get<xapi::MapOptions>(options));
            out.push_back({c.id, "record", std::move(both[0])});
            out.push_back({xapi::ResultStatementId(c.id), "record", std::move(both[1])});
        }
        // Ends last, so a sitting's end follows its answers in the outbox, as it did on the kiosk.
        for (const xapi::SittingRow* s : ended) {
            auto options = options_for(*s);
            if (auto* e = std::get_if<std::string>(&options)) return *e;
            out.push_back({xapi::DerivedStatementId("sitting ended", s->id), "record",
                           xapi::SittingEndedStatement(*s, std::get<xapi::MapOptions>(options))});
        }
        std::int64_t read_rows = static_cast<std::int64_t>(chunk.records.sittings.size() + chunk.records.answers.size() +
                                                           chunk.records.completions.size());
        if (out.empty() && closed.empty() && chunk.next == std::get<xapi::RowCursor>(cursor)) break;
        if (auto e = store.Enqueue(out, chunk.next, opened, closed, now)) return "cannot store statements in the sync state (" + *e + ")";
        result.statements += static_cast<std::int64_t>(out.size());
        result.rows += read_rows;
        bool more = static_cast<std::int64_t>(chunk.records.sittings.size()) == kChunk ||
                    static_cast<std::int64_t>(chunk.records.answers.size()) == kChunk ||
                    static_cast<std::int64_t>(chunk.records.completions.size()) == kChunk;
        if (!more) break;
    }
    return result;
}

}  // namespace kiosk::sync
