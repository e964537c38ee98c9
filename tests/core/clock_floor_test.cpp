// The clock floor (core/util/clock_floor.h): what a learner's records would show if it broke: sittings
// stamped in 1970 after a flat clock battery, times that stop or run backwards, or a server a few seconds
// ahead making every time come from the floor; and a bad clock-floor file stopping the kiosk.
#include <doctest/doctest.h>

#include <fstream>

#include "core/util/clock_floor.h"
#include "support/temp_dir.h"

using kiosk::core::ClockFloor;
using kiosk::core::FlooredTime;
using kiosk::core::kClockSlackS;
using kiosk::core::ReadClockFloorFile;
using kiosk::core::WriteClockFloorFile;

namespace {
constexpr std::int64_t k2026 = 1796000000;  // 2026-11-29
constexpr std::int64_t k1970 = 120;         // a clock battery gone flat
}  // namespace

TEST_CASE("clock floor: a clock behind the floor gives the floor - moving on with the monotonic clock") {
    ClockFloor floor;
    CHECK(FlooredTime(floor, k1970, 50) == k1970);  // nothing known: the clock is all there is
    floor.Raise(k2026, 1000, "the newest record on this kiosk");
    CHECK(FlooredTime(floor, k1970, 1000) == k2026);
    CHECK(FlooredTime(floor, k1970 + 90, 1090) == k2026 + 90);  // times advance, in order
    CHECK(FlooredTime(floor, k2026 + 5000, 1090) == k2026 + 5000);  // a right clock is used as it is
    // Drift within the slack is not a wrong clock: the system time stands.
    CHECK(FlooredTime(floor, k2026 - kClockSlackS + 1, 1000) == k2026 - kClockSlackS + 1);
    CHECK(FlooredTime(floor, k2026 - kClockSlackS - 1, 1000) == k2026);
}

TEST_CASE("clock floor: only ever rises - judged by what each floor says about now") {
    ClockFloor floor;
    floor.Raise(k2026, 1000, "records");
    floor.Raise(k2026 - 10, 1000, "an older manifest");  // lower: ignored
    CHECK(floor.source == "records");
    // Learned an hour later and saying 30 minutes later than the first: the first, moved on, is higher.
    floor.Raise(k2026 + 1800, 4600, "a server");
    CHECK(floor.source == "records");
    floor.Raise(k2026 + 7200, 4600, "a server");
    CHECK(floor.source == "a server");
    CHECK(FlooredTime(floor, k1970, 4600) == k2026 + 7200);
}

TEST_CASE("clock floor file: written and read back - a damaged or absurd file is ignored") {
    test_support::TempDir dir("clock-floor-test");
    const std::string path = dir.File("clock-floor");
    CHECK_FALSE(ReadClockFloorFile(path));  // missing
    REQUIRE_FALSE(WriteClockFloorFile(path, k2026, "the learning record store's clock"));
    auto read = ReadClockFloorFile(path);
    REQUIRE(read);
    CHECK(read->first == k2026);
    CHECK(read->second == "the learning record store's clock");
    for (const char* text : {"", "soon\n", "120 1970 is not a floor\n", "99999999999 far future\n", "-5 x\n"}) {
        std::ofstream(path, std::ios::trunc) << text;
        CHECK_FALSE(ReadClockFloorFile(path));
    }
}
