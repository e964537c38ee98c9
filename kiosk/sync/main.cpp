// kiosk-sync: the kiosk's records to a learning record store, beside the kiosk (which has no network).
// Each cycle reads new records into the outbox, adds a health statement, and delivers the outbox; then
// it waits: the interval when all went, a backoff with full jitter after a failure, what Retry-After
// says when the LRS asks, and until the credentials file changes when the LRS refuses it. It never
// writes the records DB. SIGTERM ends it between steps; a kill -9 at any moment loses nothing
// (sync_store.h). Messages go to stderr (the journal); the credentials never appear in them.
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "core/pack/pack_manifest.h"
#include "core/util/clock_floor.h"
#include "core/util/utc_time.h"
#include "lrs/lrs_client.h"
#include "sync/backoff.h"
#include "sync/deliver.h"
#include "sync/enqueue.h"
#include "sync/health.h"
#include "sync/share_progress.h"
#include "sync/pack_update.h"
#include "sync/sync_options.h"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "0"
#endif

namespace {

using namespace kiosk::sync;

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

std::string Now() { return kiosk::core::Iso8601Utc(std::time(nullptr)); }

void Log(const std::string& line) { std::fprintf(stderr, "kiosk-sync: %s\n", line.c_str()); }

// Sleeps up to `seconds`, waking early on SIGTERM. False when stopped.
bool Wait(double seconds) {
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!g_stop && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return !g_stop;
}

// What identifies a credentials file's content, so a refused one is not retried until someone changes it.
std::string Fingerprint(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "missing";
    return std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + "/" + std::to_string(st.st_size) +
           "/" + std::to_string(st.st_ino);
}

struct Cycle {
    int exit_status = 0;   // for --once: 0 sent, 3 pending, 4 refused, 2 cannot run
    double wait_s = 0;     // before the next cycle
    bool refused = false;  // wait for new credentials
};

class Syncer {
public:
    explicit Syncer(Options o)
        : m_o(std::move(o)),
          m_backoff(m_o.backoff_base_s, m_o.backoff_cap_s, m_o.seed ? *m_o.seed : std::random_device{}()),
          m_bases(IriSource{m_o.iri_base, m_o.pack, m_o.trust, !m_o.dev}) {}

    int Run() {
        if (m_o.once) m_o.start_delay_s = 0;
        auto store = SyncStore::Open(m_o.state);
        if (auto* e = std::get_if<std::string>(&store)) {
            Log(*e);
            return 2;
        }
        m_store.emplace(std::move(std::get<SyncStore>(store)));
        if (!m_o.lrs.empty()) {
            if (auto e = LoadClient()) {
                Log(*e);
                m_store->SetError(*e, Now(), false);
                return 2;
            }
        }
        if (!m_o.manifest.empty()) {
            // A pack server is public: no credentials go to it. Its answers are small except the pack,
            // which is streamed to a file.
            m_packClient = std::make_unique<kiosk::lrs::Client>(kiosk::lrs::ClientOptions{
                "", {}, m_o.ca_file, m_o.connect_timeout_ms, m_o.total_timeout_ms, kiosk::core::kMaxManifestBytes});
        }
        // The start-up spread: a fleet that boots together (a power cut, a Monday) does not call at once.
        if (!Wait(m_backoff.Uniform(m_o.start_delay_s))) return 0;
        for (;;) {
            Cycle c = Once();
            if (m_o.once || g_stop) return c.exit_status;
            if (!Wait(c.wait_s)) return 0;
        }
    }

private:
    std::optional<std::string> LoadClient() {
        auto credentials = kiosk::lrs::ReadCredentials(m_o.credentials);
        if (auto* e = std::get_if<std::string>(&credentials)) return *e;
        kiosk::lrs::ClientOptions options{m_o.lrs, std::get<kiosk::lrs::Credentials>(credentials), m_o.ca_file,
                                          m_o.connect_timeout_ms, m_o.total_timeout_ms};
        m_client = std::make_unique<kiosk::lrs::Client>(std::move(options));
        return std::nullopt;
    }

    Cycle Failed(const std::string& error, int status = 3) {
        Log(error);
        m_store->SetError(error, Now(), false);
        Cycle c;
        c.exit_status = status;
        c.wait_s = m_backoff.Next();
        Log("next try in " + std::to_string(static_cast<long>(c.wait_s)) + " s");
        return c;
    }

    Cycle Once() {
        // Opened each cycle: the kiosk may have moved a damaged DB aside and started a new one.
        auto records = OpenRecordsReadOnly(m_o.records);
        if (auto* e = std::get_if<std::string>(&records)) return Failed(*e, 2);
        auto& db = std::get<kiosk::core::Database>(records);
        Cycle c;
        c.wait_s = m_o.interval_s * (0.8 + m_backoff.Uniform(0.4));
        if (!m_o.lrs.empty()) c = SendRecords(db);
        if (m_packClient) {
            auto now = std::chrono::steady_clock::now();
            if (m_o.once || now >= m_nextManifestAt) {
                PackPollResult poll = PollManifest(db, *m_store, *m_packClient,
                                                   PackUpdateOptions{m_o.manifest, m_o.inbox, m_o.trust, m_o.download_slow_s},
                                                   static_cast<long long>(std::time(nullptr)));
                const char* head = poll.outcome == PackPoll::Refused ? "pack update refused: " : "pack update: ";
                Log(head + poll.words);
                m_store->SetValue("pack_update", std::string(head) + poll.words);
                m_store->SetValue("pack_update_at", Now());
                double next = poll.outcome == PackPoll::Unreachable || poll.outcome == PackPoll::Failed
                                  ? std::min(m_o.manifest_interval_s, m_packBackoff.Next())
                                  : m_o.manifest_interval_s * (0.8 + m_backoff.Uniform(0.4));
                if (poll.outcome != PackPoll::Unreachable && poll.outcome != PackPoll::Failed) m_packBackoff.Reset();
                m_nextManifestAt = now + std::chrono::milliseconds(static_cast<long long>(next * 1000));
                if (c.exit_status == 0)
                    c.exit_status = poll.outcome == PackPoll::Refused       ? 5
                                    : poll.outcome == PackPoll::Unreachable ? 3
                                    : poll.outcome == PackPoll::Failed      ? 2
                                                                            : 0;
            }
            double until = std::chrono::duration<double>(m_nextManifestAt - now).count();
            c.wait_s = std::max(0.0, std::min(c.wait_s, until));
        }
        return c;
    }

    Cycle SendRecords(kiosk::core::Database& db) {
        if (!m_refusedFingerprint.empty()) {
            // 401/403: nothing is sent again until the credentials file changes (or kiosk-sync restarts).
            if (Fingerprint(m_o.credentials) == m_refusedFingerprint) {
                Cycle c;
                c.exit_status = 4;
                c.refused = true;
                c.wait_s = m_o.credentials_poll_s;
                return c;
            }
            Log("the credentials file changed; trying again");
            m_refusedFingerprint.clear();
            if (auto e = LoadClient()) Log(*e);
        }
        const std::string scan_started = Now();
        auto queued = EnqueueNewRecords(db, m_o.records, *m_store, m_bases, scan_started);
        if (auto* e = std::get_if<std::string>(&queued)) return Failed(m_o.records + ": " + *e, 2);
        if (m_o.share_progress) {
            auto points = EnqueueResumePoints(db, m_o.records, *m_store, m_bases, scan_started);
            if (auto* e = std::get_if<std::string>(&points)) Log("resume points not sent this cycle: " + *e);
        }
        if (m_o.health)
            if (auto e = QueueHealth(db)) Log("no health statement this cycle: " + *e);
        if (!m_client) return Failed("no usable credentials", 2);
        DeliverResult r = Deliver(*m_store, *m_client, DeliverLimits{m_o.batch, m_o.batch_bytes}, Now);
        if (r.server_date) {
            m_clock_skew = *r.server_date - static_cast<long long>(std::time(nullptr));
            m_networkFloor.Raise(*r.server_date, SteadyS(), "the learning record store's clock");
            LeaveClockFloor();
        }
        auto status = m_store->Status();
        std::int64_t pending = std::holds_alternative<SyncStatus>(status) ? std::get<SyncStatus>(status).pending : -1;
        Log("cycle: " + std::to_string(std::get<EnqueueResult>(queued).statements) + " new statements, " +
            std::to_string(r.acked) + " delivered in " + std::to_string(r.posts) + " requests, " +
            std::to_string(r.quarantined) + " quarantined, " + std::to_string(pending) + " pending");
        if (pending > m_o.warn_pending)
            Log("warning: " + std::to_string(pending) + " statements are waiting (more than " +
                std::to_string(m_o.warn_pending) + "); check the network and the LRS");
        if (r.quarantined > 0) Log(r.error);
        if (m_o.share_progress && r.verdict == Verdict::Drained) {
            // Only with everything of ours delivered: the LRS then answers for the whole partnership.
            auto pulled = PullSharedProgress(*m_client, m_o.lrs, *m_store, static_cast<std::int64_t>(std::time(nullptr)));
            if (auto* e = std::get_if<std::string>(&pulled)) Log(*e);
            else
                Log("shared progress: " + std::to_string(std::get<PullShared>(pulled).points) + " resume points and " +
                    std::to_string(std::get<PullShared>(pulled).finishes) + " finished modules read");
        }
        Cycle c;
        switch (r.verdict) {
            case Verdict::Drained:
                m_store->SetSuccess(Now(), scan_started);
                m_backoff.Reset();
                c.wait_s = m_o.interval_s * (0.8 + m_backoff.Uniform(0.4));
                return c;
            case Verdict::CredentialsRefused:
                Log(r.error + " (" + m_o.credentials + ")");
                m_store->SetError(r.error, Now(), true);
                m_refusedFingerprint = Fingerprint(m_o.credentials);
                c.exit_status = 4;
                c.refused = true;
                c.wait_s = m_o.credentials_poll_s;
                return c;
            case Verdict::RetryAfter: {
                Log(r.error + "; the LRS asked to wait " + std::to_string(*r.retry_after_s) + " s");
                m_store->SetError(r.error, Now(), false);
                c.exit_status = 3;
                c.wait_s = std::min<double>(static_cast<double>(*r.retry_after_s), m_o.backoff_cap_s);
                return c;
            }
            case Verdict::StoreFailed:
                return Failed(r.error, 2);
            case Verdict::RetryLater:
                break;
        }
        return Failed(r.error, 3);
    }

    std::optional<std::string> QueueHealth(kiosk::core::Database& db) {
        auto pending = m_store->HealthPending();
        if (auto* e = std::get_if<std::string>(&pending)) return *e;
        if (std::get<bool>(pending)) return std::nullopt;  // the last one has not gone yet: it says enough
        const long long system = static_cast<long long>(std::time(nullptr));
        const long long now = UpdateClockFloor(db, system);
        auto facts = GatherHealth(db, m_o.records, *m_store, now);
        if (auto* e = std::get_if<std::string>(&facts)) return *e;
        HealthFacts& f = std::get<HealthFacts>(facts);
        f.software_version = KIOSK_VERSION;
        if (auto v = m_store->Value("pack_update"); std::holds_alternative<std::optional<std::string>>(v))
            f.pack_update = std::get<std::optional<std::string>>(v).value_or("");
        {
            // The kiosk's own word on the last inbox pack (it cannot write sync.db): one short line.
            std::ifstream outcome(std::filesystem::path(m_o.inbox) / "outcome");
            std::getline(outcome, f.pack_install);
            if (f.pack_install.size() > 500) f.pack_install.resize(500);
        }
        f.clock_skew_s = m_clock_skew;
        if (now != system) {
            f.clock_floor = kiosk::core::Iso8601Utc(static_cast<std::time_t>(now)) + " (from " + m_clockFloorSource + ")";
            f.clock_behind_s = now - system;
        }
        // The kiosk and site of the latest sitting; before any, --kiosk-id (or the host name).
        std::string site;
        kiosk::core::Statement st;
        if (!st.Prepare(db, "SELECT kiosk_id, site_id FROM sittings ORDER BY rowid DESC LIMIT 1") &&
            st.Step() == kiosk::core::StepResult::Row) {
            f.kiosk_id = st.ColumnText(0);
            site = st.ColumnText(1);
        }
        if (f.kiosk_id.empty()) f.kiosk_id = m_o.kiosk_id.empty() ? HostName() : m_o.kiosk_id;
        if (m_o.iri_base.empty() && site.empty()) return std::string("no sitting yet names the kiosk's site, so its xapi_base is unknown");
        auto base = m_bases.For(db, m_o.records, site);
        if (base.index() == 1) return std::get<1>(base);
        f.base = std::get<0>(base);
        std::string id;
        std::string body = HealthStatement(f, id);
        if (auto e = m_store->Enqueue({NewStatement{id, "health", body}}, CurrentCursor(), {}, {}, f.now)) return e;
        return m_store->SetValue("last_health_at", f.now);
    }

    kiosk::xapi::RowCursor CurrentCursor() {
        auto c = m_store->Cursor();
        return std::holds_alternative<kiosk::xapi::RowCursor>(c) ? std::get<kiosk::xapi::RowCursor>(c) : kiosk::xapi::RowCursor{};
    }

    static std::string HostName() {
        char name[256] = {0};
        if (gethostname(name, sizeof name - 1) != 0 || !name[0]) return "kiosk";
        return name;
    }

    Options m_o;
    Backoff m_backoff;
    IriBases m_bases;
    std::optional<SyncStore> m_store;
    std::unique_ptr<kiosk::lrs::Client> m_client;
    std::unique_ptr<kiosk::lrs::Client> m_packClient;  // the manifest server, without credentials
    Backoff m_packBackoff{60, 3600, std::random_device{}()};
    std::chrono::steady_clock::time_point m_nextManifestAt{};
    std::string m_refusedFingerprint;  // the credentials file the LRS refused, until it changes
    std::optional<std::int64_t> m_clock_skew;
    // The clock floor (core/util/clock_floor.h): what servers said (their Date, the newest manifest
    // signing), which also goes to the kiosk through inbox/clock-floor, and the source of the last floor used.
    kiosk::core::ClockFloor m_networkFloor;
    std::int64_t m_floorWritten = 0;
    std::string m_clockFloorSource;

    static std::int64_t SteadyS() {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    }

    // The time to stamp this cycle with: the clock, or the floor when the clock is behind it. Leaves what
    // the network said for the kiosk (which has none) when it is news.
    long long UpdateClockFloor(kiosk::core::Database& records, long long system) {
        const std::int64_t steady = SteadyS();
        if (auto v = m_store->Value("manifest_signed_at_s"); std::holds_alternative<std::optional<std::string>>(v))
            if (auto text = std::get<std::optional<std::string>>(v); text && !text->empty())
                m_networkFloor.Raise(std::atoll(text->c_str()), steady, "the newest manifest's signing time");
        kiosk::core::ClockFloor floor = m_networkFloor;
        kiosk::core::Statement latest;
        if (!latest.Prepare(records, "SELECT CAST(strftime('%s', max(started_at)) AS INTEGER) FROM sittings") &&
            latest.Step() == kiosk::core::StepResult::Row && !latest.ColumnIsNull(0))
            floor.Raise(latest.ColumnInt64(0), steady, "the newest record on this kiosk");
        m_clockFloorSource = floor.source;
        LeaveClockFloor();
        return kiosk::core::FlooredTime(floor, system, steady);
    }

    // What the network said about the time, for the kiosk (which has none): inbox/clock-floor.
    void LeaveClockFloor() {
        if (m_o.inbox.empty() || m_networkFloor.floor_s == 0) return;
        const std::int64_t at_least = m_networkFloor.floor_s + (SteadyS() - m_networkFloor.steady_at_s);
        if (at_least <= m_floorWritten + 3600) return;  // news at most hourly: no wear on the kiosk's disk
        std::error_code ec;
        std::filesystem::create_directories(m_o.inbox, ec);
        if (auto e = kiosk::core::WriteClockFloorFile((std::filesystem::path(m_o.inbox) / "clock-floor").string(),
                                                    at_least, m_networkFloor.source))
            Log("cannot leave the clock floor for the kiosk: " + *e);
        else
            m_floorWritten = at_least;
    }
};

}  // namespace

int main(int argc, char** argv) {
    auto parsed = ParseOptions(argc, argv);
    if (auto* e = std::get_if<std::string>(&parsed)) {
        std::fprintf(stderr, "kiosk-sync: %s\n\n%s", e->c_str(), kUsage);
        return 2;
    }
    if (std::get<Parsed>(parsed).help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    std::signal(SIGTERM, OnSignal);
    std::signal(SIGINT, OnSignal);
    std::signal(SIGPIPE, SIG_IGN);
    return Syncer(std::get<Parsed>(parsed).options).Run();
}
