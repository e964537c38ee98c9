// Running the command-line tools kiosk-author builds on (Graphviz's `dot`, gettext's `msgmerge` and
// `msginit`) without a shell: arguments are passed as they are, so no path or id is ever re-parsed.
#pragma once

#include <string>
#include <vector>

namespace author {

struct ToolRun {
    bool started = false;  // false: the program is not installed (or cannot be run); `output` says why
    int status = -1;       // its exit status; -1 if it was killed by a signal
    std::string output;    // what it wrote to stderr (stdout goes to `stdout_path`, or nowhere)
};

// Runs `argv` (argv[0] looked up in PATH), with stdin from /dev/null and stdout to `stdout_path` (or
// discarded when empty), and waits for it.
ToolRun RunTool(const std::vector<std::string>& argv, const std::string& stdout_path = "");

}  // namespace author
