// Test support for the report suites: seeded fixture DBs on disk, and the expected figures worked out
// straight from the generator's rows with plain loops (never from the report library's SQL).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "report/disclosure.h"
#include "report/filters.h"
#include "report/fixture.h"
#include "report/records_source.h"
#include "support/temp_dir.h"

namespace report_test {

struct TempDir : test_support::TempDir {
    TempDir() : test_support::TempDir("kiosk-report-test") {}
};

// The standard fixture of the suites: 12 kiosks (every fifth one small), 6 months, seed 7.
report::fixture::Options StandardOptions();

// Writes every kiosk of `options` into the one records DB at `path` (FAILs the test on error).
report::fixture::Dataset WriteFixture(const std::string& path, const report::fixture::Options& options);

// Writes a (perhaps edited) dataset into the records DB at `path`, kiosk by kiosk.
void WriteData(const std::string& path, const report::fixture::Dataset& data);

// Who a sitting is for counting people: its staff hash if it has one, else the sitting itself.
std::string Person(const report::fixture::Sitting& s);

// Opens `inputs` as the reports do (FAILs the test on error).
report::RecordsSource MustOpen(const std::vector<std::string>& inputs);

// A count, the different people (Person) behind it, and its cell key (the sum of its records' keys,
// report/disclosure.h), so a test knows the exact figure a report must publish.
struct Count {
    std::int64_t value = 0;
    std::set<std::string> learners;
    std::uint64_t key = 0;
    void Add(const std::string& person, std::uint64_t record_key) {
        ++value;
        learners.insert(person);
        key += record_key;
    }
    std::int64_t Published() const { return report::RoundCount(value, key); }
    std::int64_t Learners() const { return static_cast<std::int64_t>(learners.size()); }
};

struct Group {
    Count sittings, completions, passed, failed;
    std::vector<int> seconds;  // of each completion
};

struct Expected {
    std::map<std::vector<std::string>, Group> areas;  // {} national ... {region, partnership, agency, kiosk}
    std::map<std::string, Group> modules, roles, periods;
};

// True if sitting `s` passes `filters` (dates, role, region, partnership, agency, kiosk).
bool Selected(const report::fixture::Dataset& data, const report::fixture::Sitting& s, const report::Filters& filters);

Expected ExpectSummary(const report::fixture::Dataset& data, const report::Filters& filters);

// The median as statisticians define it: the middle value, or the mean of the middle two.
double MedianOf(std::vector<int> values);

// Checks that `published` is `truth` randomly rounded (disclosure.h): a multiple of 5 less than 5 away,
// and `truth` itself when that is a multiple.
void CheckRounded(std::int64_t published, std::int64_t truth);

}  // namespace report_test
