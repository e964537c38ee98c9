// kiosk-report kiosks against the seeded fixture: per-kiosk counts by outcome, the pack version of
// the latest sitting, the day of the last sitting, and the totals row.
#include <doctest/doctest.h>

#include "fixture_expect.h"
#include "report/kiosks.h"

using namespace report_test;

TEST_CASE("kiosks: counts by outcome and latest pack and last day match the generator's rows") {
    TempDir dir;
    std::string db = dir.File("records.db");
    auto data = WriteFixture(db, StandardOptions());
    report::RecordsSource source = MustOpen({db});
    auto made = report::ListKiosks(source.Db(), report::Filters{});
    REQUIRE(std::holds_alternative<report::KiosksReport>(made));
    const auto& r = std::get<report::KiosksReport>(made);
    REQUIRE(r.kiosks.size() == data.kiosks.size());
    using kiosk::core::SittingOutcome;
    std::int64_t all = 0;
    for (const auto& row : r.kiosks) {
        INFO(row.kiosk);
        std::size_t index = std::stoul(row.kiosk.substr(6));
        std::int64_t sittings = 0, completed = 0, idle = 0, left = 0, open = 0;
        std::string last, last_pack_version;
        int version = 0;
        for (const auto& s : data.sittings) {
            if (s.kiosk != index) continue;
            ++sittings;
            completed += s.outcome == SittingOutcome::Completed;
            idle += s.outcome == SittingOutcome::Abandoned;
            left += s.outcome == SittingOutcome::Left;
            open += !s.outcome.has_value();
            if (s.started_at > last) {
                last = s.started_at;
                version = s.pack_version;
            }
        }
        all += sittings;
        CHECK(row.region == data.kiosks[index].region);
        CHECK(row.partnership == data.kiosks[index].partnership);
        CHECK(row.last_sitting == last.substr(0, 10));
        CHECK(row.pack_version == version);
        if (sittings < 5) CHECK(row.sittings.suppressed);
        if (!row.sittings.suppressed) CHECK(row.sittings.value == sittings);
        for (auto [cell, n] : {std::pair{&row.completed, completed}, std::pair{&row.idle_resets, idle},
                               std::pair{&row.left, left}, std::pair{&row.unfinished, open}}) {
            if (n > 0 && n < 5) CHECK(cell->suppressed);
            if (!cell->suppressed) CHECK(cell->value == n);
        }
    }
    CHECK(r.total.sittings.value == all);
}
