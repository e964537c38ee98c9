// Benchmark: what it costs the kiosk to save one answer durably (RecordsDb::Write: one COMMIT in WAL
// mode with synchronous=FULL, the kiosk's real record path) against the floor any durable write pays on
// the same disk: writing a page to a file and fdatasync. Alternates the two in rounds so both see the
// same disk weather. Prints one line per measurement for tools/bench/durable-write to read.
// Usage: kiosk-bench-durable DIR [WRITES]
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "core/records/records_db.h"
#include "core/util/uuid.h"

namespace {

using namespace kiosk::core;
using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point from) { return std::chrono::duration<double, std::milli>(Clock::now() - from).count(); }

double Percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

RecordEvent Answer(const std::string& sitting, int n) {
    AnswerRecord a;
    a.id = NewUuidV4();
    a.module_id = "spot-the-signs";
    a.scene_id = "car-wash-signs";
    a.question = QuestionType::Multi;
    a.chosen = {"no-wages", "same-clothes", "driven-in"};
    a.correct = true;
    a.seconds = 10 + n % 30;
    return RecordEvent{RecordEvent::Kind::Answer, sitting, {}, {}, {}, a, std::nullopt, SittingOutcome::Completed,
                       1000 + n, "2026-11-29T09:01:00Z"};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: kiosk-bench-durable DIR [WRITES]\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    const int writes = argc > 2 ? std::max(2, std::atoi(argv[2])) : 200;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);

    OpenReport report;
    auto opened = RecordsDb::Open((dir / "records.db").string(), report);
    if (auto* error = std::get_if<std::string>(&opened)) {
        std::fprintf(stderr, "kiosk-bench-durable: %s\n", error->c_str());
        return 1;
    }
    RecordsDb db = std::move(std::get<RecordsDb>(opened));
    const RecordContext context{"bench-kiosk", "greater-manchester", "Bench agency", "north-west", "msht-training",
                                1, std::string(64, 'a'), "Bench partnership"};
    const std::string sitting = NewUuidV4();
    RecordEvent started{RecordEvent::Kind::SittingStarted, sitting, "health", "", "en", std::nullopt, std::nullopt,
                        SittingOutcome::Completed, 0, "2026-11-29T09:00:00Z"};
    if (auto error = db.Write({started}, context)) {
        std::fprintf(stderr, "kiosk-bench-durable: %s\n", error->c_str());
        return 1;
    }

    const std::string raw_path = (dir / "fdatasync.bin").string();
    int fd = ::open(raw_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        std::perror(raw_path.c_str());
        return 1;
    }
    std::vector<char> page(4096, 'x');
    // What the WAL receives per answer: four frames (the table's page and one page of each of its three
    // indexes), each a 24-byte header and a 4 KiB page. Timed as a second floor, to show where the rest
    // of a COMMIT's cost goes.
    const std::string frames_path = (dir / "frames.bin").string();
    int frames_fd = ::open(frames_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (frames_fd < 0) {
        std::perror(frames_path.c_str());
        return 1;
    }
    std::vector<char> frames(4 * (24 + 4096), 'y');

    std::vector<double> commit_ms, sync_ms, frames_ms;
    for (int round = 0; round < writes; ++round) {
        // The answer row, as the kiosk saves it when a learner confirms.
        auto start = Clock::now();
        if (auto error = db.Write({Answer(sitting, round)}, context)) {
            std::fprintf(stderr, "kiosk-bench-durable: %s\n", error->c_str());
            return 1;
        }
        commit_ms.push_back(Ms(start));
        // The floor: one page appended and made durable.
        start = Clock::now();
        if (::pwrite(fd, page.data(), page.size(), static_cast<off_t>(round) * 4096) != 4096 || ::fdatasync(fd) != 0) {
            std::perror(raw_path.c_str());
            return 1;
        }
        sync_ms.push_back(Ms(start));
        start = Clock::now();
        const auto at = static_cast<off_t>(round) * static_cast<off_t>(frames.size());
        if (::pwrite(frames_fd, frames.data(), frames.size(), at) != static_cast<ssize_t>(frames.size()) ||
            ::fdatasync(frames_fd) != 0) {
            std::perror(frames_path.c_str());
            return 1;
        }
        frames_ms.push_back(Ms(start));
    }
    ::close(fd);
    ::close(frames_fd);
    std::printf("durable answer write (COMMIT, WAL, synchronous=FULL): p50 %.3f ms, p99 %.3f ms (%d writes)\n",
                Percentile(commit_ms, 0.5), Percentile(commit_ms, 0.99), writes);
    std::printf("bare fdatasync of one 4 KiB page: p50 %.3f ms, p99 %.3f ms (%d writes)\n", Percentile(sync_ms, 0.5),
                Percentile(sync_ms, 0.99), writes);
    std::printf("bare fdatasync of the WAL's bytes for one answer (4 frames, 16.1 KiB): p50 %.3f ms, p99 %.3f ms "
                "(%d writes)\n",
                Percentile(frames_ms, 0.5), Percentile(frames_ms, 0.99), writes);
    return 0;
}
