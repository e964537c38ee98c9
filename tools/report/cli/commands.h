// kiosk-report commands. Each takes the arguments after its name and returns the exit status:
// 0 done; 1 done, but some inputs could not be read or held conflicting rows (each named on stderr);
// 2 usage problem, or nothing could be read or written.
#pragma once

#include <string>
#include <vector>

namespace report::cli {

using Args = std::vector<std::string>;

int Summary(const Args& args);  // summary DB...
int Items(const Args& args);    // items DB...
int Kiosks(const Args& args);   // kiosks DB...
int Board(const Args& args);    // board DB... (HTML)
int Xapi(const Args& args);     // xapi DB...
int Merge(const Args& args);    // merge OUT IN...
int Verify(const Args& args);   // verify CODE... --db DB...
int Pull(const Args& args);     // pull --lrs URL --credentials FILE [--ca-file PEM] OUT
int Prune(const Args& args);    // prune --before DAY DB...

inline constexpr int kExitOk = 0;
inline constexpr int kExitSomeInputsFailed = 1;
inline constexpr int kExitUsage = 2;

}  // namespace report::cli
