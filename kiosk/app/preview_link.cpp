// The preview pipe's reader thread (see preview_link.h). poll() on the pipe and an eventfd, so the
// destructor can stop the thread without closing a descriptor another thread is blocked on.
#include "app/preview_link.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

namespace kiosk::app {

PreviewLink::PreviewLink(int fd, std::function<void()> wake) : m_fd(fd), m_wake(std::move(wake)) {
    m_stopFd = eventfd(0, EFD_CLOEXEC);
    m_thread = std::thread([this] { Read(); });
}

PreviewLink::~PreviewLink() {
    if (m_stopFd >= 0) {
        std::uint64_t one = 1;
        [[maybe_unused]] ssize_t written = write(m_stopFd, &one, sizeof one);
    }
    if (m_thread.joinable()) m_thread.join();
    if (m_stopFd >= 0) close(m_stopFd);
    if (m_fd >= 0) close(m_fd);
}

std::vector<core::PreviewUpdate> PreviewLink::Take() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_updates, {});
}

std::string PreviewLink::Closed() {
    std::lock_guard lock(m_mutex);
    return m_closed;
}

void PreviewLink::Read() {
    core::PreviewUpdateReader reader;
    char buffer[16384];
    std::string closed;
    for (;;) {
        pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_stopFd, POLLIN, 0}};
        int ready = poll(fds, m_stopFd >= 0 ? 2 : 1, -1);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) {
            closed = std::string("cannot read from kiosk-author: ") + std::strerror(errno);
            break;
        }
        if (m_stopFd >= 0 && (fds[1].revents & POLLIN)) return;  // the kiosk is closing: nothing to report
        ssize_t got = read(m_fd, buffer, sizeof buffer);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (got <= 0) {
            closed = got == 0 ? std::string("kiosk-author has stopped")
                              : std::string("cannot read from kiosk-author: ") + std::strerror(errno);
            break;
        }
        std::vector<core::PreviewUpdate> updates = reader.Feed(std::string_view(buffer, static_cast<std::size_t>(got)));
        if (!reader.Error().empty()) {
            closed = "kiosk-author sent something unreadable (" + reader.Error() + ")";
            break;
        }
        if (updates.empty()) continue;
        {
            std::lock_guard lock(m_mutex);
            for (core::PreviewUpdate& update : updates) m_updates.push_back(std::move(update));
        }
        m_wake();
    }
    {
        std::lock_guard lock(m_mutex);
        m_closed = closed;
    }
    m_wake();
}

}  // namespace kiosk::app
