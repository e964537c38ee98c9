// `kiosk-report pull`: this project's xAPI statements from a learning record store (LRS) into a records
// DB, so that every report (summary, items, kiosks, board, verify) reads the national picture unchanged.
// Incremental and idempotent: OUT remembers per LRS where the last pull got to, rows are keyed by their
// own ids, and pulling again when nothing is new changes nothing in OUT. Statements of anyone else are
// counted and left out. A failed pull leaves OUT exactly as it was (one transaction).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/lrs_client.h"
#include "report/progress.h"

namespace report {

// One GET of the LRS's statements resource: a query relative to the xAPI endpoint ("statements?...") or a
// server-absolute "more" link ("/xAPI/statements?cursor=..."). kiosk-report passes lrs::Client::Get; the
// tests pass a scripted LRS.
using FetchStatements = std::function<kiosk::lrs::Response(const std::string& path)>;

struct PullOptions {
    std::string endpoint;   // the LRS's xAPI root, as given: OUT remembers its place per endpoint
    int page_limit = 500;   // statements asked for per page (an LRS may send fewer)
};

struct PullResult {
    std::string error;            // "" = pulled; otherwise why not, and OUT is as it was
    long http_status = 0;         // the refusing answer's HTTP status when error came from one (401: credentials)
    std::int64_t pages = 0;
    std::int64_t statements = 0;  // different statements read (by id), the overlap with the last pull included
    std::int64_t ours = 0, others = 0;  // of those, made by this project's mapping, and by anyone else
    std::int64_t sittings_added = 0, answers_added = 0, completions_added = 0;
    std::int64_t sittings_ended = 0;    // sittings pulled while open that have ended since
    std::vector<std::string> problems;  // contradicting statements, rows a records DB refuses: each left out
    std::string since_before, since_after;  // where this pull began and where the next one begins ("" = the start)
    bool stopped_at_consistent = false;     // paging stopped at the LRS's consistent-through time (the rest next time)
    bool changed = false;                   // OUT was written (new rows, an ended sitting, or a new place)
    std::int64_t sittings = 0, answers = 0, completions = 0;  // in OUT afterwards
};

// Pulls into the records DB `out` (created if missing, with the kiosk's own schema and checks) every
// statement the LRS stored since the last pull from `options.endpoint`, through `fetch`.
PullResult Pull(const std::string& out, const PullOptions& options, const FetchStatements& fetch,
                const Progress& progress = {});

// [SECTION] Time stamps, exposed for the tests
// Microseconds since 1970 of an ISO 8601 date and time as LRSs write `stored` and the consistent-through
// header ("2026-12-06T14:14:44.273Z", "+01:00" offsets, any number of fraction digits); nullopt otherwise.
std::optional<std::int64_t> ParseXapiTime(std::string_view text);
// "2026-12-06T14:14:44.273Z" (UTC, milliseconds, rounded down) for microseconds since 1970.
std::string FormatXapiTime(std::int64_t micros);

}  // namespace report
