// Expected figures from the generator's rows (fixture_expect.h), by direct loops over the structs.
#include "fixture_expect.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace report_test {

report::fixture::Options StandardOptions() {
    report::fixture::Options o;
    o.seed = 7;
    o.kiosks = 12;
    o.sittings_per_kiosk = 40;
    o.months = 6;
    return o;
}

report::fixture::Dataset WriteFixture(const std::string& path, const report::fixture::Options& options) {
    report::fixture::Dataset data = report::fixture::Generate(options);
    WriteData(path, data);
    return data;
}

void WriteData(const std::string& path, const report::fixture::Dataset& data) {
    for (std::size_t k = 0; k < data.kiosks.size(); ++k) {
        std::vector<report::fixture::Sitting> mine;
        for (const auto& s : data.sittings)
            if (s.kiosk == k) mine.push_back(s);
        auto e = report::fixture::WriteKiosk(path, data.kiosks[k], mine);
        if (e) FAIL("fixture: " << *e);
    }
}

std::string Person(const report::fixture::Sitting& s) { return s.staff_hash.empty() ? s.id : "staff " + s.staff_hash; }

report::RecordsSource MustOpen(const std::vector<std::string>& inputs) {
    std::vector<std::string> problems;
    auto source = report::RecordsSource::Open(inputs, problems);
    if (auto* e = std::get_if<std::string>(&source)) FAIL("open: " << *e);
    CHECK(problems.empty());
    return std::move(std::get<report::RecordsSource>(source));
}

bool Selected(const report::fixture::Dataset& data, const report::fixture::Sitting& s, const report::Filters& f) {
    const auto& k = data.kiosks[s.kiosk];
    std::string day = s.started_at.substr(0, 10);
    auto any = [](const report::FilterValues& values, const std::string& v) {
        return values.empty() || std::find(values.begin(), values.end(), v) != values.end();
    };
    return (f.from.empty() || day >= f.from) && (f.to.empty() || day <= f.to) && any(f.role, s.role) &&
           any(f.region, k.region) && any(f.partnership, k.partnership) && any(f.agency, k.agency) && any(f.kiosk, k.id);
}

Expected ExpectSummary(const report::fixture::Dataset& data, const report::Filters& filters) {
    Expected e;
    e.areas[{}];
    for (const auto& s : data.sittings) {
        if (!Selected(data, s, filters)) continue;
        const auto& k = data.kiosks[s.kiosk];
        std::vector<std::vector<std::string>> paths = {{},
                                                       {k.region},
                                                       {k.region, k.partnership},
                                                       {k.region, k.partnership, k.agency},
                                                       {k.region, k.partnership, k.agency, k.id}};
        std::string period = s.started_at.substr(0, 7);
        std::vector<Group*> groups;
        for (const auto& p : paths) groups.push_back(&e.areas[p]);
        groups.push_back(&e.roles[s.role]);
        groups.push_back(&e.periods[period]);
        const std::uint64_t sitting_key = report::TextKey(s.id);
        for (Group* g : groups) g->sittings.Add(Person(s), sitting_key);
        for (const auto& c : s.completions) {
            std::vector<Group*> with_module = groups;
            with_module.push_back(&e.modules[c.module]);
            const std::uint64_t key = report::RecordKey(sitting_key, report::TextKey(c.module));
            for (Group* g : with_module) {
                g->completions.Add(Person(s), key);
                (c.passed ? g->passed : g->failed).Add(Person(s), key);
                g->seconds.push_back(c.seconds);
            }
        }
    }
    return e;
}

void CheckRounded(std::int64_t published, std::int64_t truth) {
    INFO("published " << published << " for " << truth);
    CHECK(published % 5 == 0);
    CHECK(published - truth < 5);
    CHECK(truth - published < 5);
    if (truth % 5 == 0) CHECK(published == truth);
}

double MedianOf(std::vector<int> values) {
    std::sort(values.begin(), values.end());
    std::size_t n = values.size();
    if (n == 0) return 0;
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

}  // namespace report_test
