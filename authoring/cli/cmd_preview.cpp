// `kiosk-author preview CONTENT_DIR`: the kiosk in a window on the scene being edited, rebuilt on every
// save. This process watches the folder (inotify), waits for the editor's writes to settle, rebuilds
// (preview_build.h) and tells the kiosk over a pipe (core/control/preview_message.h); the kiosk, started with
// --preview, swaps the pack and reports how long the save took to reach the screen. The kiosk never
// links the compiler or reads TOML: it only ever opens packs.
//
//   waiting ──file event──▶ settling (50 ms after the last event) ──▶ rebuild ──▶ waiting
//   first build has errors: no kiosk yet; it starts at the first build that compiles
//   the kiosk exits (window closed, script done) ──▶ exit with its status
//   Ctrl+C / SIGTERM ──▶ close the pipe (the kiosk closes itself), wait for it, exit
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "commands.h"
#include "core/util/did_you_mean.h"
#include "languages.h"
#include "core/control/preview_message.h"
#include "folder_watch.h"
#include "preview_build.h"

extern char** environ;

namespace author::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kSettleNs = 50'000'000;  // editors write, rename and touch within a few ms

const char* kHelp = R"(Usage: kiosk-author preview [CONTENT_DIR] [--module ID] [--scene ID] [--lang LANG] [options]

Opens the kiosk in a window on a module's scene, as a learner sees it, and keeps it up to date while
you edit: each time you save a file in CONTENT_DIR (default: ./content; a module.toml, a translation,
a picture), the content is checked and rebuilt and the window shows the new version at the same scene,
usually within a fifth of a second. The terminal says how long each reload took.

Errors appear in the window, with file:line:column and the line itself, and here as 'check' prints
them; the window keeps the last version that worked until the file is fixed.

A preview records nothing: it opens no records database, asks no "about you" questions and never
resets for idleness. Close the window (or press Escape, or Ctrl+C here) to stop.

Options:
  --module ID           the module to open (default: the first)
  --scene ID            the scene to open (default: the module's start)
  --lang LANG           show it in this language (e.g. cy), on a site that offers it; a text with no
                        translation yet shows in the first language, marked [English] in front
  --site ID             the site (sites/ID.toml) whose contacts, languages and settings to use
                        (default: the first, or with --lang the first that offers that language)
  --size WxH            the window's size (default: 1280x720)
  --kiosk PATH          the kiosk program (default: beside kiosk-author, then the build tree, then PATH)
  --no-audio            no read aloud and no film sound
  --script FILE         run a kiosk script in the preview, e.g. 'wait-reload 10000' (tests)
  --screenshot-dir DIR  where that script's screenshots go
  -h, --help            show this help

Exit status: the kiosk's (0 when the window is closed), 1 if the content never compiled, 2 usage,
file or start-up problems.
Examples: kiosk-author preview content --module spot-the-signs --scene car-wash
          kiosk-author preview --module spot-the-signs --lang cy
)";

struct Parsed {
    std::string content_dir, module, scene, site, lang, size, kiosk, script, screenshot_dir;
    bool folder_problem = false;  // the message named the folder: no usage hint after it
    bool no_audio = false;
};

bool Parse(const Args& args, Parsed& out) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= args.size() || args[i + 1].empty()) {
                std::fprintf(stderr, "kiosk-author: %s needs a value\n", a.c_str());
                return false;
            }
            into = args[++i];
            return true;
        };
        bool ok = true;
        if (a == "--module") ok = value(out.module);
        else if (a == "--scene") ok = value(out.scene);
        else if (a == "--site") ok = value(out.site);
        else if (a == "--lang") ok = value(out.lang);
        else if (a == "--size") ok = value(out.size);
        else if (a == "--kiosk") ok = value(out.kiosk);
        else if (a == "--script") ok = value(out.script);
        else if (a == "--screenshot-dir") ok = value(out.screenshot_dir);
        else if (a == "--no-audio") out.no_audio = true;
        else if (a.starts_with("-")) {
            std::fprintf(stderr, "kiosk-author: unknown option '%s'\n", a.c_str());
            return false;
        } else if (out.content_dir.empty()) {
            out.content_dir = a;
        } else {
            std::fprintf(stderr, "kiosk-author: unexpected argument '%s'\n", a.c_str());
            return false;
        }
        if (!ok) return false;
    }
    if (out.content_dir.empty()) {  // as check and build: ./content, or the content folder we are in
        std::error_code ec;
        out.content_dir = !fs::exists("content", ec) && fs::exists("pack.toml", ec) ? "." : "content";
    }
    if (!ReadableFolder(out.content_dir)) {
        out.folder_problem = true;
        return false;
    }
    return true;
}

bool Executable(const fs::path& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec) && access(path.c_str(), X_OK) == 0;
}

// The kiosk program: --kiosk, else installed beside kiosk-author, else where the build tree puts it
// (build/<preset>/authoring/kiosk-author and build/<preset>/kiosk/app/kiosk), else on PATH.
std::optional<fs::path> FindKiosk(const std::string& option) {
    if (!option.empty()) return Executable(option) ? std::optional<fs::path>(option) : std::nullopt;
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = self.parent_path() / "kiosk";
        const fs::path in_build_tree = self.parent_path().parent_path() / "kiosk" / "app" / "kiosk";
        for (const fs::path& candidate : {beside, in_build_tree})
            if (Executable(candidate)) return candidate;
    }
    if (const char* path = std::getenv("PATH")) {
        std::string_view rest = path;
        while (!rest.empty()) {
            std::size_t colon = rest.find(':');
            std::string dir(rest.substr(0, colon));
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
            if (!dir.empty() && Executable(fs::path(dir) / "kiosk")) return fs::path(dir) / "kiosk";
        }
    }
    return std::nullopt;
}

// A private folder for the packs, removed on every way out.
struct ScratchDir {
    fs::path path;
    ScratchDir() {
        std::error_code ec;
        std::string pattern = (fs::temp_directory_path(ec) / "kiosk-preview-XXXXXX").string();
        if (mkdtemp(pattern.data())) path = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        if (!path.empty()) fs::remove_all(path, ec);
    }
};

// Writes all of `text` to the kiosk's pipe; false if the kiosk has gone.
bool SendAll(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// The module and scene the preview opens on exist in `pack`; else a message naming what does.
// The site to open the preview on: --site, or for --lang the first site offering that language when the
// kiosk's default (the first site) does not. A one-line problem when there is none.
std::string ChooseSite(const kiosk::core::PackData& pack, const std::string& site_id, const std::string& lang, std::string& chosen) {
    std::vector<std::string> ids, offering;
    for (const kiosk::core::Site& site : pack.sites) {
        ids.push_back(site.id);
        if (std::find(site.languages.begin(), site.languages.end(), lang) != site.languages.end()) offering.push_back(site.id);
    }
    auto join = [](const std::vector<std::string>& items) {
        std::string out;
        for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
        return out;
    };
    if (!lang.empty() && std::find(pack.languages.begin(), pack.languages.end(), lang) == pack.languages.end())
        return "the pack has no language '" + lang + "'; pack.toml lists: " + join(pack.languages) +
               kiosk::core::DidYouMean(lang, pack.languages);
    chosen = site_id;
    if (!site_id.empty()) {
        auto site = std::find(ids.begin(), ids.end(), site_id);
        if (site == ids.end()) return "the content has no site '" + site_id + "'; its sites are: " + join(ids) + kiosk::core::DidYouMean(site_id, ids);
        if (!lang.empty() && std::find(offering.begin(), offering.end(), site_id) == offering.end())
            return "site '" + site_id + "' does not offer '" + lang + "'" +
                   (offering.empty() ? "; no site does: add it to a site's languages" : "; these sites do: " + join(offering));
        return "";
    }
    if (lang.empty() || ids.empty() || (!offering.empty() && offering.front() == ids.front())) return "";
    if (offering.empty()) return "no site offers '" + lang + "'; add it to the languages of a file in sites/";
    chosen = offering.front();
    return "";
}

std::string CheckStart(const kiosk::core::PackData& pack, const std::string& module_id, const std::string& scene_id) {
    auto list = [](const auto& items) {
        std::string out;
        for (const auto& item : items) out += (out.empty() ? "" : ", ") + item.id;
        return out;
    };
    if (module_id.empty()) return "";
    for (const kiosk::core::Module& module : pack.modules) {
        if (module.id != module_id) continue;
        if (scene_id.empty()) return "";
        for (const kiosk::core::Scene& scene : module.scenes)
            if (scene.id == scene_id) return "";
        return "module '" + module_id + "' has no scene '" + scene_id + "'; its scenes are: " + list(module.scenes);
    }
    return "the content has no module '" + module_id + "'; its modules are: " + list(pack.modules);
}

class PreviewSession {
public:
    PreviewSession(Parsed parsed, fs::path kiosk, fs::path packs)
        : m_p(std::move(parsed)), m_kiosk(std::move(kiosk)), m_builder(m_p.content_dir, m_p.content_dir, packs) {}
    ~PreviewSession() {
        if (m_pipe >= 0) close(m_pipe);
        if (m_pidfd >= 0) close(m_pidfd);
    }

    int Run(FolderWatch& watch, int signal_fd);

private:
    bool StartKiosk(const std::string& pack);
    // Rebuilds for the changes seen; starts the kiosk at the first good build. false: stop (exit code set).
    bool Rebuild();
    int WaitForKiosk(bool stopping);

    Parsed m_p;
    fs::path m_kiosk;
    PreviewBuilder m_builder;
    int m_pipe = -1;        // write end to the kiosk
    std::string m_site;     // the site the kiosk opens on (--site, or chosen for --lang); empty: its default
    pid_t m_pid = -1;
    int m_pidfd = -1;       // readable when the kiosk exits
    int m_exit = 0;
    std::vector<std::string> m_changed;  // since the last rebuild
    std::int64_t m_firstChangeNs = 0;
    std::int64_t m_lastChangeNs = 0;
};

bool PreviewSession::StartKiosk(const std::string& pack) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        std::fprintf(stderr, "kiosk-author: cannot make a pipe for the kiosk: %s\n", std::strerror(errno));
        return false;
    }
    // Out of the way of descriptor 3, which the kiosk is told to read: dup2 onto itself would keep CLOEXEC.
    int read_end = fcntl(fds[0], F_DUPFD_CLOEXEC, 10);
    close(fds[0]);
    m_pipe = fds[1];
    std::vector<std::string> argv = {m_kiosk.string(), "--pack", pack, "--preview", "--preview-fd", "3"};
    if (!m_p.module.empty()) argv.insert(argv.end(), {"--start-module", m_p.module});
    if (!m_p.scene.empty()) argv.insert(argv.end(), {"--start-scene", m_p.scene});
    if (!m_site.empty()) argv.insert(argv.end(), {"--site", m_site});
    if (!m_p.lang.empty()) argv.insert(argv.end(), {"--start-language", m_p.lang});
    if (!m_p.size.empty()) argv.insert(argv.end(), {"--windowed", m_p.size});
    if (m_p.no_audio) argv.push_back("--no-audio");
    if (!m_p.script.empty()) argv.insert(argv.end(), {"--script", m_p.script});
    if (!m_p.screenshot_dir.empty()) argv.insert(argv.end(), {"--screenshot-dir", m_p.screenshot_dir});
    std::vector<char*> c_argv;
    for (std::string& a : argv) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, read_end, 3);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // This process blocks SIGINT/SIGTERM (it reads them from a signalfd) and ignores SIGPIPE; the kiosk
    // must get the ordinary behaviour of all three (SDL turns Ctrl+C into closing the window).
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    int error = posix_spawn(&m_pid, m_kiosk.c_str(), &actions, &attr, c_argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    close(read_end);
    if (error != 0) {
        std::fprintf(stderr, "kiosk-author: cannot start %s: %s\n", m_kiosk.c_str(), std::strerror(error));
        m_pid = -1;
        return false;
    }
    // glibc 2.36's <sys/pidfd.h> lacks extern "C", so C++ cannot link its pidfd_open: the system call itself.
    m_pidfd = static_cast<int>(syscall(SYS_pidfd_open, m_pid, 0));
    return true;
}

bool PreviewSession::Rebuild() {
    std::vector<std::string> changed = std::move(m_changed);
    m_changed.clear();
    // Name the files that are there now: an editor's temporary file (sed's "sedXXXXXX", renamed over the
    // real one) has gone by the time the rebuild runs. If nothing is left, a file was deleted: say which.
    std::vector<std::string> present;
    for (const std::string& path : changed) {
        std::error_code ec;
        if (fs::exists(fs::path(m_p.content_dir) / path, ec)) present.push_back(path);
    }
    if (!present.empty()) changed = std::move(present);
    PreviewBuild build = m_builder.Build(changed, m_firstChangeNs);
    m_firstChangeNs = 0;
    if (!build.report.empty()) {
        std::fputs(build.report.c_str(), stderr);
        std::fflush(stderr);
    }
    if (m_pid < 0) {
        if (build.update.pack.empty()) {
            std::fputs("kiosk-author: the preview opens when the content compiles; fix the errors and save\n", stderr);
            m_exit = 1;
            return true;
        }
        std::string problem = CheckStart(*m_builder.LastPack(), m_p.module, m_p.scene);
        if (problem.empty()) problem = ChooseSite(*m_builder.LastPack(), m_p.site, m_p.lang, m_site);
        if (!problem.empty()) {
            std::fprintf(stderr, "kiosk-author: %s\n", problem.c_str());
            m_exit = 2;
            return false;
        }
        if (!StartKiosk(build.update.pack)) {
            m_exit = 2;
            return false;
        }
        const kiosk::core::PackData& pack = *m_builder.LastPack();
        const kiosk::core::Module* module = &pack.modules.front();
        for (const kiosk::core::Module& m : pack.modules)
            if (m.id == m_p.module) module = &m;
        const std::string scene = m_p.scene.empty() ? module->start : m_p.scene;
        std::string where = m_site.empty() ? "" : " on site '" + m_site + "'";
        if (!m_p.lang.empty()) {
            std::string first = LanguageName(pack.languages.front());
            first = first.substr(0, first.find(" ("));  // "English (en)" -> "English", as the marker says it
            where += " in " + LanguageName(m_p.lang) + " (texts with no translation show in " + first + ", marked [" + first + "])";
        }
        std::fprintf(stderr, "kiosk-author: previewing module '%s' at scene '%s'%s; edit and save, close the window to stop\n",
                     module->id.c_str(), scene.c_str(), where.c_str());
        return true;
    }
    // If the kiosk has gone, the pidfd says so next time round; nothing to do here.
    SendAll(m_pipe, kiosk::core::FormatPreviewUpdate(build.update));
    return true;
}

int PreviewSession::WaitForKiosk(bool stopping) {
    if (m_pid < 0) return m_exit;
    if (stopping && m_pipe >= 0) {
        close(m_pipe);  // the kiosk reads the end of the pipe and closes its window
        m_pipe = -1;
        pollfd wait{m_pidfd, POLLIN, 0};
        if (m_pidfd < 0 || poll(&wait, 1, 3000) <= 0) kill(m_pid, SIGTERM);
    }
    int status = 0;
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    if (stopping) return 0;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) {
        std::fprintf(stderr, "kiosk-author: the kiosk was stopped by signal %d\n", WTERMSIG(status));
        return 128 + WTERMSIG(status);
    }
    return 2;
}

int PreviewSession::Run(FolderWatch& watch, int signal_fd) {
    m_firstChangeNs = SteadyNowNs();
    if (!Rebuild()) return m_exit;
    for (;;) {
        int timeout = -1;
        if (!m_changed.empty()) {
            std::int64_t left = m_lastChangeNs + kSettleNs - SteadyNowNs();
            timeout = left <= 0 ? 0 : static_cast<int>((left + 999'999) / 1'000'000);
        }
        pollfd fds[3] = {{watch.Fd(), POLLIN, 0}, {signal_fd, POLLIN, 0}, {m_pidfd, POLLIN, 0}};
        int ready = poll(fds, m_pidfd >= 0 ? 3 : 2, timeout);
        if (ready < 0 && errno != EINTR) {
            std::fprintf(stderr, "kiosk-author: poll: %s\n", std::strerror(errno));
            return WaitForKiosk(true);
        }
        if (fds[1].revents & POLLIN) {
            signalfd_siginfo info{};
            [[maybe_unused]] ssize_t n = read(signal_fd, &info, sizeof info);
            std::fputs("kiosk-author: stopping the preview\n", stderr);
            return m_pid >= 0 ? WaitForKiosk(true) : m_exit;
        }
        if (m_pidfd >= 0 && (fds[2].revents & POLLIN)) return WaitForKiosk(false);
        if (fds[0].revents & POLLIN) {
            std::vector<std::string> changed = watch.Read();
            if (!changed.empty()) {
                const std::int64_t now = SteadyNowNs();
                if (m_changed.empty()) m_firstChangeNs = now;
                m_lastChangeNs = now;
                for (std::string& path : changed)
                    if (std::find(m_changed.begin(), m_changed.end(), path) == m_changed.end()) m_changed.push_back(path);
            }
        }
        if (!m_changed.empty() && SteadyNowNs() - m_lastChangeNs >= kSettleNs && !Rebuild()) return m_exit;
    }
}

}  // namespace

int Preview(const Args& args) {
    if (WantsHelp(args)) return std::fputs(kHelp, stdout), 0;
    Parsed p;
    if (!Parse(args, p)) {
        if (!p.folder_problem) std::fputs("Run 'kiosk-author preview --help' for usage.\n", stderr);
        return 2;
    }
    auto kiosk = FindKiosk(p.kiosk);
    if (!kiosk) {
        std::fprintf(stderr, "kiosk-author: %s\n",
                     p.kiosk.empty() ? "cannot find the kiosk program (not beside kiosk-author, in the build tree or on "
                                       "PATH); say where it is with --kiosk PATH"
                                     : ("--kiosk " + p.kiosk + " is not a program").c_str());
        return 2;
    }
    auto opened = FolderWatch::Open(p.content_dir);
    if (const auto* error = std::get_if<std::string>(&opened)) {
        std::fprintf(stderr, "kiosk-author: %s\n", error->c_str());
        return 2;
    }
    FolderWatch& watch = std::get<FolderWatch>(opened);
    ScratchDir scratch;
    if (scratch.path.empty()) {
        std::fprintf(stderr, "kiosk-author: cannot make a folder for the preview's packs: %s\n", std::strerror(errno));
        return 2;
    }
    // Ctrl+C and SIGTERM arrive as readable data, so the loop can stop the kiosk and clean up; a kiosk
    // that has gone must not kill this process through SIGPIPE on the next write.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop, nullptr);
    signal(SIGPIPE, SIG_IGN);
    int signal_fd = signalfd(-1, &stop, SFD_CLOEXEC);
    if (signal_fd < 0) {
        std::fprintf(stderr, "kiosk-author: signalfd: %s\n", std::strerror(errno));
        return 2;
    }
    int code = 0;
    {
        PreviewSession preview(p, *kiosk, scratch.path);
        code = preview.Run(watch, signal_fd);
    }
    close(signal_fd);
    return code;
}

}  // namespace author::cli
