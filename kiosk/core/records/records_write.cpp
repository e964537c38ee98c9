// RecordsDb::Write (records_db.h): session events in one transaction, retried harmlessly, with the
// chosen options as JSON; and the plain messages a learner or admin sees when a write fails.
#include "core/records/records_db.h"

#include <sqlite3.h>

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/pack/pack_data.h"
#include "core/records/records_internal.h"
#include "core/util/sqlite_db.h"
#include "core/util/statement_cache.h"

namespace kiosk::core {

using records_detail::OutcomeText;

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not one (overlong forms, surrogates and
// code points past U+10FFFF are invalid too).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code = lead & 0x07u;
    } else {
        return 0;
    }
    if (i + length > s.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
        code = code << 6 | (byte(i + k) & 0x3Fu);
    }
    if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return length;
}

// A JSON string literal for `s`. Invalid UTF-8 becomes U+FFFD: JSON must be UTF-8, and the reports
// tool's parser rejects a whole document over one bad byte.
void AppendJsonString(std::string& out, std::string_view s) {
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                    out += escaped;
                } else if (c >= 0x80) {
                    std::size_t length = Utf8SequenceLength(s, i);
                    if (length == 0) {
                        out += "\\ufffd";
                        ++i;
                    } else {
                        out.append(s.substr(i, length));
                        i += length;
                    }
                    continue;
                } else {
                    out += static_cast<char>(c);
                }
        }
        ++i;
    }
    out += '"';
}

std::string JsonStringArray(const std::vector<std::string>& items) {
    std::string json = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) json += ',';
        AppendJsonString(json, items[i]);
    }
    json += ']';
    return json;
}

}  // namespace

namespace records_detail {
void AppendJson(std::string& out, std::string_view text) { AppendJsonString(out, text); }
}  // namespace records_detail

std::string PlainWriteError(int sqlite_code, std::string_view detail) {
    std::string suffix = detail.empty() ? std::string() : " (" + std::string(detail) + ")";
    switch (sqlite_code & 0xFF) {
        case SQLITE_FULL: return "the disk is full";
        case SQLITE_IOERR: return "the records file could not be written (disk I/O error)";
        case SQLITE_READONLY: return "the records file is read-only" + suffix;
        case SQLITE_CANTOPEN: return "the records file could not be opened" + suffix;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return "the records file is damaged" + suffix;
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return "the records file is busy (another program is using it)";
        case SQLITE_NOMEM: return "the kiosk ran out of memory";
        case SQLITE_CONSTRAINT: return "a record was refused by the database" + suffix;
        default: return "the records could not be saved" + suffix;
    }
}

std::optional<std::string> RecordsDb::Write(const std::vector<RecordEvent>& events, const RecordContext& context) {
    if (events.empty()) return std::nullopt;
    if (!m_db.IsOpen()) return std::string("the records file is not open");

    // Every statement here is compiled once per connection (StatementCache): compiling them on each
    // answer cost about a sixth of a durable write (tools/bench/durable-write).
    auto statement_for = [&](const char* sql) -> std::variant<Statement*, std::pair<int, std::string>> {
        return m_statements.Get(m_db, sql);
    };
    {
        auto begin = statement_for("BEGIN IMMEDIATE");
        if (auto* failed = std::get_if<std::pair<int, std::string>>(&begin))
            return PlainWriteError(failed->first, failed->second);
        Statement& run = *std::get<Statement*>(begin);
        if (run.Step() != StepResult::Done) return PlainWriteError(run.ErrorCode(), run.ErrorMessage());
        run.Reset();
    }
    // Everything below either reaches COMMIT OK or ends here, rolled back. SQLite rolls back by itself
    // after some errors (a full disk, an I/O error), hence the autocommit check.
    auto fail = [&](int code, const std::string& message) -> std::optional<std::string> {
        m_statements.ResetAll();  // none may be left mid-step while the transaction rolls back
        if (!sqlite3_get_autocommit(m_db.Handle())) m_db.Exec("ROLLBACK");
        return PlainWriteError(code, message);
    };

    // ON CONFLICT DO NOTHING makes a retry harmless: a batch whose COMMIT reported an error but reached
    // the disk is written again on the next try and adds nothing.
    static constexpr const char* kSitting =
        "INSERT INTO sittings (id, kiosk_id, site_id, agency, region, role, language, staff_hash, pack_id, "
        "pack_version, pack_hash, started_at, partnership) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT (id) DO NOTHING";
    static constexpr const char* kAnswer =
        "INSERT INTO answers (id, sitting_id, module_id, scene_id, question_type, chosen, correct, seconds, "
        "answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING";
    static constexpr const char* kCompletion =
        "INSERT INTO completions (id, sitting_id, module_id, points, points_possible, percent, passed, "
        "completion_code, end_scene, seconds, completed_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO NOTHING";
    // A sitting ends once: the first outcome stands, and a retry changes nothing. Ending a sitting
    // that has no row updates nothing rather than failing: an error here would block every later
    // record in the retry queue behind one that can never be written.
    static constexpr const char* kEnding =
        "UPDATE sittings SET ended_at = ?2, outcome = ?3 WHERE id = ?1 AND ended_at IS NULL";

    for (const RecordEvent& event : events) {
        if (event.kind == RecordEvent::Kind::Progress || event.kind == RecordEvent::Kind::ProgressCleared) {
            if (auto e = records_detail::WriteResumeEvent(m_db, m_statements, event)) return fail(e->first, e->second);
            continue;
        }
        const char* sql = event.kind == RecordEvent::Kind::SittingStarted ? kSitting
                          : event.kind == RecordEvent::Kind::Answer         ? kAnswer
                          : event.kind == RecordEvent::Kind::ModuleFinished ? kCompletion
                                                                            : kEnding;
        auto got = statement_for(sql);
        if (auto* failed = std::get_if<std::pair<int, std::string>>(&got)) return fail(failed->first, failed->second);
        Statement& statement = *std::get<Statement*>(got);
        switch (event.kind) {
            case RecordEvent::Kind::SittingStarted:
                statement.Bind(1, event.sitting_id)
                    .Bind(2, context.kiosk_id)
                    .Bind(3, context.site_id)
                    .Bind(4, context.agency)
                    .Bind(5, context.region)
                    .Bind(6, event.role)
                    .Bind(7, event.language);
                if (event.staff_hash.empty())
                    statement.Bind(8, nullptr);
                else
                    statement.Bind(8, event.staff_hash);
                statement.Bind(9, context.pack_id)
                    .Bind(10, context.pack_version)
                    .Bind(11, context.pack_hash)
                    .Bind(12, event.wall_time)
                    .Bind(13, context.partnership);
                break;
            case RecordEvent::Kind::Answer: {
                assert(event.answer && "an Answer event carries its AnswerRecord");
                if (!event.answer) return fail(SQLITE_MISUSE, "an answer event without its answer");
                const AnswerRecord& a = *event.answer;
                statement.Bind(1, a.id)
                    .Bind(2, event.sitting_id)
                    .Bind(3, a.module_id)
                    .Bind(4, a.scene_id)
                    .Bind(5, std::string_view(a.question == QuestionType::None ? "choice" : ToString(a.question)))
                    .Bind(6, JsonStringArray(a.chosen))
                    .Bind(7, a.correct)
                    .Bind(8, a.seconds)
                    .Bind(9, event.wall_time);
                break;
            }
            case RecordEvent::Kind::ModuleFinished: {
                assert(event.result && "a ModuleFinished event carries its ModuleResult");
                if (!event.result) return fail(SQLITE_MISUSE, "a module result event without its result");
                const ModuleResult& r = *event.result;
                statement.Bind(1, r.id)
                    .Bind(2, event.sitting_id)
                    .Bind(3, r.module_id)
                    .Bind(4, r.points)
                    .Bind(5, r.points_possible)
                    .Bind(6, r.percent)
                    .Bind(7, r.passed)
                    .Bind(8, r.completion_code)
                    .Bind(9, r.end_scene)
                    .Bind(10, r.seconds)
                    .Bind(11, event.wall_time);
                break;
            }
            case RecordEvent::Kind::SittingEnded:
                statement.Bind(1, event.sitting_id)
                    .Bind(2, event.wall_time)
                    .Bind(3, std::string_view(OutcomeText(event.outcome)));
                break;
            case RecordEvent::Kind::Progress:
            case RecordEvent::Kind::ProgressCleared: break;  // written above
        }
        if (statement.Step() != StepResult::Done) return fail(statement.ErrorCode(), statement.ErrorMessage());
        statement.Reset();
    }

    // "Saved" means exactly this: COMMIT returned OK (with synchronous=FULL the WAL is on disk).
    auto commit = statement_for("COMMIT");
    if (auto* failed = std::get_if<std::pair<int, std::string>>(&commit)) return fail(failed->first, failed->second);
    Statement& run = *std::get<Statement*>(commit);
    if (run.Step() != StepResult::Done) return fail(run.ErrorCode(), run.ErrorMessage());
    run.Reset();
    return std::nullopt;
}

}  // namespace kiosk::core
