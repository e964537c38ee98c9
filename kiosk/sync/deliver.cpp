// Deliver (deliver.h). A failed batch is never half-acked: either the LRS took it all (2xx) or the
// statements stay pending, and the same bytes go again later; the LRS's id check makes that safe.
#include "sync/deliver.h"

#include <ctime>

#include "sync/compare.h"

namespace kiosk::sync {

namespace {

std::string Join(const std::vector<OutboxItem>& items, std::size_t from, std::size_t to) {
    std::string body = "[";
    for (std::size_t i = from; i < to; ++i) {
        if (i > from) body += ',';
        body += items[i].body;
    }
    body += ']';
    return body;
}

std::string Describe(const lrs::Response& r) {
    if (r.status == 0) return "no answer from the LRS: " + r.error;
    std::string words = "the LRS answered HTTP " + std::to_string(r.status);
    // A short, printable excerpt of its message (never our request, which holds no secret anyway).
    std::string excerpt;
    for (char c : r.body.substr(0, 160)) excerpt += (c >= ' ' && c < 127) ? c : ' ';
    if (!excerpt.empty()) words += " (" + excerpt + ")";
    return words;
}

class Run {
public:
    Run(SyncStore& store, lrs::Client& client, DeliverLimits& limits, const std::function<std::string()>& now,
        DeliverResult& result)
        : m_store(store), m_client(client), m_limits(limits), m_now(now), m_result(result) {}

    // Sends items[from, to). True to go on with the next batch; false when the result says stop.
    bool Send(const std::vector<OutboxItem>& items, std::size_t from, std::size_t to) {
        std::string body = Join(items, from, to);
        lrs::Response r = m_client.PostStatements(body);
        ++m_result.posts;
        Note(r);
        std::vector<std::int64_t> seqs;
        for (std::size_t i = from; i < to; ++i) seqs.push_back(items[i].seq);
        const std::size_t n = to - from;
        if (r.status >= 200 && r.status < 300) {
            if (auto e = m_store.MarkAcked(seqs, r.status, m_now())) return StoreFailed(*e);
            m_result.acked += static_cast<std::int64_t>(n);
            return true;
        }
        if ((r.status == 400 || r.status == 409) && n > 1) {
            std::size_t mid = from + n / 2;
            return Send(items, from, mid) && Send(items, mid, to);
        }
        if (r.status == 409) return Compare(items[from], r);
        if (r.status == 400) return Quarantine(items[from], r, "the LRS refused this statement as invalid: " + Describe(r));
        if (r.status == 413) {
            if (n == 1) return Quarantine(items[from], r, "the LRS will not take this statement: it is too large (HTTP 413)");
            m_limits.max_count = std::max<std::size_t>(1, n / 2);
            m_limits.max_bytes = std::max<std::size_t>(1024, body.size() / 2);
            return true;
        }
        return Fail(seqs, r);
    }

private:
    void Note(const lrs::Response& r) {
        if (r.date)
            if (auto t = lrs::ParseHttpDate(*r.date)) m_result.server_date = *t;
    }

    bool Compare(const OutboxItem& item, const lrs::Response& conflict) {
        lrs::Response held = m_client.GetStatement(item.id);
        Note(held);
        if (held.status == 200) {
            if (SameStatement(item.body, held.body)) {
                if (auto e = m_store.MarkAcked({item.seq}, 409, m_now())) return StoreFailed(*e);
                ++m_result.acked;
                return true;
            }
            return Quarantine(item, conflict,
                              "the LRS holds a different statement with the same id (HTTP 409 Conflict); kept here, not re-sent");
        }
        if (held.status == 404) {
            // A 409 for a statement the LRS does not hold is the LRS's fault, not the statement's: try later.
            return Fail({item.seq}, conflict, "the LRS answered 409 Conflict but holds no statement " + item.id);
        }
        return Fail({item.seq}, held);
    }

    bool Quarantine(const OutboxItem& item, const lrs::Response& r, const std::string& why) {
        if (auto e = m_store.MarkQuarantined(item.seq, r.status, why)) return StoreFailed(*e);
        ++m_result.quarantined;
        m_result.error = "statement " + item.id + " quarantined: " + why;
        return true;
    }

    bool Fail(const std::vector<std::int64_t>& seqs, const lrs::Response& r, std::string words = {}) {
        if (words.empty()) words = Describe(r);
        m_result.error = words;
        if (auto e = m_store.MarkAttempt(seqs, r.status, words)) return StoreFailed(*e);
        if (r.status == 401 || r.status == 403) {
            m_result.verdict = Verdict::CredentialsRefused;
            m_result.error = "the LRS refused the credentials (HTTP " + std::to_string(r.status) +
                             "); nothing is sent until they are changed";
        } else if ((r.status == 429 || r.status == 503) && r.retry_after) {
            m_result.verdict = Verdict::RetryAfter;
            m_result.retry_after_s = lrs::RetryAfterSeconds(*r.retry_after, static_cast<long long>(std::time(nullptr)));
            if (!m_result.retry_after_s) m_result.verdict = Verdict::RetryLater;
        } else {
            m_result.verdict = Verdict::RetryLater;
        }
        return false;
    }

    bool StoreFailed(const std::string& e) {
        m_result.verdict = Verdict::StoreFailed;
        m_result.error = "cannot write the sync state (" + e + ")";
        return false;
    }

    SyncStore& m_store;
    lrs::Client& m_client;
    DeliverLimits& m_limits;
    const std::function<std::string()>& m_now;
    DeliverResult& m_result;
};

}  // namespace

DeliverResult Deliver(SyncStore& store, lrs::Client& client, DeliverLimits limits, const std::function<std::string()>& now) {
    DeliverResult result;
    Run run(store, client, limits, now, result);
    for (;;) {
        auto items = store.NextPending(limits.max_count, limits.max_bytes);
        if (auto* e = std::get_if<std::string>(&items)) {
            result.verdict = Verdict::StoreFailed;
            result.error = "cannot read the sync state (" + *e + ")";
            return result;
        }
        auto& batch = std::get<std::vector<OutboxItem>>(items);
        if (batch.empty()) {
            result.verdict = Verdict::Drained;
            return result;
        }
        if (!run.Send(batch, 0, batch.size())) return result;
    }
}

}  // namespace kiosk::sync
