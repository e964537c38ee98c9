// Resume (issue 18), driven like the kiosk drives it: the session's intents with a fake clock, every event
// written to a real records DB on disk, staff numbers hashed with a real key, and the next sitting
// finding its point through RecordsDb::ResumePoints. What a learner would notice: where they come back to,
// what counts toward their score, and that the records show the module once.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>

#include "core/records/records_db.h"
#include "core/session/session.h"
#include "core/trust/staff_key.h"
#include "core/util/utc_time.h"
#include "support/counting_uuid.h"
#include "support/pack_builders.h"
#include "support/records.h"

using namespace kiosk::core;

namespace {

using test_support::MakeScene;
using test_support::Opt;

// intro -> film (questions at 10 s and 20 s) -> q1 -> choice (scored: report +2; confront sets a variable)
// -> q2 -> check: a route on the variable and the score picks one of two ends.
PackData MakePack() {
    PackData pack;
    pack.id = "test";
    pack.version = 1;
    pack.languages = {"en"};
    Module m;
    m.id = "spot";
    m.pass_mark = 50;
    m.start = "intro";
    Scene intro = MakeScene("intro", SceneKind::Info);
    Scene film = MakeScene("film", SceneKind::Film);
    film.pauses = {{10000, "fq1"}, {20000, "fq2"}};
    Scene fq1 = MakeScene("fq1", SceneKind::Question, QuestionType::TrueFalse);
    fq1.options = {Opt("true", true), Opt("false")};
    Scene fq2 = MakeScene("fq2", SceneKind::Question, QuestionType::TrueFalse);
    fq2.options = {Opt("true"), Opt("false", true)};
    Scene q1 = MakeScene("q1", SceneKind::Question, QuestionType::Single);
    q1.options = {Opt("a", true), Opt("b")};
    Scene choice = MakeScene("choice", SceneKind::Choice);
    Option confront = Opt("confront");
    confront.set = {{"confronted", "true"}};
    Option report = Opt("report");
    report.score = 2;
    choice.options = {confront, report};
    Scene q2 = MakeScene("q2", SceneKind::Question, QuestionType::TrueFalse);
    q2.options = {Opt("true", true), Opt("false")};
    Scene check = MakeScene("check", SceneKind::Info);
    check.routes = {{"confronted", "retry"}, {"score >= 5", "good"}};
    check.next = "retry";
    intro.next = "film";
    film.next = "q1";
    fq1.next = fq2.next = "film";
    q1.next = "choice";
    choice.next = "q2";
    q2.next = "check";
    for (Scene* s : {&intro, &film, &fq1, &fq2, &q1, &choice, &q2, &check}) m.scenes.push_back(*s);
    m.scenes.push_back(MakeScene("good", SceneKind::End));
    m.scenes.push_back(MakeScene("retry", SceneKind::End));
    pack.modules.push_back(m);

    Module warned;
    warned.id = "warned";
    warned.has_content_warning = true;
    warned.start = "w1";
    Scene w1 = MakeScene("w1", SceneKind::Info);
    w1.next = "w2";
    warned.scenes = {w1, MakeScene("w2", SceneKind::Info), MakeScene("w-end", SceneKind::End)};
    warned.scenes[1].next = "w-end";
    pack.modules.push_back(warned);

    Site site;
    site.id = "gm";
    site.languages = {"en"};
    pack.sites.push_back(site);
    return pack;
}

StaffKey TestKey() {
    std::array<std::uint8_t, StaffKey::kSize> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 7 + 3);
    return StaffKey::FromBytes(bytes);
}

// One kiosk: its pack, its records DB on disk, its key. Each Sitting() is the next person at it.
struct Kiosk {
    test_support::records::TempDir dir;
    PackData pack = MakePack();
    StaffKey key = TestKey();
    int uuids = 0;
    SessionConfig config;
    SessionState state;
    TimeMs now = 1000;
    std::int64_t wall_s = 1'800'000'000;  // 2027-01-15
    RecordsDb db;

    Kiosk() {
        OpenReport report;
        auto opened = RecordsDb::Open(dir.File("records.db"), report);
        REQUIRE(std::holds_alternative<RecordsDb>(opened));
        db = std::move(std::get<RecordsDb>(opened));
        config.pack = &pack;
        config.site = &pack.sites[0];
        config.new_uuid = test_support::CountingUuid;
        config.uuid_context = &uuids;
        config.hash_staff_number = HashStaffNumberThunk;
        config.hash_context = &key;
        config.find_resume = [](void* self, const std::string& hash) {
            Kiosk& k = *static_cast<Kiosk*>(self);
            return k.db.ResumePoints(hash, Iso8601Utc(k.wall_s - k.config.site->resume_days * 86400LL));
        };
        config.resume_context = this;
        state = InitialState(config, now);
    }
    // As the app does: apply, then write what the session queued, stamped with the wall clock.
    Kiosk& Do(const Intent& intent) {
        now += 1000;
        wall_s += 1;
        state = Apply(std::move(state), intent, now, config);
        for (RecordEvent& e : state.outbox) e.wall_time = Iso8601Utc(wall_s);
        REQUIRE(db.Write(state.outbox, test_support::records::Context()) == std::nullopt);
        state.outbox.clear();
        return *this;
    }
    Kiosk& Sitting(const std::string& staff_number) {
        Do(intent::Start{}).Do(intent::PickRole{"health"});
        for (char digit : staff_number) Do(intent::KeypadDigit{digit});
        Do(intent::ConfirmAboutYou{});
        REQUIRE(state.screen == Screen::Menu);
        return *this;
    }
    Kiosk& Answer(int option) { return Do(intent::ToggleOption{option}).Do(intent::Submit{}); }
    Kiosk& Film(std::int64_t ms) { return Do(intent::FilmProgress{ms, 60000, state.run->film.seek_serial}); }
    std::string Scene() const { return CurrentScene(state, config) ? CurrentScene(state, config)->id : ""; }
    std::string Sql(const std::string& sql) {
        Statement s;
        REQUIRE(s.Prepare(db.Connection(), sql) == std::nullopt);
        REQUIRE(s.Step() == StepResult::Row);
        return s.ColumnText(0);
    }
    // Through intro and the film (both its questions answered right) to q1.
    Kiosk& ToQ1() {
        Do(intent::OpenModule{"spot"}).Do(intent::Continue{});
        REQUIRE(Scene() == "film");
        Do(intent::FilmPlay{}).Film(10500);
        REQUIRE(Scene() == "fq1");
        Answer(0).Do(intent::Continue{}).Film(20500);
        REQUIRE(Scene() == "fq2");
        Answer(1).Do(intent::Continue{}).Do(intent::FilmEnd{}).Do(intent::Continue{});
        REQUIRE(Scene() == "q1");
        return *this;
    }
};

}  // namespace

TEST_CASE("resume: after Leave the same staff number carries on at the scene where it stopped - with its score - "
          "and the records hold each answer and the completion once") {
    Kiosk k;
    k.Sitting("40021").ToQ1().Answer(0).Do(intent::Continue{});  // q1 right
    REQUIRE(k.Scene() == "choice");
    k.Answer(1);  // report: +2, no feedback, so straight on to q2
    REQUIRE(k.Scene() == "q2");
    k.Do(intent::Leave{}).Do(intent::Continue{});
    REQUIRE(k.state.screen == Screen::Attract);

    k.Sitting("40021");
    REQUIRE(k.state.sitting->resumable.size() == 1);
    k.Do(intent::OpenModule{"spot"});
    REQUIRE(k.state.screen == Screen::ResumeOffer);
    k.Do(intent::CarryOn{});
    CHECK(k.Scene() == "q2");
    k.Answer(0).Do(intent::Continue{});  // q2 right: 4 question points and 2 from the scored choice: "good"
    CHECK(k.Scene() == "check");
    k.Do(intent::Continue{});
    REQUIRE(k.Scene() == "good");
    const ModuleResult& result = *k.state.run->result;
    CHECK(result.points == 6);  // the scored choice counts once, though the learner left after it
    CHECK(result.points_possible == 6);
    CHECK(result.percent == 100);
    CHECK(result.seconds >= 15);  // both sittings' time in the module

    CHECK(k.Sql("SELECT count(*) FROM completions WHERE module_id = 'spot'") == "1");
    CHECK(k.Sql("SELECT count(*) FROM answers WHERE module_id = 'spot'") == "5");
    CHECK(k.Sql("SELECT count(DISTINCT scene_id) FROM answers WHERE module_id = 'spot'") == "5");
    CHECK(k.Sql("SELECT count(*) FROM resume_points") == "0");  // finished: nothing left to carry on from
    CHECK(k.Sql("SELECT count(*) FROM sittings WHERE staff_hash IS NOT NULL") == "2");

    // A third sitting with that number is offered nothing.
    k.Do(intent::Continue{}).Do(intent::Finish{}).Sitting("40021");
    CHECK(k.state.sitting->resumable.empty());
    k.Do(intent::OpenModule{"spot"});
    CHECK(k.state.screen == Screen::Scene);
    CHECK(k.Scene() == "intro");
}

TEST_CASE("resume: without a staff number - with another number - or where a site sets resume_days 0 - nothing is offered or kept") {
    Kiosk k;
    k.Sitting("").ToQ1().Do(intent::Leave{}).Do(intent::Continue{});
    CHECK(k.Sql("SELECT count(*) FROM resume_points") == "0");

    k.Sitting("555").ToQ1().Do(intent::Leave{}).Do(intent::Continue{});
    CHECK(k.Sql("SELECT count(*) FROM resume_points") == "1");
    CHECK(k.Sql("SELECT length(staff_hash) FROM resume_points") == "64");  // the keyed hash, never the number
    k.Sitting("556");
    CHECK(k.state.sitting->resumable.empty());
    k.Do(intent::Leave{}).Do(intent::Continue{});

    k.pack.sites[0].resume_days = 0;
    k.Sitting("555");
    CHECK(k.state.sitting->resumable.empty());
    k.Do(intent::OpenModule{"spot"});
    CHECK(k.Scene() == "intro");
}

TEST_CASE("resume: a question left unanswered is asked again and counted once - one answered is never asked again") {
    Kiosk k;
    k.Sitting("777").ToQ1().Do(intent::Leave{}).Do(intent::Continue{});  // q1 showing, not answered
    k.Sitting("777").Do(intent::OpenModule{"spot"}).Do(intent::CarryOn{});
    REQUIRE(k.Scene() == "q1");
    CHECK(k.state.run->points == 2);
    CHECK(k.state.run->points_possible == 3);  // fq1, fq2 and q1 once, not q1 twice

    k.Answer(1);  // q1 wrong; its feedback is showing when the learner walks away
    k.Do(intent::Leave{}).Do(intent::Continue{});
    k.Sitting("777").Do(intent::OpenModule{"spot"}).Do(intent::CarryOn{});
    CHECK(k.Scene() == "choice");
    CHECK(k.state.run->points == 2);
    CHECK(k.state.run->points_possible == 5);  // fq1, fq2, q1, and the scored choice now showing (worth 2)
    CHECK(k.Sql("SELECT count(*) FROM answers WHERE scene_id = 'q1'") == "1");
    // Walked away from the choice unanswered: carrying on counts it once, not twice.
    k.Do(intent::Leave{}).Do(intent::Continue{});
    k.Sitting("777").Do(intent::OpenModule{"spot"}).Do(intent::CarryOn{});
    CHECK(k.Scene() == "choice");
    CHECK(k.state.run->points_possible == 5);
}

TEST_CASE("resume: the idle reset keeps the film's place - its answered question is not asked again - the next one is") {
    Kiosk k;
    k.Sitting("31337").Do(intent::OpenModule{"spot"}).Do(intent::Continue{}).Do(intent::FilmPlay{}).Film(10500);
    k.Answer(0).Do(intent::Continue{}).Film(14000);
    REQUIRE(k.Scene() == "film");
    k.Do(intent::FilmPause{});
    // Nobody there: the warning, then the reset.
    k.now += 200'000;
    k.state = Apply(std::move(k.state), intent::Tick{}, k.now, k.config);
    for (RecordEvent& e : k.state.outbox) e.wall_time = Iso8601Utc(k.wall_s);
    REQUIRE(k.db.Write(k.state.outbox, test_support::records::Context()) == std::nullopt);
    k.state.outbox.clear();
    REQUIRE(k.state.screen == Screen::Attract);

    k.Sitting("31337").Do(intent::OpenModule{"spot"}).Do(intent::CarryOn{});
    REQUIRE(k.Scene() == "film");
    CHECK(k.state.run->film.position_ms == 14000);
    CHECK(k.state.run->film.asked.count(0) == 1);
    k.Do(intent::FilmPlay{}).Film(15000);
    CHECK(k.Scene() == "film");  // fq1 (10 s) is behind: not asked again
    k.Film(20500);
    CHECK(k.Scene() == "fq2");
    CHECK(k.Sql("SELECT count(*) FROM answers WHERE scene_id = 'fq1'") == "1");
}

TEST_CASE("resume: a film question showing when the learner left is asked again - the film starts a little before it") {
    Kiosk k;
    k.Sitting("31338").Do(intent::OpenModule{"spot"}).Do(intent::Continue{}).Do(intent::FilmPlay{}).Film(10500);
    REQUIRE(k.Scene() == "fq1");
    k.Do(intent::Leave{}).Do(intent::Continue{});
    k.Sitting("31338").Do(intent::OpenModule{"spot"}).Do(intent::CarryOn{});
    REQUIRE(k.Scene() == "film");
    CHECK(k.state.run->film.position_ms == 5000);
    CHECK(k.state.run->film.asked.empty());
    CHECK(k.state.run->points_possible == 0);
    k.Do(intent::FilmPlay{}).Film(10200);
    CHECK(k.Scene() == "fq1");
}

TEST_CASE("resume: a power cut keeps the last scene reached - start again forgets it - and the offer lasts resume_days") {
    Kiosk k;
    k.Sitting("90210").ToQ1().Answer(0).Do(intent::Continue{});
    REQUIRE(k.Scene() == "choice");
    // The power goes: no Leave, no reset; the kiosk comes back with a fresh state on the same DB.
    k.state = InitialState(k.config, k.now);
    k.Sitting("90210");
    REQUIRE(k.state.sitting->resumable.size() == 1);
    CHECK(k.state.sitting->resumable[0].scene_id == "choice");

    k.Do(intent::OpenModule{"spot"}).Do(intent::StartAgain{});
    CHECK(k.Scene() == "intro");
    CHECK(k.state.run->points == 0);
    CHECK(k.Sql("SELECT count(*) FROM resume_points") == "1");  // intro, saved afresh
    CHECK(k.Sql("SELECT scene_id FROM resume_points") == "intro");
    k.Do(intent::Leave{}).Do(intent::Continue{});

    k.wall_s += 13 * 86400;  // still within 14 days
    k.Sitting("90210");
    CHECK(k.state.sitting->resumable.size() == 1);
    k.Do(intent::Leave{}).Do(intent::Continue{});
    k.wall_s += 15 * 86400;  // too late: the module starts afresh, and the hourly clean-up deletes the point
    k.Sitting("90210");
    CHECK(k.state.sitting->resumable.empty());
    auto deleted = k.db.DeleteResumePointsBefore(Iso8601Utc(k.wall_s - 14 * 86400));
    REQUIRE(std::holds_alternative<std::int64_t>(deleted));
    CHECK(std::get<std::int64_t>(deleted) == 1);
}

TEST_CASE("resume: the content warning comes before carrying on - a newer pack without the scene starts afresh") {
    Kiosk k;
    k.Sitting("1234").Do(intent::OpenModule{"warned"}).Do(intent::AcceptWarning{}).Do(intent::Continue{});
    REQUIRE(k.Scene() == "w2");
    k.Do(intent::BackToMenu{}).Do(intent::Finish{});

    k.Sitting("1234").Do(intent::OpenModule{"warned"});
    REQUIRE(k.state.screen == Screen::ResumeOffer);
    k.Do(intent::CarryOn{});
    REQUIRE(k.state.screen == Screen::ContentWarning);
    k.Do(intent::AcceptWarning{});
    CHECK(k.Scene() == "w2");
    k.Do(intent::BackToMenu{}).Do(intent::Finish{});

    k.pack.modules[1].scenes[1].id = "w2-rewritten";
    k.pack.modules[1].scenes[0].next = "w2-rewritten";
    k.Sitting("1234").Do(intent::OpenModule{"warned"}).Do(intent::CarryOn{}).Do(intent::AcceptWarning{});
    CHECK(k.Scene() == "w1");
}

TEST_CASE("resume: an export leaves the resume points behind") {
    Kiosk k;
    k.Sitting("4242").ToQ1().Do(intent::Leave{}).Do(intent::Continue{});
    REQUIRE(k.Sql("SELECT count(*) FROM resume_points") == "1");
    const std::string copy = k.dir.File("export.db");
    REQUIRE(k.db.ExportTo(copy) == std::nullopt);
    Database exported;
    REQUIRE(exported.Open(copy, SQLITE_OPEN_READONLY) == std::nullopt);
    Statement count;
    REQUIRE(count.Prepare(exported, "SELECT (SELECT count(*) FROM resume_points) || '|' || (SELECT count(*) FROM answers)") ==
            std::nullopt);
    REQUIRE(count.Step() == StepResult::Row);
    CHECK(count.ColumnText(0) == "0|2");
}

TEST_CASE("resume: back to the menu and into the module again offers the newest place - never an answered question") {
    Kiosk k;
    k.Sitting("2468").ToQ1().Do(intent::Leave{}).Do(intent::Continue{});
    k.Sitting("2468").Do(intent::OpenModule{"spot"}).Do(intent::CarryOn{});
    REQUIRE(k.Scene() == "q1");
    k.Answer(0).Do(intent::Continue{});  // q1 answered: now at the choice
    REQUIRE(k.Scene() == "choice");
    k.Do(intent::BackToMenu{});
    // The same sitting, the same module: the offer is the choice, not q1 (which would be asked twice).
    k.Do(intent::OpenModule{"spot"});
    REQUIRE(k.state.screen == Screen::ResumeOffer);
    k.Do(intent::CarryOn{});
    CHECK(k.Scene() == "choice");
    CHECK(k.Sql("SELECT count(*) FROM answers WHERE scene_id = 'q1'") == "1");
    CHECK(k.Sql("SELECT scene_id FROM resume_points") == "choice");
}

TEST_CASE("resume: a module only opened is not 'not finished' - start again loses nothing until the module starts") {
    Kiosk k;
    k.Sitting("1357").Do(intent::OpenModule{"spot"}).Do(intent::BackToMenu{});
    CHECK(k.Sql("SELECT count(*) FROM resume_points") == "0");  // nothing done: nothing to carry on from
    CHECK(k.state.sitting->resumable.empty());
    // A point in the module with a content warning; then Start again, and the warning skipped.
    k.Do(intent::OpenModule{"warned"}).Do(intent::AcceptWarning{}).Do(intent::Continue{}).Do(intent::BackToMenu{});
    REQUIRE(k.Sql("SELECT scene_id FROM resume_points") == "w2");
    k.Do(intent::OpenModule{"warned"}).Do(intent::StartAgain{});
    REQUIRE(k.state.screen == Screen::ContentWarning);
    k.Do(intent::SkipWarning{});
    CHECK(k.Sql("SELECT scene_id FROM resume_points") == "w2");  // still there: the module never started
    // Start again for real: the point is replaced by the module's start at once (newer than any copy of
    // the old one that other kiosks hold).
    k.Do(intent::OpenModule{"warned"}).Do(intent::StartAgain{}).Do(intent::AcceptWarning{});
    CHECK(k.Scene() == "w1");
    CHECK(k.Sql("SELECT scene_id FROM resume_points") == "w1");
}
