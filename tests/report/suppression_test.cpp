// SuppressionPlan on small hand-made tables: primary suppression by learners, the second cell that
// protects it, hidden totals, cells that are never published, and zeros.
#include <doctest/doctest.h>

#include "report/suppression.h"

using report::Cell;
using report::LearnerCount;
using report::SuppressionPlan;

TEST_CASE("suppression: a small cell and the smallest sibling that would give it away") {
    Cell total = LearnerCount(60), a = LearnerCount(3), b = LearnerCount(20), c = LearnerCount(37);
    SuppressionPlan plan;
    plan.Sum(total, {&a, &b, &c});
    plan.Apply(5);
    CHECK(a.suppressed);
    CHECK(b.suppressed);  // 60 - 37 would otherwise be a
    CHECK_FALSE(c.suppressed);
    CHECK_FALSE(total.suppressed);
    CHECK(a.value == 0);
    CHECK(b.value == 0);
    CHECK(c.value == 37);
}

TEST_CASE("suppression: two tiny hidden cells are not enough when they add up to under K") {
    Cell total = LearnerCount(50), a = LearnerCount(1), b = LearnerCount(2), c = LearnerCount(8), d = LearnerCount(39);
    SuppressionPlan plan;
    plan.Sum(total, {&a, &b, &c, &d});
    plan.Apply(5);
    CHECK(a.suppressed);
    CHECK(b.suppressed);
    CHECK(c.suppressed);  // 1 + 2 = 3 < 5 would still tell a reader both are tiny
    CHECK_FALSE(d.suppressed);
}

TEST_CASE("suppression: learners decide and not the count shown") {
    Cell completions{6, 3, false};  // six modules finished by three learners
    SuppressionPlan plan;
    plan.Add(completions);
    plan.Apply(5);
    CHECK(completions.suppressed);
}

TEST_CASE("suppression: a hidden total hides one of its parts and zeros stay published") {
    Cell national = LearnerCount(100), region_a = LearnerCount(4), region_b = LearnerCount(96);
    Cell kiosk_b1 = LearnerCount(50), kiosk_b2 = LearnerCount(46), zero = LearnerCount(0);
    SuppressionPlan plan;
    plan.Sum(national, {&region_a, &region_b});
    plan.Sum(region_b, {&kiosk_b1, &kiosk_b2, &zero});
    plan.Apply(5);
    CHECK(region_a.suppressed);
    CHECK(region_b.suppressed);                         // else 100 - 96 = 4
    CHECK((kiosk_b1.suppressed || kiosk_b2.suppressed));  // else 50 + 46 = region_b
    CHECK_FALSE(zero.suppressed);
    CHECK_FALSE(national.suppressed);
}

TEST_CASE("suppression: a never-published count under K hides its published partner") {
    Cell answers = LearnerCount(50), chose_b = LearnerCount(48);
    SuppressionPlan plan;
    plan.Sum(answers, {&chose_b, &plan.Hidden(LearnerCount(2))});  // 2 did not choose b
    plan.Apply(5);
    CHECK(chose_b.suppressed);
    CHECK_FALSE(answers.suppressed);
}

TEST_CASE("suppression: nothing to do when every group is large") {
    Cell total = LearnerCount(30), a = LearnerCount(10), b = LearnerCount(20);
    SuppressionPlan plan;
    plan.Sum(total, {&a, &b});
    plan.Apply(5);
    CHECK_FALSE((a.suppressed || b.suppressed || total.suppressed));
}
