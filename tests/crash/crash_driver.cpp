// records-crash-driver: the kiosk's record path in a loop, for the kill -9 harness (kill_loop.cpp). It
// opens the records DB with the real RecordsDb::Open (recovering whatever a killed predecessor left)
// and writes sittings the way the kiosk does, through RecordsQueue: either a whole sitting in one
// save, or the start, each answer, and the result with the end as separate saves. Before each save it
// appends an intent line naming every row the save will make, and only after the save returned OK an
// ack line, so the harness knows what was acknowledged and what was in flight when it killed us.
//
// usage: records-crash-driver DB ACK-FILE SEED [--ack-before-save]
// (--ack-before-save is the harness's negative control: a driver that acknowledges too early must be
// caught losing acknowledged rows.)
// ack file lines (one write(2) each, O_APPEND, so a kill never leaves half a line):
//   O <start> <open>                  the DB is open: when main started (steady clock, microseconds)
//                                     and how long opening took (microseconds)
//   I <n> <sitting> <row>...          save n is about to run; rows: S (sitting), A:<id>, C:<id>, E (ended)
//   K <n>                             save n returned OK (COMMIT)
//   F <n> <message>                   save n failed (the harness fails the run: nothing should fail here)
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "core/records/records_db.h"
#include "core/records/records_queue.h"
#include "records_fixture.h"

namespace {

using namespace crash_test;

int g_ack = -1;

void Line(const std::string& text) {
    std::string line = text + "\n";
    if (::write(g_ack, line.data(), line.size()) != static_cast<ssize_t>(line.size())) std::_Exit(5);
}

// One save: its events and the rows it makes, as the intent line names them.
struct Save {
    std::vector<RecordEvent> events;
    std::string rows;
};

std::vector<Save> PlanSitting(std::mt19937& random) {
    std::string sitting = NewUuidV4();
    int answers = 1 + static_cast<int>(random() % 4);
    std::vector<Save> saves;
    bool whole = random() % 3 == 0;  // one save for the whole sitting, as after a retry of a backlog
    Save current;
    auto flush = [&] {
        if (!current.events.empty()) saves.push_back(std::move(current));
        current = Save{};
    };
    current.events.push_back(Started(sitting));
    current.rows += " S";
    if (!whole) flush();
    for (int i = 0; i < answers; ++i) {
        std::string id = NewUuidV4();
        current.events.push_back(Answered(sitting, id, "q" + std::to_string(i + 1)));
        current.rows += " A:" + id;
        if (!whole) flush();
    }
    bool finishes = random() % 4 != 0;  // some walk away: no result, ended as abandoned below
    if (finishes) {
        std::string id = NewUuidV4();
        current.events.push_back(Finished(sitting, id));
        current.rows += " C:" + id;
    }
    current.events.push_back(Ended(sitting));
    current.rows += " E";
    flush();
    for (Save& save : saves) save.rows = sitting + save.rows;
    return saves;
}

}  // namespace

int main(int argc, char** argv) {
    bool ack_early = argc == 5 && std::string(argv[4]) == "--ack-before-save";
    if (argc != 4 && !ack_early) {
        std::fprintf(stderr, "usage: records-crash-driver DB ACK-FILE SEED [--ack-before-save]\n");
        return 2;
    }
    auto start = std::chrono::steady_clock::now();
    g_ack = ::open(argv[2], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (g_ack < 0) {
        std::perror(argv[2]);
        return 2;
    }
    OpenReport report;
    auto opened = RecordsDb::Open(argv[1], report);
    if (auto* e = std::get_if<std::string>(&opened)) {
        Line("E " + *e);
        return 3;
    }
    if (!report.quarantined_to.empty()) {
        Line("E quarantined: " + report.quarantine_reason);
        return 3;
    }
    RecordsDb& db = std::get<RecordsDb>(opened);
    auto opened_at = std::chrono::steady_clock::now();
    auto micros = [](auto duration) {
        return std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(duration).count());
    };
    Line("O " + micros(start.time_since_epoch()) + " " + micros(opened_at - start));

    std::mt19937 random(static_cast<std::uint32_t>(std::strtoul(argv[3], nullptr, 10)));
    RecordsQueue queue;
    for (long n = 1;;) {
        for (Save& save : PlanSitting(random)) {
            Line("I " + std::to_string(n) + " " + save.rows);
            if (ack_early) Line("K " + std::to_string(n));
            queue.Push(std::move(save.events));
            WriteResult result = queue.Flush(db, Context());
            if (!result.Ok()) {
                Line("F " + std::to_string(n) + " " + *result.error);
                return 4;
            }
            if (!ack_early) Line("K " + std::to_string(n));
            ++n;
        }
    }
}
