// `kiosk-report merge OUT IN...`: prints what each input added, names every failed or conflicting
// input on stderr, and exits 1 if any did (the rest are merged all the same).
#include <cstdio>

#include "commands.h"
#include "report/merge.h"
#include "terminal.h"

namespace report::cli {

int Merge(const Args& args) {
    const char* usage = "Usage: kiosk-report merge OUT.db IN.db...\n";
    if (!args.empty() && (args[0] == "-h" || args[0] == "--help")) {
        std::printf("%s\nCombines kiosks' records DBs into OUT.db (created if missing). Rows are matched by id:\n"
                    "merging the same export again adds nothing, and a row whose id is taken by different\n"
                    "content is reported and left as it was. Inputs are never changed. OUT.db is replaced in\n"
                    "one step when the merge is done, so an interrupted merge leaves it as it was. Exit status\n"
                    "1 means some inputs were skipped or had conflicting rows; the others were merged.\n",
                    usage);
        return kExitOk;
    }
    for (const std::string& a : args)
        if (a.size() > 1 && a[0] == '-') {
            Error("unknown option " + a + "\n" + usage);
            return kExitUsage;
        }
    if (args.size() < 2) {
        std::fputs(usage, stderr);
        return kExitUsage;
    }
    std::vector<std::string> inputs(args.begin() + 1, args.end());
    MergeResult result = report::Merge(args[0], inputs, TerminalProgress());
    EndProgress();
    if (!result.error.empty()) {
        Error(result.error);
        return kExitUsage;
    }
    int failed = 0;
    for (const MergeInput& input : result.inputs) {
        if (!input.error.empty()) {
            Error(input.error + " (skipped)");
            ++failed;
            continue;
        }
        std::printf("%s: +%lld sittings, +%lld answers, +%lld completions; %lld already there; +%lld admin trail lines\n",
                    input.path.c_str(), static_cast<long long>(input.sittings_added),
                    static_cast<long long>(input.answers_added), static_cast<long long>(input.completions_added),
                    static_cast<long long>(input.already_there), static_cast<long long>(input.admin_events_added));
        if (input.conflicts > 0) {
            std::string examples;
            for (const std::string& e : input.conflict_examples) examples += (examples.empty() ? "" : ", ") + e;
            Error(input.path + ": " + std::to_string(input.conflicts) +
                  " rows have the id of a different row already merged; kept the first (" + examples + ")");
            ++failed;
        }
        if (input.orphans > 0) {
            Error(input.path + ": " + std::to_string(input.orphans) + " answers or completions without their sitting; skipped");
            ++failed;
        }
    }
    std::printf("%s: %lld sittings, %lld answers, %lld completions\n", args[0].c_str(),
                static_cast<long long>(result.sittings), static_cast<long long>(result.answers),
                static_cast<long long>(result.completions));
    if (failed > 0) {
        Error(std::to_string(failed) + " of " + std::to_string(inputs.size()) + " inputs had problems (see above)");
        return kExitSomeInputsFailed;
    }
    return kExitOk;
}

}  // namespace report::cli
