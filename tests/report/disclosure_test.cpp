// The disclosure rules (disclosure.h) on hand-picked numbers: HESA rounding at every boundary, the
// listing threshold, percentages only from rounded counts on a base of 25, averages from 7 people, and
// counting people by staff-number hash.
#include <doctest/doctest.h>

#include "report/disclosure.h"

using namespace report;

TEST_CASE("disclosure: counts round to the nearest 5 with halves up and 0 to 2 shown as 0") {
    CHECK(RoundCount(0) == 0);
    CHECK(RoundCount(1) == 0);
    CHECK(RoundCount(2) == 0);
    CHECK(RoundCount(3) == 5);  // 2.5 and up rounds up
    CHECK(RoundCount(7) == 5);
    CHECK(RoundCount(8) == 10);
    CHECK(RoundCount(63) == 65);
    CHECK(RoundCount(59) == 60);
    CHECK(RoundCount(1002) == 1000);
    // The same count always publishes the same figure: every table and every report agree.
    for (std::int64_t n = 0; n < 200; ++n) {
        CHECK(RoundCount(n) % 5 == 0);
        CHECK(RoundCount(n) - n <= 2);
        CHECK(n - RoundCount(n) <= 2);
    }
}

TEST_CASE("disclosure: a group is listed from K people and a withheld cell publishes nothing") {
    CHECK_FALSE(Listed(4, 5));
    CHECK(Listed(5, 5));
    CHECK_FALSE(Listed(9, 10));
    Cell c = LearnerCount(4);
    Withhold(c);
    Publish(c);
    CHECK(c.suppressed);
    CHECK(c.value == 0);
    Cell d = LearnerCount(63);
    Publish(d);
    CHECK(d.value == 65);
    CHECK_FALSE(d.suppressed);
}

TEST_CASE("disclosure: percentages come from the rounded counts on a rounded base of at least 25") {
    Cell base = LearnerCount(23), part = LearnerCount(1);
    Publish(base);
    Publish(part);
    // 1 of 23 would be 4% and give the 1 away; the rounded figures say 0 of 25.
    REQUIRE(PublishedRate(part, base));
    CHECK(*PublishedRate(part, base) == 0.0);
    Cell small = LearnerCount(22), of_small = LearnerCount(11);
    Publish(small);  // 20: under HESA's 22.5
    Publish(of_small);
    CHECK_FALSE(PublishedRate(of_small, small));
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
