// The kiosk's end of the pipe from `kiosk-author preview`: a thread blocks reading it, so the frame
// loop can keep sleeping in SDL_WaitEventTimeout, and wakes the loop (like a film frame does) when a
// whole message has arrived. The loop takes the messages on the UI thread.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/control/preview_message.h"

namespace kiosk::app {

class PreviewLink {
public:
    // Starts reading `fd` (which this object then owns and closes). `wake` is called on the reader
    // thread after each message and when the pipe closes; it must be thread-safe (SDL_PushEvent is).
    PreviewLink(int fd, std::function<void()> wake);
    ~PreviewLink();
    PreviewLink(const PreviewLink&) = delete;
    PreviewLink& operator=(const PreviewLink&) = delete;

    // The messages that arrived since the last call, oldest first.
    std::vector<core::PreviewUpdate> Take();
    // Set once kiosk-author has closed its end (or the stream went bad): no more rebuilds will come.
    // The reason, for the log; empty while the link is open.
    std::string Closed();

private:
    void Read();

    int m_fd = -1;
    int m_stopFd = -1;  // an eventfd the destructor signals so the reader's poll() returns
    std::function<void()> m_wake;
    std::mutex m_mutex;
    std::vector<core::PreviewUpdate> m_updates;  // guarded by m_mutex
    std::string m_closed;                        // guarded by m_mutex
    std::thread m_thread;
};

}  // namespace kiosk::app
