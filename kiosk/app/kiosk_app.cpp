// The kiosk application (see kiosk_app.h).
//
// [SECTION] Start-up        script, pack, site, staff key, records DB, window, fonts, services
// [SECTION] Clock and state the only code that changes the session state; records go out after each step
// [SECTION] Frame loop      wait for events or the next deadline; draw only when something changed
// [SECTION] Scripted mode   the same loop and input path, driven by a script
//
// When the loop draws (everything else it sleeps in SDL_WaitEventTimeout):
//   input arrived (touch, click, pointer move, key) -> applied as a Touch, then 2 frames
//   a session deadline passed (idle warning, each countdown second, reset, attract fact) -> Tick, 1 frame
//                                                      (2 when the screen or the idle overlay changes)
//   the UI emitted intents in a frame -> applied, then 2 more frames (ImGui lays out a new screen in one)
//   a press or release still queued in Input -> one frame each, so ImGui sees down, then up
//   the window was exposed or resized -> 2 frames
//   (preview) kiosk-author sent a rebuilt pack or errors -> applied, then 2 frames
#include "app/kiosk_app.h"

#include <imgui.h>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/pack/pack_io.h"
#include "core/control/preview_session.h"
#include "core/util/uuid.h"
#include "platform/fonts.h"
#include "platform/screenshot.h"
#include "core/trust/admin_pin.h"
#include "core/session/webvtt.h"
#include "core/util/utc_time.h"
#include "ui/drawn_text.h"
#include "ui/ui_text.h"

namespace kiosk::app {
namespace {

constexpr core::TimeMs kRetrySaveMs = 5000;       // how soon a failed records write is tried again
constexpr core::TimeMs kMaxSleepMs = 60000;       // wake at least once a minute even with nothing due
constexpr int kFramesAfterChange = 2;
constexpr std::size_t kMaxScriptBytes = 1 << 20;
constexpr std::size_t kMaxFrameSamples = 1 << 20;

void Log(const std::string& line) { std::fprintf(stderr, "kiosk: %s\n", line.c_str()); }

// CPU seconds used by the whole process so far, all threads.
double ProcessCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::string Percentiles(std::vector<double> values) {
    if (values.empty()) return "none";
    std::sort(values.begin(), values.end());
    auto at = [&](double p) { return values[std::min(values.size() - 1, static_cast<std::size_t>(p * values.size()))]; };
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, "p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu)", at(0.50), at(0.99),
                  values.back(), values.size());
    return buffer;
}

// The UI's own strings in every language it might show, so their glyphs are in the font atlas.

}  // namespace

App::App(Options options) : m_options(std::move(options)), m_clockStart(std::chrono::steady_clock::now()) {}

App::~App() {
    // GL objects go while the context still exists (m_window is destroyed after these members anyway,
    // but say it plainly).
    m_film.reset();
    m_textures.reset();
    m_speech.reset();
}

//-----------------------------------------------------------------------------
// [SECTION] Start-up
//-----------------------------------------------------------------------------

std::optional<int> App::Start() {
    // The script first: a script that cannot run is the only thing said, before any pack or DB is touched.
    if (!m_options.script.empty()) {
        std::ifstream in(m_options.script, std::ios::binary);
        if (!in) {
            Log("cannot read the script " + m_options.script);
            return 2;
        }
        std::string text;
        text.resize(kMaxScriptBytes + 1);
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxScriptBytes) {
            Log(m_options.script + ": larger than 1 MiB; is this really a script?");
            return 2;
        }
        core::ParsedScript parsed = core::ParseScript(text, m_options.script);
        for (const std::string& error : parsed.errors) std::fprintf(stderr, "%s\n", error.c_str());
        if (!parsed.errors.empty()) return 2;
        m_script = std::move(parsed.commands);
        bool has_screenshots = std::any_of(m_script.begin(), m_script.end(), [](const core::ScriptCommand& c) {
            return c.kind == core::ScriptCommand::Kind::Screenshot || c.kind == core::ScriptCommand::Kind::DumpText;
        });
        if (has_screenshots) {
            if (m_options.screenshot_dir.empty()) {
                Log(m_options.script + " takes screenshots: add --screenshot-dir DIR");
                return 2;
            }
            std::error_code ec;
            std::filesystem::create_directories(m_options.screenshot_dir, ec);
            if (ec) {
                Log("cannot create " + m_options.screenshot_dir + ": " + ec.message());
                return 2;
            }
        }
    }

    // A kiosk opens its records DB before its pack: the DB records which signed pack is installed and
    // the oldest version it may run (kiosk_app_pack.cpp). --dev and --preview read --pack first, so a
    // pack that cannot be read leaves no files behind.
    if (m_options.dev) {
        if (auto code = LoadPack()) return code;
    }
    if (!m_options.preview) {
        auto key = core::LoadOrCreateStaffKey(m_options.staff_key);
        if (const auto* error = std::get_if<std::string>(&key)) {
            Log("staff key " + m_options.staff_key + ": " + *error);
            return 2;
        }
        m_staffKey.emplace(std::move(std::get<core::StaffKey>(key)));

        auto db = core::RecordsDb::Open(m_options.db, m_dbReport);
        if (const auto* error = std::get_if<std::string>(&db)) {
            Log("cannot open the records database: " + *error);  // the message names the file
            return 2;
        }
        m_db.emplace(std::move(std::get<core::RecordsDb>(db)));
    }
    if (!m_options.dev) {
        if (auto code = LoadPack()) return code;
    }
    if (m_options.preview) PreparePreviewPack(m_pack);
    if (m_pack.sites.empty()) {
        Log("the pack " + m_options.pack + " has no site config; add one under content/sites/ and rebuild it");
        return 2;
    }
    if (m_options.site.empty()) {
        m_site = &m_pack.sites.front();
    } else {
        for (const core::Site& site : m_pack.sites) {
            if (site.id == m_options.site) m_site = &site;
        }
        if (!m_site) {
            std::string ids;
            for (const core::Site& site : m_pack.sites) ids += (ids.empty() ? "" : ", ") + site.id;
            Log("site '" + m_options.site + "' is not in the pack; its sites are: " + ids);
            return 2;
        }
    }

    if (m_options.preview) {
        // A preview opens no records DB and no key file at all: nothing of it can reach a kiosk's records.
        if (auto code = StartPreview()) return code;
    }
    MarkStartup("pack and records");
    if (m_db) {
        std::string line = "records " + m_options.db + (m_dbReport.created ? " (new)" : "") + ", schema v" +
                           std::to_string(m_dbReport.schema_version);
        if (!m_dbReport.quarantined_to.empty()) {
            line += "; QUARANTINED a damaged DB to " + m_dbReport.quarantined_to + " (" + m_dbReport.quarantine_reason +
                    ")";
        }
        Log(line);
    }

    platform::WindowOptions window_options;
    window_options.fullscreen = !m_options.windowed;
    window_options.width = m_options.width;
    window_options.height = m_options.height;
    if (m_options.preview) window_options.title = "Preview (nothing is recorded)";
    if (auto error = m_window.Open(window_options)) {
        Log(*error);
        return 2;
    }
    MarkStartup("window and GL");
    auto fonts = platform::LoadFonts(m_pack, ui::AllInterfaceText(), m_window.MaxTextureSize());
    if (const auto* error = std::get_if<std::string>(&fonts)) {
        Log(*error);
        return 2;
    }
    const auto& report = std::get<platform::FontReport>(fonts);
    if (!m_window.UploadFonts()) {
        Log("cannot upload the font atlas to the GPU");
        return 2;
    }
    MarkStartup("fonts");
    Log("fonts " + std::filesystem::path(report.body_file).filename().string() + " / " +
        std::filesystem::path(report.heading_file).filename().string() + ", " + std::to_string(report.fonts) +
        " sizes, " + std::to_string(report.glyphs) + " characters" +
        (report.missing ? " (" + std::to_string(report.missing) + " not in the font)" : "") + ", atlas " +
        std::to_string(report.atlas_width) + "x" + std::to_string(report.atlas_height) + " (" +
        std::to_string(report.atlas_bytes / 1024) + " KiB on the GPU; max texture " +
        std::to_string(m_window.MaxTextureSize()) + ")");

    m_textures = std::make_unique<platform::TextureCache>(m_options.pack, m_window.MaxTextureSize());
    m_speech = std::make_unique<platform::Speech>(m_options.audio);
    Log("window " + std::to_string(m_window.Width()) + "x" + std::to_string(m_window.Height()) + " on " +
        m_window.VideoDriver() + " (" + m_window.GlRenderer() + "), vsync " + (m_window.HasVsync() ? "on" : "off") +
        "; read aloud " + m_speech->Status());

    m_services.image = [this](const std::string& path) { return m_textures->Image(path); };
    m_services.qr = [this](const std::string& text) { return m_textures->Qr(text); };
    if (m_speech->Available()) {  // left empty otherwise, so the UI shows read aloud as unavailable
        m_services.speak = [this](const std::string& text, const std::string& language) {
            m_speech->Speak(text, language);
        };
    }
    m_services.admin_summary = [this] { return AdminSummary(); };
    m_services.export_records = [this] { ExportRecords(); };
    m_services.transcript = [this](const std::string& asset) { return Transcript(asset); };
    m_services.captions = [this](const std::string& asset) { return Captions(asset); };
    m_services.film_frame = [this] { return m_film ? m_film->Texture() : ui::Texture{}; };
    m_wakeEvent = SDL_RegisterEvents(1);
    m_services.quit = [this] { m_quit = true; };

    m_recordContext = core::RecordContext{m_options.kiosk_id, m_site->id,     m_site->agency,      m_site->region,
                                          m_pack.id,          m_pack.version, m_pack.content_hash, {}};
    // Reports roll up by partnership; its name is the same in every language, so take the pack's first.
    if (auto name = m_pack.strings.find(core::SiteKey(m_site->id, "partnership")); name != m_pack.strings.end()) {
        auto text = m_pack.languages.empty() ? name->second.end() : name->second.find(m_pack.languages.front());
        if (text == name->second.end()) text = name->second.begin();
        if (text != name->second.end()) m_recordContext.partnership = text->second.text;
    }
    m_config.pack = &m_pack;
    m_config.site = m_site;
    m_config.hash_staff_number = &core::HashStaffNumberThunk;
    m_config.hash_context = &*m_staffKey;
    m_config.new_uuid = &core::NewUuidV4Thunk;
    m_config.uuid_context = nullptr;
    m_config.verify_admin_pin = &core::VerifyAdminPin;
    m_state = core::InitialState(m_config, Now());
    if (m_options.preview) {
        if (m_pack.modules.empty()) {
            Log("the pack " + m_options.pack + " has no modules to preview");
            return 2;
        }
        const std::string& module = m_options.start_module.empty() ? m_pack.modules.front().id : m_options.start_module;
        auto start = core::PreviewStart(m_config, module, m_options.start_scene, Now());
        if (const auto* error = std::get_if<std::string>(&start)) {
            Log(*error);
            return 2;
        }
        m_state = std::move(std::get<core::SessionState>(start));
        m_state.outbox.clear();  // "about you" was skipped, not answered: nothing to record
        m_state.unsaved = 0;
        m_lastScene = core::CurrentScene(m_state, m_config);
        if (m_options.preview_fd >= 0) {
            std::uint32_t wake = m_wakeEvent;
            m_previewLink = std::make_unique<PreviewLink>(m_options.preview_fd, [wake] {
                SDL_Event event{};
                event.type = wake;
                SDL_PushEvent(&event);  // thread-safe: this runs on the link's reader thread
            });
        }
    }
    m_framesWanted = kFramesAfterChange;
    Log("pack " + m_pack.id + " v" + std::to_string(m_pack.version) + " (" + m_pack.content_hash.substr(0, 12) +
        "), site " + m_site->id + ", kiosk " + m_options.kiosk_id);
    return std::nullopt;
}

int App::Run() {
    int code = 0;
    if (m_script.empty() && m_options.script.empty()) {
        LoopUntil(std::nullopt);
    } else {
        code = RunScript();
    }
    // A last try for anything a failed write left waiting; say plainly if it is still not saved.
    FlushRecords();
    if (m_queue.Pending() > 0) Log(std::to_string(m_queue.Pending()) + " record events could NOT be saved");
    if (m_speech) m_speech->Stop();
    if (m_options.stats) PrintStats();
    return code;
}

std::string App::AdminSummary() {
    core::RowCounts counts = m_db ? m_db->Counts() : core::RowCounts{};
    std::string out;
    // First, so an admin cannot miss it: a new pack was refused, or this kiosk runs an unverified pack.
    if (!m_packWarning.empty()) out += m_packWarning + "\n";
    out += "Pack: " + m_pack.id + " version " + std::to_string(m_pack.version) + " (" +
           m_pack.content_hash.substr(0, 12) + ")" + (m_packSigner.empty() ? "" : ", signed by " + m_packSigner) + "\n";
    out += "Site: " + m_site->id + ", kiosk " + m_options.kiosk_id + "\n";
    out += "Records: " + (m_options.preview ? std::string("none (a preview records nothing)") : m_options.db) + "\n";
    out += "Rows: " + std::to_string(counts.sittings) + " sittings, " + std::to_string(counts.answers) + " answers, " +
           std::to_string(counts.completions) + " completions\n";
    if (m_queue.Pending() > 0) {
        out += "NOT SAVED: " + std::to_string(m_queue.Pending()) + " events waiting (" + m_lastWriteError + ")\n";
    }
    if (!m_dbReport.quarantined_to.empty()) {
        out += "Quarantined damaged DB: " + m_dbReport.quarantined_to + " (" + m_dbReport.quarantine_reason + ")\n";
    }
    if (m_db) {
        out += "Last sittings:\n";
        for (const core::SittingSummary& s : m_db->LastSittings(5))
            out += "  " + s.started_at + "  " + (s.role.empty() ? "-" : s.role) + "  " +
                   (s.outcome ? core::ToString(*s.outcome) : "in progress") + "\n";
    }
    if (!m_lastExport.empty()) out += m_lastExport + "\n";
    return out;
}

std::string App::Transcript(const std::string& captions_asset) {
    // Read and parsed once per film: the screen asks every frame it draws.
    auto cached = m_transcripts.find(captions_asset);
    if (cached != m_transcripts.end()) return cached->second;
    std::string words;
    auto bytes = core::ReadPackAsset(m_options.pack, captions_asset);
    if (auto* data = std::get_if<std::vector<std::uint8_t>>(&bytes)) {
        core::WebVtt vtt = core::ParseWebVtt(std::string_view(reinterpret_cast<const char*>(data->data()), data->size()));
        words = core::Transcript(vtt);
    } else {
        Log(std::get<std::string>(bytes));
    }
    m_transcripts.emplace(captions_asset, words);
    return words;
}

const core::WebVtt* App::Captions(const std::string& captions_asset) {
    auto cached = m_captions.find(captions_asset);
    if (cached == m_captions.end()) {
        std::optional<core::WebVtt> vtt;
        auto bytes = core::ReadPackAsset(m_options.pack, captions_asset);
        if (auto* data = std::get_if<std::vector<std::uint8_t>>(&bytes)) {
            vtt = core::ParseWebVtt(std::string_view(reinterpret_cast<const char*>(data->data()), data->size()));
        } else {
            Log(std::get<std::string>(bytes) + "; the film plays without captions");
        }
        cached = m_captions.emplace(captions_asset, std::move(vtt)).first;
    }
    return cached->second ? &*cached->second : nullptr;
}

void App::ExportRecords() {
    if (!m_db) {
        m_lastExport = "Export failed: the records database is not open";
        return;
    }
    // Beside the DB, named by kiosk and time, so exports from many kiosks can sit in one folder.
    std::string stamp = WallTimeUtc();
    std::replace(stamp.begin(), stamp.end(), ':', '-');
    std::filesystem::path dir = std::filesystem::path(m_options.db).parent_path() / "exports";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::string path = (dir / ("records-" + m_options.kiosk_id + "-" + stamp + ".db")).string();
    if (auto error = m_db->ExportTo(path)) {
        m_lastExport = "Export failed: " + *error;
    } else {
        m_lastExport = "Exported to " + path;
    }
    Log(m_lastExport);
}

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
            m_tapToFrameMs.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - *m_playTappedAt).count());
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

//-----------------------------------------------------------------------------
// [SECTION] Frame loop
//-----------------------------------------------------------------------------

void App::HandleEvent(const SDL_Event& event) {
    switch (event.type) {
        case SDL_QUIT:
            m_quit = true;
            return;
        case SDL_WINDOWEVENT:
            switch (event.window.event) {
                case SDL_WINDOWEVENT_EXPOSED:
                case SDL_WINDOWEVENT_SHOWN:
                case SDL_WINDOWEVENT_RESTORED:
                case SDL_WINDOWEVENT_SIZE_CHANGED:
                    m_framesWanted = std::max(m_framesWanted, kFramesAfterChange);
                    m_fullRedraw = true;  // the window system may have lost our pixels
                    break;
                default:
                    break;
            }
            break;
        case SDL_KEYDOWN:
            // Only a developer's window closes with Escape; a full-screen kiosk has no keyboard way out.
            if (m_options.windowed && event.key.keysym.sym == SDLK_ESCAPE) m_quit = true;
            break;
        default:
            break;
    }
    m_window.ProcessEvent(event);
    if (m_input.HandleEvent(event, m_window.Width(), m_window.Height())) {
        ApplyIntent(core::intent::Touch{});  // someone is there: resets the idle timer, cancels the countdown
    }
}

void App::PumpEvents(int timeout_ms) {
    SDL_Event event;
    if (timeout_ms > 0 && SDL_WaitEventTimeout(&event, timeout_ms)) HandleEvent(event);
    while (!m_quit && SDL_PollEvent(&event)) HandleEvent(event);
}

// How long the loop may sleep: until the session's next deadline or a records retry, at most a minute.
// `due` is when the session deadline falls, fixed now so that waking late still counts as due.
int App::WaitTimeoutMs(core::TimeMs& due) const {
    core::TimeMs now = Now();
    core::TimeMs wait = core::NextDeadline(m_state, m_config, now);
    if (wait <= 0 && m_deadlineStuck) wait = 250;  // never spin on a deadline that does not move
    wait = std::clamp<core::TimeMs>(wait, 0, kMaxSleepMs);
    due = now + wait;
    if (m_queue.Pending() > 0) wait = std::min(wait, std::max<core::TimeMs>(0, m_retryAt - now));
    return static_cast<int>(wait);
}

void App::RunTimers(core::TimeMs due) {
    core::TimeMs now = Now();
    if (now >= due) {
        ApplyIntent(core::intent::Tick{});
        bool stuck = core::NextDeadline(m_state, m_config, Now()) <= 0;
        if (stuck && !m_deadlineStuck) Log("the session's next deadline did not move after a tick; slowing down");
        m_deadlineStuck = stuck;
    }
    if (m_queue.Pending() > 0 && now >= m_retryAt) FlushRecords();
}

void App::DrawFrame(const std::string* screenshot_path, const std::string& crop_widget) {
    auto started = std::chrono::steady_clock::now();
    if (!m_themeApplied || !(*m_themeApplied == m_state.accessibility)) {
        ui::ApplyTheme(m_state.accessibility);
        m_themeApplied = m_state.accessibility;
    }
    m_window.BeginBackendFrame();
    m_input.ApplyToImGui();  // after the backend, which writes the real pointer over io.Mouse*
    ImGui::NewFrame();
    std::vector<core::Intent> intents;
    ui::DrawKiosk(ui::Frame{m_state, m_config, Now(), m_services}, intents);
    if (m_options.preview) ui::DrawPreviewOverlay(m_previewStatus, m_previewErrors);
    // Software GL pays for every pixel: when the screen would look exactly as it did, draw nothing, and
    // when only the film's picture is new, draw only the picture's rectangle (if the back buffer keeps
    // the rest across a swap). Screenshots always get a whole frame.
    const std::uint64_t look = m_window.EndImGuiFrame();
    const std::uint64_t layout = LayoutKey();
    const bool same_layout = layout == m_lastLayout;
    m_lastLayout = layout;
    const bool same_look = look == m_lastLook && !m_fullRedraw && !screenshot_path;
    m_lastLook = look;
    m_fullRedraw = false;
    const ui::WidgetRect* picture = m_filmPictureDirty ? ui::FindWidget("film.video") : nullptr;
    bool render = true;
    std::optional<platform::Region> region;
    std::optional<platform::Region> row_region;  // a second, separate region: the film's progress row
    if (same_look && !m_filmPictureDirty) {
        render = false;
    } else if (same_look && picture && m_window.KeepsBackBuffer()) {
        region = platform::Region{picture->min.x, picture->min.y, picture->max.x, picture->max.y};
    } else if (m_filmRowsOnly && same_layout && !screenshot_path && m_window.KeepsBackBuffer()) {
        // Only the film's clock, progress or caption moved: redraw the picture (caption included) and the
        // progress row, each as its own region, and nothing around them.
        const ui::WidgetRect* video = ui::FindWidget("film.video");
        const ui::WidgetRect* row = ui::FindWidget("film.progress");
        if (video && row) {
            picture = video;
            region = platform::Region{video->min.x, video->min.y, video->max.x, video->max.y};
            row_region = platform::Region{row->min.x, row->min.y, row->max.x, row->max.y};
        }
    }
    m_filmRowsOnly = false;
    m_filmPictureDirty = false;
    if (!render) {
        if (m_framesWanted > 0) --m_framesWanted;
        m_intentsLastFrame = intents.size();
        for (const core::Intent& intent : intents) ApplyIntent(intent);
        return;
    }
    const ImTextureID film_texture = m_film ? m_film->Texture().id : nullptr;
    // A region is either the whole screen or exactly the picture, which then hides what lies under it.
    m_window.RenderDrawData(region, film_texture, region.has_value());
    if (row_region) m_window.RenderDrawData(row_region, film_texture, false);
    if (region) ++m_partialFrames;
    if (screenshot_path) {
        std::optional<platform::PixelRect> crop;
        if (const ui::WidgetRect* widget = crop_widget.empty() ? nullptr : ui::FindWidget(crop_widget)) {
            // Widget rectangles are in window points; the back buffer is in pixels (HiDPI may differ).
            float sx = static_cast<float>(m_window.DrawableWidth()) / std::max(1, m_window.Width());
            float sy = static_cast<float>(m_window.DrawableHeight()) / std::max(1, m_window.Height());
            crop = platform::PixelRect{static_cast<int>(widget->min.x * sx), static_cast<int>(widget->min.y * sy),
                                       static_cast<int>((widget->max.x - widget->min.x) * sx),
                                       static_cast<int>((widget->max.y - widget->min.y) * sy)};
        }
        if (auto error = platform::SaveBackBufferPng(*screenshot_path, m_window.DrawableWidth(),
                                                     m_window.DrawableHeight(), crop)) {
            Log("screenshot " + *screenshot_path + ": " + *error);
        }
    }
    m_window.Swap();
    if (m_previewTiming) ReportPreviewTiming();
    if (!m_firstFrameShown) {
        m_firstFrameShown = true;
        // tools/bench/vs-web times a cold start by this line: it goes out the moment the first frame is up.
        if (m_options.stats) {
            MarkStartup("first frame");
            std::string phases;
            double before = 0;
            for (const auto& [name, ms] : m_startupMarks) {
                phases += (phases.empty() ? "" : ", ") + std::string(name) + " " + std::to_string(std::lround(ms - before));
                before = ms;
            }
            std::printf("startup: first frame on screen %.0f ms after main() (%s ms)\n", before, phases.c_str());
            std::fflush(stdout);
        }
        m_window.FinishOpening();
    }
    m_textures->EndFrame();
    if (m_framesWanted > 0) --m_framesWanted;
    RecordFrameTime(started);
    m_intentsLastFrame = intents.size();
    for (const core::Intent& intent : intents) ApplyIntent(intent);
}

// Where every widget is (and what it says, except the film's caption and clock, which may change in a
// frame that redraws only them): equal keys mean nothing else moved, not even by a scrollbar coming or going.
std::uint64_t App::LayoutKey() const {
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const void* bytes, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(bytes);
        for (std::size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
    };
    for (const ui::WidgetRect& w : ui::Widgets()) {
        if (w.id == "film.caption") continue;  // drawn inside the picture, which is redrawn with it
        mix(w.id.data(), w.id.size());
        mix(&w.min, sizeof w.min);
        mix(&w.max, sizeof w.max);
        mix(&w.enabled, sizeof w.enabled);
        if (w.id != "film.progress") mix(w.label.data(), w.label.size());
    }
    return h;
}

std::tuple<std::int64_t, std::int64_t, bool, const void*> App::FilmLook() {
    const core::Scene* scene = core::CurrentScene(m_state, m_config);
    if (!scene || scene->kind != core::SceneKind::Film) return {};
    const core::FilmState& film = m_state.run->film;
    const void* cue = nullptr;
    if (m_state.accessibility.captions && !scene->captions.empty()) {
        auto captions = scene->captions.find(m_state.language);
        if (captions == scene->captions.end()) captions = scene->captions.begin();
        if (const core::WebVtt* vtt = Captions(captions->second))
            cue = core::CueAt(*vtt, static_cast<int>(film.position_ms));
    }
    return {film.position_ms / 1000, film.watched_ms / 1000, film.playing, cue};
}

void App::DrawPictureOnly() {
    m_filmPictureDirty = false;
    const ui::WidgetRect* picture = ui::FindWidget("film.video");
    if (!picture || !m_film || !m_window.KeepsBackBuffer()) {
        // No way to draw just the picture here: draw the whole frame (its picture is already uploaded).
        m_filmPictureDirty = true;
        DrawFrame();
        return;
    }
    // ImGui's last frame is still valid (no NewFrame since), and nothing but the picture has changed.
    auto started = std::chrono::steady_clock::now();
    m_window.RenderDrawData(platform::Region{picture->min.x, picture->min.y, picture->max.x, picture->max.y},
                            m_film->Texture().id);
    m_window.Swap();
    ++m_partialFrames;
    RecordFrameTime(started);
}

void App::LoopUntil(std::optional<std::chrono::steady_clock::time_point> until) {
    while (!m_quit) {
        core::TimeMs due = 0;
        int timeout = WaitTimeoutMs(due);
        if (until) {
            auto left = std::chrono::ceil<std::chrono::milliseconds>(*until - std::chrono::steady_clock::now()).count();
            if (left <= 0) return;
            timeout = static_cast<int>(std::min<core::TimeMs>(timeout, left));
        }
        if (WantsFrame()) timeout = 0;
        // A playing film wakes the loop with each picture; this only bounds the wait if pictures stop.
        if (FilmPlaying()) timeout = std::min(timeout, 250);
        PumpEvents(timeout);
        if (m_previewLink) TakePreviewUpdates();
        RunTimers(due);
        SyncFilm();
        TrackFilmPlaying();
        if (WantsFrame()) DrawFrame();
        else if (m_filmPictureDirty) DrawPictureOnly();
    }
}

void App::MarkStartup(const char* phase) {
    m_startupMarks.emplace_back(
        phase, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_clockStart).count());
}

void App::PrintStats() {
    TrackFilmPlaying(true);  // still playing at exit: close the last stretch
    if (m_playingWallS > 0) {
        std::printf("film: tap to first frame %s\n", Percentiles(m_tapToFrameMs).c_str());
        std::printf("film: frame time while playing %s\n", Percentiles(m_filmFrameMs).c_str());
        std::printf("film: cpu while playing %.1f %% of one core over %.1f s (%zu frames drawn, %zu of them only "
                    "the picture)\n",
                    m_playingCpuS / m_playingWallS * 100.0, m_playingWallS, m_filmFrameMs.size(), m_partialFrames);
    }
    std::printf("frames: frame time %s\n", Percentiles(m_frameMs).c_str());
}

void App::RecordFrameTime(std::chrono::steady_clock::time_point started) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (m_frameMs.size() < kMaxFrameSamples) m_frameMs.push_back(ms);
    if (FilmPlaying() && m_filmFrameMs.size() < kMaxFrameSamples) m_filmFrameMs.push_back(ms);
}

//-----------------------------------------------------------------------------
// [SECTION] Scripted mode
//-----------------------------------------------------------------------------

// Draws until nothing is pending (queued presses handed to ImGui, intents applied, the layout settled),
// at least one frame, so the widget registry describes what is on screen now.
void App::Settle() {
    for (int frame = 0; frame < 30 && !m_quit; ++frame) {
        core::TimeMs due = 0;
        WaitTimeoutMs(due);
        PumpEvents(0);
        if (m_previewLink) TakePreviewUpdates();
        RunTimers(due);
        SyncFilm();
        TrackFilmPlaying();
        DrawFrame();
        if (!WantsFrame()) return;
    }
}

int App::ScriptFail(int line, const std::string& message) {
    std::fprintf(stderr, "%s:%d: %s\n", m_options.script.c_str(), line, message.c_str());
    return 1;
}

bool App::ScriptTap(const std::string& widget_id, int line, std::string& failure, std::int64_t hold_ms) {
    Settle();
    const ui::WidgetRect* widget = ui::FindWidget(widget_id);
    std::string screen = core::ToString(m_state.screen);
    if (!widget) {
        std::string ids;
        int listed = 0;
        for (const ui::WidgetRect& w : ui::Widgets()) {
            if (listed++ == 20) {
                ids += ", ...";
                break;
            }
            ids += (ids.empty() ? "" : ", ") + w.id;
        }
        failure = "no widget '" + widget_id + "' on the " + screen + " screen" +
                  (ids.empty() ? std::string(" (it has none)") : "; it has " + ids);
        return false;
    }
    if (!widget->enabled) {
        failure = "widget '" + widget_id + "' is disabled on the " + screen + " screen";
        return false;
    }
    ImVec2 centre((widget->min.x + widget->max.x) * 0.5f, (widget->min.y + widget->max.y) * 0.5f);
    int w = m_window.Width(), h = m_window.Height();
    if (centre.x < 0 || centre.y < 0 || centre.x >= static_cast<float>(w) || centre.y >= static_cast<float>(h)) {
        failure = "widget '" + widget_id + "' is outside the window (scrolled off or clipped)";
        return false;
    }
    // Exactly what a finger does: Input turns these into a hover frame, a down frame and an up frame.
    HandleEvent(platform::SyntheticTouch(SDL_FINGERDOWN, centre.x, centre.y, w, h));
    std::size_t intents = 0;
    if (hold_ms > 0) {
        // A long press: let the press land, then keep the finger down while the kiosk's clock moves on.
        for (int frame = 0; frame < 10 && m_input.NeedsFrame(); ++frame) {
            DrawFrame();
            intents += m_intentsLastFrame;
        }
        m_offsetMs += hold_ms;
    }
    HandleEvent(platform::SyntheticTouch(SDL_FINGERUP, centre.x, centre.y, w, h));
    for (int frame = 0; frame < 10 && m_input.NeedsFrame(); ++frame) {
        DrawFrame();
        intents += m_intentsLastFrame;
    }
    if (intents == 0) Log("warning: line " + std::to_string(line) + ": tapping '" + widget_id + "' did nothing");
    Settle();
    return true;
}

int App::RunScript() {
    using Kind = core::ScriptCommand::Kind;
    Settle();  // the warm-up frame(s): ImGui needs one before the first tap lands
    for (const core::ScriptCommand& command : m_script) {
        if (m_quit) return ScriptFail(command.line, "the window was closed before the script finished");
        std::string failure;
        switch (command.kind) {
            case Kind::Tap:
                if (!ScriptTap(command.text, command.line, failure)) return ScriptFail(command.line, failure);
                break;
            case Kind::Hold:
                if (!ScriptTap(command.text, command.line, failure, command.number)) return ScriptFail(command.line, failure);
                break;
            case Kind::Type:
                for (char digit : command.text) {
                    if (!ScriptTap(std::string("keypad.digit.") + digit, command.line, failure)) {
                        return ScriptFail(command.line, failure);
                    }
                }
                break;
            case Kind::Wait:
                LoopUntil(std::chrono::steady_clock::now() + std::chrono::milliseconds(command.number));
                break;
            case Kind::Advance:
                m_offsetMs += command.number;
                Settle();
                break;
            case Kind::Screenshot: {
                Settle();
                std::string path = (std::filesystem::path(m_options.screenshot_dir) / command.text).string();
                if (!command.arg.empty() && !ui::FindWidget(command.arg)) {
                    return ScriptFail(command.line, "cannot crop to widget '" + command.arg + "': it is not on the " +
                                                        core::ToString(m_state.screen) + " screen");
                }
                DrawFrame(&path, command.arg);
                Log("screenshot " + path);
                break;
            }
            case Kind::DumpText: {
                // What a person would read on the screen now, whatever drew it (see ui/drawn_text.h).
                Settle();
                DrawFrame();
                const ImDrawData* data = ImGui::GetDrawData();
                std::string path = (std::filesystem::path(m_options.screenshot_dir) / command.text).string();
                std::ofstream out(path, std::ios::binary | std::ios::trunc);
                std::size_t runs = 0;
                if (data && data->Valid) {
                    for (const std::string& run : ui::DrawnText(*data, *ImGui::GetIO().Fonts)) {
                        out << run << '\n';
                        ++runs;
                    }
                }
                out.close();
                if (!out) return ScriptFail(command.line, "cannot write " + path);
                Log("dump-text " + path + " (" + std::to_string(runs) + " runs of text)");
                break;
            }
            case Kind::WaitFor: {
                // Real time passes (a film plays on) until the widget is there and tappable.
                auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(command.number);
                for (;;) {
                    Settle();
                    const ui::WidgetRect* widget = ui::FindWidget(command.text);
                    if (widget && widget->enabled) break;
                    if (m_quit || std::chrono::steady_clock::now() >= until) {
                        return ScriptFail(command.line, "widget '" + command.text + "' was not " +
                                                            (widget ? "enabled" : "on screen") + " within " +
                                                            std::to_string(command.number) + " ms (the " +
                                                            core::ToString(m_state.screen) + " screen shows)");
                    }
                    LoopUntil(std::min(until, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)));
                }
                break;
            }
            case Kind::ExpectScreen: {
                Settle();
                std::string screen = core::ToString(m_state.screen);
                if (screen != command.text) {
                    return ScriptFail(command.line,
                                      "expected the " + command.text + " screen, but the kiosk shows " + screen);
                }
                break;
            }
            case Kind::ExpectWidget:
            case Kind::ExpectNoWidget: {
                Settle();
                const ui::WidgetRect* widget = ui::FindWidget(command.text);
                bool want = command.kind == Kind::ExpectWidget;
                if (want != (widget != nullptr)) {
                    return ScriptFail(command.line, "expected " + std::string(want ? "" : "no ") + "widget '" +
                                                        command.text + "' on the " + core::ToString(m_state.screen) +
                                                        " screen, but there " + (widget ? "is one" : "is none"));
                }
                break;
            }
            case Kind::ExpectEnabled:
            case Kind::ExpectDisabled:
            case Kind::ExpectLabel: {
                Settle();
                const ui::WidgetRect* widget = ui::FindWidget(command.text);
                std::string where = " on the " + std::string(core::ToString(m_state.screen)) + " screen";
                if (!widget) return ScriptFail(command.line, "expected widget '" + command.text + "'" + where + ", but there is none");
                if (command.kind == Kind::ExpectLabel) {
                    if (widget->label.find(command.arg) == std::string::npos) {
                        return ScriptFail(command.line, "expected widget '" + command.text + "' to show \"" + command.arg +
                                                            "\", but it shows \"" + widget->label + "\"");
                    }
                } else if (widget->enabled != (command.kind == Kind::ExpectEnabled)) {
                    return ScriptFail(command.line, "expected widget '" + command.text + "' to be " +
                                                        (widget->enabled ? "disabled" : "enabled") + where +
                                                        ", but it is " + (widget->enabled ? "enabled" : "disabled"));
                }
                break;
            }
            case Kind::WaitReload: {
                if (!m_previewLink) {
                    return ScriptFail(command.line, "wait-reload needs a preview started by kiosk-author preview");
                }
                auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(command.number);
                while (m_previewUpdates == m_previewUpdatesSeen) {
                    if (m_quit || std::chrono::steady_clock::now() >= until) {
                        return ScriptFail(command.line, "kiosk-author sent no rebuild within " +
                                                            std::to_string(command.number) + " ms");
                    }
                    LoopUntil(std::min(until, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)));
                }
                m_previewUpdatesSeen = m_previewUpdates;
                Settle();
                break;
            }
            case Kind::Quit:
                Log("script: quit at line " + std::to_string(command.line));
                return 0;
        }
    }
    if (m_quit) return ScriptFail(m_script.empty() ? 0 : m_script.back().line, "the window was closed");
    Log("script passed: " + std::to_string(m_script.size()) + " commands");
    return 0;
}

}  // namespace kiosk::app
