// kiosk-report verify: a completion code from a kiosk's end screen is found in the records with its
// module, result, day and place, typed any reasonable way; an unknown code says so; a completion in two
// inputs (an export and the merged DB) is listed once; an unreadable input is named, the rest still read.
#include <doctest/doctest.h>

#include <filesystem>

#include "core/records/records_db.h"
#include "core/util/uuid.h"
#include "fixture_expect.h"
#include "report/merge.h"
#include "report/verify.h"
#include "support/records.h"

namespace {

using namespace kiosk::core;

// One kiosk's records with two completions, codes `a` and `b`, on 1 May 2024.
std::string KioskWithCodes(const report_test::TempDir& dir, const std::string& name, const std::string& a, const std::string& b) {
    std::string path = dir.File(name);
    std::string sitting = NewUuidV4();
    std::vector<RecordEvent> events = {test_support::records::Started(sitting)};
    events.push_back(test_support::records::Finished(sitting, 80));
    events.back().result->completion_code = a;
    events.push_back(test_support::records::Finished(sitting, 40));
    events.back().result->passed = false;
    events.back().result->module_id = "what-to-do-next";
    events.back().result->completion_code = b;
    events.push_back(test_support::records::Ended(sitting, SittingOutcome::Completed));
    {
        RecordsDb db = test_support::records::MustOpen(path);
        REQUIRE(db.Write(events, test_support::records::Context()) == std::nullopt);
    }
    std::filesystem::remove(path + ".lock");
    return path;
}

}  // namespace

TEST_CASE("verify: codes typed any reasonable way are read as the code they are") {
    CHECK(report::NormaliseCompletionCode("7K2M-9QXA") == "7K2M-9QXA");
    CHECK(report::NormaliseCompletionCode("7k2m 9qxa") == "7K2M-9QXA");
    CHECK(report::NormaliseCompletionCode("7K2M9QXA") == "7K2M-9QXA");
    CHECK(report::NormaliseCompletionCode("7K2M-9QXO") == "7K2M-9QX0");  // O is read as zero
    CHECK(report::NormaliseCompletionCode("lK2M-9QXi") == "1K2M-9QX1");
    CHECK_FALSE(report::NormaliseCompletionCode("7K2M-9QX").has_value());     // too short
    CHECK_FALSE(report::NormaliseCompletionCode("7K2M-9QXAA").has_value());   // too long
    CHECK_FALSE(report::NormaliseCompletionCode("7K2M-9QXU").has_value());    // U is not in the alphabet
    CHECK_FALSE(report::NormaliseCompletionCode("<script>").has_value());
}

TEST_CASE("verify: a known code gives module - result - day and place - and an unknown one says so") {
    report_test::TempDir dir;
    std::string kiosk = KioskWithCodes(dir, "kiosk.db", "7K2M-9QXA", "AB12-CD34");
    // The same records merged, so the first completion is in two inputs: it is listed once.
    std::string merged = dir.File("merged.db");
    REQUIRE(report::Merge(merged, {kiosk}).Clean());
    report::VerifyResult r = report::VerifyCodes({"7k2m 9qxa", "AB12-CD34", "ZZZZ-ZZZZ", "hello"}, {kiosk, merged, dir.File("missing.db")});
    CHECK(r.any_input_read);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].find("missing.db") != std::string::npos);
    REQUIRE(r.codes.size() == 4);
    REQUIRE(r.codes[0].matches.size() == 1);
    const report::CodeMatch& m = r.codes[0].matches[0];
    CHECK(m.module_id == "spotting-the-signs");
    CHECK(m.passed);
    CHECK(m.percent == 80);
    CHECK(m.day == "2024-05-01");
    CHECK(m.agency == "South Wales Police");
    CHECK(m.site == "cardiff-central");
    CHECK(m.kiosk == "kiosk-7");
    REQUIRE(r.codes[1].matches.size() == 1);
    CHECK(r.codes[1].matches[0].module_id == "what-to-do-next");
    CHECK_FALSE(r.codes[1].matches[0].passed);
    CHECK(r.codes[2].code == "ZZZZ-ZZZZ");
    CHECK(r.codes[2].matches.empty());
    CHECK_FALSE(r.codes[3].code.has_value());
}
