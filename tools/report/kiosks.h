// `kiosk-report kiosks`: one row per kiosk for the people who look after them: the pack version it
// last used, the day of its last sitting, how sittings ended (completed, idle reset, left, still
// open), and its admin trail (sign-ins, lockouts, the last admin action's day). The counts are of
// learners, so they are rounded like any other (disclosure.h), and a kiosk used by fewer than K people
// shows none; a totals row counts them all.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/filters.h"
#include "report/records_source.h"
#include "report/sitting_index.h"
#include "report/disclosure.h"

namespace report {

struct KioskRow {
    std::string region, partnership, agency, site, kiosk;  // all "" in the totals row
    std::string pack_id;
    int pack_version = 0;        // of the kiosk's most recent sitting
    std::string last_sitting;    // its day, "YYYY-MM-DD" (never the time: that could point at a person);
                                 // only "YYYY-MM" for a kiosk used by fewer than K people
    Cell sittings, completed, idle_resets, left, unfinished;
    // The admin trail, all time (not learners: never suppressed): sign-ins with the passcode, lockouts
    // after wrong ones, and the day of the last admin action (a sign-in, export, pack install or quit).
    Cell admin_sign_ins, admin_lockouts;
    std::string last_admin;
};

struct KiosksReport {
    Filters filters;
    std::vector<KioskRow> kiosks;  // by region, partnership, agency, kiosk
    KioskRow total;
    bool people_by_staff_number = false;  // some sittings had a staff-number hash (PeopleCount)
    Coverage coverage;
    // With filters.idle_days (kiosks --idle-since): the first day of the window, and `kiosks` are the
    // kiosks with no sitting in it (last_sitting is their last before it, "" if never used).
    std::string idle_since;
};

// Reads the kiosks report from an open RecordsSource connection (or, with filters.idle_days, the kiosks
// not used in the window), protected with filters.min_cell;
// the sittings are read in row ranges at once as `split` allows.
std::variant<KiosksReport, std::string> ListKiosks(kiosk::core::Database& db, const Filters& filters,
                                                   const ScanSplit& split = {});

}  // namespace report
