// A seeded generator of kiosk records for tests and benchmarks: many kiosks in regions, partnerships
// and agencies, role categories, months, modules with single/multi/true-false/order questions whose
// difficulty depends on the learner's role. The same seed always gives the same rows (ids included),
// and the rows are also returned as plain structs, so a test can work out the expected figures itself
// instead of trusting the program under test.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/pack/pack_data.h"
#include "core/records/records_db.h"
#include "core/session/session.h"

namespace report::fixture {

struct Options {
    std::uint64_t seed = 1;
    int kiosks = 12;
    int sittings_per_kiosk = 40;  // on average; every fifth kiosk gets only a few (small cohorts)
    bool small_kiosks = true;     // false: every kiosk gets about sittings_per_kiosk (benchmarks)
    int months = 6;               // sittings spread over this many months from first_month
    int first_year = 2024, first_month = 1;
};

struct Answer {
    std::string id, module, scene, type;  // type as the records store it: "single", "multi", ...
    std::vector<std::string> chosen;
    bool correct = false;
    int seconds = 0;
    std::string answered_at;
};

struct Completion {
    std::string id, module;
    int points = 0, points_possible = 0, percent = 0;
    bool passed = false;
    int seconds = 0;
    std::string completed_at;
};

struct Kiosk {
    std::string id, site, agency, region, partnership;
};

struct Sitting {
    std::string id;
    std::size_t kiosk = 0;  // index into Dataset::kiosks
    std::string role, language, staff_hash;  // staff_hash "" for most sittings
    std::string pack_id = "msht-core";
    int pack_version = 3;
    std::string started_at, ended_at;
    std::optional<kiosk::core::SittingOutcome> outcome;  // nullopt: still open when exported
    std::vector<Answer> answers;
    std::vector<Completion> completions;
};

struct Dataset {
    std::vector<Kiosk> kiosks;
    std::vector<Sitting> sittings;  // grouped by kiosk, in start order within each
};

// The kiosks only (cheap); kiosk i is always the same for a given seed.
std::vector<Kiosk> Kiosks(const Options& options);

// Calls `each` with every kiosk's sittings in turn, generating one kiosk at a time (a million
// answers never sit in memory at once).
void ForEachKiosk(const Options& options, const std::function<void(const Kiosk&, std::size_t index,
                                                                   const std::vector<Sitting>&)>& each);

// Everything at once, for tests.
Dataset Generate(const Options& options);

// Writes `sittings` (all of one kiosk) to an open records DB through the kiosk's own writer
// (RecordsDb::Write), adding to what is there. An error message or nullopt.
std::optional<std::string> WriteKiosk(kiosk::core::RecordsDb& db, const Kiosk& kiosk, const std::vector<Sitting>& sittings);
// The same, opening (or creating) the records DB at `path` for it.
std::optional<std::string> WriteKiosk(const std::string& path, const Kiosk& kiosk, const std::vector<Sitting>& sittings);

// A content pack ("msht-core" version 4, English) with the generator's modules and questions, each with
// a prompt ("Question <scene> of <module>: ...") and option texts, for the reports' --pack. Written
// atomically to `path`; an error message or nullopt.
std::optional<std::string> WritePack(const std::string& path);

}  // namespace report::fixture
