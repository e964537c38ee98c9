// `kiosk-report prune --before YYYY-MM-DD DB...`: the retention period applied to coordinators' merged
// or pulled records DBs; prints what it deleted from each.
#include <cstdio>

#include "commands.h"
#include "options.h"
#include "report/prune.h"
#include "terminal.h"

namespace report::cli {

int Prune(const Args& args) {
    const char* usage = "Usage: kiosk-report prune --before YYYY-MM-DD RECORDS.db...\n";
    std::string before;
    std::vector<std::string> dbs;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "-h" || args[i] == "--help") {
            std::printf("%s\nDeletes from each merged or pulled records DB every sitting that started before the day\n"
                        "(with its answers and completions) and the admin trail from before it, then rewrites the\n"
                        "file so nothing deleted can be read back from it. Use it for the partnership's retention\n"
                        "period (e.g. --before the day three years ago). Merging an old kiosk export again would\n"
                        "bring its rows back: prune after merging, or delete old exports too. Not for a kiosk's own\n"
                        "records.db while the kiosk runs.\n",
                        usage);
            return kExitOk;
        }
        if (args[i] == "--before" && i + 1 < args.size()) {
            before = args[++i];
        } else if (args[i].size() > 1 && args[i][0] == '-') {
            Error("unknown option " + args[i] + "\n" + usage);
            return kExitUsage;
        } else {
            dbs.push_back(args[i]);
        }
    }
    if (!IsDay(before) || dbs.empty()) {
        Error(std::string(before.empty() || IsDay(before) ? "" : "--before wants a day as YYYY-MM-DD, not '" + before + "'\n") + usage);
        return kExitUsage;
    }
    int failed = 0;
    for (const std::string& db : dbs) {
        PruneResult r = report::Prune(db, before);
        if (!r.pruned) {
            Error(r.error);
            ++failed;
            continue;
        }
        std::printf("%s: deleted %lld sittings from before %s, %lld answers, %lld completions, %lld admin trail lines; "
                    "%lld sittings left\n",
                    db.c_str(), static_cast<long long>(r.sittings), before.c_str(), static_cast<long long>(r.answers),
                    static_cast<long long>(r.completions), static_cast<long long>(r.admin_events),
                    static_cast<long long>(r.sittings_left));
        if (!r.error.empty()) {
            Error(r.error);
            ++failed;
        }
    }
    return failed == 0 ? kExitOk : failed == static_cast<int>(dbs.size()) ? kExitUsage : kExitSomeInputsFailed;
}

}  // namespace report::cli
