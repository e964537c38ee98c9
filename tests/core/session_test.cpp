// The session state machine driven with intents and a fake clock: every scene kind, branching,
// scoring, idle reset, leave, language switch, and what reaches the records outbox.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/session/session.h"
#include "support/counting_uuid.h"
#include "support/pack_builders.h"

using namespace kiosk::core;

namespace {

using test_support::CountingUuid;
using test_support::MakeScene;
using test_support::Opt;

std::string FakeHash(const std::string& digits, const void*) { return "hash-of-" + std::to_string(digits.size()) + "-digits"; }

// A module with every scene kind: info -> single -> multi -> truefalse -> hotspot -> order -> choice,
// then a route on the score to one of two ends.
PackData MakePack() {
    PackData pack;
    pack.id = "test";
    pack.version = 1;
    pack.languages = {"en", "cy"};
    Module m;
    m.id = "spot";
    m.pass_mark = 50;
    m.start = "intro";
    m.scenes.push_back(MakeScene("intro", SceneKind::Info));
    Scene single = MakeScene("single", SceneKind::Question, QuestionType::Single);
    single.options = {Opt("a", true), Opt("b")};
    Scene multi = MakeScene("multi", SceneKind::Question, QuestionType::Multi);
    multi.options = {Opt("a", true), Opt("b"), Opt("c", true)};
    Scene tf = MakeScene("tf", SceneKind::Question, QuestionType::TrueFalse);
    tf.options = {Opt("true"), Opt("false", true)};
    Scene hot = MakeScene("hot", SceneKind::Question, QuestionType::Hotspot);
    hot.options = {Opt("r1", true), Opt("r2"), Opt("r3", true)};
    Scene order = MakeScene("order", SceneKind::Question, QuestionType::Order);
    order.options = {Opt("first"), Opt("second"), Opt("third")};
    Scene choice = MakeScene("choice", SceneKind::Choice);
    Option confront = Opt("confront", false, "why");
    confront.set = {{"confronted", "true"}};
    Option report = Opt("report", false, "check");
    report.score = 2;
    choice.options = {confront, report};
    Scene why = MakeScene("why", SceneKind::Info);
    why.next = "check";
    Scene check = MakeScene("check", SceneKind::Info);
    check.routes = {{"confronted", "retry"}, {"score >= 4", "good"}};
    check.next = "retry";
    Scene good = MakeScene("good", SceneKind::End);
    Scene retry = MakeScene("retry", SceneKind::End);
    for (Scene* s : {&single, &multi, &tf, &hot, &order, &choice, &why, &check, &good, &retry}) m.scenes.push_back(*s);
    for (std::size_t i = 0; i + 1 < 7; ++i) m.scenes[i].next = m.scenes[i + 1].id;
    pack.modules.push_back(m);

    Module warned;
    warned.id = "warned";
    warned.has_content_warning = true;
    warned.start = "only";
    warned.scenes.push_back(MakeScene("only", SceneKind::End));
    pack.modules.push_back(warned);

    pack.strings["spot/choice/options/confront/feedback"]["en"] = {"That could put her at risk.", false};
    pack.strings["spot/title"]["en"] = {"Spot the signs", false};
    pack.strings["spot/title"]["cy"] = {"Sylwi ar yr arwyddion", true};
    Site site;
    site.id = "gm";
    site.languages = {"en", "cy"};
    site.idle_timeout_s = 90;
    site.idle_countdown_s = 20;
    pack.sites.push_back(site);
    return pack;
}

struct Harness {
    PackData pack = MakePack();
    int uuids = 0;
    SessionConfig config;
    SessionState state;
    TimeMs now = 1000;
    std::vector<RecordEvent> records;

    Harness() {
        config.pack = &pack;
        config.site = &pack.sites[0];
        config.new_uuid = CountingUuid;
        config.uuid_context = &uuids;
        config.hash_staff_number = FakeHash;
        state = InitialState(config, now);
    }
    // Applies an intent the way the app does, collecting what would go to the records DB.
    Harness& Do(const Intent& intent) {
        state = Apply(std::move(state), intent, now, config);
        for (auto& e : state.outbox) records.push_back(e);
        state.outbox.clear();
        return *this;
    }
    Harness& Wait(TimeMs ms) {
        now += ms;
        return Do(intent::Tick{});
    }
    std::string Scene() const { return CurrentScene(state, config) ? CurrentScene(state, config)->id : ""; }
    void ToMenu() {
        Do(intent::Start{}).Do(intent::PickRole{"health"}).Do(intent::ConfirmAboutYou{});
        REQUIRE(state.screen == Screen::Menu);
    }
    std::size_t Count(RecordEvent::Kind kind) const {
        return std::count_if(records.begin(), records.end(), [&](const RecordEvent& e) { return e.kind == kind; });
    }
};

}  // namespace

TEST_CASE("a full run through every scene kind - answering everything right - passes and records it all") {
    Harness h;
    h.ToMenu();
    h.Do(intent::OpenModule{"spot"});
    CHECK(h.state.screen == Screen::Scene);
    CHECK(h.Scene() == "intro");
    CHECK_FALSE(IsAllowed(h.state, intent::Submit{}, h.config));
    h.Do(intent::Continue{});

    CHECK(h.Scene() == "single");
    CHECK_FALSE(IsAllowed(h.state, intent::Continue{}, h.config));  // must answer first
    CHECK_FALSE(IsAllowed(h.state, intent::Submit{}, h.config));    // nothing chosen yet
    h.Do(intent::ToggleOption{1}).Do(intent::ToggleOption{0});      // single: the last tap wins
    CHECK(h.state.run->progress.selected == std::vector<int>{0});
    h.Do(intent::Submit{});
    CHECK(h.state.run->progress.correct);
    CHECK_FALSE(IsAllowed(h.state, intent::ToggleOption{1}, h.config));  // answers are final
    h.Do(intent::Continue{});

    CHECK(h.Scene() == "multi");
    h.Do(intent::ToggleOption{0}).Do(intent::ToggleOption{1}).Do(intent::ToggleOption{2}).Do(intent::ToggleOption{1});
    h.Do(intent::Submit{});
    CHECK(h.state.run->progress.correct);
    h.Do(intent::Continue{});

    CHECK(h.Scene() == "tf");
    h.Do(intent::ToggleOption{1}).Do(intent::Submit{}).Do(intent::Continue{});

    CHECK(h.Scene() == "hot");
    h.Do(intent::ToggleOption{2}).Do(intent::ToggleOption{0}).Do(intent::Submit{});
    CHECK(h.state.run->progress.correct);
    h.Do(intent::Continue{});

    CHECK(h.Scene() == "order");
    auto order = h.state.run->progress.order;
    CHECK(order != std::vector<int>{0, 1, 2});  // never shown already solved
    // Put them right by moving each item into place.
    for (int want = 0; want < 3; ++want) {
        int at = static_cast<int>(std::find(h.state.run->progress.order.begin(), h.state.run->progress.order.end(), want) -
                                  h.state.run->progress.order.begin());
        if (at != want) h.Do(intent::MoveOption{at, want});
    }
    CHECK(h.state.run->progress.order == std::vector<int>{0, 1, 2});
    h.Do(intent::Submit{});
    CHECK(h.state.run->progress.correct);
    h.Do(intent::Continue{});

    CHECK(h.Scene() == "choice");
    h.Do(intent::ToggleOption{1}).Do(intent::Submit{});  // no feedback text: moves straight on
    CHECK(h.Scene() == "check");
    h.Do(intent::Continue{});
    CHECK(h.Scene() == "good");  // score 5 from questions + 2 from the choice >= 4, not confronted

    const ModuleRun& run = *h.state.run;
    REQUIRE(run.result);
    // The scored choice counts toward the pass mark like a question worth its best option's score.
    CHECK(run.result->points == 7);
    CHECK(run.result->points_possible == 7);
    CHECK(run.result->percent == 100);
    CHECK(run.result->passed);
    CHECK(run.result->completion_code.size() == 9);
    CHECK(run.result->completion_code[4] == '-');
    h.Do(intent::Continue{});
    CHECK(h.state.screen == Screen::Menu);
    CHECK(h.state.sitting->completed_modules.count("spot") == 1);

    CHECK(h.Count(RecordEvent::Kind::SittingStarted) == 1);
    CHECK(h.Count(RecordEvent::Kind::Answer) == 6);
    CHECK(h.Count(RecordEvent::Kind::ModuleFinished) == 1);
    h.Do(intent::Finish{});
    CHECK(h.state.screen == Screen::Attract);
    CHECK_FALSE(h.state.sitting.has_value());
    REQUIRE(h.Count(RecordEvent::Kind::SittingEnded) == 1);
    CHECK(h.records.back().outcome == SittingOutcome::Completed);
}

TEST_CASE("wrong answers score nothing - and a branch sets a variable that a route reads") {
    Harness h;
    h.ToMenu();
    h.Do(intent::OpenModule{"spot"}).Do(intent::Continue{});
    h.Do(intent::ToggleOption{1}).Do(intent::Submit{});
    CHECK_FALSE(h.state.run->progress.correct);
    h.Do(intent::Continue{});
    h.Do(intent::ToggleOption{0}).Do(intent::Submit{}).Do(intent::Continue{});  // multi: only one of two
    h.Do(intent::ToggleOption{0}).Do(intent::Submit{}).Do(intent::Continue{});  // tf: wrong
    h.Do(intent::ToggleOption{0}).Do(intent::ToggleOption{1}).Do(intent::ToggleOption{2}).Do(intent::Submit{});
    CHECK_FALSE(h.state.run->progress.correct);  // hotspot: tapped a region that is not a sign
    h.Do(intent::Continue{});
    h.Do(intent::Submit{}).Do(intent::Continue{});  // order: as shuffled, which is never right
    CHECK(h.Scene() == "choice");
    h.Do(intent::ToggleOption{0}).Do(intent::Submit{});
    CHECK(h.Scene() == "choice");  // this option has feedback: it shows until Continue
    CHECK(h.state.run->progress.submitted);
    h.Do(intent::Continue{});
    CHECK(h.Scene() == "why");
    h.Do(intent::Continue{}).Do(intent::Continue{});
    CHECK(h.Scene() == "retry");  // the route on `confronted` comes first
    CHECK(h.state.run->result->points == 0);
    CHECK(h.state.run->result->points_possible == 7);  // the choice's 2 were there to earn
    CHECK_FALSE(h.state.run->result->passed);
    // The scored choice is recorded as a one-answer question, and the other option is not the right one.
    auto choice_answer = std::find_if(h.records.begin(), h.records.end(), [](const RecordEvent& e) {
        return e.answer && e.answer->scene_id == "choice";
    });
    REQUIRE(choice_answer != h.records.end());
    CHECK(choice_answer->answer->question == QuestionType::Single);
    CHECK(choice_answer->answer->chosen == std::vector<std::string>{"confront"});
    CHECK_FALSE(choice_answer->answer->correct);
    // Answers record what was chosen, in the learner's order for the order question.
    auto order_answer = std::find_if(h.records.begin(), h.records.end(), [](const RecordEvent& e) {
        return e.answer && e.answer->scene_id == "order";
    });
    REQUIRE(order_answer != h.records.end());
    CHECK(order_answer->answer->chosen.size() == 3);
    CHECK_FALSE(order_answer->answer->correct);
}

TEST_CASE("a scored choice taken the best way is recorded right - an unscored choice is only a path") {
    Harness h;
    h.ToMenu();
    h.Do(intent::OpenModule{"spot"}).Do(intent::Continue{});
    for (int i = 0; i < 5; ++i) {  // five questions, answered wrong or as shown
        h.Do(intent::ToggleOption{1}).Do(intent::Submit{}).Do(intent::Continue{});
        if (h.Scene() == "choice") break;
    }
    REQUIRE(h.Scene() == "choice");
    h.Do(intent::ToggleOption{1}).Do(intent::Submit{});
    auto answer = std::find_if(h.records.begin(), h.records.end(), [](const RecordEvent& e) {
        return e.answer && e.answer->scene_id == "choice";
    });
    REQUIRE(answer != h.records.end());
    CHECK(answer->answer->question == QuestionType::Single);
    CHECK(answer->answer->correct);

    // Without a score on any option the choice is worth nothing and has no right answer.
    Harness plain;
    for (Option& o : plain.pack.modules[0].scenes[6].options) o.score = 0;
    plain.pack.modules[0].scenes[6].options[1].score = -2;  // a penalty only: still worth nothing
    REQUIRE(plain.pack.modules[0].scenes[6].id == "choice");
    CHECK(ScenePoints(plain.pack.modules[0].scenes[6]) == 0);
    plain.ToMenu();
    plain.Do(intent::OpenModule{"spot"}).Do(intent::Continue{});
    while (plain.Scene() != "choice") plain.Do(intent::ToggleOption{0}).Do(intent::Submit{}).Do(intent::Continue{});
    plain.Do(intent::ToggleOption{1}).Do(intent::Submit{});
    auto path = std::find_if(plain.records.begin(), plain.records.end(), [](const RecordEvent& e) {
        return e.answer && e.answer->scene_id == "choice";
    });
    REQUIRE(path != plain.records.end());
    CHECK(path->answer->question == QuestionType::None);
    CHECK(plain.state.run->points_possible == 5);
    CHECK(plain.state.run->bonus == -2);  // for `score` in routes, never the percent
}

TEST_CASE("idle: a warning after the site's timeout - any touch cancels it - then a full reset wipes the learner") {
    Harness h;
    h.ToMenu();
    h.Do(intent::Start{});  // not allowed on the menu: still counts as a touch
    h.Wait(89'000);
    CHECK_FALSE(h.state.idle_warning);
    h.Wait(1'000);
    CHECK(h.state.idle_warning);
    CHECK(IdleSecondsLeft(h.state, h.config, h.now) == 20);
    h.Do(intent::Touch{});
    CHECK_FALSE(h.state.idle_warning);
    h.Wait(90'000);
    CHECK(h.state.idle_warning);
    h.Wait(19'999);
    CHECK(h.state.screen == Screen::Menu);
    h.Wait(1);
    CHECK(h.state.screen == Screen::Attract);
    CHECK_FALSE(h.state.sitting.has_value());
    CHECK_FALSE(h.state.run.has_value());
    REQUIRE(h.Count(RecordEvent::Kind::SittingEnded) == 1);
    CHECK(h.records.back().outcome == SittingOutcome::Abandoned);
}

TEST_CASE("the staff number is hashed when confirmed and never kept") {
    Harness h;
    h.Do(intent::Start{}).Do(intent::PickRole{"police"});
    for (char d : std::string("98765432")) h.Do(intent::KeypadDigit{d});
    CHECK(h.state.sitting->keypad == "98765432");
    h.Do(intent::KeypadBackspace{});
    h.Do(intent::ConfirmAboutYou{});
    CHECK(h.state.sitting->keypad.empty());
    CHECK(h.state.sitting->staff_hash == "hash-of-7-digits");
    REQUIRE(h.records.size() == 1);
    CHECK(h.records[0].staff_hash == "hash-of-7-digits");
    CHECK(h.records[0].role == "police");
}

TEST_CASE("about you needs a role - and the keypad takes digits only - at most 12") {
    Harness h;
    h.Do(intent::Start{});
    CHECK_FALSE(IsAllowed(h.state, intent::ConfirmAboutYou{}, h.config));
    CHECK_FALSE(IsAllowed(h.state, intent::PickRole{"astronaut"}, h.config));
    CHECK_FALSE(IsAllowed(h.state, intent::KeypadDigit{'x'}, h.config));
    for (int i = 0; i < 15; ++i) h.Do(intent::KeypadDigit{'1'});
    CHECK(h.state.sitting->keypad.size() == 12);
}

TEST_CASE("an abandoned about-you screen records nothing") {
    Harness h;
    h.Do(intent::Start{}).Do(intent::PickRole{"fire"});
    h.Wait(200'000);
    CHECK(h.state.screen == Screen::Attract);
    CHECK(h.records.empty());
}

TEST_CASE("leave ends the sitting at once - wipes it and shows support until Continue") {
    Harness h;
    h.ToMenu();
    h.Do(intent::OpenModule{"spot"}).Do(intent::Continue{});
    h.Do(intent::SetTextSize{3});
    h.Do(intent::Leave{});
    CHECK(h.state.screen == Screen::Leaving);
    CHECK_FALSE(h.state.sitting.has_value());
    CHECK_FALSE(h.state.run.has_value());
    CHECK(h.state.accessibility.text_size == 3);  // the support text stays readable for them
    CHECK(h.records.back().kind == RecordEvent::Kind::SittingEnded);
    CHECK(h.records.back().outcome == SittingOutcome::Left);
    h.Do(intent::Continue{});
    CHECK(h.state.screen == Screen::Attract);
    CHECK(h.state.accessibility.text_size == 1);  // the next person starts from the defaults
}

TEST_CASE("the leave screen also times out to the attract screen") {
    Harness h;
    h.ToMenu();
    h.Do(intent::Leave{});
    h.Wait(110'000);
    CHECK(h.state.screen == Screen::Attract);
}

TEST_CASE("a content warning comes first - and skipping it returns to the menu") {
    Harness h;
    h.ToMenu();
    h.Do(intent::OpenModule{"warned"});
    CHECK(h.state.screen == Screen::ContentWarning);
    h.Do(intent::SkipWarning{});
    CHECK(h.state.screen == Screen::Menu);
    h.Do(intent::OpenModule{"warned"}).Do(intent::AcceptWarning{});
    CHECK(h.state.screen == Screen::Scene);
    CHECK(h.Scene() == "only");
    CHECK(h.state.run->result->passed);  // no questions: nothing to fail
}

TEST_CASE("language switches at any time and text falls back to the first language") {
    Harness h;
    h.ToMenu();
    CHECK(Text(h.state, h.config, "spot/title") == "Spot the signs");
    h.Do(intent::SetLanguage{"cy"});
    CHECK(h.state.language == "cy");
    CHECK(Text(h.state, h.config, "spot/title") == "Sylwi ar yr arwyddion");
    CHECK(Text(h.state, h.config, "spot/choice/options/confront/feedback") == "That could put her at risk.");
    CHECK_FALSE(IsAllowed(h.state, intent::SetLanguage{"fr"}, h.config));
    CHECK(Text(h.state, h.config, "no/such/key").empty());
}

TEST_CASE("back to menu abandons the module but keeps the sitting and its answers") {
    Harness h;
    h.ToMenu();
    h.Do(intent::OpenModule{"spot"}).Do(intent::Continue{});
    h.Do(intent::ToggleOption{0}).Do(intent::Submit{});
    h.Do(intent::BackToMenu{});
    CHECK(h.state.screen == Screen::Menu);
    CHECK(h.state.sitting.has_value());
    CHECK(h.state.sitting->completed_modules.empty());
    CHECK(h.Count(RecordEvent::Kind::Answer) == 1);
}

TEST_CASE("saved acknowledgements count down - and a failed write is remembered - even across a reset") {
    Harness h;
    h.ToMenu();
    CHECK(h.state.unsaved == 1);
    h.Do(intent::Saved{1, false});
    CHECK(h.state.save_failed);
    CHECK(h.state.unsaved == 1);
    h.Wait(200'000);
    CHECK(h.state.screen == Screen::Attract);
    CHECK(h.state.save_failed);
    CHECK(h.state.unsaved == 2);  // the sitting start and its abandonment
    h.Do(intent::Saved{2, true});
    CHECK(h.state.unsaved == 0);
    CHECK_FALSE(h.state.save_failed);
}

TEST_CASE("deadlines: the kiosk can sleep until the next timed change") {
    Harness h;
    CHECK(NextDeadline(h.state, h.config, h.now) == 3'600'000);  // no facts: nothing changes on its own
    h.pack.facts = {{"https://a"}, {"https://b"}};
    CHECK(NextDeadline(h.state, h.config, h.now) == h.config.fact_rotation_ms);
    h.Wait(h.config.fact_rotation_ms);
    CHECK(h.state.fact_index == 1);
    h.pack.facts.clear();
    h.ToMenu();
    CHECK(NextDeadline(h.state, h.config, h.now) == 90'000);
    h.Wait(90'000);
    CHECK(h.state.idle_warning);
    CHECK(NextDeadline(h.state, h.config, h.now) == 1'000);
    h.now += 400;
    CHECK(NextDeadline(h.state, h.config, h.now) == 600);
}

namespace {
// A stand-in for the app's admin gate (core/admin/admin_gate.h, tested in admin_gate_test.cpp): the right
// passcode is 24682468; every third wrong one locks the pad for a minute of the harness's clock.
struct FakeGate {
    const TimeMs* now = nullptr;
    bool available = true;
    int failures = 0;
    TimeMs locked_until = 0;
    int tries = 0;
    AdminGateState State() const {
        return AdminGateState{available, false, failures, std::max<TimeMs>(0, locked_until - *now)};
    }
};
AdminGateState FakeStatus(void* gate) { return static_cast<FakeGate*>(gate)->State(); }
AdminGateState FakeTry(void* context, const std::string& passcode) {
    auto* gate = static_cast<FakeGate*>(context);
    ++gate->tries;
    if (passcode == "24682468") {
        gate->failures = 0;
        AdminGateState state = gate->State();
        state.right = true;
        return state;
    }
    if (++gate->failures % 3 == 0) gate->locked_until = *gate->now + 60'000;
    return gate->State();
}
void UseGate(Harness& h, FakeGate& gate) {
    gate.now = &h.now;
    h.config.admin_status = FakeStatus;
    h.config.admin_try = FakeTry;
    h.config.admin_context = &gate;
}
void Type(Harness& h, const std::string& digits) {
    for (char d : digits) h.Do(intent::AdminDigit{d});
}
}  // namespace

TEST_CASE("admin: a long press opens the passcode pad - the right passcode opens the admin screen") {
    Harness h;
    FakeGate gate;
    UseGate(h, gate);
    CHECK_FALSE(IsAllowed(h.state, intent::AdminSubmit{}, h.config));
    h.Do(intent::OpenAdmin{});
    CHECK(h.state.screen == Screen::AdminPin);
    CHECK_FALSE(IsAllowed(h.state, intent::Leave{}, h.config));  // not a learner's sitting
    Type(h, "24682468");
    h.Do(intent::AdminSubmit{});
    CHECK(h.state.screen == Screen::Admin);
    CHECK(h.state.admin_pin.empty());
    h.Do(intent::CloseAdmin{});
    CHECK(h.state.screen == Screen::Attract);
    CHECK(h.records.empty());
}

TEST_CASE("admin: the pad takes 12 digits at most") {
    Harness h;
    FakeGate gate;
    UseGate(h, gate);
    h.Do(intent::OpenAdmin{});
    Type(h, "1234567890123");
    CHECK(h.state.admin_pin == "123456789012");
    CHECK_FALSE(IsAllowed(h.state, intent::AdminDigit{'4'}, h.config));
}

TEST_CASE("admin: a third wrong passcode locks the pad - a new long press finds it locked - it opens after the wait") {
    Harness h;
    FakeGate gate;
    UseGate(h, gate);
    h.Do(intent::OpenAdmin{});
    for (int attempt = 1; attempt <= 3; ++attempt) {
        REQUIRE(IsAllowed(h.state, intent::AdminDigit{'1'}, h.config));
        Type(h, "11111111");
        h.Do(intent::AdminSubmit{});
        CHECK(h.state.admin_pin.empty());
        CHECK(h.state.admin_failures == attempt);
    }
    CHECK(h.state.screen == Screen::AdminPin);  // the pad stays, saying how long to wait
    CHECK(h.state.admin_locked);
    CHECK_FALSE(IsAllowed(h.state, intent::AdminDigit{'2'}, h.config));
    CHECK_FALSE(IsAllowed(h.state, intent::AdminSubmit{}, h.config));
    // The pad wakes the screen as the minutes go down, and when the lock ends.
    CHECK(NextDeadline(h.state, h.config, h.now) == 60'000);
    h.now += 500;
    CHECK(NextDeadline(h.state, h.config, h.now) == 59'500);
    // Closing and opening again does not start the count again.
    h.Do(intent::CloseAdmin{}).Do(intent::OpenAdmin{});
    CHECK(h.state.admin_locked);
    CHECK(h.state.admin_failures == 3);
    Type(h, "24682468");
    CHECK(h.state.admin_pin.empty());
    CHECK(gate.tries == 3);  // nothing reached the gate while locked
    h.Wait(60'000);
    CHECK_FALSE(h.state.admin_locked);
    Type(h, "24682468");
    h.Do(intent::AdminSubmit{});
    REQUIRE(h.state.screen == Screen::Admin);
    h.Wait(200'000);
    CHECK(h.state.screen == Screen::Attract);  // the admin screen times out like any other
}

TEST_CASE("admin: with no passcode set the pad says so and takes nothing - without a gate it never opens") {
    Harness h;
    CHECK_FALSE(IsAllowed(h.state, intent::OpenAdmin{}, h.config));
    FakeGate gate;
    gate.available = false;
    UseGate(h, gate);
    h.Do(intent::OpenAdmin{});
    CHECK(h.state.screen == Screen::AdminPin);
    CHECK_FALSE(h.state.admin_available);
    CHECK_FALSE(IsAllowed(h.state, intent::AdminDigit{'1'}, h.config));
    CHECK(IsAllowed(h.state, intent::CloseAdmin{}, h.config));
}

TEST_CASE("a module's sources open from its end scene - Continue waits while they show - and Back closes them") {
    Harness h;
    h.pack.modules[1].sources = {Source{"Spot the signs", "https://example.org/signs", "2026-11-28"}};
    h.ToMenu();
    h.Do(intent::OpenModule{"warned"});
    CHECK_FALSE(IsAllowed(h.state, intent::OpenSources{}, h.config));  // the content warning is not the end
    h.Do(intent::AcceptWarning{});
    REQUIRE(h.Scene() == "only");
    REQUIRE(IsAllowed(h.state, intent::OpenSources{}, h.config));
    h.Do(intent::OpenSources{});
    CHECK(h.state.run->sources_open);
    CHECK_FALSE(IsAllowed(h.state, intent::Continue{}, h.config));
    CHECK_FALSE(IsAllowed(h.state, intent::OpenSources{}, h.config));
    h.Do(intent::Continue{});  // refused: the learner is reading the sources
    CHECK(h.state.screen == Screen::Scene);
    h.Do(intent::CloseSources{});
    CHECK_FALSE(h.state.run->sources_open);
    h.Do(intent::Continue{});
    CHECK(h.state.screen == Screen::Menu);
    // A module that lists no sources offers none, and nothing but an end scene does.
    h.Do(intent::OpenModule{"spot"});
    CHECK_FALSE(IsAllowed(h.state, intent::OpenSources{}, h.config));
    CHECK_FALSE(IsAllowed(h.state, intent::CloseSources{}, h.config));
}
