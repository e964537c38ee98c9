// App's film (kiosk_app.h; index in kiosk_app.cpp): makes the VLC player follow the session's film state and
// reports back what it did. A file of its own because the session decides what the film does and this is
// the one place the player is told, and heard from.
#include <sys/resource.h>

#include <chrono>

#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"

namespace kiosk::app {
namespace {

// CPU seconds used by the whole process so far, all threads.
double ProcessCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Film
//-----------------------------------------------------------------------------

bool App::FilmPlaying() const { return m_film && m_film->CurrentState() == platform::VideoPlayer::State::Playing; }

void App::TrackFilmPlaying(bool stopping) {
    bool playing = FilmPlaying() && !stopping;
    auto now = std::chrono::steady_clock::now();
    if (playing && !m_playingSince) {
        m_playingSince = now;
        m_playingCpuStart = ProcessCpuSeconds();
    } else if (!playing && m_playingSince) {
        m_playingWallS += std::chrono::duration<double>(now - *m_playingSince).count();
        m_playingCpuS += ProcessCpuSeconds() - m_playingCpuStart;
        m_playingSince.reset();
    }
}

void App::SyncFilm() {
    const core::Module* module = core::CurrentModule(m_state, m_config);
    const core::Scene* scene = core::CurrentScene(m_state, m_config);
    // The film on screen, or the one paused behind its timestamp question (it stays loaded, paused).
    const core::Scene* film_scene = nullptr;
    if (module && scene) {
        if (scene->kind == core::SceneKind::Film) film_scene = scene;
        else if (m_state.run->film_scene) film_scene = &module->scenes[*m_state.run->film_scene];
    }
    if (!film_scene || !m_state.run->film.available || film_scene->video.empty()) {
        if (m_film && !m_film->Loaded().empty()) m_film->Unload();
        if (film_scene && film_scene->video.empty() && m_state.run->film.available) {
            ApplyIntent(core::intent::FilmFailed{});  // the compiler prevents this; a hand-made pack might not
        }
        return;
    }
    const core::FilmState& film = m_state.run->film;
    auto video = film_scene->video.find(m_state.language);
    if (video == film_scene->video.end()) video = film_scene->video.begin();

    if (!m_film) {
        std::uint32_t wake = m_wakeEvent;
        m_film = std::make_unique<platform::VideoPlayer>(m_options.audio, [wake] {
            SDL_Event event{};
            event.type = wake;
            SDL_PushEvent(&event);  // thread-safe: this runs on a VLC thread
        });
    }
    if (m_film->Loaded() != video->second) {
        // A new film, or the same scene in another language: carry on from where the learner was.
        m_film->Load(m_options.pack, video->second);
        m_film->SetVolume(m_state.accessibility.volume);
        if (film.position_ms > 0) m_film->SeekTo(film.position_ms);
        m_filmSerial = film.seek_serial;
    }
    auto state = m_film->Poll();
    if (state == platform::VideoPlayer::State::Failed) {
        Log("film " + video->second + ": " + m_film->Error() + "; showing the transcript instead");
        m_film->Unload();
        ApplyIntent(core::intent::FilmFailed{});
        return;
    }
    if (m_film->UploadFrame()) {
        m_filmPictureDirty = true;
        if (m_playTappedAt && m_film->CurrentState() == platform::VideoPlayer::State::Playing) {
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - *m_playTappedAt).count();
            (m_tapToFrameMs.empty() ? m_tapToFrameMs : m_tapToFrameWarmMs).push_back(ms);
            m_playTappedAt.reset();
        }
    }
    if (scene != film_scene) return;  // its question is showing

    if (film.seek_serial != m_filmSerial) {
        if (film.seek) m_film->SeekTo(*film.seek);
        m_filmSerial = film.seek_serial;
    }
    m_film->SetVolume(m_state.accessibility.volume);
    using State = platform::VideoPlayer::State;
    if (film.playing && state != State::Playing) {
        if (state == State::Ended && !film.seek) {
            ApplyIntent(core::intent::FilmEnd{});  // the session has not heard yet
            return;
        }
        m_film->Play();
    } else if (!film.playing && state == State::Playing) {
        m_film->Pause();
    }
    if (m_film->CurrentState() == State::Playing) {
        ApplyIntent(core::intent::FilmProgress{m_film->TimeMs(), m_film->LengthMs(), m_filmSerial});
    }
}

}  // namespace kiosk::app
