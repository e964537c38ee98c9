// The one mapping between the kiosk's records and xAPI 1.0.3 statements, in both directions, shared by
// kiosk-report xapi, kiosk-sync (which sends what it maps) and kiosk-report pull (which maps back).
// Lossless: every column of every row travels (in standard fields where xAPI has one, and in context
// extensions under the partnership's own IRI base), so records -> statements -> records is the identity.
//
//   a sitting        -> "initialized" at its start (id: the sitting's id), and once it has ended
//                       "terminated" (completed), "exited" (left) or cmi5's "abandoned", id derived
//   an answer        -> "answered" (id: the answer's id)
//   a completion     -> "completed" (id: the completion's id) and "passed"/"failed" (id derived)
//
// The JSON text is deterministic (keys sorted, no spaces): the same row always gives the same bytes, which
// is what lets a sender store them once and resend only those bytes (an LRS answers 409 to a resend that
// differs in any byte that matters).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "xapi/records_rows.h"

namespace kiosk::xapi {

enum class ActorKind {
    Pseudonymous,  // the staff-number HMAC as the account name when the sitting has one ("staff-<hmac>"),
                   // else the sitting ("sitting-<id>"): for the partnership's own controlled store
    PerSitting,    // always "sitting-<id>": for outputs people read, where no staff hash may appear
};

struct MapOptions {
    std::string base;  // https URL without a trailing slash: account homePage, root of activity and extension IRIs
    ActorKind actor = ActorKind::Pseudonymous;
};

// Statements as compact JSON text, in the order a kiosk makes them.
std::string SittingStartedStatement(const SittingRow& sitting, const MapOptions& options);
// Empty when the sitting has not ended.
std::string SittingEndedStatement(const SittingRow& sitting, const MapOptions& options);
std::string AnswerStatement(const AnswerRow& answer, const SittingRow& sitting, const MapOptions& options);
// "completed", then "passed" or "failed".
std::vector<std::string> CompletionStatements(const CompletionRow& completion, const SittingRow& sitting,
                                              const MapOptions& options);

// A resume point as ADL's "suspended" on its module, by the staff-number account (so only with
// ActorKind::Pseudonymous and a sitting that has a staff hash; "" otherwise), with the point in a result
// extension. Its id comes from the whole point (who, which module, when, and where), so a point is sent
// once however often it is read. Another kiosk of the partnership reads it back (ReadSharedProgress).
std::string SuspendedStatement(const ResumeRow& point, const SittingRow& sitting, const MapOptions& options);
std::string SuspendedStatementId(const ResumeRow& point);

// What a statement from the LRS says about a staff number's progress in a module, for kiosk-sync's
// share of resume points between kiosks: a point to carry on from ("suspended"), or the module finished
// ("completed"), which ends any point saved before it. Anything else, or not ours: Kind::None.
struct SharedProgress {
    enum class Kind { None, Suspended, Finished } kind = Kind::None;
    ResumeRow point;  // staff_hash, module_id and saved_at (the statement's timestamp) always; the rest
                      // for Suspended only (sitting_id: the statement's registration)
};
SharedProgress ReadSharedProgress(const std::string& statement_json);

// Every statement of `records`: for each sitting, its start, its answers and completions, then its end.
// Answers and completions whose sitting is missing are left out (a records DB's foreign keys forbid them).
std::vector<std::string> AllStatements(const Records& records, const MapOptions& options);

// The id of a statement that has no row of its own (a sitting's end, a completion's result): BLAKE2b of
// `tag` and the row's id, shaped as a version 4 UUID, the same every time.
std::string DerivedStatementId(const std::string& tag, const std::string& row_id);
// The passed/failed statement's id for completion `completion_id` (what kiosk-report xapi always used).
std::string ResultStatementId(const std::string& completion_id);

// The other way: records rebuilt from statements (JSON texts, as an LRS returns them, in any order, any
// number of times). Statements this mapping did not make are counted and ignored; statements of ours that
// contradict one another are described in `problems` and the first kept.
struct Rebuilt {
    Records records;                     // sittings by start, answers and completions by time, then id
    std::int64_t ours = 0, others = 0;   // statements read that were and were not made by this mapping
    std::vector<std::string> problems;
};
Rebuilt RecordsFromStatements(const std::vector<std::string>& statements);

}  // namespace kiosk::xapi
