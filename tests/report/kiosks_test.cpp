// kiosk-report kiosks against the seeded fixture: per-kiosk counts by outcome, the pack version of
// the latest sitting, the day of the last sitting, and the totals row, protected (disclosure.h).
#include <doctest/doctest.h>

#include <tuple>

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
    std::uint64_t all_key = 0;
    int small_kiosks = 0;
    for (const auto& row : r.kiosks) {
        INFO(row.kiosk);
        std::size_t index = std::stoul(row.kiosk.substr(6));
        std::int64_t sittings = 0, completed = 0, idle = 0, left = 0, open = 0;
        // The cell keys (report/disclosure.h) of the five counts, for the exact figures published.
        std::uint64_t sittings_key = 0, completed_key = 0, idle_key = 0, left_key = 0, open_key = 0;
        std::string last, last_pack_version;
        int version = 0;
        for (const auto& s : data.sittings) {
            if (s.kiosk != index) continue;
            std::uint64_t key = report::TextKey(s.id);
            ++sittings;
            sittings_key += key;
            auto count = [&](bool in, std::int64_t& n, std::uint64_t& k) {
                if (in) ++n, k += key;
            };
            count(s.outcome == SittingOutcome::Completed, completed, completed_key);
            count(s.outcome == SittingOutcome::Abandoned, idle, idle_key);
            count(s.outcome == SittingOutcome::Left, left, left_key);
            count(!s.outcome.has_value(), open, open_key);
            all_key += key;
            if (s.started_at > last) {
                last = s.started_at;
                version = s.pack_version;
            }
        }
        all += sittings;
        CHECK(row.region == data.kiosks[index].region);
        CHECK(row.partnership == data.kiosks[index].partnership);
        CHECK(row.pack_version == version);
        // One person per sitting in this fixture. A kiosk of fewer than 5 shows no count at all (its
        // zeros would tell what those few did) and its last sitting only as a month.
        bool small = sittings < 5;
        CHECK(row.last_sitting == last.substr(0, small ? 7 : 10));
        for (auto [cell, n, key] : {std::tuple{&row.sittings, sittings, sittings_key}, std::tuple{&row.completed, completed, completed_key},
                                    std::tuple{&row.idle_resets, idle, idle_key}, std::tuple{&row.left, left, left_key},
                                    std::tuple{&row.unfinished, open, open_key}}) {
            CHECK(cell->suppressed == small);
            CHECK(cell->value == (small ? 0 : report::RoundCount(n, key)));
            if (!small) CheckRounded(cell->value, n);
        }
        small_kiosks += small;
    }
    CHECK(small_kiosks >= 2);
    CHECK(r.total.sittings.value == report::RoundCount(all, all_key));
}

// For one role, how each kiosk's sittings ended would be kiosk x role x outcome: with every other role's
// list and the kiosk's own row, the attack test pinned small groups from it. The sittings stay.
TEST_CASE("kiosks: a list for one role keeps the sittings but not how they ended") {
    TempDir dir;
    std::string db = dir.File("records.db");
    WriteFixture(db, StandardOptions());
    report::RecordsSource source = MustOpen({db});
    report::Filters filters;
    filters.role = {"health"};
    auto r = std::get<report::KiosksReport>(report::ListKiosks(source.Db(), filters));
    REQUIRE_FALSE(r.kiosks.empty());
    int listed = 0;
    for (const auto& row : r.kiosks) {
        listed += !row.sittings.suppressed;
        for (const auto* cell : {&row.completed, &row.idle_resets, &row.left, &row.unfinished}) CHECK(cell->suppressed);
    }
    CHECK(listed > 0);
    CHECK_FALSE(r.total.sittings.suppressed);
    CHECK(r.total.completed.suppressed);
}
