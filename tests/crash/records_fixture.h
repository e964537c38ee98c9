// Records events as the kiosk makes them (like tests/support/records.h, whose helpers take more options),
// and small SQL look-ups, shared by the crash tests, the kill-loop driver and its harness.
#pragma once

#include <sqlite3.h>

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/records/records_db.h"
#include "core/session/session.h"
#include "core/util/sqlite_db.h"
#include "core/util/uuid.h"

namespace crash_test {

using namespace kiosk::core;

inline RecordContext Context() {
    return RecordContext{"kiosk-7", "cardiff-central",   "South Wales Police", "wales", "msht-core",
                         3,         std::string(64, 'a'), "South Wales Partnership"};
}

inline RecordEvent Started(const std::string& sitting) {
    return RecordEvent{
        RecordEvent::Kind::SittingStarted, sitting, "police", {}, "cy", std::nullopt, std::nullopt,
        SittingOutcome::Completed,         1000,    "2024-05-01T09:00:00Z"};
}

inline RecordEvent Answered(const std::string& sitting, const std::string& id, const std::string& scene) {
    AnswerRecord a;
    a.id = id;
    a.module_id = "spotting-the-signs";
    a.scene_id = scene;
    a.question = QuestionType::Multi;
    a.chosen = {"a", "c"};
    a.correct = true;
    a.seconds = 12;
    return RecordEvent{RecordEvent::Kind::Answer, sitting, {}, {}, {}, a, std::nullopt, SittingOutcome::Completed, 2000,
                       "2024-05-01T09:01:00Z"};
}

inline RecordEvent Finished(const std::string& sitting, const std::string& id) {
    ModuleResult r;
    r.id = id;
    r.module_id = "spotting-the-signs";
    r.points = 4;
    r.points_possible = 5;
    r.percent = 80;
    r.passed = true;
    r.completion_code = "K7-3F9A";
    r.end_scene = "end-pass";
    r.seconds = 300;
    return RecordEvent{RecordEvent::Kind::ModuleFinished, sitting, {}, {}, {}, std::nullopt, r,
                       SittingOutcome::Completed,         3000,    "2024-05-01T09:05:00Z"};
}

inline RecordEvent Ended(const std::string& sitting) {
    return RecordEvent{RecordEvent::Kind::SittingEnded, sitting, {}, {}, {}, std::nullopt, std::nullopt,
                       SittingOutcome::Completed,       4000,    "2024-05-01T09:06:00Z"};
}

// A whole sitting: start, two answers, a module result, the end.
inline std::vector<RecordEvent> WholeSitting(const std::string& sitting) {
    return {Started(sitting), Answered(sitting, NewUuidV4(), "q1"), Answered(sitting, NewUuidV4(), "q2"),
            Finished(sitting, NewUuidV4()), Ended(sitting)};
}

// The first column of every row of fixed SQL with up to one text parameter, joined by '\n'; or
// "error: ..." (callers compare whole strings, so an error never passes for data).
inline std::string Query(Database& db, const char* sql, const std::string& parameter = {}) {
    Statement st;
    if (auto e = st.Prepare(db, sql)) return "error: " + *e;
    if (!parameter.empty()) st.Bind(1, std::string_view(parameter));
    std::string out;
    for (;;) {
        StepResult step = st.Step();
        if (step == StepResult::Done) return out;
        if (step == StepResult::Error) return "error: " + st.ErrorMessage();
        if (!out.empty()) out += '\n';
        out += st.ColumnIsNull(0) ? "NULL" : st.ColumnText(0);
    }
}

// A raw connection that leaves the files exactly as it found them when it closes: no checkpoint, so
// a leftover WAL stays for RecordsDb::Open to recover.
inline std::optional<std::string> OpenUntouched(Database& db, const std::string& path) {
    if (auto e = db.Open(path, SQLITE_OPEN_READWRITE)) return e;
    sqlite3_db_config(db.Handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    return std::nullopt;
}

// The first lines of PRAGMA integrity_check ("ok" when the file is sound).
inline std::string IntegrityCheck(Database& db) { return Query(db, "PRAGMA integrity_check(5)"); }

}  // namespace crash_test
