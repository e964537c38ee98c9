// The kiosk's session state machine: (state, intent, now) -> state. The UI draws a SessionState and
// emits Intents; the platform turns touches and timers into Intents; nothing else changes the state.
// Time is injected (milliseconds on a monotonic clock) so tests can step idle timeouts instantly.
//
// Screens and how they change (every intent also counts as a touch for the idle timer, except Tick):
//   Attract        --Start-->                 AboutYou   (a new sitting id; nothing of anyone earlier)
//   AboutYou       --ConfirmAboutYou-->       Menu       (role required; staff number optional, hashed)
//   Menu           --OpenModule-->            ResumeOffer if the learner stopped part way through it before,
//                                             else ContentWarning if the module has one, else Scene
//   ResumeOffer    --CarryOn / StartAgain-->  ContentWarning if the module has one, else Scene (where they
//                                             stopped / its start; the old point goes only once it starts)
//   ContentWarning --AcceptWarning-->         Scene;     --SkipWarning--> Menu
//   Scene          --Continue (on an end)-->  Menu       (module result recorded)
//   Scene (film)   --FilmProgress past a pause--> Scene (its question) --Continue--> Scene (film, playing)
//   Menu           --Finish-->                Attract    (sitting recorded as completed)
//   any            --Leave-->                 Leaving    (support info; sitting recorded as left)
//   Leaving        --Continue-->              Attract
//   any but Attract: no touch for idle_timeout -> idle warning; for idle_countdown more -> Attract,
//                  sitting recorded as abandoned and wiped.
//   Attract        --OpenAdmin (long press)--> AdminPin --AdminSubmit (right PIN)--> Admin
//   AdminPin       --CloseAdmin--> Attract; every 3rd wrong passcode locks the pad for a while (admin_guard.h);
//   Admin          --CloseAdmin--> Attract
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/session/condition.h"
#include "core/session/film.h"
#include "core/session/resume_point.h"
#include "core/pack/pack_data.h"

namespace kiosk::core {

using TimeMs = std::int64_t;

enum class Screen { Attract, AboutYou, Menu, ResumeOffer, ContentWarning, Scene, Leaving, AdminPin, Admin };

// Learner-chosen display settings. They last for one sitting: the next person starts from the defaults.
struct Accessibility {
    int text_size = 1;           // 0 small .. 3 largest
    bool high_contrast = false;  // >= 7:1 contrast theme
    bool calm_spacing = false;   // more line and paragraph spacing, for dyslexic readers
    bool captions = true;        // film captions, drawn by the kiosk so they follow the settings above
    int volume = 80;             // film volume, 0..100
    bool operator==(const Accessibility&) const = default;
};
inline constexpr int kTextSizes = 4;

// What the learner has done on the current question or choice scene.
struct SceneProgress {
    std::vector<int> selected;   // option indices chosen (single/multi/truefalse/hotspot regions/choice)
    std::vector<int> order;      // order questions: option indices in the learner's current order
    bool submitted = false;      // answer given; feedback and explanation are showing
    bool correct = false;        // for questions, once submitted
    TimeMs shown_at = 0;         // when the scene appeared (seconds taken are recorded)
};

// One answer or choice, as it goes to the records DB.
struct AnswerRecord {
    std::string id;              // UUIDv4
    std::string module_id;
    std::string scene_id;
    QuestionType question = QuestionType::None;  // None for a choice
    std::vector<std::string> chosen;             // option ids, in the learner's order for order questions
    bool correct = false;
    int seconds = 0;
};

// The result of one module taken in this sitting.
struct ModuleResult {
    std::string id;              // UUIDv4 of the completion row
    std::string module_id;
    int points = 0;
    int points_possible = 0;
    int percent = 0;
    bool passed = false;
    std::string completion_code; // short, no personal data; also shown as a QR code
    std::string end_scene;
    int seconds = 0;
};

enum class SittingOutcome { Completed, Abandoned, Left };

// Things the records DB must keep. The app writes them and answers with a Saved intent.
struct RecordEvent {
    // Progress: where a learner with a staff number now is in a module (resume); ProgressCleared: the
    // module was finished or started again, so there is nothing to carry on from.
    enum class Kind { SittingStarted, Answer, ModuleFinished, SittingEnded, Progress, ProgressCleared } kind;
    std::string sitting_id;
    std::string role, staff_hash, language;
    std::optional<AnswerRecord> answer;
    std::optional<ModuleResult> result;
    SittingOutcome outcome = SittingOutcome::Completed;
    TimeMs at = 0;
    std::string wall_time;   // ISO 8601 UTC, stamped by the app when it takes the event from the outbox
    std::optional<ResumePoint> resume = std::nullopt;  // Progress (the point) and ProgressCleared (its module_id)
};

// The module being taken.
struct ModuleRun {
    std::size_t module_index = 0;
    std::size_t scene_index = 0;
    int points = 0;               // points earned: right answers, and scored choices' option scores
    int points_possible = 0;      // what the questions and scored choices shown are worth (ScenePoints)
    int bonus = 0;                // scores of choices worth nothing (no option above 0), and a resume point's
                                  // from before choices counted: for `score` in conditions, not the percent
    Variables variables;          // set by choice options
    SceneProgress progress;
    FilmState film;               // the film scene being watched (or paused for one of its questions)
    std::optional<std::size_t> film_scene;  // set while a film's timestamp question is showing: the film
    std::vector<std::size_t> path;  // scene indices visited, for "back" and for tests
    TimeMs started_at = 0;
    std::optional<ModuleResult> result;  // set on reaching an end scene
    bool sources_open = false;    // the module's sources are showing in place of its end scene
    std::optional<ResumePoint> saved;  // the resume point last sent to the records DB for this run
    bool replaces_point = false;  // started over an earlier point (Start again): its start is saved at once,
                                  // so it is newer than any copy of the old point other kiosks hold
};

struct Sitting {
    std::string id;               // UUIDv4
    std::string role;             // a RoleCategories() entry, empty until chosen
    std::string staff_hash;       // HMAC of the staff number, or empty; never the number itself
    std::string keypad;           // digits being typed on the keypad; cleared when confirmed
    bool recorded = false;        // SittingStarted has gone to the outbox (after "about you")
    TimeMs started_at = 0;
    std::set<std::string> completed_modules;
    std::vector<ModuleResult> results;
    std::vector<ResumePoint> resumable;  // modules this staff number stopped part way through (config.find_resume)
};

struct SessionState {
    Screen screen = Screen::Attract;
    std::string language;         // current UI/content language
    Accessibility accessibility;
    bool accessibility_open = false;
    bool idle_warning = false;    // "Are you still there?" is showing
    TimeMs last_touch = 0;
    std::size_t fact_index = 0;   // which "did you know" line the attract loop shows
    TimeMs fact_since = 0;
    std::optional<Sitting> sitting;
    std::optional<ModuleRun> run;
    std::size_t pending_module = 0;       // ResumeOffer, ContentWarning: the module about to start
    bool pending_resume = false;          // ContentWarning: it starts where the learner stopped (CarryOn)
    bool pending_restart = false;         // ContentWarning: it starts again over the learner's point (StartAgain)
    std::vector<RecordEvent> outbox;      // events for the records DB, taken by the app after each Apply
    int unsaved = 0;                      // events written but not yet acknowledged by a COMMIT
    bool save_failed = false;             // the last write failed; the UI says "not saved yet"
    std::string admin_pin;                // digits typed on the admin passcode pad; wiped when checked
    bool admin_available = false;         // a passcode is set on this kiosk (else the pad says so)
    int admin_failures = 0;               // wrong passcodes since the last sign-in, on any pad, across restarts
    bool admin_locked = false;            // too many wrong passcodes: the pad takes none until admin_locked_until
    TimeMs admin_locked_until = 0;
};

// The longest passcode the pad takes (core/trust/admin_credential.h says the same for the file).
inline constexpr std::size_t kAdminPasscodeMaxLength = 12;

// What the app's admin gate (kiosk/app/admin_gate.h) says about the passcode pad: the durable count of
// wrong passcodes lives with the records, so a new long press or a restart never starts it again.
struct AdminGateState {
    bool available = false;     // a passcode is set on this kiosk
    bool right = false;         // after a try: the passcode was right
    int failures = 0;           // wrong passcodes since the last sign-in
    TimeMs locked_for_ms = 0;   // how long from now the pad takes no passcode
};

// Fixed for a kiosk's run: which pack and site, and how to hash staff numbers.
struct SessionConfig {
    const PackData* pack = nullptr;
    const Site* site = nullptr;
    // HMAC-SHA256(deployment key, normalised number) as hex; injected so the core needs no key file.
    std::string (*hash_staff_number)(const std::string& digits, const void* context) = nullptr;
    const void* hash_context = nullptr;
    // Fresh UUIDv4s; injected so tests can make them predictable.
    std::string (*new_uuid)(void* context) = nullptr;
    void* uuid_context = nullptr;
    TimeMs fact_rotation_ms = 8000;
    // kiosk-author preview: the top bar leaves its left end, the partnership's name, to the PREVIEW label.
    bool preview = false;
    // The admin passcode: its state when the pad opens, and a try (the gate records the attempt before it
    // checks it, and works out any lockout). Injected so tests need neither Argon2 nor a records DB.
    AdminGateState (*admin_status)(void* context) = nullptr;
    AdminGateState (*admin_try)(void* context, const std::string& passcode) = nullptr;
    void* admin_context = nullptr;
    // Resume: the points saved for a staff hash within the site's resume_days, newest first. Without it
    // (or with resume_days 0, or no staff number) nothing is saved and nothing offered.
    std::vector<ResumePoint> (*find_resume)(void* context, const std::string& staff_hash) = nullptr;
    void* resume_context = nullptr;
};

namespace intent {
struct Tick {};                                   // time passed; no touch
struct Touch {};                                  // a touch that hit nothing in particular
struct Start {};
struct SetLanguage { std::string language; };
struct PickRole { std::string role; };
struct KeypadDigit { char digit; };
struct KeypadBackspace {};
struct ConfirmAboutYou {};
struct OpenModule { std::string module_id; };
struct AcceptWarning {};
struct SkipWarning {};
struct ToggleOption { int option; };              // single/multi/truefalse/hotspot/choice selection
struct MoveOption { int from; int to; };          // order questions: positions in the current order
struct Submit {};                                 // check a question's answer, or confirm a choice
struct Continue {};                               // next scene / back to menu / leave screen done
struct BackToMenu {};                             // abandon the current module, keep the sitting
struct CarryOn {};                                // ResumeOffer: from where the learner stopped
struct StartAgain {};                             // ResumeOffer: from the module's start
struct Finish {};                                 // the learner is done: sitting completed
struct Leave {};
struct StillHere {};
struct OpenSources {};   // at a module's end: where its facts come from
struct CloseSources {};
struct OpenAccessibility {};
struct CloseAccessibility {};
struct SetTextSize { int size; };
struct ToggleHighContrast {};
struct ToggleCalmSpacing {};
struct Saved { int events; bool ok; };            // the app's answer after writing outbox events
struct OpenAdmin {};                              // a long press in the attract screen's corner
struct AdminDigit { char digit; };
struct AdminBackspace {};
struct AdminSubmit {};
struct CloseAdmin {};
struct FilmPlay {};
struct FilmPause {};
struct FilmBack {};                               // back kFilmBackMs
struct FilmReplay {};                             // from the start, playing
struct FilmChapter { int index; };                // jump to a chapter (not past what was watched)
struct ToggleCaptions {};
struct SetVolume { int level; };                  // 0..100
// Reports from the film player (not touches). While a film plays, its reports keep the idle timer back.
struct FilmProgress {
    std::int64_t position_ms;
    std::int64_t duration_ms;
    int seek_serial;  // the latest FilmState::seek_serial the player has acted on
};
struct FilmEnd {};                                // played to the end
struct FilmFailed {};                             // missing, corrupt or unsupported: show the transcript
}  // namespace intent

using Intent = std::variant<intent::Tick, intent::Touch, intent::Start, intent::SetLanguage, intent::PickRole,
                            intent::KeypadDigit, intent::KeypadBackspace, intent::ConfirmAboutYou, intent::OpenModule,
                            intent::AcceptWarning, intent::SkipWarning, intent::ToggleOption, intent::MoveOption,
                            intent::Submit, intent::Continue, intent::BackToMenu, intent::Finish, intent::Leave,
                            intent::StillHere, intent::OpenAccessibility, intent::CloseAccessibility,
                            intent::SetTextSize, intent::ToggleHighContrast, intent::ToggleCalmSpacing, intent::Saved,
                            intent::OpenAdmin, intent::AdminDigit, intent::AdminBackspace, intent::AdminSubmit,
                            intent::CloseAdmin, intent::FilmPlay, intent::FilmPause, intent::FilmBack,
                            intent::FilmReplay, intent::FilmChapter, intent::ToggleCaptions, intent::SetVolume,
                            intent::FilmProgress, intent::FilmEnd, intent::FilmFailed, intent::OpenSources,
                            intent::CloseSources, intent::CarryOn, intent::StartAgain>;

// The state a kiosk starts in (and returns to after every sitting): the attract screen, default settings.
SessionState InitialState(const SessionConfig& config, TimeMs now);

// Starts module `module_index` at its scene `scene_index` in a sitting already past "about you",
// skipping the menu and any content warning (kiosk-author preview opens the scene being edited). A
// film's timestamp question opens as it would during the film: the film waits behind it, stopped at
// the question's time, and Continue goes back to it. Indices must be valid (asserted).
SessionState StartModuleAt(SessionState state, const SessionConfig& config, std::size_t module_index,
                           std::size_t scene_index, TimeMs now);

// Whether `intent` would do anything now (the UI enables or disables buttons with this).
bool IsAllowed(const SessionState& state, const Intent& intent, const SessionConfig& config);

// Applies `intent` at time `now`. Intents that are not allowed leave the state unchanged (apart from
// counting as a touch). Never fails.
SessionState Apply(SessionState state, const Intent& intent, TimeMs now, const SessionConfig& config);

// Milliseconds until the next timed change (idle warning, reset, fact rotation), so the platform can
// sleep instead of redrawing. Negative if a change is already due.
// The code on a module's end screen for the completion with id `uuid` (a UUIDv4): eight Crockford base-32
// characters as XXXX-XXXX, from the id's random bits; kiosk-report verify looks it up.
std::string CompletionCode(const std::string& uuid);

TimeMs NextDeadline(const SessionState& state, const SessionConfig& config, TimeMs now);

// Seconds left on the "Are you still there?" countdown (for the overlay).
int IdleSecondsLeft(const SessionState& state, const SessionConfig& config, TimeMs now);

// Helpers for screens.
const Module* CurrentModule(const SessionState& state, const SessionConfig& config);
const Scene* CurrentScene(const SessionState& state, const SessionConfig& config);
// The text for `key` in the current language, falling back to the pack's first language, then "".
const std::string& Text(const SessionState& state, const SessionConfig& config, const std::string& key);
// A contact to show, with what ContactKey needs to find its name, hours and note.
struct ContactRef {
    std::string owner;   // "site/<id>" or "pack"
    std::size_t index = 0;
    const Contact* contact = nullptr;
};
// The site's local contacts first, then the pack's national ones.
std::vector<ContactRef> ContactsToShow(const SessionConfig& config);

const char* ToString(Screen screen);
const char* ToString(SittingOutcome outcome);

}  // namespace kiosk::core
