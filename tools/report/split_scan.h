// Reading a big table (a million answers) in row ranges at once, one thread and connection per range,
// as ScanSplit allows. SQLite runs one statement on one core; the reports' scans are most of their time.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <system_error>
#include <thread>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/records_source.h"

namespace report {

// Calls scan(connection, first_row, last_row, part) for ranges of rowids that together cover
// [first, last] (the table's smallest and largest rowid), and returns the parts in row order. Range 0
// runs on `db` in this thread, the others on connections from split.open_reader in threads of their
// own (in this thread if none can be started). One range, [INT64_MIN, INT64_MAX], when the table is
// small, no more connections can be had, or the rowids are not the usual 1..N.
template <class Part, class Scan>
std::vector<Part> ScanInParts(kiosk::core::Database& db, const ScanSplit& split, std::int64_t first,
                              std::int64_t last, const Scan& scan) {
    std::vector<std::unique_ptr<kiosk::core::Database>> readers;
    bool plain = first >= 0 && last >= first && last - first < (std::int64_t{1} << 40);
    for (int t = 1; plain && t < split.ThreadsFor(last - first + 1); ++t) {
        std::unique_ptr<kiosk::core::Database> reader = split.open_reader();
        if (!reader) break;  // fewer ranges, same figures
        readers.push_back(std::move(reader));
    }
    const auto n = static_cast<std::int64_t>(readers.size() + 1);
    std::vector<Part> parts(static_cast<std::size_t>(n));
    if (n == 1) {
        scan(db, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(), parts[0]);
        return parts;
    }
    // Ranges of about equal rows: the rowids of an append-only table have no big gaps.
    auto bound = [&](std::int64_t p) { return first + (last - first + 1) * p / n; };
    std::vector<std::thread> running;
    for (std::int64_t p = 1; p < n; ++p) {
        auto one = [&, p] {
            scan(*readers[static_cast<std::size_t>(p - 1)], bound(p), bound(p + 1) - 1, parts[static_cast<std::size_t>(p)]);
        };
        try {
            running.emplace_back(one);
        } catch (const std::system_error&) {
            one();  // no thread to be had: this range in this one
        }
    }
    scan(db, first, bound(1) - 1, parts[0]);
    for (std::thread& t : running) t.join();
    return parts;
}

}  // namespace report
