// Resume across kiosks without a network (the real LRS part is in tests/e2e/sync/resume_across.sh): a resume
// point as a "suspended" statement and back, a completion as the end of any earlier point, sync.db keeping
// the newest of each, and the kiosk's merge of its own points with the shared ones.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>

#include "core/session/resume_point.h"
#include "sync/sync_store.h"
#include "xapi/statements.h"

namespace fs = std::filesystem;
using namespace kiosk;

namespace {

const std::string kHash(64, 'c');

xapi::SittingRow Sitting(std::optional<std::string> staff_hash = kHash) {
    xapi::SittingRow s;
    s.id = "6f1c2a4e-0d5b-4c1e-9a7f-3b2d1c0e9f8a";
    s.kiosk_id = "kiosk-a";
    s.site_id = "gm";
    s.agency = "GMP";
    s.region = "north-west";
    s.role = "police";
    s.language = "en";
    s.staff_hash = std::move(staff_hash);
    s.pack_id = "msht";
    s.pack_version = 3;
    s.pack_hash = std::string(64, 'a');
    s.started_at = "2027-01-15T09:00:00Z";
    return s;
}

xapi::ResumeRow Point(const std::string& scene = "q2", const std::string& saved_at = "2027-01-15T09:05:00Z") {
    return xapi::ResumeRow{kHash, "spot-the-signs", scene, 3, 4, 2, R"({"confronted":false,"route":"b"})", 310, 42000,
                           "[0,2]", Sitting().id, saved_at};
}

const xapi::MapOptions kOptions{"https://training.gm.example.org", xapi::ActorKind::Pseudonymous};

struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/share_progress_test_XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
};

core::ResumePoint CorePoint(const std::string& module, const std::string& scene, const std::string& saved_at) {
    core::ResumePoint p;
    p.module_id = module;
    p.scene_id = scene;
    p.saved_at = saved_at;
    return p;
}

}  // namespace

TEST_CASE("share progress: a resume point is a suspended statement by the staff account and reads back whole") {
    const xapi::ResumeRow point = Point();
    const std::string statement = xapi::SuspendedStatement(point, Sitting(), kOptions);
    REQUIRE_FALSE(statement.empty());
    CHECK(statement.find("\"name\":\"staff-" + kHash + "\"") != std::string::npos);
    CHECK(statement.find("http://adlnet.gov/expapi/verbs/suspended") != std::string::npos);
    CHECK(statement.find("\"id\":\"" + xapi::SuspendedStatementId(point) + "\"") != std::string::npos);

    xapi::SharedProgress back = xapi::ReadSharedProgress(statement);
    REQUIRE(back.kind == xapi::SharedProgress::Kind::Suspended);
    CHECK(back.point == point);

    // An LRS may give the time back in milliseconds: the same second, in the records' spelling.
    std::string reformatted = statement;
    reformatted.replace(reformatted.find("2027-01-15T09:05:00Z"), 20, "2027-01-15T09:05:00.000Z");
    CHECK(xapi::ReadSharedProgress(reformatted).point.saved_at == "2027-01-15T09:05:00Z");

    // Never without a staff number, nor for outputs people read, nor for someone else's point.
    CHECK(xapi::SuspendedStatement(point, Sitting(std::nullopt), kOptions).empty());
    CHECK(xapi::SuspendedStatement(point, Sitting(), {kOptions.base, xapi::ActorKind::PerSitting}).empty());
    CHECK(xapi::SuspendedStatement(point, Sitting(std::string(64, 'd')), kOptions).empty());
}

TEST_CASE("share progress: a completion by the staff account ends the module's earlier points - other statements say nothing") {
    xapi::CompletionRow c{"0d7e5b1a-4c3f-4a2e-8b9d-1f6e2a3c4b5d", Sitting().id, "spot-the-signs", 4, 4, 100, true,
                          "ABCD-EFGH", "good", 600, "2027-01-16T10:00:00Z"};
    auto statements = xapi::CompletionStatements(c, Sitting(), kOptions);
    xapi::SharedProgress done = xapi::ReadSharedProgress(statements[0]);
    REQUIRE(done.kind == xapi::SharedProgress::Kind::Finished);
    CHECK(done.point.staff_hash == kHash);
    CHECK(done.point.module_id == "spot-the-signs");
    CHECK(done.point.saved_at == "2027-01-16T10:00:00Z");
    CHECK(xapi::ReadSharedProgress(statements[1]).kind == xapi::SharedProgress::Kind::None);  // passed: the same news
    // A completion without a staff number cannot be anyone's resume point.
    CHECK(xapi::ReadSharedProgress(xapi::CompletionStatements(c, Sitting(std::nullopt), kOptions)[0]).kind ==
          xapi::SharedProgress::Kind::None);
    CHECK(xapi::ReadSharedProgress(xapi::SittingStartedStatement(Sitting(), kOptions)).kind == xapi::SharedProgress::Kind::None);
    CHECK(xapi::ReadSharedProgress("{\"not\":\"a statement\"}").kind == xapi::SharedProgress::Kind::None);
    CHECK(xapi::ReadSharedProgress("not json").kind == xapi::SharedProgress::Kind::None);
}

TEST_CASE("share progress: sync.db keeps the newest point and finish per person and module whatever order they come in") {
    TempDir dir;
    auto opened = sync::SyncStore::Open((dir.path / "sync.db").string());
    REQUIRE(std::holds_alternative<sync::SyncStore>(opened));
    auto& store = std::get<sync::SyncStore>(opened);
    auto suspended = [](const std::string& scene, const std::string& at) {
        return xapi::SharedProgress{xapi::SharedProgress::Kind::Suspended, Point(scene, at)};
    };
    xapi::SharedProgress finished{xapi::SharedProgress::Kind::Finished, Point("", "2027-01-14T08:00:00Z")};
    REQUIRE_FALSE(store.KeepShared({suspended("q3", "2027-01-15T09:10:00Z"), suspended("q2", "2027-01-15T09:05:00Z"), finished},
                                   "shared_since test", "2027-01-15T09:10:01.123Z"));
    auto shared = store.SharedProgressFor(kHash, "2027-01-01T00:00:00Z");
    REQUIRE(std::holds_alternative<sync::SharedFor>(shared));
    auto& found = std::get<sync::SharedFor>(shared);
    REQUIRE(found.points.size() == 1);
    CHECK(found.points[0].scene_id == "q3");
    CHECK(found.points[0].points == 3);
    CHECK(found.points[0].film_ms == 42000);
    CHECK(found.points[0].film_asked == std::vector<std::size_t>{0, 2});
    CHECK(std::get<bool>(found.points[0].variables.at("confronted")) == false);
    CHECK(std::get<std::string>(found.points[0].variables.at("route")) == "b");
    CHECK(found.finished.at("spot-the-signs") == "2027-01-14T08:00:00Z");
    CHECK(*std::get<std::optional<std::string>>(store.Value("shared_since test")) == "2027-01-15T09:10:01.123Z");
    // Another person, or points older than the kiosk's resume period, are not offered.
    CHECK(std::get<sync::SharedFor>(store.SharedProgressFor(std::string(64, 'e'), "")).points.empty());
    CHECK(std::get<sync::SharedFor>(store.SharedProgressFor(kHash, "2027-02-01T00:00:00Z")).points.empty());
    auto pruned = store.PruneShared("2027-01-15T00:00:00Z");
    REQUIRE(std::holds_alternative<std::int64_t>(pruned));
    CHECK(std::get<std::int64_t>(pruned) == 1);  // the finish of the 14th
}

TEST_CASE("share progress: the kiosk offers the newest point of each module - unless the module was finished since") {
    std::vector<core::ResumePoint> local = {CorePoint("a", "a2", "2027-01-15T09:00:00Z"),
                                            CorePoint("b", "b5", "2027-01-10T09:00:00Z")};
    std::vector<core::ResumePoint> shared = {CorePoint("a", "a4", "2027-01-16T09:00:00Z"),
                                             CorePoint("b", "b1", "2027-01-09T09:00:00Z"),
                                             CorePoint("c", "c3", "2027-01-12T09:00:00Z")};
    auto merged = core::MergeResumePoints(local, shared, {});
    REQUIRE(merged.size() == 3);
    CHECK(merged[0].scene_id == "a4");  // carried on further at another kiosk
    CHECK(merged[1].scene_id == "c3");  // only started at another kiosk
    CHECK(merged[2].scene_id == "b5");  // this kiosk's is newer
    // Finished b at another kiosk after stopping here; c finished before it was started again elsewhere.
    merged = core::MergeResumePoints(local, shared, {{"b", "2027-01-11T00:00:00Z"}, {"c", "2027-01-01T00:00:00Z"}});
    REQUIRE(merged.size() == 2);
    CHECK(merged[0].scene_id == "a4");
    CHECK(merged[1].scene_id == "c3");
}
