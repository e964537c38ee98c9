// kiosk-report pull (tools/report/pull.h) against a scripted LRS in memory, so no network is needed: the
// rows come back exactly; a second pull changes not a byte; a sitting pulled open gets its end later;
// `since`, `more` and the consistent-through time are used as xAPI 1.0.3 says; others' statements are
// left out; and a refused, unreachable or garbled answer leaves OUT as it was (or not there at all).
// The real LRS (Learning Locker) is tested by tests/lrs/pull_from_lrs.sh.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "fixture_expect.h"
#include "report/pull.h"
#include "xapi/records_rows.h"
#include "xapi/statements.h"

namespace {

using nlohmann::json;
using report::ParseXapiTime;
using report::FormatXapiTime;
namespace fs = std::filesystem;

// A learning record store as the tests need one: statements with the `stored` time they were given,
// paged in stored order by `limit` with a `more` cursor, `since` exclusive, as Learning Locker does.
struct FakeLrs {
    struct Stored {
        std::int64_t stored;
        std::string text;
    };
    std::vector<Stored> statements;
    std::optional<std::string> consistent_through;  // the header; unset: one second after the newest
    std::vector<std::string> paths;                 // every request, in order
    std::function<std::optional<kiosk::lrs::Response>(const std::string& path)> override_answer;

    // Stores `texts` at `at` (microseconds), as one batch (one stored time, as Learning Locker gives).
    void Store(const std::vector<std::string>& texts, std::int64_t at) {
        for (const std::string& t : texts) {
            json st = json::parse(t);
            st["stored"] = FormatXapiTime(at);
            statements.push_back({at, st.dump()});
        }
    }

    static std::string Param(const std::string& path, const std::string& name) {
        std::size_t q = path.find('?');
        std::string query = q == std::string::npos ? "" : path.substr(q + 1);
        for (std::size_t at = 0; at <= query.size();) {
            std::size_t end = query.find('&', at);
            if (end == std::string::npos) end = query.size();
            std::string pair = query.substr(at, end - at);
            if (pair.rfind(name + "=", 0) == 0) {
                std::string v = pair.substr(name.size() + 1), out;
                for (std::size_t i = 0; i < v.size(); ++i)
                    if (v[i] == '%' && i + 2 < v.size()) {
                        out += static_cast<char>(std::stoi(v.substr(i + 1, 2), nullptr, 16));
                        i += 2;
                    } else {
                        out += v[i];
                    }
                return out;
            }
            at = end + 1;
        }
        return "";
    }

    kiosk::lrs::Response Get(const std::string& path) {
        paths.push_back(path);
        if (override_answer)
            if (auto r = override_answer(path)) return *r;
        std::string since = Param(path, "since"), cursor = Param(path, "cursor"), limit = Param(path, "limit");
        std::int64_t after = since.empty() ? INT64_MIN : ParseXapiTime(since).value();
        std::vector<Stored> sorted = statements;
        std::stable_sort(sorted.begin(), sorted.end(), [](const Stored& a, const Stored& b) { return a.stored < b.stored; });
        std::vector<std::string> selected;
        for (const Stored& s : sorted)
            if (s.stored > after) selected.push_back(s.text);
        std::size_t from = cursor.empty() ? 0 : std::stoul(cursor), n = std::stoul(limit);
        json page = {{"statements", json::array()}, {"more", ""}};
        for (std::size_t i = from; i < selected.size() && i < from + n; ++i) page["statements"].push_back(json::parse(selected[i]));
        if (from + n < selected.size())
            page["more"] = "/xAPI/statements?ascending=true&limit=" + limit + "&since=" + since + "&cursor=" + std::to_string(from + n);
        kiosk::lrs::Response r;
        r.status = 200;
        r.body = page.dump();
        std::int64_t newest = 0;
        for (const Stored& s : statements) newest = std::max(newest, s.stored);
        r.consistent_through = consistent_through ? *consistent_through : FormatXapiTime(newest + 1'000'000);
        return r;
    }

    report::FetchStatements Fetch() {
        return [this](const std::string& path) { return Get(path); };
    }
};

constexpr std::int64_t kSecond = 1'000'000;
const std::int64_t kMonday = ParseXapiTime("2026-03-02T09:00:00Z").value();

kiosk::xapi::Records ReadRows(const std::string& path) {
    kiosk::core::Database db;
    REQUIRE(db.Open(path, SQLITE_OPEN_READONLY) == std::nullopt);
    auto read = kiosk::xapi::ReadRecords(db);
    REQUIRE(std::holds_alternative<kiosk::xapi::Records>(read));
    kiosk::xapi::Records r = std::get<kiosk::xapi::Records>(read);
    // Rows in id order: a pull inserts page by page, so rowids follow the LRS's order, not the kiosk's.
    auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    std::sort(r.sittings.begin(), r.sittings.end(), by_id);
    std::sort(r.answers.begin(), r.answers.end(), by_id);
    std::sort(r.completions.begin(), r.completions.end(), by_id);
    return r;
}

std::string Bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A seeded fixture's records and their statements as kiosk-sync makes them.
struct Source {
    report_test::TempDir dir;
    std::string path = dir.File("source.db");
    kiosk::xapi::Records rows;
    std::vector<std::string> statements;

    explicit Source(int kiosks = 4) {
        report::fixture::Options options = report_test::StandardOptions();
        options.kiosks = kiosks;
        report_test::WriteFixture(path, options);
        rows = ReadRows(path);
        statements = kiosk::xapi::AllStatements(
            rows, {"https://partnership.example.org/msht", kiosk::xapi::ActorKind::Pseudonymous});
    }
};

report::PullOptions Options(int limit = 100) {
    report::PullOptions o;
    o.endpoint = "https://lrs.example.org/xAPI";
    o.page_limit = limit;
    return o;
}

}  // namespace

TEST_CASE("pull: the rows come back exactly and a second pull changes nothing") {
    Source source;
    FakeLrs lrs;
    // In batches of 100, one stored time each, as a kiosk-sync sends them.
    for (std::size_t i = 0; i < source.statements.size(); i += 100)
        lrs.Store({source.statements.begin() + static_cast<std::ptrdiff_t>(i),
                   source.statements.begin() + static_cast<std::ptrdiff_t>(std::min(i + 100, source.statements.size()))},
                  kMonday + static_cast<std::int64_t>(i / 100) * kSecond);
    std::string out = source.dir.File("out.db");

    report::PullResult first = report::Pull(out, Options(), lrs.Fetch());
    REQUIRE(first.error.empty());
    CHECK(first.problems.empty());
    CHECK(first.changed);
    CHECK(first.statements == static_cast<std::int64_t>(source.statements.size()));
    CHECK(first.ours == first.statements);
    CHECK(first.others == 0);
    CHECK(first.pages == static_cast<std::int64_t>((source.statements.size() + 99) / 100));
    CHECK(first.sittings_added == static_cast<std::int64_t>(source.rows.sittings.size()));
    CHECK(first.answers_added == static_cast<std::int64_t>(source.rows.answers.size()));
    CHECK(first.completions_added == static_cast<std::int64_t>(source.rows.completions.size()));
    CHECK(first.sittings_ended == 0);  // sittings new in this pull are new, whatever page their end came on
    CHECK(first.sittings == first.sittings_added);
    CHECK(ReadRows(out) == source.rows);
    // From the start; next time from a second before the newest statement (the header is later).
    CHECK(lrs.paths.front() == "statements?ascending=true&limit=100");
    std::int64_t newest = kMonday + static_cast<std::int64_t>((source.statements.size() - 1) / 100) * kSecond;
    CHECK(first.since_after == FormatXapiTime(newest - kSecond));

    const std::string before = Bytes(out);
    lrs.paths.clear();
    report::PullResult second = report::Pull(out, Options(), lrs.Fetch());
    REQUIRE(second.error.empty());
    CHECK_FALSE(second.changed);
    CHECK(second.sittings_added + second.answers_added + second.completions_added + second.sittings_ended == 0);
    CHECK(second.since_before == first.since_after);
    CHECK(second.since_after == first.since_after);
    CHECK(lrs.paths.front() == "statements?ascending=true&limit=100&since=" +
                                   std::string(first.since_after).replace(13, 1, "%3A").replace(18, 1, "%3A"));
    // The last batch again (the second of overlap before the newest `stored`): ids already there.
    CHECK(second.statements == static_cast<std::int64_t>(source.statements.size() - (source.statements.size() - 1) / 100 * 100));
    CHECK(Bytes(out) == before);
}

TEST_CASE("pull: a sitting pulled while open gets its end from a later pull") {
    Source source;
    FakeLrs lrs;
    // Everything but the sittings' ends, then the ends later (as a kiosk sends them when the learner finishes).
    std::vector<std::string> ends, rest;
    std::map<std::string, bool> ended;
    for (const auto& s : source.rows.sittings) ended[s.id] = s.ended_at.has_value();
    for (const std::string& text : source.statements) {
        json st = json::parse(text);
        bool is_end = false;
        for (auto& [key, value] : st["context"]["extensions"].items())
            if (key.ends_with("/record") && value == "sitting-ended") is_end = true;
        (is_end ? ends : rest).push_back(text);
    }
    REQUIRE(ends.size() > 10);
    lrs.Store(rest, kMonday);
    std::string out = source.dir.File("out.db");
    report::PullResult first = report::Pull(out, Options(500), lrs.Fetch());
    REQUIRE(first.error.empty());
    kiosk::xapi::Records open = ReadRows(out);
    CHECK(std::all_of(open.sittings.begin(), open.sittings.end(), [](const auto& s) { return !s.ended_at && !s.outcome; }));
    CHECK(open.answers == source.rows.answers);

    lrs.Store(ends, kMonday + 3600 * kSecond);
    report::PullResult second = report::Pull(out, Options(500), lrs.Fetch());
    REQUIRE(second.error.empty());
    CHECK(second.problems.empty());
    CHECK(second.sittings_added == 0);
    CHECK(second.answers_added == 0);
    CHECK(second.sittings_ended == static_cast<std::int64_t>(ends.size()));
    // The first batch again too: it was the newest when the first pull ended (the second of overlap).
    CHECK(second.statements == static_cast<std::int64_t>(rest.size() + ends.size()));
    CHECK(ReadRows(out) == source.rows);
}

TEST_CASE("pull: others' statements are counted and left out and contradictions kept out") {
    Source source(2);
    FakeLrs lrs;
    std::vector<std::string> texts = source.statements;
    texts.push_back(R"({"id":"00000000-0000-4000-8000-000000000001","actor":{"mbox":"mailto:x@example.org"},)"
                    R"("verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"https://example.org/a"}})");
    lrs.Store(texts, kMonday);
    std::string out = source.dir.File("out.db");
    report::PullResult first = report::Pull(out, Options(), lrs.Fetch());
    REQUIRE(first.error.empty());
    CHECK(first.others == 1);
    CHECK(first.problems.empty());
    CHECK(ReadRows(out) == source.rows);

    // The same answer id later with another result: reported, and the row first pulled kept.
    const kiosk::xapi::AnswerRow& a = source.rows.answers.front();
    kiosk::xapi::AnswerRow changed = a;
    changed.correct = !a.correct;
    const kiosk::xapi::SittingRow* sitting = nullptr;
    for (const auto& s : source.rows.sittings)
        if (s.id == a.sitting_id) sitting = &s;
    REQUIRE(sitting);
    lrs.statements.clear();
    lrs.Store({kiosk::xapi::AnswerStatement(changed, *sitting, {"https://other.example.org", kiosk::xapi::ActorKind::Pseudonymous})},
              kMonday + 60 * kSecond);
    report::PullResult second = report::Pull(out, Options(), lrs.Fetch());
    REQUIRE(second.error.empty());
    REQUIRE(second.problems.size() == 1);
    CHECK(second.problems[0].find(a.id) != std::string::npos);
    CHECK(second.answers_added == 0);
    CHECK(ReadRows(out) == source.rows);
}

TEST_CASE("pull: paging stops at the consistent-through time and the next pull starts there") {
    Source source(2);
    FakeLrs lrs;
    // A third, then the rest ten seconds later; pages of a third.
    std::size_t third = source.statements.size() / 3;
    lrs.Store({source.statements.begin(), source.statements.begin() + static_cast<std::ptrdiff_t>(third)}, kMonday);
    lrs.Store({source.statements.begin() + static_cast<std::ptrdiff_t>(third), source.statements.end()},
              kMonday + 10 * kSecond);
    // The LRS vouches only for what it stored up to five seconds after the first batch.
    lrs.consistent_through = FormatXapiTime(kMonday + 5 * kSecond);
    std::string out = source.dir.File("out.db");
    report::PullResult first = report::Pull(out, Options(static_cast<int>(third)), lrs.Fetch());
    REQUIRE(first.error.empty());
    CHECK(first.stopped_at_consistent);
    CHECK(first.pages == 2);  // the page past the time is read (and kept), the rest waits
    CHECK(first.since_after == FormatXapiTime(kMonday + 4 * kSecond));

    lrs.consistent_through.reset();
    report::PullResult second = report::Pull(out, Options(static_cast<int>(third)), lrs.Fetch());
    REQUIRE(second.error.empty());
    CHECK_FALSE(second.stopped_at_consistent);
    CHECK(ReadRows(out) == source.rows);
}

TEST_CASE("pull: a refused or broken answer changes nothing in OUT") {
    Source source(2);
    FakeLrs lrs;
    lrs.Store(source.statements, kMonday);
    std::string out = source.dir.File("out.db");

    // OUT did not exist: it still does not.
    lrs.override_answer = [](const std::string&) {
        kiosk::lrs::Response r;
        r.status = 401;
        r.body = "{\"message\":\"Unauthorised\"}";
        return std::optional(r);
    };
    report::PullResult refused = report::Pull(out, Options(), lrs.Fetch());
    CHECK(refused.http_status == 401);
    CHECK(refused.error.find("refused the credentials") != std::string::npos);
    CHECK_FALSE(fs::exists(out));

    // Half the statements in; then each failure on a later page is rolled back whole.
    lrs.override_answer = nullptr;
    std::vector<FakeLrs::Stored> all = lrs.statements;
    lrs.statements.resize(all.size() / 2);
    REQUIRE(report::Pull(out, Options(), lrs.Fetch()).error.empty());
    // All of them newer than the pull's point, those not yet pulled first: the good pages bring new rows.
    lrs.statements.assign(all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2), all.end());
    lrs.statements.insert(lrs.statements.end(), all.begin(), all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2));
    for (auto& s : lrs.statements) s.stored += 60 * kSecond;
    const std::string before = Bytes(out);
    struct Case {
        const char* name;
        kiosk::lrs::Response answer;
        const char* says;
    };
    kiosk::lrs::Response unreachable, server_error, garbage, not_statements;
    unreachable.error = "Failed to connect to lrs.example.org port 443: Connection refused";
    server_error.status = 500;
    garbage.status = 200;
    garbage.body = "<html>proxy error";
    not_statements.status = 200;
    not_statements.body = "{\"statements\":17}";
    for (const Case& c : {Case{"unreachable", unreachable, "cannot reach"}, Case{"500", server_error, "HTTP 500"},
                          Case{"garbage", garbage, "something other than a page of xAPI statements"},
                          Case{"not statements", not_statements, "something other than a page of xAPI statements"}}) {
        CAPTURE(c.name);
        int calls = 0;
        lrs.override_answer = [&](const std::string&) -> std::optional<kiosk::lrs::Response> {
            if (++calls < 3) return std::nullopt;  // two good pages first
            return c.answer;
        };
        report::PullResult failed = report::Pull(out, Options(50), lrs.Fetch());
        CHECK(failed.error.find(c.says) != std::string::npos);
        CHECK(Bytes(out) == before);
    }
    // A "more" link to another server is not followed with the credentials.
    bool redirected = false;
    lrs.override_answer = [&](const std::string& path) -> std::optional<kiosk::lrs::Response> {
        if (redirected) return std::nullopt;
        redirected = true;
        FakeLrs plain;
        plain.statements = lrs.statements;
        kiosk::lrs::Response r = plain.Get(path);
        json page = json::parse(r.body);
        page["more"] = "https://collector.example.net/xAPI/statements?cursor=1";
        r.body = page.dump();
        return r;
    };
    report::PullResult elsewhere = report::Pull(out, Options(50), lrs.Fetch());
    CHECK(elsewhere.error.find("another server") != std::string::npos);
    CHECK(Bytes(out) == before);
}

TEST_CASE("pull: LRS time stamps are read in every form xAPI allows") {
    const std::int64_t t = ParseXapiTime("2026-12-06T14:14:44.273Z").value();
    CHECK(FormatXapiTime(t) == "2026-12-06T14:14:44.273Z");
    CHECK(ParseXapiTime("2026-12-06T15:14:44.273+01:00") == t);
    CHECK(ParseXapiTime("2026-12-06T09:14:44.273-0500") == t);
    CHECK(ParseXapiTime("2026-12-06T14:14:44.273000Z") == t);
    CHECK(ParseXapiTime("2026-12-06T14:14:44.2731239Z") == t + 123);  // past microseconds: dropped
    CHECK(ParseXapiTime("2026-12-06T14:14:44Z") == t - 273'000);
    CHECK(FormatXapiTime(ParseXapiTime("1970-01-01T00:00:00Z").value()) == "1970-01-01T00:00:00.000Z");
    CHECK(FormatXapiTime(ParseXapiTime("2024-02-29T23:59:59.999Z").value() + 1000) == "2024-03-01T00:00:00.000Z");
    for (const char* bad : {"", "2026-12-06", "2026-13-06T14:14:44Z", "2026-12-06 14:14:44Z", "2026-12-06T14:14:44.Z",
                            "2026-12-06T14:14:44Zjunk", "2026-12-06T14:14:44+1", "Sun, 06 Dec 2026 14:14:44 GMT"}) {
        CAPTURE(bad);
        CHECK_FALSE(ParseXapiTime(bad).has_value());
    }
}
