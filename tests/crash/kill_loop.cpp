// records-kill-loop: kill -9 at random moments. Starts records-crash-driver (the real record path),
// sends it SIGKILL after a seeded random delay (while it opens and recovers the DB, or while it saves),
// then checks the files it left: PRAGMA integrity_check = ok, every acknowledged save's rows present,
// the save in flight all there or not at all (no half-written sitting), and no row nobody wrote. Every
// other check opens the DB with RecordsDb::Open (the kiosk's recovery of the leftover -wal); the others
// look without touching, so the next driver must recover the WAL itself. The DB is reused across
// kills and replaced by a fresh one now and then. Prints the figures; exit 0 only when nothing was lost.
//
// usage: records-kill-loop DRIVER WORK-DIR [--kills N] [--seed S] [--control]
// --control is the negative control: the driver acknowledges each save before making it, and the run
// passes only if the checks catch acknowledged rows missing (so they can catch a loss at all).
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "core/records/records_db.h"
#include "records_fixture.h"

extern char** environ;

namespace {

using namespace crash_test;
namespace fs = std::filesystem;

// The rows a DB should hold: every acknowledged save (and every in-flight one found whole).
struct Rows {
    std::set<std::string> sittings, answers, completions, ended;
    bool operator==(const Rows&) const = default;
};

// One save from the ack file.
struct Save {
    std::string sitting;
    Rows rows;
    bool acked = false;
};

struct Figures {
    long kills = 0, during_open = 0, during_saves = 0;
    long acknowledged = 0;          // saves that returned OK before a kill
    long in_flight_whole = 0, in_flight_absent = 0;
    long lost = 0, half_written = 0, phantom = 0, integrity_failures = 0, quarantined = 0, driver_errors = 0;
    long fresh_dbs = 0, recovered_by_open = 0, left_for_driver = 0;
};

// The four sets of a Rows, to walk them together.
std::array<const std::set<std::string>*, 4> Sets(const Rows& r) {
    return {&r.sittings, &r.answers, &r.completions, &r.ended};
}

void Add(Rows& to, const Rows& from) {
    to.sittings.insert(from.sittings.begin(), from.sittings.end());
    to.answers.insert(from.answers.begin(), from.answers.end());
    to.completions.insert(from.completions.begin(), from.completions.end());
    to.ended.insert(from.ended.begin(), from.ended.end());
}

// Reads the driver's ack file: the saves it began, in order, and whether it got past opening (and
// when its main started and how long opening took, in microseconds).
std::vector<Save> ReadAcks(const std::string& path, bool& opened, std::string& error, long& started_us,
                           long& open_us) {
    std::vector<Save> saves;
    std::map<long, std::size_t> by_number;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string tag;
        words >> tag;
        if (tag == "O") {
            opened = true;
            words >> started_us >> open_us;
        } else if (tag == "I") {
            long n = 0;
            Save save;
            words >> n >> save.sitting;
            std::string row;
            while (words >> row) {
                if (row == "S") save.rows.sittings.insert(save.sitting);
                else if (row == "E") save.rows.ended.insert(save.sitting);
                else if (row.rfind("A:", 0) == 0) save.rows.answers.insert(row.substr(2));
                else if (row.rfind("C:", 0) == 0) save.rows.completions.insert(row.substr(2));
            }
            by_number[n] = saves.size();
            saves.push_back(std::move(save));
        } else if (tag == "K") {
            long n = 0;
            words >> n;
            if (by_number.count(n)) saves[by_number[n]].acked = true;
        } else if (tag == "E" || tag == "F") {
            error = line;
        }
    }
    return saves;
}

std::set<std::string> Column(Database& db, const char* sql) {
    std::set<std::string> values;
    Statement st;
    if (st.Prepare(db, sql)) return values;
    while (st.Step() == StepResult::Row) values.insert(st.ColumnText(0));
    return values;
}

// What the DB holds now; nullopt (with `problem`) if it cannot be read.
std::optional<Rows> ReadRows(Database& db, std::string& problem) {
    std::string integrity = IntegrityCheck(db);
    if (integrity != "ok") {
        problem = "integrity_check: " + integrity;
        return std::nullopt;
    }
    // A kill while a fresh DB was being created leaves it before its tables: empty, which is fine.
    if (Query(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'completions'") != "1") return Rows{};
    Rows rows;
    rows.sittings = Column(db, "SELECT id FROM sittings");
    rows.answers = Column(db, "SELECT id FROM answers");
    rows.completions = Column(db, "SELECT id FROM completions");
    rows.ended = Column(db, "SELECT id FROM sittings WHERE ended_at IS NOT NULL");
    return rows;
}

bool Contains(const Rows& big, const Rows& small) {
    auto in = [](const std::set<std::string>& b, const std::set<std::string>& s) {
        for (const auto& x : s)
            if (!b.count(x)) return false;
        return true;
    };
    return in(big.sittings, small.sittings) && in(big.answers, small.answers) &&
           in(big.completions, small.completions) && in(big.ended, small.ended);
}

bool Disjoint(const Rows& a, const Rows& b) {
    auto none = [](const std::set<std::string>& x, const std::set<std::string>& y) {
        for (const auto& v : y)
            if (x.count(v)) return false;
        return true;
    };
    return none(a.sittings, b.sittings) && none(a.answers, b.answers) && none(a.completions, b.completions) &&
           none(a.ended, b.ended);
}

std::size_t Missing(const Rows& have, const Rows& want) {
    std::size_t missing = 0;
    auto have_sets = Sets(have), want_sets = Sets(want);
    for (std::size_t i = 0; i < have_sets.size(); ++i)
        for (const auto& v : *want_sets[i]) missing += have_sets[i]->count(v) ? 0 : 1;
    return missing;
}

void SleepMicroseconds(long us) {
    timespec t{us / 1000000, (us % 1000000) * 1000};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: records-kill-loop DRIVER WORK-DIR [--kills N] [--seed S]\n");
        return 2;
    }
    std::string driver = argv[1];
    fs::path work = argv[2];
    long kills = 1000;
    std::uint32_t seed = static_cast<std::uint32_t>(std::random_device{}());
    bool control = false;
    for (int i = 3; i < argc; ++i) {
        if (std::strcmp(argv[i], "--control") == 0) control = true;
        else if (std::strcmp(argv[i], "--kills") == 0 && i + 1 < argc) kills = std::strtol(argv[++i], nullptr, 10);
        else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    }
    std::printf("kill loop%s: seed %u (rerun with --seed %u), %ld kills\n",
                control ? " (negative control: the driver acknowledges before saving)" : "", seed, seed, kills);
    std::fflush(stdout);
    std::error_code ec;
    fs::remove_all(work, ec);
    fs::create_directories(work);
    std::mt19937 random(seed);
    auto started = std::chrono::steady_clock::now();

    Figures f;
    Rows expected;
    int generation = 0;
    std::string db_path;
    auto fresh_db = [&] {
        if (!db_path.empty())
            for (const char* side : {"", "-wal", "-shm", ".lock"}) fs::remove(db_path + side, ec);
        db_path = (work / ("records-" + std::to_string(++generation) + ".db")).string();
        expected = Rows{};
        ++f.fresh_dbs;
    };
    fresh_db();
    double open_us = 20000;  // running estimate of spawn to DB open (exec, start-up, Open), for the delays
    std::string ack_path = (work / "acks.txt").string();

    for (long kill = 1; kill <= kills; ++kill) {
        // A fresh DB now and then, and whenever it has grown (kept small so the loop stays fast).
        if (kill > 1 && (random() % 60 == 0 || expected.sittings.size() > 400)) fresh_db();
        fs::remove(ack_path, ec);
        std::string driver_seed = std::to_string(random());
        std::string early = "--ack-before-save";
        std::vector<char*> args = {driver.data(), db_path.data(), ack_path.data(), driver_seed.data()};
        if (control) args.push_back(early.data());
        args.push_back(nullptr);
        pid_t pid = 0;
        auto spawned = std::chrono::steady_clock::now();
        if (posix_spawn(&pid, driver.c_str(), nullptr, nullptr, args.data(), environ) != 0) {
            std::perror("posix_spawn");
            return 2;
        }
        // About a third of the kills land while it opens (and recovers), the rest while it saves.
        long delay = static_cast<long>(random() % static_cast<std::uint32_t>(open_us * 1.5 + 40000));
        SleepMicroseconds(delay);
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        ++f.kills;

        bool opened = false;
        std::string error;
        long started_us = 0, open_time = 0;
        std::vector<Save> saves = ReadAcks(ack_path, opened, error, started_us, open_time);
        if (!WIFSIGNALED(status) || !error.empty()) {
            ++f.driver_errors;
            std::printf("kill %ld: the driver %s: %s\n", kill,
                        WIFSIGNALED(status) ? "reported" : ("exited " + std::to_string(WEXITSTATUS(status))).c_str(),
                        error.c_str());
        }
        if (opened) {
            ++f.during_saves;
            long spawn_us =
                std::chrono::duration_cast<std::chrono::microseconds>(spawned.time_since_epoch()).count();
            open_us = open_us * 0.9 + static_cast<double>(started_us - spawn_us + open_time) * 0.1;
        } else {
            ++f.during_open;
        }
        Rows in_flight;
        bool has_in_flight = false;
        for (const Save& save : saves) {
            if (save.acked) {
                Add(expected, save.rows);
                ++f.acknowledged;
            } else {
                in_flight = save.rows;
                has_in_flight = true;
            }
        }

        // Look at what the killed driver left: with the kiosk's own Open (recovery of the -wal), or
        // untouched, leaving the -wal for the next driver to recover.
        std::optional<Rows> found;
        std::string problem;
        if (!fs::exists(db_path)) {
            found = Rows{};  // killed before it created the file: nothing can have been saved
        } else if (kill % 2 == 0) {
            OpenReport report;
            auto db = RecordsDb::Open(db_path, report);
            if (auto* e = std::get_if<std::string>(&db)) {
                problem = "RecordsDb::Open: " + *e;
            } else if (!report.quarantined_to.empty()) {
                ++f.quarantined;
                problem = "quarantined: " + report.quarantine_reason;
            } else {
                ++f.recovered_by_open;
                found = ReadRows(std::get<RecordsDb>(db).Connection(), problem);
            }
        } else {
            Database raw;
            if (auto e = OpenUntouched(raw, db_path)) problem = "open: " + *e;
            else found = ReadRows(raw, problem);
            ++f.left_for_driver;
        }
        if (!found) {
            ++f.integrity_failures;
            std::printf("kill %ld: %s (db %s)\n", kill, problem.c_str(), db_path.c_str());
            fresh_db();
            continue;
        }
        std::size_t missing = Missing(*found, expected);
        if (missing > 0) {
            f.lost += static_cast<long>(missing);
            if (!control)
                std::printf("kill %ld: %zu acknowledged row(s) missing (db %s)\n", kill, missing, db_path.c_str());
            expected = *found;  // count each loss once
        }
        if (has_in_flight) {
            if (Contains(*found, in_flight)) {
                ++f.in_flight_whole;
                Add(expected, in_flight);  // committed after all (the kill came after COMMIT, before the ack)
            } else if (Disjoint(*found, in_flight)) {
                ++f.in_flight_absent;
            } else {
                ++f.half_written;
                std::printf("kill %ld: the save in flight is half-written (db %s)\n", kill, db_path.c_str());
                Add(expected, in_flight);
            }
        }
        if (!(*found == expected) && Contains(*found, expected)) {
            ++f.phantom;
            std::printf("kill %ld: rows that no save wrote (db %s)\n", kill, db_path.c_str());
            expected = *found;
        }
    }

    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("kill loop: kills %ld (while opening/recovering %ld, while saving %ld), saves acknowledged %ld, "
                "in flight at the kill: whole %ld / absent %ld, lost %ld, half-written %ld, rows nobody wrote %ld, "
                "integrity failures %ld, quarantined %ld, driver errors %ld; DBs %ld, checked via RecordsDb::Open "
                "%ld, left with their -wal for the next driver %ld; driver spawn to open %.1f ms; seed %u, time %.1f s\n",
                f.kills, f.during_open, f.during_saves, f.acknowledged, f.in_flight_whole, f.in_flight_absent, f.lost,
                f.half_written, f.phantom, f.integrity_failures, f.quarantined, f.driver_errors, f.fresh_dbs,
                f.recovered_by_open, f.left_for_driver, open_us / 1000, seed, seconds);
    if (control) {
        std::printf("kill loop negative control: lost acknowledged rows detected: %ld (must be > 0)\n", f.lost);
        bool caught = f.lost > 0 && f.half_written == 0 && f.integrity_failures == 0 && f.driver_errors == 0;
        if (caught) fs::remove_all(work, ec);
        return caught ? 0 : 1;
    }
    bool ok = f.lost == 0 && f.half_written == 0 && f.phantom == 0 && f.integrity_failures == 0 && f.quarantined == 0 &&
              f.driver_errors == 0 && f.acknowledged > 0 && f.during_open > 0 && f.during_saves > 0;
    if (ok) fs::remove_all(work, ec);
    return ok ? 0 : 1;
}
