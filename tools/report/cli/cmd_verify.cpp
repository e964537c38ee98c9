// `kiosk-report verify CODE... --db RECORDS.db...`: one line per code, saying what it is for or plainly
// that it is unknown; exit 1 if any code is unknown or not a code, or an input could not be read.
#include <cstdio>

#include "commands.h"
#include "core/util/one_line.h"
#include "report/verify.h"
#include "terminal.h"

namespace report::cli {

int Verify(const Args& args) {
    const char* usage = "Usage: kiosk-report verify CODE... --db RECORDS.db [--db RECORDS.db...]\n";
    std::vector<std::string> codes, inputs;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::printf("%s\nChecks completion codes (the code on a kiosk's end screen, like 7K2M-9QXA) against the\n"
                        "records: for each, the module, the result, the day, and the agency, site and kiosk where it\n"
                        "was taken; or that the code is unknown in these records. Nothing about the person is shown.\n"
                        "Give a merged DB (kiosk-report merge) to check codes from any kiosk. Case, spaces and a\n"
                        "missing dash do not matter, and O, I and L are read as 0, 1 and 1. Exit status 1 means\n"
                        "some code is unknown or not a code, or an input could not be read.\n",
                        usage);
            return kExitOk;
        }
        if (a == "--db") {
            if (i + 1 >= args.size()) {
                Error(std::string("--db needs a records DB\n") + usage);
                return kExitUsage;
            }
            inputs.push_back(args[++i]);
        } else if (a.size() > 1 && a[0] == '-') {
            Error("unknown option " + a + "\n" + usage);
            return kExitUsage;
        } else {
            codes.push_back(a);
        }
    }
    if (codes.empty() || inputs.empty()) {
        Error(std::string(codes.empty() ? "no code to check" : "no records to check against (--db)") + "\n" + usage);
        return kExitUsage;
    }
    VerifyResult result = VerifyCodes(codes, inputs);
    for (const std::string& p : result.problems) Error(p);
    if (!result.any_input_read) {
        Error("none of the records could be read; no code checked");
        return kExitUsage;
    }
    bool all_known = result.problems.empty();
    for (const CodeCheck& check : result.codes) {
        if (!check.code) {
            std::printf("%s: not a completion code (8 letters and digits, like 7K2M-9QXA)\n", kiosk::core::Quoted(check.typed).c_str());
            all_known = false;
            continue;
        }
        if (check.matches.empty()) {
            std::printf("%s: unknown: no module completion has this code in these records (check the code; a kiosk's "
                        "newest records may not have been merged yet)\n",
                        check.code->c_str());
            all_known = false;
            continue;
        }
        // The records are files from elsewhere: every text from them is printed as one printable line.
        using kiosk::core::OneLine;
        for (const CodeMatch& m : check.matches)
            std::printf("%s: %s, %s (%d%%), %s, %s, site %s, kiosk %s\n", check.code->c_str(), OneLine(m.module_id).c_str(),
                        m.passed ? "passed" : "not passed", m.percent, OneLine(m.day).c_str(), OneLine(m.agency).c_str(),
                        OneLine(m.site).c_str(), OneLine(m.kiosk).c_str());
        if (check.matches.size() > 1)
            std::printf("%s: matches %zu completions: ask the learner for the day and place too\n", check.code->c_str(),
                        check.matches.size());
    }
    return all_known ? kExitOk : kExitSomeInputsFailed;
}

}  // namespace report::cli
