// Recursive inotify watching (see folder_watch.h). Non-blocking reads; the caller waits with poll().
#include "folder_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace author {
namespace {

// A save shows up as one of these, whichever way the editor writes: in place (CLOSE_WRITE after
// MODIFY), by rename (MOVED_TO), or by deleting and recreating; MOVED_FROM and DELETE are removals.
constexpr std::uint32_t kEvents = IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                                  IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;

bool EndsWith(const std::string& s, const std::string& end) {
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

std::variant<FolderWatch, std::string> FolderWatch::Open(const std::filesystem::path& root) {
    FolderWatch watch;
    watch.m_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (watch.m_fd < 0) return std::string("cannot watch files (inotify): ") + std::strerror(errno);
    watch.m_root = root;
    std::vector<std::string> ignored;
    watch.AddTree(root, false, ignored);
    if (watch.m_dirs.empty()) return "cannot watch " + root.string() + ": " + std::strerror(errno);
    return watch;
}

FolderWatch::FolderWatch(FolderWatch&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_root(std::move(other.m_root)), m_dirs(std::move(other.m_dirs)) {}

FolderWatch& FolderWatch::operator=(FolderWatch&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_root = std::move(other.m_root);
        m_dirs = std::move(other.m_dirs);
    }
    return *this;
}

FolderWatch::~FolderWatch() {
    if (m_fd >= 0) close(m_fd);
}

bool FolderWatch::IsScratchName(const std::string& name) {
    if (name.empty() || name[0] == '.' || name[0] == '#') return true;  // hidden files, swap files, Emacs locks
    if (name.back() == '~' || name == "4913") return true;             // backups; vim's "can I write here?" probe
    for (const char* end : {".swp", ".swx", ".swo", ".tmp", ".bak", ".part", ".crdownload"})
        if (EndsWith(name, end)) return true;
    return false;
}

std::string FolderWatch::Relative(const std::filesystem::path& path) const {
    return path.lexically_relative(m_root).generic_string();
}

void FolderWatch::AddTree(const std::filesystem::path& dir, bool report_files, std::vector<std::string>& found) {
    int wd = inotify_add_watch(m_fd, dir.c_str(), kEvents | IN_ONLYDIR | IN_DONT_FOLLOW);
    if (wd < 0) return;  // gone already, or not readable: nothing to watch
    m_dirs[wd] = dir;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (IsScratchName(name)) continue;
        std::error_code type_ec;
        if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
            AddTree(it->path(), report_files, found);
        } else if (report_files) {
            found.push_back(Relative(it->path()));
        }
    }
}

std::vector<std::string> FolderWatch::Read() {
    std::vector<std::string> changed;
    auto note = [&](const std::string& path) {
        if (std::find(changed.begin(), changed.end(), path) == changed.end()) changed.push_back(path);
    };
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        ssize_t got = read(m_fd, buffer, sizeof buffer);
        if (got <= 0) break;  // EAGAIN: nothing more waiting
        for (char* at = buffer; at < buffer + got;) {
            const auto* event = reinterpret_cast<const inotify_event*>(at);
            at += sizeof(inotify_event) + event->len;
            if (event->mask & IN_Q_OVERFLOW) {
                note(".");  // too much at once to say what: the whole folder may have changed
                continue;
            }
            auto dir = m_dirs.find(event->wd);
            if (dir == m_dirs.end()) continue;
            if (event->mask & IN_IGNORED) {  // the folder was deleted or moved away
                m_dirs.erase(dir);
                continue;
            }
            if (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
                note(Relative(dir->second));
                continue;
            }
            std::string name = event->len ? std::string(event->name) : std::string();
            if (name.empty() || IsScratchName(name)) continue;
            std::filesystem::path path = dir->second / name;
            if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO))) {
                std::vector<std::string> found;
                AddTree(path, true, found);
                for (const std::string& file : found) note(file);
            }
            note(Relative(path));
        }
    }
    return changed;
}

}  // namespace author
