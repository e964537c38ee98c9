// App's clock and the only code that changes the session state (kiosk_app.h; index in kiosk_app.cpp).
// A file of its own so that every change to the state, and the records each change sends to the DB, can be
// read in one place.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"
#include "core/util/clock_floor.h"
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
// It never goes back past the clock floor (core/util/clock_floor.h): a flat clock battery must not stamp
// records in 1970 or make them sort before the ones already kept.
std::int64_t App::WallSeconds() const {
    auto now = std::chrono::system_clock::now() + std::chrono::milliseconds(m_offsetMs);
    return core::FlooredTime(m_clockFloor, static_cast<std::int64_t>(std::chrono::system_clock::to_time_t(now)),
                             Now() / 1000);
}

std::string App::WallTimeUtc() const { return core::Iso8601Utc(static_cast<std::time_t>(WallSeconds())); }

void App::UpdateClockFloor(bool with_records) {
    const std::int64_t steady = Now() / 1000;
    if (with_records && m_db)
        if (std::int64_t latest = m_db->LatestTimeS(); latest > 0)
            m_clockFloor.Raise(latest, steady, "the newest record on this kiosk");
    // kiosk-sync's word: a server's Date or the newest manifest signing (this process has no network).
    if (!m_options.inbox.empty())
        if (auto file = core::ReadClockFloorFile((std::filesystem::path(m_options.inbox) / "clock-floor").string()))
            m_clockFloor.Raise(file->first, steady, file->second.empty() ? "kiosk-sync" : file->second);
    auto system = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + std::chrono::milliseconds(m_offsetMs));
    const std::int64_t floored = WallSeconds();
    std::string warning;
    if (floored != static_cast<std::int64_t>(system))
        warning = "CLOCK WRONG: this kiosk's clock says " + core::Iso8601Utc(system) + ", but " + m_clockFloor.source +
                  " shows it is at least " + core::Iso8601Utc(static_cast<std::time_t>(floored)) +
                  "; records are stamped from that time on. Set the clock (timedatectl), or connect the kiosk.";
    if (warning.empty() != m_clockWarning.empty()) Log(warning.empty() ? "the clock is right again" : warning);
    m_clockWarning = warning;
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
