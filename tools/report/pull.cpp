// Pull (pull.h): pages of GET statements?since=...&ascending=true, each mapped back to rows by the one
// shared mapping (kiosk/xapi/statements.h) and merged into OUT by id, all in one transaction.
//
// Why merge page by page instead of keeping every raw statement and rebuilding the tables from all of
// them: every statement of ours carries its whole sitting (kiosk, agency, pack, start...), and every row
// has an id of its own (an answer's and a completion's are their statements' ids; a sitting's is its
// start's registration). So one page on its own gives complete rows, and OUT's rows themselves are the
// memory of what was seen: a row already there identical is skipped, a sitting pulled while open gets its
// end when its "terminated"/"abandoned"/"exited" statement comes in a later pull, and a row that comes
// back different is a contradiction, reported and not overwritten (as kiosk-report merge does). OUT stays
// a plain records DB (no copy of a national LRS's statements beside the rows, which would be many times
// their size), memory stays one page, and a pull of nothing new writes nothing at all.
//
// Where the next pull starts: xAPI 1.0.3 (Communication 2.1.3) promises only that statements stored before
// the X-Experience-API-Consistent-Through time can all be read; ones stored later may still appear behind
// the page we are on. So the next `since` is the earlier of that time (the first page's: later pages' are
// later, but the pages before them were read earlier) and the newest `stored` read, less a second, since
// LRSs treat `since` as exclusive and a batch shares one `stored` time. What is read twice is the same
// rows by the same ids: nothing changes.
//
// [SECTION] Time stamps
// [SECTION] Merging rows into OUT
// [SECTION] Pull
#include "report/pull.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_set>
#include <variant>

#include "core/records/records_db.h"
#include "core/util/one_line.h"
#include "core/util/sqlite_db.h"
#include "core/util/utc_time.h"
#include "xapi/statements.h"

namespace report {

using kiosk::core::Database;
using kiosk::core::Statement;
using kiosk::core::StepResult;
namespace fs = std::filesystem;

// [SECTION] Time stamps

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void CivilFromDays(std::int64_t z, std::int64_t& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = yoe + era * 400 + (m <= 2);
}

bool Digits(std::string_view s, std::size_t at, std::size_t n, int& value) {
    if (at + n > s.size()) return false;
    value = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        value = value * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

std::optional<std::int64_t> ParseXapiTime(std::string_view s) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!Digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, month) || s[7] != '-' ||
        !Digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') || !Digits(s, 11, 2, hour) || s[13] != ':' ||
        !Digits(s, 14, 2, minute) || s[16] != ':' || !Digits(s, 17, 2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    std::size_t i = 19;
    std::int64_t micros = 0;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        int n = 0;
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++n)
            if (n < 6) micros = micros * 10 + (s[i] - '0');  // finer than a microsecond is dropped
        if (n == 0) return std::nullopt;
        for (; n < 6; ++n) micros *= 10;
    }
    std::int64_t offset_s = 0;  // no zone at all: read as UTC, as xAPI's own examples are
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
        ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        int sign = s[i] == '-' ? -1 : 1, oh = 0, om = 0;
        if (!Digits(s, i + 1, 2, oh)) return std::nullopt;
        i += 3;
        if (i < s.size() && s[i] == ':') ++i;
        if (i < s.size()) {
            if (!Digits(s, i, 2, om)) return std::nullopt;
            i += 2;
        }
        if (oh > 23 || om > 59) return std::nullopt;
        offset_s = sign * (oh * 3600 + om * 60);
    }
    if (i != s.size()) return std::nullopt;
    std::int64_t seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_s;
    return seconds * 1'000'000 + micros;
}

std::string FormatXapiTime(std::int64_t micros) {
    std::int64_t ms = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000);
    std::int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    std::int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    std::int64_t in_day = secs - days * 86400;
    std::int64_t year = 0;
    int month = 0, day = 0;
    CivilFromDays(days, year, month, day);
    char text[96];  // room for any int64 year, so the compiler can see nothing is cut
    std::snprintf(text, sizeof text, "%04lld-%02d-%02dT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(year), month,
                  day, static_cast<long long>(in_day / 3600), static_cast<long long>(in_day / 60 % 60),
                  static_cast<long long>(in_day % 60), static_cast<long long>(ms - secs * 1000));
    return text;
}

// [SECTION] Merging rows into OUT

namespace {

// Fixed SQL. A row goes in only if its id is new (ON CONFLICT names the UNIQUE id index, so a row that
// breaks a CHECK is still an error, reported, not silently dropped as INSERT OR IGNORE would); otherwise
// the same parameters ask whether the row there is the same one.
constexpr const char* kInsertSitting =
    "INSERT INTO sittings (id, kiosk_id, site_id, agency, region, partnership, role, language, staff_hash, pack_id, "
    "pack_version, pack_hash, started_at, ended_at, outcome) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) ON CONFLICT (id) DO NOTHING";
// The sitting as the statements describe it, whatever its end: its end (or NULLs) if so, no row if not.
constexpr const char* kSameSitting =
    "SELECT ended_at, outcome FROM sittings WHERE id = ?1 AND kiosk_id = ?2 AND site_id = ?3 AND agency = ?4 AND "
    "region = ?5 AND partnership = ?6 AND role = ?7 AND language = ?8 AND staff_hash IS ?9 AND pack_id = ?10 AND "
    "pack_version = ?11 AND pack_hash = ?12 AND started_at = ?13";
constexpr const char* kEndSitting = "UPDATE sittings SET ended_at = ?2, outcome = ?3 WHERE id = ?1 AND ended_at IS NULL";
constexpr const char* kInsertAnswer =
    "INSERT INTO answers (id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, answered_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING";
constexpr const char* kSameAnswer =
    "SELECT 1 FROM answers WHERE id = ?1 AND sitting_id = ?2 AND module_id = ?3 AND scene_id = ?4 AND "
    "question_type = ?5 AND chosen = ?6 AND correct = ?7 AND seconds = ?8 AND answered_at = ?9";
constexpr const char* kInsertCompletion =
    "INSERT INTO completions (id, sitting_id, module_id, points, points_possible, percent, passed, completion_code, "
    "end_scene, seconds, completed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO NOTHING";
constexpr const char* kSameCompletion =
    "SELECT 1 FROM completions WHERE id = ?1 AND sitting_id = ?2 AND module_id = ?3 AND points = ?4 AND "
    "points_possible = ?5 AND percent = ?6 AND passed = ?7 AND completion_code = ?8 AND end_scene = ?9 AND "
    "seconds = ?10 AND completed_at = ?11";

constexpr const char* kCreatePullTable = R"sql(
CREATE TABLE IF NOT EXISTS lrs_pull (
    endpoint  TEXT PRIMARY KEY NOT NULL,  -- the LRS's xAPI root as given to kiosk-report pull (never credentials)
    since     TEXT NOT NULL,              -- the next pull asks for statements stored after this ('' = all)
    pulled_at TEXT NOT NULL               -- when a pull last brought something new (UTC)
) STRICT;
)sql";
constexpr const char* kHasPullTable = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'lrs_pull'";
constexpr const char* kReadSince = "SELECT since FROM lrs_pull WHERE endpoint = ?1";
constexpr const char* kWriteSince =
    "INSERT INTO lrs_pull (endpoint, since, pulled_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (endpoint) DO UPDATE SET since = excluded.since, pulled_at = excluded.pulled_at";

// What one row's insert did.
enum class Put { Added, Same, Refused, Failed };

class Merger {
public:
    std::optional<std::string> Prepare(Database& db) {
        m_db = &db;
        std::optional<std::string> e = m_insertSitting.Prepare(db, kInsertSitting);
        if (!e) e = m_sameSitting.Prepare(db, kSameSitting);
        if (!e) e = m_endSitting.Prepare(db, kEndSitting);
        if (!e) e = m_insertAnswer.Prepare(db, kInsertAnswer);
        if (!e) e = m_sameAnswer.Prepare(db, kSameAnswer);
        if (!e) e = m_insertCompletion.Prepare(db, kInsertCompletion);
        if (!e) e = m_sameCompletion.Prepare(db, kSameCompletion);
        return e;
    }

    // Merges one page's rows (sittings first: answers and completions refer to them). An error only when
    // OUT cannot be read or written; rows that cannot go in are problems in `result`.
    std::optional<std::string> Add(const kiosk::xapi::Records& rows, PullResult& result) {
        for (const auto& s : rows.sittings)
            if (auto e = AddSitting(s, result)) return e;
        for (const auto& a : rows.answers) {
            auto bind = [&](Statement& st) {
                st.Bind(1, std::string_view(a.id)).Bind(2, std::string_view(a.sitting_id)).Bind(3, std::string_view(a.module_id));
                st.Bind(4, std::string_view(a.scene_id)).Bind(5, std::string_view(a.question_type));
                st.Bind(6, std::string_view(a.chosen)).Bind(7, a.correct ? 1 : 0).Bind(8, a.seconds);
                st.Bind(9, std::string_view(a.answered_at));
            };
            Put put = Insert(m_insertAnswer, m_sameAnswer, bind, "answer", a.id, result);
            if (put == Put::Failed) return m_error;
            result.answers_added += put == Put::Added;
        }
        for (const auto& c : rows.completions) {
            auto bind = [&](Statement& st) {
                st.Bind(1, std::string_view(c.id)).Bind(2, std::string_view(c.sitting_id)).Bind(3, std::string_view(c.module_id));
                st.Bind(4, c.points).Bind(5, c.points_possible).Bind(6, c.percent).Bind(7, c.passed ? 1 : 0);
                st.Bind(8, std::string_view(c.completion_code)).Bind(9, std::string_view(c.end_scene));
                st.Bind(10, c.seconds).Bind(11, std::string_view(c.completed_at));
            };
            Put put = Insert(m_insertCompletion, m_sameCompletion, bind, "completion", c.id, result);
            if (put == Put::Failed) return m_error;
            result.completions_added += put == Put::Added;
        }
        return std::nullopt;
    }

private:
    std::optional<std::string> AddSitting(const kiosk::xapi::SittingRow& s, PullResult& result) {
        auto bind = [&](Statement& st) {
            st.Bind(1, std::string_view(s.id)).Bind(2, std::string_view(s.kiosk_id)).Bind(3, std::string_view(s.site_id));
            st.Bind(4, std::string_view(s.agency)).Bind(5, std::string_view(s.region)).Bind(6, std::string_view(s.partnership));
            st.Bind(7, std::string_view(s.role)).Bind(8, std::string_view(s.language));
            if (s.staff_hash) st.Bind(9, std::string_view(*s.staff_hash));
            else st.Bind(9, nullptr);
            st.Bind(10, std::string_view(s.pack_id)).Bind(11, s.pack_version).Bind(12, std::string_view(s.pack_hash));
            st.Bind(13, std::string_view(s.started_at));
        };
        auto bind_insert = [&](Statement& st) {
            bind(st);
            if (s.ended_at && s.outcome) st.Bind(14, std::string_view(*s.ended_at)).Bind(15, std::string_view(*s.outcome));
        };
        // kSameSitting ignores the end: a sitting read again from its start statement (no end) is the same one.
        Put put = Insert(m_insertSitting, m_sameSitting, bind_insert, "sitting", s.id, result, bind);
        if (put == Put::Failed) return m_error;
        if (put == Put::Added) {
            ++result.sittings_added;
            m_addedNow.insert(s.id);
        }
        if (put != Put::Same || !s.ended_at || !s.outcome) return std::nullopt;
        // Insert left kSameSitting on the row there: its end, or NULLs while it is open.
        if (m_sameSitting.ColumnIsNull(0)) {  // open in OUT: it has ended since
            m_endSitting.Reset();
            m_endSitting.Bind(1, std::string_view(s.id)).Bind(2, std::string_view(*s.ended_at)).Bind(3, std::string_view(*s.outcome));
            if (m_endSitting.Step() == StepResult::Error) {
                if ((m_endSitting.ErrorCode() & 0xff) != SQLITE_CONSTRAINT)
                    return "cannot write the records (" + m_endSitting.ErrorMessage() + ")";
                result.problems.push_back("sitting " + kiosk::core::Quoted(s.id) + ": its end is not one a records DB takes (" +
                                          m_endSitting.ErrorMessage() + "); left open");
            } else {
                // A sitting new in this pull whose end came on a later page is simply new, not "ended since".
                if (sqlite3_changes(m_db->Handle()) > 0 && !m_addedNow.count(s.id)) ++result.sittings_ended;
            }
        } else if (m_sameSitting.ColumnText(0) != *s.ended_at || m_sameSitting.ColumnText(1) != *s.outcome) {
            result.problems.push_back("sitting " + kiosk::core::Quoted(s.id) + " ended two different ways; kept the first (" +
                                      kiosk::core::Quoted(m_sameSitting.ColumnText(1)) + " at " +
                                      kiosk::core::Quoted(m_sameSitting.ColumnText(0)) + ")");
        }
        return std::nullopt;
    }

    // Inserts one row if its id is new; otherwise checks, with `bind_same` (default: the same binding),
    // that the row there is this one; on Same, `same` is left on that row.
    template <typename Bind, typename BindSame>
    Put Insert(Statement& insert, Statement& same, const Bind& bind, const char* what, const std::string& id,
               PullResult& result, const BindSame& bind_same) {
        insert.Reset();
        bind(insert);
        if (insert.Step() == StepResult::Error) {
            if ((insert.ErrorCode() & 0xff) != SQLITE_CONSTRAINT) {
                m_error = "cannot write the records (" + insert.ErrorMessage() + ")";
                return Put::Failed;
            }
            // A CHECK or a missing sitting: statements no kiosk of ours could have made.
            result.problems.push_back(std::string(what) + " " + kiosk::core::Quoted(id) + " is not a row a records DB takes (" +
                                      insert.ErrorMessage() + "); left out");
            return Put::Refused;
        }
        if (sqlite3_changes(m_db->Handle()) > 0) return Put::Added;
        same.Reset();
        bind_same(same);
        StepResult step = same.Step();
        if (step == StepResult::Error) {
            m_error = "cannot read the records (" + same.ErrorMessage() + ")";
            return Put::Failed;
        }
        if (step == StepResult::Done) {
            result.problems.push_back(std::string(what) + " " + kiosk::core::Quoted(id) +
                                      " is already in the records with other content; kept that");
            return Put::Refused;
        }
        return Put::Same;
    }
    template <typename Bind>
    Put Insert(Statement& insert, Statement& same, const Bind& bind, const char* what, const std::string& id, PullResult& result) {
        return Insert(insert, same, bind, what, id, result, bind);
    }

    Database* m_db = nullptr;
    std::unordered_set<std::string> m_addedNow;  // sittings this pull added
    Statement m_insertSitting, m_sameSitting, m_endSitting, m_insertAnswer, m_sameAnswer, m_insertCompletion, m_sameCompletion;
    std::string m_error;
};

// [SECTION] Pull

// Re-read this much before the point the last pull reached (see the top of the file).
constexpr std::int64_t kOverlapMicros = 1'000'000;

// A query value, percent-encoded (a time's '+' would otherwise arrive as a space).
std::string Escape(const std::string& value) {
    std::string out;
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

// "https://lrs.example.org:8443" of a URL ("" if it has no scheme).
std::string Origin(const std::string& url) {
    std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) return "";
    return url.substr(0, url.find('/', scheme + 3));
}

std::optional<std::string> ReadSince(Database& db, const std::string& endpoint, std::string& since) {
    Statement has;
    if (auto e = has.Prepare(db, kHasPullTable)) return e;
    StepResult step = has.Step();
    if (step == StepResult::Error) return has.ErrorMessage();
    if (step == StepResult::Done) return std::nullopt;  // never pulled into: from the start
    Statement read;
    if (auto e = read.Prepare(db, kReadSince)) return e;
    read.Bind(1, std::string_view(endpoint));
    step = read.Step();
    if (step == StepResult::Error) return read.ErrorMessage();
    if (step == StepResult::Row) since = read.ColumnText(0);
    return std::nullopt;
}

// Reads every page since the last pull into the open transaction. An error message (the caller rolls back).
std::optional<std::string> ReadPages(Database& db, const std::string& endpoint, const PullOptions& options,
                                     const FetchStatements& fetch, const Progress& progress, PullResult& result) {
    using nlohmann::json;
    Merger merger;
    if (auto e = merger.Prepare(db)) return "cannot write the records (" + *e + ")";
    const std::string where = "the LRS at " + kiosk::core::OneLine(endpoint, 160);
    std::string path = "statements?ascending=true&limit=" + std::to_string(std::max(1, options.page_limit));
    if (!result.since_before.empty()) path += "&since=" + Escape(result.since_before);
    std::optional<std::int64_t> consistent, newest;
    std::unordered_set<std::string> seen;
    while (!path.empty()) {
        if (progress)
            progress("reading page " + std::to_string(result.pages + 1) + " (" + std::to_string(result.statements) +
                     " statements so far)");
        kiosk::lrs::Response r = fetch(path);
        if (r.status == 0) return "cannot reach " + where + " (" + kiosk::core::OneLine(r.error, 200) + ")";
        if (r.status != 200) {
            result.http_status = r.status;
            if (r.status == 401 || r.status == 403)
                return where + " refused the credentials (HTTP " + std::to_string(r.status) + ")";
            std::string said = kiosk::core::OneLine(r.body, 160);
            return where + " answered HTTP " + std::to_string(r.status) + " to a request for statements" +
                   (said.empty() ? "" : " (" + said + ")") +
                   (r.status == 404 ? "; is that the LRS's xAPI address? it often ends in /xAPI or /data/xAPI" : "");
        }
        json page = json::parse(r.body, nullptr, false);
        if (page.is_discarded() || !page.is_object() || !page.contains("statements") || !page["statements"].is_array())
            return where + " answered with something other than a page of xAPI statements (" +
                   kiosk::core::Quoted(r.body, 60) + ")";
        ++result.pages;
        // The first page's time is the one that holds for every page (see the top of the file).
        if (r.consistent_through && !consistent) consistent = ParseXapiTime(*r.consistent_through);
        std::vector<std::string> texts;
        std::optional<std::int64_t> page_newest;
        for (const json& statement : page["statements"]) {
            auto id = statement.is_object() ? statement.find("id") : statement.end();
            if (!statement.is_object() || id == statement.end() || !id->is_string()) {
                ++result.others;  // not a statement we could have made
                continue;
            }
            if (!seen.insert(id->get<std::string>()).second) continue;  // on an earlier page of this pull
            ++result.statements;
            auto stored = statement.find("stored");
            if (stored != statement.end() && stored->is_string())
                if (auto t = ParseXapiTime(stored->get<std::string>())) page_newest = std::max(page_newest.value_or(*t), *t);
            texts.push_back(statement.dump());
        }
        kiosk::xapi::Rebuilt rows = kiosk::xapi::RecordsFromStatements(texts);
        result.ours += rows.ours;
        result.others += rows.others;
        result.problems.insert(result.problems.end(), rows.problems.begin(), rows.problems.end());
        if (auto e = merger.Add(rows.records, result)) return e;
        if (page_newest) newest = std::max(newest.value_or(*page_newest), *page_newest);

        std::string more = page.contains("more") && page["more"].is_string() ? page["more"].get<std::string>() : "";
        if (page["statements"].empty() || more.empty()) break;
        if (consistent && page_newest && *page_newest > *consistent) {
            result.stopped_at_consistent = true;  // the rest may not be complete yet: read it next time
            break;
        }
        // `more` is relative to the server; a full URL is followed only to the same server, so the
        // credentials never go anywhere else.
        if (more.rfind("http://", 0) == 0 || more.rfind("https://", 0) == 0) {
            std::string origin = Origin(more);
            if (origin != Origin(endpoint))
                return where + " sent a link to more statements on another server (" + kiosk::core::Quoted(origin) +
                       "); not followed";
            more = more.substr(origin.size());
        }
        if (more == path) return where + " sent the same page again as the next one";
        path = more;
    }
    result.since_after = result.since_before;
    if (newest) {
        std::int64_t point = consistent ? std::min(*consistent, *newest) : *newest;
        result.since_after = FormatXapiTime(point - kOverlapMicros);
    }
    return std::nullopt;
}

}  // namespace

PullResult Pull(const std::string& out, const PullOptions& options, const FetchStatements& fetch, const Progress& progress) {
    PullResult result;
    std::string endpoint = options.endpoint;
    while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
    std::error_code ec;
    const bool existed = fs::exists(out, ec);
    {
        // OUT goes through the kiosk's own open, as kiosk-report merge's does: schema, migrations, checks,
        // and the lock that keeps a kiosk or a second pull or merge from writing it meanwhile.
        kiosk::core::OpenReport report;
        auto opened = kiosk::core::RecordsDb::Open(out, report);
        if (auto* e = std::get_if<std::string>(&opened)) {
            result.error = *e;
            return result;
        }
        auto& records = std::get<kiosk::core::RecordsDb>(opened);
        if (!report.quarantined_to.empty()) {
            result.error = out + ": was damaged and has been moved to " + report.quarantined_to + "; nothing pulled";
            return result;
        }
        Database& db = records.Connection();
        auto fail = [&](const std::string& message) {
            result.error = message;
            db.Exec("ROLLBACK");
        };
        if (auto e = ReadSince(db, endpoint, result.since_before)) {
            result.error = out + ": cannot read where the last pull got to (" + *e + ")";
        } else if (auto b = db.Exec("BEGIN IMMEDIATE")) {
            result.error = out + ": cannot start writing (" + *b + ")";
        } else if (auto t = db.Exec(kCreatePullTable)) {
            fail(out + ": cannot write the records (" + *t + ")");
        } else if (auto p = ReadPages(db, endpoint, options, fetch, progress, result)) {
            fail(*p);
        } else {
            result.changed = result.sittings_added + result.answers_added + result.completions_added +
                                 result.sittings_ended > 0 || result.since_after != result.since_before;
            if (!result.changed) {
                db.Exec("ROLLBACK");  // nothing new: not even the lrs_pull table is left behind
            } else {
                Statement write;
                std::optional<std::string> e = write.Prepare(db, kWriteSince);
                if (!e) {
                    write.Bind(1, std::string_view(endpoint)).Bind(2, std::string_view(result.since_after));
                    write.Bind(3, std::string_view(kiosk::core::Iso8601Utc(std::time(nullptr))));
                    if (write.Step() == StepResult::Error) e = write.ErrorMessage();
                }
                if (!e) e = db.Exec("COMMIT");
                if (e) fail(out + ": cannot write the records (" + *e + ")");
            }
        }
        if (result.error.empty()) {
            kiosk::core::RowCounts counts = records.Counts();
            result.sittings = counts.sittings;
            result.answers = counts.answers;
            result.completions = counts.completions;
        }
    }
    // A pull that failed into a file it created leaves no file behind (the lock file is closed by now).
    if (!result.error.empty() && !existed)
        for (const char* suffix : {"", "-wal", "-shm", "-journal", ".lock"}) fs::remove(out + suffix, ec);
    return result;
}

}  // namespace report
