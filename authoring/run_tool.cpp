// Runs an external tool (run_tool.h) with posix_spawnp; its stderr goes to a temporary file that is read
// back afterwards, so a chatty tool can never fill a pipe and block.
#include "run_tool.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

extern char** environ;

namespace author {

ToolRun RunTool(const std::vector<std::string>& argv, const std::string& stdout_path) {
    ToolRun run;
    std::string err_path = (std::filesystem::temp_directory_path() / "kiosk-author-tool-XXXXXX").string();
    int err_fd = mkstemp(err_path.data());
    if (err_fd < 0) {
        run.output = std::string("cannot create a temporary file: ") + std::strerror(errno);
        return run;
    }
    unlink(err_path.c_str());  // the open descriptor keeps it readable

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (stdout_path.empty())
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    else
        posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, err_fd, 2);

    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int spawn_error = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawn_error != 0) {
        close(err_fd);
        run.output = std::string(spawn_error == ENOENT ? "not installed" : std::strerror(spawn_error));
        return run;
    }
    run.started = true;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    // glibc's posix_spawnp reports a missing program as exit status 127 from the child.
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    lseek(err_fd, 0, SEEK_SET);
    char buffer[4096];
    ssize_t got;
    while ((got = read(err_fd, buffer, sizeof buffer)) > 0 && run.output.size() < 64 * 1024)
        run.output.append(buffer, static_cast<std::size_t>(got));
    close(err_fd);
    if (run.status == 127 && run.output.empty()) {
        run.started = false;
        run.output = "not installed";
    }
    return run;
}

}  // namespace author
