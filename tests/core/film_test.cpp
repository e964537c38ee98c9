// Film scenes in the session state machine, with the player's reports faked: must_watch, jumps,
// timestamp questions, the idle timer while watching, and a film that cannot be played.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/session/session.h"
#include "support/counting_uuid.h"

using namespace kiosk::core;

namespace {

using test_support::CountingUuid;

Scene MakeScene(std::string id, SceneKind kind, std::string next = {}) {
    Scene s;
    s.id = std::move(id);
    s.kind = kind;
    s.next = std::move(next);
    return s;
}

Scene MakeQuestion(std::string id) {
    Scene q = MakeScene(std::move(id), SceneKind::Question);
    q.question = QuestionType::Single;
    q.points = 1;
    Option right;
    right.id = "right";
    right.correct = true;
    Option wrong;
    wrong.id = "wrong";
    q.options = {right, wrong};
    return q;
}

// intro -> film (90 s, must_watch, chapters at 0/30/60 s, questions at 20 s and 50 s) -> after -> end.
PackData MakePack(bool must_watch) {
    PackData pack;
    pack.id = "test";
    pack.languages = {"en"};
    Module m;
    m.id = "curiosity";
    m.start = "intro";
    m.pass_mark = 50;
    m.scenes.push_back(MakeScene("intro", SceneKind::Info, "film"));
    Scene film = MakeScene("film", SceneKind::Film, "after");
    film.must_watch = must_watch;
    film.video = {{"en", "film/en.mp4"}};
    film.captions = {{"en", "film/en.vtt"}};
    film.chapters = {{0}, {30000}, {60000}};
    film.pauses = {{20000, "q-noticed"}, {50000, "q-ask"}};
    m.scenes.push_back(film);
    m.scenes.push_back(MakeQuestion("q-noticed"));
    m.scenes.push_back(MakeQuestion("q-ask"));
    m.scenes.push_back(MakeScene("after", SceneKind::Info, "end"));
    m.scenes.push_back(MakeScene("end", SceneKind::End));
    pack.modules.push_back(m);
    Site site;
    site.id = "gm";
    site.languages = {"en"};
    site.idle_timeout_s = 90;
    site.idle_countdown_s = 20;
    pack.sites.push_back(site);
    return pack;
}

struct Harness {
    PackData pack;
    int uuids = 0;
    SessionConfig config;
    SessionState state;
    TimeMs now = 1000;
    std::vector<RecordEvent> records;

    explicit Harness(bool must_watch = true) : pack(MakePack(must_watch)) {
        config.pack = &pack;
        config.site = &pack.sites[0];
        config.new_uuid = CountingUuid;
        config.uuid_context = &uuids;
        state = InitialState(config, now);
        Do(intent::Start{}).Do(intent::PickRole{"health"}).Do(intent::ConfirmAboutYou{});
        Do(intent::OpenModule{"curiosity"}).Do(intent::Continue{});
        REQUIRE(SceneId() == "film");
    }
    Harness& Do(const Intent& intent) {
        state = Apply(std::move(state), intent, now, config);
        for (auto& e : state.outbox) records.push_back(e);
        state.outbox.clear();
        return *this;
    }
    // The player playing from `from_ms` to `to_ms`, reporting every 250 ms of film as it goes, while the
    // kiosk clock moves on with it. Stops early if the session stops the film.
    Harness& Play(std::int64_t from_ms, std::int64_t to_ms) {
        for (std::int64_t t = from_ms; t <= to_ms && Film().playing; t += 250) {
            now += 250;
            Do(intent::FilmProgress{t, 90000, Film().seek_serial});
        }
        return *this;
    }
    std::string SceneId() const { return CurrentScene(state, config) ? CurrentScene(state, config)->id : ""; }
    const FilmState& Film() const { return state.run->film; }
    bool Allowed(const Intent& i) const { return IsAllowed(state, i, config); }
    std::vector<std::string> AnsweredScenes() const {
        std::vector<std::string> out;
        for (const auto& e : records)
            if (e.kind == RecordEvent::Kind::Answer) out.push_back(e.answer->scene_id);
        return out;
    }
};

}  // namespace

TEST_CASE("film: must_watch blocks Continue and jumps ahead until the film has played to the end once") {
    Harness h;
    CHECK_FALSE(h.Film().playing);  // nothing plays until the learner asks
    CHECK_FALSE(h.Allowed(intent::Continue{}));
    CHECK_FALSE(h.Allowed(intent::FilmChapter{1}));  // 30 s: not watched yet
    CHECK(h.Allowed(intent::FilmChapter{0}));

    h.Do(intent::FilmPlay{}).Play(0, 15000);
    CHECK(h.Film().watched_ms == 15000);
    CHECK_FALSE(h.Allowed(intent::FilmChapter{1}));
    h.Do(intent::FilmChapter{1});  // refused: the film stays where it was
    CHECK(h.Film().position_ms == 15000);

    // Back 10 s is always allowed, and watched stays at the furthest point.
    h.Do(intent::FilmBack{});
    CHECK(h.Film().position_ms == 5000);
    CHECK(h.Film().seek == std::optional<std::int64_t>{5000});
    CHECK(h.Film().watched_ms == 15000);
    h.Do(intent::FilmBack{});
    CHECK(h.Film().position_ms == 0);  // not below the start

    // A report from before the jump landed does not undo it on screen.
    h.Do(intent::FilmProgress{14000, 90000, h.Film().seek_serial - 1});
    CHECK(h.Film().position_ms == 0);
    h.Do(intent::FilmProgress{250, 90000, h.Film().seek_serial});
    CHECK(h.Film().position_ms == 250);
    CHECK_FALSE(h.Film().seek.has_value());
}

TEST_CASE("film: a timestamp question stops the film and is recorded like any other and the film resumes") {
    Harness h;
    h.Do(intent::FilmPlay{}).Play(0, 30000);
    // Stopped at the first report at or past 20 s, on the question.
    CHECK(h.SceneId() == "q-noticed");
    CHECK(h.Film().position_ms == 20000);
    CHECK_FALSE(h.Film().playing);
    CHECK(h.state.run->film_scene.has_value());
    // Player reports for the film are ignored while its question shows.
    CHECK_FALSE(h.Allowed(intent::FilmProgress{20250, 90000, 0}));
    CHECK_FALSE(h.Allowed(intent::FilmPlay{}));
    CHECK_FALSE(h.Allowed(intent::Continue{}));

    h.Do(intent::ToggleOption{0}).Do(intent::Submit{});
    REQUIRE(h.AnsweredScenes() == std::vector<std::string>{"q-noticed"});
    CHECK(h.records.back().answer->correct);
    h.Do(intent::Continue{});
    CHECK(h.SceneId() == "film");
    CHECK(h.Film().playing);             // resumes by itself
    CHECK(h.Film().position_ms == 20000);
    CHECK(h.Film().watched_ms == 20000);

    // Replaying the film from the start does not ask the question again.
    h.Do(intent::FilmReplay{}).Play(0, 49000);
    CHECK(h.SceneId() == "film");
    h.Play(49250, 50000);
    CHECK(h.SceneId() == "q-ask");
    h.Do(intent::ToggleOption{1}).Do(intent::Submit{}).Do(intent::Continue{});
    h.Play(50000, 90000);
    h.Do(intent::FilmEnd{});
    CHECK(h.Film().ended_once);
    CHECK(h.Allowed(intent::FilmChapter{2}));  // watched to the end: any chapter
    CHECK(h.AnsweredScenes() == std::vector<std::string>{"q-noticed", "q-ask"});
    CHECK(h.state.run->points == 1);
    CHECK(h.state.run->points_possible == 2);

    h.Do(intent::Continue{});
    CHECK(h.SceneId() == "after");
    h.Do(intent::Continue{});
    REQUIRE(h.state.run->result.has_value());
    CHECK(h.state.run->result->percent == 50);
}

TEST_CASE("film: a question timed in the last frames is asked at the end before the film counts as watched") {
    Harness h;
    h.pack.modules[0].scenes[1].pauses[1].at_ms = 89990;
    h.Do(intent::FilmPlay{}).Play(0, 30000);
    h.Do(intent::ToggleOption{0}).Do(intent::Submit{}).Do(intent::Continue{});
    h.Play(20000, 89750);
    CHECK(h.SceneId() == "film");
    h.Do(intent::FilmEnd{});  // the player never reported 89 990 ms
    CHECK(h.SceneId() == "q-ask");
    CHECK_FALSE(h.Film().ended_once);
    h.Do(intent::ToggleOption{0}).Do(intent::Submit{}).Do(intent::Continue{});
    CHECK(h.SceneId() == "film");
    h.Do(intent::FilmEnd{});
    CHECK(h.Film().ended_once);
    CHECK(h.Allowed(intent::Continue{}));
}

TEST_CASE("film: while a film plays its reports keep the idle reset away and once paused the timer runs") {
    Harness h;
    h.Do(intent::FilmPlay{}).Play(0, 19750);  // 20 s of watching without touching
    h.now += 80000;
    h.Do(intent::Tick{});
    CHECK_FALSE(h.state.idle_warning);  // 80 s since the last report, under the 90 s timeout
    // Paused for a long time (reports still come, but playback is stopped): the kiosk resets.
    h.Do(intent::FilmPause{});
    for (int i = 0; i < 120; ++i) {
        h.now += 1000;
        h.Do(intent::FilmProgress{19750, 90000, h.Film().seek_serial});
        h.Do(intent::Tick{});
    }
    CHECK(h.state.screen == Screen::Attract);
    CHECK_FALSE(h.state.run.has_value());
}

TEST_CASE("film: a film that cannot be played can be passed and its questions are still asked in order") {
    Harness h;
    CHECK_FALSE(h.Allowed(intent::Continue{}));
    h.Do(intent::FilmFailed{});
    CHECK_FALSE(h.Film().available);
    CHECK_FALSE(h.Allowed(intent::FilmPlay{}));
    CHECK_FALSE(h.Allowed(intent::FilmChapter{0}));
    CHECK(h.Allowed(intent::Continue{}));
    h.Do(intent::Continue{});
    CHECK(h.SceneId() == "q-noticed");
    h.Do(intent::ToggleOption{0}).Do(intent::Submit{}).Do(intent::Continue{});
    CHECK(h.SceneId() == "q-ask");
    h.Do(intent::ToggleOption{0}).Do(intent::Submit{}).Do(intent::Continue{});
    CHECK(h.SceneId() == "after");
    CHECK(h.AnsweredScenes() == std::vector<std::string>{"q-noticed", "q-ask"});
    std::vector<std::size_t> path = h.state.run->path;
    CHECK(path.size() == 7);  // intro, film, q-noticed, film, q-ask, film, after
}

TEST_CASE("film: without must_watch the learner may jump anywhere and go on - questions left are asked first") {
    Harness h(false);
    CHECK(h.Allowed(intent::FilmChapter{2}));
    CHECK(h.Allowed(intent::Continue{}));
    h.Do(intent::FilmChapter{2});
    CHECK(h.Film().position_ms == 60000);
    h.Do(intent::FilmPlay{}).Play(60000, 61000);
    // Jumping past 20 s and 50 s did not ask those questions: they are asked on Continue instead.
    CHECK(h.SceneId() == "film");
    h.Do(intent::Continue{});
    CHECK(h.SceneId() == "q-noticed");
    h.Do(intent::ToggleOption{0}).Do(intent::Submit{}).Do(intent::Continue{});
    CHECK(h.SceneId() == "q-ask");
    h.Do(intent::ToggleOption{0}).Do(intent::Submit{}).Do(intent::Continue{});
    CHECK(h.SceneId() == "after");

    // Jumping back before a question and playing through it asks it (once).
    Harness back(false);
    back.Do(intent::FilmChapter{1}).Do(intent::FilmPlay{}).Play(30000, 31000);
    back.Do(intent::FilmChapter{0}).Play(0, 21000);
    CHECK(back.SceneId() == "q-noticed");
}

TEST_CASE("film: captions are on by default and volume is bounded and both are forgotten for the next person") {
    Harness h;
    CHECK(h.state.accessibility.captions);
    h.Do(intent::ToggleCaptions{}).Do(intent::SetVolume{30});
    CHECK_FALSE(h.state.accessibility.captions);
    CHECK(h.state.accessibility.volume == 30);
    CHECK_FALSE(h.Allowed(intent::SetVolume{101}));
    CHECK_FALSE(h.Allowed(intent::SetVolume{-1}));
    h.Do(intent::Leave{}).Do(intent::Continue{});
    CHECK(h.state.accessibility.captions);
    CHECK(h.state.accessibility.volume == 80);
    // A late report from the film's player after the learner left changes nothing.
    SessionState before = h.state;
    h.Do(intent::FilmProgress{5000, 90000, 0}).Do(intent::FilmEnd{}).Do(intent::FilmFailed{});
    CHECK(h.state.screen == before.screen);
    CHECK_FALSE(h.state.run.has_value());
}
