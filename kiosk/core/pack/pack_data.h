// The content pack as plain data: what kiosk-author emits and what the kiosk reads back.
// One definition shared by the writer (authoring) and the reader (kiosk), so they cannot disagree.
// Learner-facing text is not stored here but in `strings`, keyed by stable ids (see StringKey*).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::core {

// Bump when the SQLite layout of a pack changes; readers refuse packs newer than they know.
inline constexpr int kPackSchemaVersion = 5;  // 2: film pauses; 3: sites.xapi_base; 4: sites.keep_records_days;
                                              // 5: sites.resume_days
// The oldest schema still read: a kiosk updated before its pack keeps running the pack it has.
inline constexpr int kPackOldestReadableSchema = 2;
// PRAGMA application_id of every pack ("KPAK"), so `file` and our reader can tell a pack from other SQLite files.
inline constexpr std::int32_t kPackApplicationId = 0x4B50414B;

enum class SceneKind { Info, Film, Question, Choice, End };
enum class QuestionType { None, Single, Multi, TrueFalse, Hotspot, Order };

// A rectangle in image pixels (hotspot regions).
struct Rect {
    int x = 0, y = 0, w = 0, h = 0;
    bool operator==(const Rect&) const = default;
};

// A variable assignment made by a choice option: `set = { warned = true }`.
struct Assignment {
    std::string name;
    std::string value;  // literal as written: true/false, an integer, or a quoted string
    bool operator==(const Assignment&) const = default;
};

// One option of a question or choice. Its text/feedback are strings under OptionKey().
struct Option {
    std::string id;
    bool correct = false;       // single/multi/truefalse/hotspot: is this a right answer or a sign
    std::string go_to;          // choice: scene id, empty = the scene's own next
    int score = 0;              // choice: points earned by choosing it (see ScenePoints)
    std::vector<Assignment> set;
    std::optional<Rect> region; // hotspot only
    bool operator==(const Option&) const = default;
};

// A conditional exit: the first route whose condition holds (empty = always) is taken.
struct Route {
    std::string condition;  // expression text, checked at compile time (see condition.h)
    std::string go_to;
    bool operator==(const Route&) const = default;
};

struct Chapter {
    int at_ms = 0;
    bool operator==(const Chapter&) const = default;  // title is a string under ChapterKey()
};

// An interactive film's stop: at `at_ms` playback pauses and the question scene `question` (in the same
// module, reached only this way) is asked and recorded like any other; then the film resumes.
struct FilmPause {
    int at_ms = 0;
    std::string question;  // scene id
    bool operator==(const FilmPause&) const = default;
};

// A scene. Text fields (title, text, prompt, explanation, alt, feedback) live in strings.
struct Scene {
    std::string id;
    SceneKind kind = SceneKind::Info;
    QuestionType question = QuestionType::None;
    std::string next;             // resolved: explicit `next`, else the following scene, else empty
    std::vector<Route> routes;    // tried before `next`
    bool must_see = false;
    bool must_watch = false;      // film
    bool signposting = false;     // end: show the site's referral contacts
    int points = 0;               // question: points for a right answer
    std::string image;            // asset path, empty if none
    std::map<std::string, std::string> video;     // language -> asset path (film)
    std::map<std::string, std::string> captions;  // language -> asset path (film, WebVTT)
    std::vector<Chapter> chapters;
    std::vector<FilmPause> pauses;   // film: in time order
    std::vector<Option> options;
    bool operator==(const Scene&) const = default;
};

struct Source {
    std::string title;
    std::string url;
    std::string checked;  // ISO date YYYY-MM-DD
    bool operator==(const Source&) const = default;
};

// A module: title, summary and content warning are strings under ModuleKey().
struct Module {
    std::string id;
    int minutes = 0;
    int pass_mark = 0;                 // percent of the question points seen
    bool has_content_warning = false;
    std::vector<std::string> audience; // role categories
    std::string start;                 // first scene id
    std::vector<Source> sources;
    std::vector<Scene> scenes;         // in file order
    bool operator==(const Module&) const = default;
};

// A "did you know" line for the attract screen; its text and source title are strings under FactKey().
struct Fact {
    std::string url;  // where the fact comes from, so anyone can check it
    bool operator==(const Fact&) const = default;
};

// A referral contact: national defaults from pack.toml, local ones from a site config.
struct Contact {
    std::string phone;
    std::string url;
    bool operator==(const Contact&) const = default;  // name, hours, note are strings under ContactKey()
};

// A site (deployment) config: which agency office this kiosk stands in.
// How long a learner can come back to a module they stopped by default (content/sites/<id>.toml `resume_days`).
inline constexpr int kDefaultResumeDays = 14;

struct Site {
    std::string id;
    std::string region;
    std::string agency;
    std::vector<std::string> languages;  // first is the default
    int idle_timeout_s = 90;
    int idle_countdown_s = 20;
    std::string admin_pin_hash;          // old packs only: kiosks ignore it, the compiler never sets it (W120)
    std::string xapi_base;               // the partnership's https IRI base for xAPI statements (kiosk-sync);
                                         // "" when the site file has none (schema 2 packs never do)
    int keep_records_days = 0;           // records older than this go once delivered or exported
                                         // (core/records/records_retention.h); 0 keeps them (schema <4 packs)
    int resume_days = kDefaultResumeDays;  // a learner with a staff number may carry on a module this long after
                                         // stopping (kDefaultResumeDays); 0: no resume (schema <5 packs: 14)
    std::vector<Contact> contacts;       // overlay the pack's defaults when non-empty
    bool operator==(const Site&) const = default;  // partnership name is a string under SiteKey()
};

// An asset stored in the pack as a blob. `data` may be left empty by readers that load lazily.
struct Asset {
    std::string path;     // relative to the content folder, '/'-separated
    std::string mime;
    std::string sha256;   // lower-case hex of data
    int width = 0, height = 0;  // images only
    std::vector<std::uint8_t> data;
    bool operator==(const Asset&) const = default;
};

// One translatable string in one language.
struct Text {
    std::string text;
    bool fuzzy = false;   // translation not yet reviewed
    bool operator==(const Text&) const = default;
};

struct PackData {
    std::string id;
    int version = 0;                     // monotonic; kiosks refuse to go back (rollback)
    std::string build_time;              // ISO 8601 UTC; not part of the content hash
    std::string content_hash;            // sha256 hex over the canonical content (pack_hash.h)
    std::vector<std::string> languages;  // first is the default
    std::vector<Contact> contacts;       // national defaults
    std::vector<Fact> facts;             // "did you know" lines for the attract screen
    std::vector<Module> modules;
    std::vector<Site> sites;
    std::vector<Asset> assets;           // sorted by path
    std::map<std::string, std::map<std::string, Text>> strings;  // key -> language -> text
    bool operator==(const PackData&) const = default;
};

// Stable string keys. Translators see them as PO msgctxt, so never change their shape lightly.
std::string PackKey(const std::string& field);                                  // pack/title
std::string ModuleKey(const std::string& module, const std::string& field);     // m/title
std::string SceneKey(const std::string& module, const std::string& scene, const std::string& field);
std::string OptionKey(const std::string& module, const std::string& scene, const std::string& option,
                      const std::string& field);
std::string ChapterKey(const std::string& module, const std::string& scene, std::size_t index);
std::string ContactKey(const std::string& owner, std::size_t index, const std::string& field);  // owner: "pack" or "site/<id>"
std::string SiteKey(const std::string& site, const std::string& field);
std::string FactKey(std::size_t index, const std::string& field);  // pack/facts/<i>/text|source

// What a scene is worth toward the pass mark: a question's `points`; for a choice whose options carry a
// `score`, its best option's score (a scored choice is marked like a one-answer question, the best option
// right); 0 for anything else.
int ScenePoints(const Scene& scene);
// A choice with at least one option scoring above 0.
bool IsScoredChoice(const Scene& scene);

const char* ToString(SceneKind kind);
const char* ToString(QuestionType type);
std::optional<SceneKind> SceneKindFromString(std::string_view s);
std::optional<QuestionType> QuestionTypeFromString(std::string_view s);

// The role categories a learner can pick and a module can target.
const std::vector<std::string>& RoleCategories();

}  // namespace kiosk::core
