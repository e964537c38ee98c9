// The kiosk application: owns the pack, the records DB, the session state and the window, and runs the
// one frame loop. Interactive mode waits for events and draws only when something changed; scripted
// mode drives the same loop, input path and records from a script (see core/control/script.h). Preview mode
// (--preview, kiosk_app_preview.cpp) records nothing and swaps in packs kiosk-author rebuilds.
#pragma once

#include <SDL.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "app/options.h"
#include "app/preview_link.h"
#include "core/pack/pack_data.h"
#include "core/records/records_db.h"
#include "core/records/records_queue.h"
#include "core/admin/admin_gate.h"
#include "core/control/script.h"
#include "core/install/pack_install.h"
#include "core/session/session.h"
#include "core/trust/staff_key.h"
#include "core/util/clock_floor.h"
#include "platform/input.h"
#include "platform/speech.h"
#include "platform/textures.h"
#include "platform/video_player.h"
#include "platform/window.h"
#include "ui/ui.h"

namespace kiosk::app {

class App {
public:
    explicit App(Options options);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Reads the pack, opens the key and records DB, parses the script, opens the window, loads fonts.
    // Returns an exit code (2) after printing a one-line reason if anything is wrong; nullopt if ready.
    std::optional<int> Start();
    // Runs until the window closes (interactive) or the script ends. Returns the process exit code.
    int Run();

private:
    // [Clock] Kiosk time: a monotonic clock plus what scripted `advance` has added.
    core::TimeMs Now() const;
    std::string WallTimeUtc() const;

    // [State] The only places the session state changes.
    void ApplyIntent(const core::Intent& intent);
    void TakeOutbox();
    void FlushRecords();

    // [Loop]
    void HandleEvent(const SDL_Event& event);
    void PumpEvents(int timeout_ms);
    void RunTimers(core::TimeMs due);
    int WaitTimeoutMs(core::TimeMs& due) const;
    // Draws one frame; with `screenshot_path`, saves it (or only the widget `crop_widget`) as a PNG.
    void DrawFrame(const std::string* screenshot_path = nullptr, const std::string& crop_widget = {});
    bool WantsFrame() const { return m_framesWanted > 0 || m_input.NeedsFrame(); }
    void LoopUntil(std::optional<std::chrono::steady_clock::time_point> until);

    // [Script]
    int RunScript();
    void Settle();
    // Taps (or, with hold_ms > 0, long-presses while the clock moves on) the centre of a widget.
    void ExportRecords();
    std::string Transcript(const std::string& captions_asset);
    const core::WebVtt* Captions(const std::string& captions_asset);
    // [Film] Makes the player follow the session's film state and reports back what it did.
    void SyncFilm();
    // What a film scene shows besides the picture (clock, progress, caption, play or pause): while it
    // stays the same, a new picture is the only change, and only the picture is redrawn.
    std::tuple<std::int64_t, std::int64_t, bool, const void*> FilmLook();
    void DrawPictureOnly();
    std::uint64_t LayoutKey() const;
    bool FilmPlaying() const;
    bool ScriptTap(const std::string& widget_id, int line, std::string& failure, std::int64_t hold_ms = 0);
    int ScriptFail(int line, const std::string& message);

    // [Preview] kiosk-author preview (kiosk_app_preview.cpp): no records, a start scene, rebuilt packs.
    // Makes a pack fit for a preview: a stand-in site if it has none, and no idle reset.
    static void PreparePreviewPack(core::PackData& pack);
    // The preview's part of Start: a throwaway staff key, the sitting on the start scene, the pipe.
    std::optional<int> StartPreview();
    // Applies whatever kiosk-author has sent (a rebuilt pack, or errors); closes when it has gone.
    void TakePreviewUpdates();
    void ReloadPack(const core::PreviewUpdate& update);
    // After the first frame that shows an update: how long it took from the save, in the terminal.
    void ReportPreviewTiming();

    // [Pack] kiosk_app_pack.cpp: verifies and installs --pack, or runs the installed pack (or, with
    // --dev, --pack as it is). Sets m_pack, and m_options.pack to the file actually run. Exit code on failure.
    std::optional<int> LoadPack();
    // Start's part that needs no window: pack, staff key, records DB, admin gate (run beside Window::Open).
    std::optional<int> OpenPackAndRecords();
    // [Inbox] kiosk_app_inbox.cpp: a new pack kiosk-sync left in the inbox, installed on the attract
    // screen only (between learners) and run from the next frame on.
    void CheckInbox();
    // The site's retention period (core/records/records_retention.h): deletes what has left the kiosk and
    // is older than keep_records_days. Hourly, on the attract screen only.
    void ApplyRetention();
    // [Resume] kiosk_app_resume.cpp: the points a staff number can carry on from (SessionConfig::find_resume),
    // and deleting those older than the site's resume_days (with the hourly retention).
    static std::vector<core::ResumePoint> FindResumeThunk(void* app, const std::string& staff_hash);
    void ForgetOldResumePoints();
    // Runs `verified` from the next frame, on a fresh attract screen; `from` says where it came from.
    void SwapPack(core::VerifiedPack& verified, const std::string& from);
    // Bakes the font atlas again with the fonts in `full` (a platform::FontsFor mask) whole, and uploads
    // it. The error, if it failed.
    std::optional<std::string> RebakeFonts(unsigned full);
    // [USB] kiosk_app_usb.cpp: the admin screen's USB stick buttons. Start shows "do not take it out";
    // Run does the work on the next turn of the loop, once that frame is on screen.
    enum class UsbAction { None, Export, Install };
    void StartUsbAction(UsbAction action);
    void RunUsbAction();

    void MarkStartup(const char* phase);  // --stats: how long start-up took up to here
    void PrintStats();
    std::string AdminSummary();
    // Reads the admin credential (never from the pack) and sets up the gate the passcode pad asks.
    void StartAdminGate();
    // Unix seconds now, never below the clock floor (core/util/clock_floor.h); WallTimeUtc is the same.
    std::int64_t WallSeconds() const;
    // Raises the clock floor from the records (at start) and from kiosk-sync's inbox/clock-floor, and
    // logs when the clock turns out to be behind it (or right again).
    void UpdateClockFloor(bool with_records);

    Options m_options;
    core::PackData m_pack;
    std::string m_packSigner;             // "key 0a1b... (name)" of the installed pack; "" with --dev
    std::string m_packWarning;            // for the admin screen: a refused new pack, or DEVELOPMENT
    const core::Site* m_site = nullptr;
    std::optional<core::StaffKey> m_staffKey;
    std::optional<core::RecordsDb> m_db;
    std::unique_ptr<core::AdminGate> m_adminGate;  // the passcode pad's gate and the admin trail (admin_gate.h)
    std::string m_adminWarning;           // for the admin screen: a passcode file readable by all, and the like
    std::string m_adminStartLine;         // where the passcode came from, or why there is none: logged once started
    core::OpenReport m_dbReport;
    core::RecordsQueue m_queue;
    core::RecordContext m_recordContext;
    core::SessionConfig m_config;
    core::SessionState m_state;
    std::vector<core::ScriptCommand> m_script;

    platform::Window m_window;
    platform::Input m_input;
    std::unique_ptr<platform::TextureCache> m_textures;
    std::unique_ptr<platform::Speech> m_speech;
    std::unique_ptr<platform::VideoPlayer> m_film;  // created for the first film scene
    int m_filmSerial = 0;                 // the session's last jump (FilmState::seek_serial) the player made
    std::uint32_t m_wakeEvent = 0;        // SDL event type VLC threads push when a frame is ready
    ui::Services m_services;
    std::optional<core::Accessibility> m_themeApplied;
    const core::Scene* m_lastScene = nullptr;  // to tell a new scene from a new picture of the same one

    std::chrono::steady_clock::time_point m_clockStart;
    core::TimeMs m_offsetMs = 0;          // added by scripted `advance`
    core::TimeMs m_retryAt = 0;           // when to retry saving records that failed to save
    std::map<std::string, std::string> m_transcripts;  // captions asset -> transcript, read once
    std::map<std::string, std::optional<core::WebVtt>> m_captions;  // captions asset -> cues, read once
    std::string m_lastExport;             // what the admin's last export did, for the admin screen
    core::ClockFloor m_clockFloor;        // times never go back past this (a flat clock battery)
    std::string m_clockWarning;           // for the admin screen: the clock is behind the floor
    std::string m_inboxOutcome;           // what happened to the last pack from the inbox, for the admin screen
    UsbAction m_usbPending = UsbAction::None;  // a USB action waiting for its "do not take it out" frame
    bool m_usbShown = false;              // ...which has been drawn
    ui::Services::UsbOutcome m_usbOutcome;  // what the last USB action did, for the admin screen
    core::TimeMs m_inboxCheckAt = 0;      // when to look in the inbox again
    core::TimeMs m_retentionAt = 0;       // when to apply the retention period again
    std::string m_retentionText;          // the retention period and its last run, for the admin screen
    std::string m_syncText;               // kiosk-sync's state in words (sync.db beside the records), read
    std::chrono::steady_clock::time_point m_syncTextAt{};  // at most every few seconds, not every frame
    std::string m_lastWriteError;         // logged once per distinct error, not once per retry
    int m_framesWanted = 0;               // frames still to draw before the loop may sleep again
    std::size_t m_intentsLastFrame = 0;
    bool m_deadlineStuck = false;         // the session's deadline did not move after a Tick
    bool m_quit = false;
    std::vector<double> m_frameMs;        // per-frame CPU-side time, for --stats
    std::vector<double> m_fontBakeMs;  // atlas rebuilds for a text size baked lean at start (--stats)
    // Tap to the next screen on glass (--stats): from a finger's lift to the swap of the first frame
    // drawn after the intents that tap made were applied.
    std::optional<std::chrono::steady_clock::time_point> m_tapAt;
    bool m_tapAnswered = false;
    std::vector<double> m_tapToScreenMs;
    // A tap's own work (--stats, issue 19): applying its intents plus laying out the screen they make (the
    // CPU before software GL draws it), by what the tap opened. `m_openPending` is set when a tap's intents
    // were applied and says what they opened; the next drawn frame completes the figure.
    enum class Opened { Nothing, Module, Scene };
    struct PendingOpen {
        Opened what = Opened::Nothing;
        double apply_ms = 0;
    };
    std::optional<PendingOpen> m_openPending;
    std::vector<double> m_moduleOpenMs, m_sceneOpenMs;
    void ApplyTapIntents(const std::vector<core::Intent>& intents);
    bool m_fontsStuck = false;         // a rebuild failed: do not try again on every frame
    // Film figures for --stats (tools/bench/film reads them): tap to moving picture, frame times while a
    // film plays, and the whole process's CPU time (VLC's and llvmpipe's threads too) while it plays.
    std::optional<std::chrono::steady_clock::time_point> m_playTappedAt;
    std::vector<double> m_tapToFrameMs;      // the first play of this process (VLC opened at the scene)
    std::vector<double> m_tapToFrameWarmMs;  // later plays in this process (this film again, or another)
    std::vector<double> m_filmFrameMs;
    std::optional<std::chrono::steady_clock::time_point> m_playingSince;
    double m_playingCpuStart = 0.0;
    double m_playingWallS = 0.0;
    double m_playingCpuS = 0.0;
    // Adds up wall and CPU time while a film plays (`stopping`: close the current stretch now).
    void TrackFilmPlaying(bool stopping = false);
    void RecordFrameTime(std::chrono::steady_clock::time_point started);
    // What the last frame looked like (Window::EndImGuiFrame), to skip identical frames.
    std::uint64_t m_lastLook = 0;
    std::uint64_t m_lastLayout = 0;       // LayoutKey() of the last frame
    bool m_fullRedraw = true;             // the next frame must be drawn whole (start, exposed, resized)
    bool m_filmPictureDirty = false;      // a new film picture was uploaded since the last frame
    bool m_firstFrameShown = false;       // for --stats: the cold start ends there
    std::vector<std::pair<const char*, double>> m_startupMarks;  // phase, ms after main() (--stats)
    double m_packLoadMs = 0;  // when OpenPackAndRecords finished, ms after main(), on its own thread (--stats)
    std::size_t m_partialFrames = 0;      // frames that redrew only the film's picture
    // Preview only.
    std::unique_ptr<PreviewLink> m_previewLink;
    std::vector<core::PreviewError> m_previewErrors;  // shown over the screen while not empty
    std::string m_previewStatus;          // the banner's words after "nothing is recorded"
    std::uint64_t m_previewUpdates = 0;   // updates applied so far
    std::uint64_t m_previewUpdatesSeen = 0;  // ...as far as scripted wait-reload has waited for
    struct PreviewTiming {
        core::PreviewUpdate update;       // its times and what changed (no pack or errors)
        std::int64_t applied_ns = 0;      // the new pack read and the session moved onto it
        std::size_t errors = 0;
    };
    std::optional<PreviewTiming> m_previewTiming;  // an update not yet on screen
    bool m_filmRowsOnly = false;          // the next frame differs only in the film's clock, progress or caption
};

}  // namespace kiosk::app
