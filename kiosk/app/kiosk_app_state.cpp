// App's clock and the only code that changes the session state (kiosk_app.h; index in kiosk_app.cpp).
// A file of its own so that every change to the state, and the records each change sends to the DB, can be
// read in one place.
#include <algorithm>
#include <chrono>
#include <ctime>

#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"
#include "core/util/utc_time.h"

namespace kiosk::app {
namespace {

constexpr core::TimeMs kRetrySaveMs = 5000;       // how soon a failed records write is tried again

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Clock and state
//-----------------------------------------------------------------------------

core::TimeMs App::Now() const {
    auto elapsed = std::chrono::steady_clock::now() - m_clockStart;
    return std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() + m_offsetMs;
}

// Wall time moves with `advance` too, so a scripted idle reset records a sitting as long as it seemed.
std::string App::WallTimeUtc() const {
    auto now = std::chrono::system_clock::now() + std::chrono::milliseconds(m_offsetMs);
    return core::Iso8601Utc(std::chrono::system_clock::to_time_t(now));
}

void App::ApplyIntent(const core::Intent& intent) {
    const core::Screen before = m_state.screen;
    const bool overlay_before = m_state.idle_warning;
    const bool progress = std::holds_alternative<core::intent::FilmProgress>(intent);
    const auto look_before = progress ? FilmLook() : decltype(FilmLook()){};
    if (std::holds_alternative<core::intent::FilmPlay>(intent) || std::holds_alternative<core::intent::FilmReplay>(intent))
        m_playTappedAt = std::chrono::steady_clock::now();
    m_state = core::Apply(std::move(m_state), intent, Now(), m_config);
    TakeOutbox();
    // Reading a screen that has gone would confuse; after a sitting it would also be heard by the next
    // person.
    if (m_state.screen != before && m_speech) m_speech->Stop();
    // A tick that only moves a number or the attract line needs one frame; anything that may bring new
    // windows or layout gets a second so ImGui can settle it.
    // A film's progress report is the same: a new picture, not a new layout (unless it stopped for a question).
    const bool steady = std::holds_alternative<core::intent::Tick>(intent) ||
                        std::holds_alternative<core::intent::FilmProgress>(intent);
    const core::Scene* scene_before = m_lastScene;
    m_lastScene = core::CurrentScene(m_state, m_config);
    bool layout_may_change = !steady || m_state.screen != before || m_state.idle_warning != overlay_before ||
                             m_lastScene != scene_before;
    // Film progress that changes nothing on screen but the picture: the picture alone is redrawn. When it
    // moves the clock or the caption, a frame is built but only the picture and progress row are drawn.
    if (progress && !layout_may_change) {
        if (FilmLook() == look_before) return;
        m_filmRowsOnly = m_framesWanted == 0 || m_filmRowsOnly;
    } else {
        m_filmRowsOnly = false;
    }
    m_framesWanted = std::max(m_framesWanted, layout_may_change ? kFramesAfterChange : 1);
}

void App::TakeOutbox() {
    if (m_state.outbox.empty()) return;
    std::vector<core::RecordEvent> events = std::move(m_state.outbox);
    m_state.outbox.clear();
    if (m_options.preview) {
        // Dropped, and "saved" as far as the screens know: a preview shows what a learner would see.
        m_state = core::Apply(std::move(m_state), core::intent::Saved{static_cast<int>(events.size()), true}, Now(),
                              m_config);
        return;
    }
    std::string wall = WallTimeUtc();
    for (core::RecordEvent& event : events) event.wall_time = wall;
    m_queue.Push(std::move(events));
    FlushRecords();
}

void App::FlushRecords() {
    if (!m_db || m_queue.Pending() == 0) return;
    core::WriteResult result = m_queue.Flush(*m_db, m_recordContext);
    if (result.Ok()) {
        if (!m_lastWriteError.empty()) Log("records saved again");
        m_lastWriteError.clear();
    } else {
        if (*result.error != m_lastWriteError) Log("records NOT saved, will retry: " + *result.error);
        m_lastWriteError = *result.error;
        m_retryAt = Now() + kRetrySaveMs;
    }
    // "Saved" reaches the screen only now, after COMMIT returned (or failed).
    m_state = core::Apply(std::move(m_state), core::intent::Saved{static_cast<int>(result.saved), result.Ok()}, Now(),
                          m_config);
    m_framesWanted = std::max(m_framesWanted, 1);
}

}  // namespace kiosk::app
