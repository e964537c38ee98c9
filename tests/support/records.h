// The records tests' shared pieces (tests/core/records_*_test.cpp, staff_key_test.cpp): records events
// as the kiosk makes them, a records DB that must open, and plain SQL look-ups on a closed DB.
#pragma once

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/records/records_db.h"
#include "core/session/session.h"
#include "core/util/sqlite_db.h"
#include "core/util/uuid.h"
#include "support/temp_dir.h"

namespace test_support::records {

using namespace kiosk::core;

// Scratch directories named for the records tests.
struct TempDir : test_support::TempDir {
    TempDir() : test_support::TempDir("kiosk-records-test") {}
};

inline RecordContext Context() {
    return RecordContext{"kiosk-7", "cardiff-central",   "South Wales Police", "wales", "msht-core",
                         3,         std::string(64, 'a'), "South Wales Partnership"};
}

inline RecordEvent Started(const std::string& sitting, const std::string& staff_hash = {},
                           const std::string& time = "2024-05-01T09:00:00Z") {
    return RecordEvent{
        RecordEvent::Kind::SittingStarted, sitting, "police", staff_hash, "cy", std::nullopt, std::nullopt,
        SittingOutcome::Completed,         1000,    time};
}

inline RecordEvent Answered(const std::string& sitting, std::vector<std::string> chosen, bool correct = true,
                            int seconds = 12) {
    AnswerRecord a;
    a.id = NewUuidV4();
    a.module_id = "spotting-the-signs";
    a.scene_id = "q1";
    a.question = QuestionType::Multi;
    a.chosen = std::move(chosen);
    a.correct = correct;
    a.seconds = seconds;
    return RecordEvent{RecordEvent::Kind::Answer, sitting, {}, {}, {}, a, std::nullopt, SittingOutcome::Completed, 2000,
                       "2024-05-01T09:01:00Z"};
}

inline RecordEvent Finished(const std::string& sitting, int percent = 80) {
    ModuleResult r;
    r.id = NewUuidV4();
    r.module_id = "spotting-the-signs";
    r.points = 4;
    r.points_possible = 5;
    r.percent = percent;
    r.passed = true;
    r.completion_code = "K7-3F9A";
    r.end_scene = "end-pass";
    r.seconds = 300;
    return RecordEvent{RecordEvent::Kind::ModuleFinished,
                       sitting,
                       {},
                       {},
                       {},
                       std::nullopt,
                       r,
                       SittingOutcome::Completed,
                       3000,
                       "2024-05-01T09:05:00Z"};
}

inline RecordEvent Ended(const std::string& sitting, SittingOutcome outcome,
                         const std::string& time = "2024-05-01T09:06:00Z") {
    return RecordEvent{
        RecordEvent::Kind::SittingEnded, sitting, {}, {}, {}, std::nullopt, std::nullopt, outcome, 4000, time};
}

inline std::vector<RecordEvent> WholeSitting(const std::string& sitting, const std::string& staff_hash = {}) {
    return {Started(sitting, staff_hash), Answered(sitting, {"a", "c"}), Answered(sitting, {"b"}, false, 30),
            Finished(sitting), Ended(sitting, SittingOutcome::Completed)};
}

inline RecordsDb MustOpen(const std::string& path, OpenReport& report) {
    auto opened = RecordsDb::Open(path, report);
    if (auto* e = std::get_if<std::string>(&opened)) FAIL("open failed: " << *e);
    return std::move(std::get<RecordsDb>(opened));
}

inline RecordsDb MustOpen(const std::string& path) {
    OpenReport report;
    return MustOpen(path, report);
}

// A read-only look at a closed records DB through plain SQL, as the reports tool would take it.
inline std::string Sql(const std::string& path, const char* sql) {
    Database db;
    if (auto e = db.Open(path, SQLITE_OPEN_READONLY)) return "open failed: " + *e;
    Statement st;
    if (auto e = st.Prepare(db, sql)) return "prepare failed: " + *e;
    std::string out;
    while (st.Step() == StepResult::Row) {
        if (!out.empty()) out += '\n';
        out += st.ColumnIsNull(0) ? "NULL" : st.ColumnText(0);
    }
    return out;
}

inline bool SameCounts(const RowCounts& c, std::int64_t sittings, std::int64_t answers, std::int64_t completions) {
    return c.sittings == sittings && c.answers == answers && c.completions == completions;
}

}  // namespace test_support::records
