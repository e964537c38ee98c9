// kiosk-report: the coordinators' command-line tool. It parses the command line and calls the report
// library (tools/report), which does all the work and never prints.
#include <cstdio>
#include <string>

#include "commands.h"

namespace {

const char* kUsage = R"(kiosk-report: training figures from kiosk records DBs, for coordinators

Usage:
  kiosk-report summary [options] RECORDS.db...
  kiosk-report items   [options] RECORDS.db...
  kiosk-report kiosks  [options] RECORDS.db...
  kiosk-report board   [options] -o REPORT.html RECORDS.db...
  kiosk-report xapi    [options] [--homepage URL] RECORDS.db...
  kiosk-report merge OUT.db IN.db...
  kiosk-report verify CODE... --db RECORDS.db...
  kiosk-report prune --before YYYY-MM-DD RECORDS.db...
  kiosk-report pull --lrs URL --credentials FILE [--ca-file PEM] OUT.db
  kiosk-report COMMAND --help

Commands:
  summary  sittings, completions, pass rate and median time: national > region > partnership >
           agency > kiosk, by module, role category and period
  items    item analysis: facility, discrimination, options chosen, by role category and region
  kiosks   per kiosk: pack version, last sitting, sittings, idle resets, leaves
  board    one self-contained HTML page with all of the above, charts included, for a board
  xapi     xAPI 1.0.3 statements (sittings, answers, completions, results) for a learning record store
  merge    combine many kiosks' records into one DB (idempotent; conflicts reported)
  verify   check completion codes from kiosks' end screens: module, result, day, agency, kiosk
  prune    delete sittings from before a day from merged or pulled DBs (the retention period)
  pull     this project's statements from a learning record store into a records DB (incremental)

Input files are only ever read. Every output is protected the same way: counts are randomly rounded
to a multiple of 5 (the same records always the same way), groups of fewer than 5 people (--min-cell)
are not listed, and percentages need a base of 25. Staff-number hashes never appear.
Exit status: 0 done; 1 done, but some inputs failed or conflicted (named on stderr); 2 usage or nothing read.
)";

}  // namespace

int main(int argc, char** argv) {
    report::cli::Args args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? report::cli::kExitUsage : report::cli::kExitOk;
    }
    if (args[0] == "--version") {
        std::puts("kiosk-report 0.1.0");
        return 0;
    }
    std::string command = args[0];
    args.erase(args.begin());
    if (command == "summary") return report::cli::Summary(args);
    if (command == "items") return report::cli::Items(args);
    if (command == "kiosks") return report::cli::Kiosks(args);
    if (command == "board") return report::cli::Board(args);
    if (command == "xapi") return report::cli::Xapi(args);
    if (command == "merge") return report::cli::Merge(args);
    if (command == "verify") return report::cli::Verify(args);
    if (command == "prune") return report::cli::Prune(args);
    if (command == "pull") return report::cli::Pull(args);
    std::fprintf(stderr, "kiosk-report: unknown command '%s'; run 'kiosk-report --help'\n", command.c_str());
    return report::cli::kExitUsage;
}
