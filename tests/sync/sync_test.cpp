// kiosk-sync's parts that need no network: the outbox (sync.db) and the cursor, records -> outbox once
// each and losslessly, the statement comparison of xAPI 1.0.3 §2.3.1, the backoff, the credentials file
// and Retry-After. The network parts run against the real LRS and the fault tools (sync_e2e.sh, faults).
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "lrs/lrs_client.h"
#include "report/fixture.h"
#include "sync/backoff.h"
#include "sync/compare.h"
#include "sync/enqueue.h"
#include "sync/sync_store.h"
#include "xapi/statements.h"

namespace fs = std::filesystem;
using namespace kiosk::sync;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/sync_test_XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
};

SyncStore OpenStore(const fs::path& path) {
    auto store = SyncStore::Open(path.string());
    REQUIRE(std::holds_alternative<SyncStore>(store));
    return std::move(std::get<SyncStore>(store));
}

// A records DB of `kiosks` fixture kiosks, written through the kiosk's own writer.
void MakeRecords(const fs::path& path, int kiosks, int sittings) {
    report::fixture::Options options;
    options.kiosks = kiosks;
    options.sittings_per_kiosk = sittings;
    report::fixture::ForEachKiosk(options, [&](const report::fixture::Kiosk& k, std::size_t, const auto& rows) {
        REQUIRE_FALSE(report::fixture::WriteKiosk(path.string(), k, rows));
    });
}

std::vector<std::string> Bodies(SyncStore& store) {
    std::vector<std::string> out;
    for (;;) {
        auto batch = store.NextPending(1000, 1u << 30);
        REQUIRE(std::holds_alternative<std::vector<OutboxItem>>(batch));
        auto& items = std::get<std::vector<OutboxItem>>(batch);
        if (items.empty()) return out;
        std::vector<std::int64_t> seqs;
        for (auto& i : items) {
            out.push_back(i.body);
            seqs.push_back(i.seq);
        }
        REQUIRE_FALSE(store.MarkAcked(seqs, 200, "2026-01-01T00:00:00Z"));
    }
}

}  // namespace

TEST_CASE("records become outbox statements once each and the statements give the records back") {
    TempDir dir;
    MakeRecords(dir.path / "records.db", 6, 30);
    auto db = OpenRecordsReadOnly((dir.path / "records.db").string());
    REQUIRE(std::holds_alternative<kiosk::core::Database>(db));
    auto& records = std::get<kiosk::core::Database>(db);
    SyncStore store = OpenStore(dir.path / "sync.db");
    IriBases bases(IriSource{"https://training.example.org", "", "", false});

    auto first = EnqueueNewRecords(records, (dir.path / "records.db").string(), store, bases, "2026-01-01T00:00:00Z");
    REQUIRE(std::holds_alternative<EnqueueResult>(first));
    auto all = kiosk::xapi::ReadRecords(records);
    REQUIRE(std::holds_alternative<kiosk::xapi::Records>(all));
    const auto& expected = std::get<kiosk::xapi::Records>(all);
    auto expected_statements = kiosk::xapi::AllStatements(expected, {"https://training.example.org"});
    CHECK(std::get<EnqueueResult>(first).statements == static_cast<std::int64_t>(expected_statements.size()));

    // Again: nothing new.
    auto second = EnqueueNewRecords(records, (dir.path / "records.db").string(), store, bases, "2026-01-01T00:00:01Z");
    REQUIRE(std::holds_alternative<EnqueueResult>(second));
    CHECK(std::get<EnqueueResult>(second).statements == 0);

    // The outbox holds the very bytes the shared mapping makes, and they map back to the records.
    std::vector<std::string> bodies = Bodies(store);
    CHECK(std::multiset<std::string>(bodies.begin(), bodies.end()) ==
          std::multiset<std::string>(expected_statements.begin(), expected_statements.end()));
    auto rebuilt = kiosk::xapi::RecordsFromStatements(bodies);
    CHECK(rebuilt.problems.empty());
    CHECK(rebuilt.records.sittings.size() == expected.sittings.size());
    CHECK(rebuilt.records.answers.size() == expected.answers.size());
    CHECK(rebuilt.records.completions.size() == expected.completions.size());

    SUBCASE("a sitting that ends later gets its end statement then and only then") {
        std::string open_id;
        for (const auto& s : expected.sittings)
            if (!s.ended_at) open_id = s.id;
        REQUIRE_FALSE(open_id.empty());
        {
            kiosk::core::Database writer;
            REQUIRE_FALSE(writer.Open((dir.path / "records.db").string(), SQLITE_OPEN_READWRITE));
            kiosk::core::Statement st;
            REQUIRE_FALSE(st.Prepare(writer, "UPDATE sittings SET ended_at = '2026-02-02T10:00:00Z', outcome = 'abandoned' WHERE id = ?1"));
            st.Bind(1, open_id);
            REQUIRE(st.Step() == kiosk::core::StepResult::Done);
        }
        auto third = EnqueueNewRecords(records, (dir.path / "records.db").string(), store, bases, "2026-01-01T00:00:02Z");
        REQUIRE(std::holds_alternative<EnqueueResult>(third));
        CHECK(std::get<EnqueueResult>(third).statements == 1);
        std::vector<std::string> end = Bodies(store);
        REQUIRE(end.size() == 1);
        CHECK(end[0].find(kiosk::xapi::DerivedStatementId("sitting ended", open_id)) != std::string::npos);
        CHECK(end[0].find("abandoned") != std::string::npos);
        auto fourth = EnqueueNewRecords(records, (dir.path / "records.db").string(), store, bases, "2026-01-01T00:00:03Z");
        CHECK(std::get<EnqueueResult>(fourth).statements == 0);
    }
    SUBCASE("a sitting deleted by the kiosk's retention before its end was read is no longer waited for") {
        auto open = std::get<std::vector<std::string>>(store.OpenSittings());
        REQUIRE_FALSE(open.empty());
        {
            // It left on a USB stick, ended, and the retention period passed before kiosk-sync ran again.
            kiosk::core::Database writer;
            REQUIRE_FALSE(writer.Open((dir.path / "records.db").string(), SQLITE_OPEN_READWRITE));
            for (const std::string& id : open)
                for (const char* sql : {"DELETE FROM answers WHERE sitting_id = ?1", "DELETE FROM completions WHERE sitting_id = ?1",
                                        "DELETE FROM sittings WHERE id = ?1"}) {
                    kiosk::core::Statement st;
                    REQUIRE_FALSE(st.Prepare(writer, sql));
                    st.Bind(1, id);
                    REQUIRE(st.Step() == kiosk::core::StepResult::Done);
                }
        }
        auto after = EnqueueNewRecords(records, (dir.path / "records.db").string(), store, bases, "2026-01-01T00:00:02Z");
        REQUIRE(std::holds_alternative<EnqueueResult>(after));  // not stuck on "not in the records"
        CHECK(std::get<EnqueueResult>(after).statements == 0);
        CHECK(std::get<std::vector<std::string>>(store.OpenSittings()).empty());
    }
}

TEST_CASE("the outbox hands out batches by count and bytes and oldest first and acks them") {
    TempDir dir;
    SyncStore store = OpenStore(dir.path / "sync.db");
    std::vector<NewStatement> news;
    for (int i = 0; i < 250; ++i) news.push_back({"id-" + std::to_string(i), "record", std::string(1000, 'x')});
    REQUIRE_FALSE(store.Enqueue(news, {}, {}, {}, "2026-01-01T00:00:00Z"));
    REQUIRE_FALSE(store.Enqueue(news, {}, {}, {}, "2026-01-01T00:00:00Z"));  // the same ids again: ignored
    auto batch = std::get<std::vector<OutboxItem>>(store.NextPending(100, 256 * 1024));
    CHECK(batch.size() == 100);
    CHECK(batch.front().id == "id-0");
    auto small = std::get<std::vector<OutboxItem>>(store.NextPending(100, 10'000));
    CHECK(small.size() == 9);  // 2 + 9 * 1001 bytes fit in 10,000
    auto one = std::get<std::vector<OutboxItem>>(store.NextPending(100, 10));
    CHECK(one.size() == 1);  // never nothing: a statement larger than the limit still goes alone
    std::vector<std::int64_t> seqs;
    for (auto& i : batch) seqs.push_back(i.seq);
    REQUIRE_FALSE(store.MarkAcked(seqs, 200, "2026-01-01T00:00:05Z"));
    REQUIRE_FALSE(store.MarkQuarantined(small[0].seq + 100, 409, "different statement"));  // id-100
    auto status = std::get<SyncStatus>(store.Status());
    CHECK(status.acked == 100);
    CHECK(status.quarantined == 1);
    CHECK(status.pending == 149);
    // A quarantined statement is never handed out again; the next pending one is.
    CHECK(std::get<std::vector<OutboxItem>>(store.NextPending(1, 1u << 20)).front().id == "id-101");
}

TEST_CASE("a delivered statement's body is gone from the outbox and from the file's bytes") {
    TempDir dir;
    fs::path path = dir.path / "sync.db";
    {
        SyncStore store = OpenStore(path);
        std::vector<NewStatement> news;
        for (int i = 0; i < 20; ++i)
            news.push_back({"id-" + std::to_string(i), "record", "{\"learner\":\"staff-hash-" + std::to_string(i) + "\"}"});
        REQUIRE_FALSE(store.Enqueue(news, {}, {}, {}, "2026-01-01T00:00:00Z"));
        auto batch = std::get<std::vector<OutboxItem>>(store.NextPending(10, 1u << 20));
        std::vector<std::int64_t> seqs;
        for (auto& i : batch) seqs.push_back(i.seq);
        REQUIRE_FALSE(store.MarkAcked(seqs, 200, "2026-01-01T00:00:05Z"));
        auto status = std::get<SyncStatus>(store.Status());
        CHECK(status.acked == 10);
        CHECK(status.pending == 10);
        // The same ids are still known: queuing them again adds nothing.
        REQUIRE_FALSE(store.Enqueue(news, {}, {}, {}, "2026-01-01T00:00:06Z"));
        CHECK(std::get<SyncStatus>(store.Status()).pending == 10);
    }
    // Closed (the WAL checkpointed into the file): the delivered ones' text is nowhere in it; the ten
    // still waiting are.
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (int i = 0; i < 20; ++i) {
        CAPTURE(i);
        bool present = bytes.find("staff-hash-" + std::to_string(i) + "\"") != std::string::npos;
        CHECK(present == (i >= 10));
    }
}

TEST_CASE("a file that is not a sync.db is refused and not overwritten") {
    TempDir dir;
    {
        std::ofstream(dir.path / "notes.txt") << "hello";
    }
    auto store = SyncStore::Open((dir.path / "notes.txt").string());
    REQUIRE(std::holds_alternative<std::string>(store));
    MakeRecords(dir.path / "records.db", 1, 3);
    auto records_as_state = SyncStore::Open((dir.path / "records.db").string());
    REQUIRE(std::holds_alternative<std::string>(records_as_state));
    CHECK(std::get<std::string>(records_as_state).find("not kiosk-sync's state") != std::string::npos);
    auto not_records = OpenRecordsReadOnly((dir.path / "notes.txt").string());
    CHECK(std::holds_alternative<std::string>(not_records));
}

TEST_CASE("statements compare as xAPI 1.0.3 says: what the LRS adds is ignored but not what the kiosk wrote") {
    std::string ours = R"({"id":"a","actor":{"objectType":"Agent","account":{"homePage":"https://x","name":"n"}},)"
                       R"("verb":{"id":"v"},"object":{"objectType":"Activity","id":"o"},"timestamp":"2026-01-01T06:00:00Z",)"
                       R"("version":"1.0.3"})";
    CHECK(SameStatement(ours, ours));
    CHECK(SameStatement(ours, R"({"id":"a","actor":{"account":{"homePage":"https://x","name":"n"}},"verb":{"id":"v"},)"
                              R"("object":{"id":"o"},"timestamp":"2026-01-01T06:00:00.000Z","stored":"2026-01-02T00:00:00Z",)"
                              R"("authority":{"mbox":"mailto:a@b"},"version":"1.0.0"})"));
    CHECK(SameStatement(ours, R"({"id":"a","actor":{"objectType":"Agent","account":{"homePage":"https://x","name":"n"}},)"
                              R"("verb":{"id":"v"},"object":{"objectType":"Activity","id":"o"},"timestamp":"2026-01-01T07:00:00+01:00"})"));
    CHECK_FALSE(SameStatement(ours, R"({"id":"a","actor":{"objectType":"Agent","account":{"homePage":"https://x","name":"m"}},)"
                                    R"("verb":{"id":"v"},"object":{"objectType":"Activity","id":"o"},"timestamp":"2026-01-01T06:00:00Z"})"));
    CHECK_FALSE(SameStatement(ours, R"({"id":"a","actor":{"objectType":"Agent","account":{"homePage":"https://x","name":"n"}},)"
                                    R"("verb":{"id":"v"},"object":{"objectType":"Activity","id":"o"},"timestamp":"2026-01-01T06:00:01Z"})"));
    CHECK_FALSE(SameStatement(ours, "not json"));
}

TEST_CASE("backoff waits a random time up to a capped exponential ceiling and starts again after a success") {
    Backoff b(30, 3600, 7);
    double ceiling = 30;
    for (int i = 0; i < 12; ++i) {
        double w = b.Next();
        CHECK(w >= 0);
        CHECK(w <= std::min(ceiling, 3600.0));
        ceiling *= 2;
    }
    // Full jitter: the waits at the cap are spread over [0, cap], not bunched at it.
    double lowest = 1e9, highest = 0;
    for (int i = 0; i < 200; ++i) {
        double w = b.Next();
        lowest = std::min(lowest, w);
        highest = std::max(highest, w);
    }
    CHECK(lowest < 600);
    CHECK(highest > 3000);
    b.Reset();
    CHECK(b.Next() <= 30);
}

TEST_CASE("the credentials file must be the owner's alone and say KEY:SECRET") {
    TempDir dir;
    auto write = [&](const char* name, const char* text, mode_t mode) {
        fs::path p = dir.path / name;
        std::ofstream(p) << text;
        chmod(p.c_str(), mode);
        return p.string();
    };
    auto good = kiosk::lrs::ReadCredentials(write("good", "kiosk-7:s3cr3t:with:colons\n", 0600));
    REQUIRE(std::holds_alternative<kiosk::lrs::Credentials>(good));
    CHECK(std::get<kiosk::lrs::Credentials>(good).key == "kiosk-7");
    CHECK(std::get<kiosk::lrs::Credentials>(good).secret == "s3cr3t:with:colons");
    auto open = kiosk::lrs::ReadCredentials(write("open", "kiosk-7:s3cr3t\n", 0644));
    REQUIRE(std::holds_alternative<std::string>(open));
    CHECK(std::get<std::string>(open).find("chmod 600") != std::string::npos);
    CHECK(std::get<std::string>(open).find("s3cr3t") == std::string::npos);
    CHECK(std::holds_alternative<std::string>(kiosk::lrs::ReadCredentials(write("empty", "", 0600))));
    CHECK(std::holds_alternative<std::string>(kiosk::lrs::ReadCredentials(write("nocolon", "justakey\n", 0600))));
    CHECK(std::holds_alternative<std::string>(kiosk::lrs::ReadCredentials((dir.path / "missing").string())));

    // systemd's LoadCredential= copy: newer systemd shows it 0440 (an ACL keeps it to the service's user).
    fs::create_directories(dir.path / "creds");
    std::string systemd_copy = write("creds/lrs", "kiosk-7:s3cr3t\n", 0440);
    setenv("CREDENTIALS_DIRECTORY", (dir.path / "creds").c_str(), 1);
    CHECK(std::holds_alternative<kiosk::lrs::Credentials>(kiosk::lrs::ReadCredentials(systemd_copy)));
    CHECK(std::holds_alternative<std::string>(kiosk::lrs::ReadCredentials(write("open2", "kiosk-7:s3cr3t\n", 0440))));
    unsetenv("CREDENTIALS_DIRECTORY");
    CHECK(std::holds_alternative<std::string>(kiosk::lrs::ReadCredentials(systemd_copy)));
}

TEST_CASE("Retry-After in seconds or as an HTTP date") {
    CHECK(kiosk::lrs::RetryAfterSeconds("120", 0) == 120);
    auto date = kiosk::lrs::ParseHttpDate("Sun, 06 Dec 2026 14:10:26 GMT");
    REQUIRE(date);
    CHECK(kiosk::lrs::RetryAfterSeconds("Sun, 06 Dec 2026 14:10:26 GMT", *date - 30) == 30);
    CHECK(kiosk::lrs::RetryAfterSeconds("Sun, 06 Dec 2026 14:10:26 GMT", *date + 30) == 0);
    CHECK_FALSE(kiosk::lrs::RetryAfterSeconds("soon", 0));
}

// The kiosk deletes old records only once they reached the LRS (core/records/records_retention.h): a
// drained outbox hands the time of its last read of the records on as delivered_until; a statement still
// waiting, or refused for good, keeps it where it was.
TEST_CASE("delivered_until moves only when no record statement is waiting or refused") {
    TempDir dir;
    SyncStore store = OpenStore(dir.path / "sync.db");
    auto delivered = [&] { return std::get<std::optional<std::string>>(store.Value("delivered_until")); };
    REQUIRE_FALSE(store.Enqueue({{"id-1", "record", "{}"}, {"id-2", "record", "{}"}}, {}, {}, {}, "2026-01-01T00:00:00Z"));
    REQUIRE_FALSE(store.SetSuccess("2026-01-01T00:00:05Z", "2026-01-01T00:00:00Z"));
    CHECK_FALSE(delivered().has_value());  // both still pending
    auto items = std::get<std::vector<OutboxItem>>(store.NextPending(10, 1u << 20));
    REQUIRE(items.size() == 2);
    REQUIRE_FALSE(store.MarkAcked({items[0].seq}, 200, "2026-01-01T00:00:06Z"));
    REQUIRE_FALSE(store.MarkQuarantined(items[1].seq, 400, "refused"));
    REQUIRE_FALSE(store.SetSuccess("2026-01-01T00:00:07Z", "2026-01-01T00:00:00Z"));
    CHECK_FALSE(delivered().has_value());  // one refused for good: its rows never reached the LRS
    TempDir other;
    SyncStore clean = OpenStore(other.path / "sync.db");
    REQUIRE_FALSE(clean.Enqueue({{"id-3", "record", "{}"}, {"health-1", "health", "{}"}}, {}, {}, {}, "2026-01-02T00:00:00Z"));
    auto next = std::get<std::vector<OutboxItem>>(clean.NextPending(10, 1u << 20));
    REQUIRE_FALSE(clean.MarkAcked({next[0].seq}, 200, "2026-01-02T00:00:01Z"));  // the record; health still waits
    REQUIRE_FALSE(clean.SetSuccess("2026-01-02T00:00:02Z", "2026-01-02T00:00:00Z"));
    CHECK(std::get<std::optional<std::string>>(clean.Value("delivered_until")) == "2026-01-02T00:00:00Z");
}
