// The disclosure rules (disclosure.h) on hand-picked numbers: random rounding fixed by cell keys (each
// way as often as it should go, the same figure for the same records, independent for different ones),
// the listing threshold, percentages only from rounded counts on a base of 25, averages from 7 people,
// and counting people by staff-number hash.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "report/disclosure.h"

using namespace report;

namespace {

// The cell key of n records named "<prefix>0".."<prefix>n-1", as the reports make it.
std::uint64_t KeyOf(const std::string& prefix, int n) {
    std::uint64_t key = 0;
    for (int i = 0; i < n; ++i) key += TextKey(prefix + std::to_string(i));
    return key;
}

}  // namespace

TEST_CASE("disclosure: counts round at random to a neighbouring multiple of 5 fixed by their cell key") {
    // Multiples of 5 (and 0) are never moved.
    for (std::int64_t n : {0, 5, 10, 65, 1000})
        for (std::uint64_t key : {0ull, 1ull, 0x9e3779b97f4a7c15ull, ~0ull}) CHECK(RoundCount(n, key) == n);
    // Anything else goes to the multiple below or above, up as often as its remainder says: 1 goes up
    // one time in five, 4 four times in five. Over 20,000 keys the share is within 2 points of that.
    for (std::int64_t n : {1, 2, 3, 4, 63, 1002}) {
        INFO(n);
        int up = 0;
        const int tries = 20000;
        for (int i = 0; i < tries; ++i) {
            std::int64_t r = RoundCount(n, KeyOf("sitting-" + std::to_string(i) + "-", 3));
            CHECK(r % 5 == 0);
            CHECK((r == n / 5 * 5 || r == n / 5 * 5 + 5));
            up += r > n;
        }
        double expected = static_cast<double>(n % 5) / 5.0;
        CHECK(std::abs(static_cast<double>(up) / tries - expected) < 0.02);
    }
    // The same records give the same figure every time (every table, every report); one record more
    // or less is a different cell key and is rounded on its own.
    std::uint64_t six = KeyOf("s", 6);
    CHECK(RoundCount(6, six) == RoundCount(6, KeyOf("s", 6)));
    CHECK(KeyOf("s", 7) != six);
    CHECK(KeyOf("s", 7) - TextKey("s6") == six);  // keys add: a total's key is its parts' sum
    // A name's key does not depend on the library: FNV-1a of "a" mixed, fixed here.
    CHECK(TextKey("a") == MixKey(0xaf63dc4c8601ec8cull));
}

TEST_CASE("disclosure: a group is listed from K people and a withheld cell publishes nothing") {
    CHECK_FALSE(Listed(4, 5));
    CHECK(Listed(5, 5));
    CHECK_FALSE(Listed(9, 10));
    Cell c = LearnerCount(4, KeyOf("c", 4));
    Withhold(c);
    Publish(c);
    CHECK(c.suppressed);
    CHECK(c.value == 0);
    Cell d = LearnerCount(63, KeyOf("d", 63));
    Publish(d);
    CHECK(d.value == RoundCount(63, KeyOf("d", 63)));
    CHECK((d.value == 60 || d.value == 65));
    CHECK_FALSE(d.suppressed);
}

TEST_CASE("disclosure: percentages come from the rounded counts on a rounded base of at least 25") {
    // Cells with chosen values and keys: a base of 25 (as 23 might publish) and a part of 5.
    Cell base{25, 25, false, 1}, part{5, 5, false, 2};
    Publish(base);
    Publish(part);
    // The rate is the published figures' (1 of 23 would be 4% and give the 1 away).
    REQUIRE(PublishedRate(part, base));
    CHECK(*PublishedRate(part, base) == doctest::Approx(0.2));
    Cell small{20, 20, false, 3}, of_small{10, 10, false, 4};
    Publish(small);  // 20: under HESA's 22.5
    Publish(of_small);
    CHECK_FALSE(PublishedRate(of_small, small));
    Cell withheld = base;
    Withhold(withheld);
    CHECK_FALSE(PublishedRate(part, withheld));
    CHECK_FALSE(AverageShown(6, 5));
    CHECK(AverageShown(7, 5));
    CHECK_FALSE(AverageShown(9, 10));
}

TEST_CASE("disclosure: people are told apart by staff-number hash and anonymous sittings count one each") {
    PeopleCount one_person_five_times;
    for (int i = 0; i < 5; ++i) one_person_five_times.Add(0x1234);
    CHECK(one_person_five_times.Distinct() == 1);
    CHECK_FALSE(Listed(one_person_five_times.Distinct(), 5));  // five sittings are not five people
    PeopleCount mixed;
    mixed.Add(0);
    mixed.Add(0);
    mixed.Add(0xabc);
    mixed.Add(0xabc);
    mixed.Add(0xdef);
    CHECK(mixed.Distinct() == 4);
    CHECK(mixed.AnyNamed());
    PeopleCount both;
    both.Add(one_person_five_times);
    both.Add(mixed);
    CHECK(both.Distinct() == 5);
}
