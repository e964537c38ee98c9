// Sharing resume points between a partnership's kiosks through its LRS (share_progress.h).
#include "sync/share_progress.h"

#include <nlohmann/json.hpp>

#include "core/util/utc_time.h"
#include "xapi/records_rows.h"
#include "xapi/statements.h"

namespace kiosk::sync {

namespace {

constexpr std::int64_t kReadLimit = 5000;   // points read from the records per cycle (a kiosk makes a few a day)
constexpr int kMaxPages = 50;                // pages per verb per pull; the rest comes next cycle
constexpr std::int64_t kKeepDays = 90;       // the longest resume_days a site can set (authoring/site_loader.cpp)
constexpr const char* kVerbs[] = {"http://adlnet.gov/expapi/verbs/suspended", "http://adlnet.gov/expapi/verbs/completed"};

std::string Encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// The path part of a full URL's "more" link (same server only), or the link as it is.
std::optional<std::string> SameServerPath(const std::string& more, const std::string& endpoint) {
    if (more.rfind("http://", 0) != 0 && more.rfind("https://", 0) != 0) return more;
    auto origin_end = [](const std::string& url) { return url.find('/', url.find("://") + 3); };
    const std::size_t a = origin_end(more), b = origin_end(endpoint);
    if (a == std::string::npos || more.substr(0, a) != endpoint.substr(0, b)) return std::nullopt;
    return more.substr(a);
}

}  // namespace

std::variant<std::int64_t, std::string> EnqueueResumePoints(core::Database& records, const std::string& records_path,
                                                            SyncStore& store, IriBases& bases, const std::string& now) {
    auto since = store.Value("resume_read_since");
    if (auto* e = std::get_if<std::string>(&since)) return "cannot read the sync state (" + *e + ")";
    auto rows = xapi::ReadResumePointsSince(records, std::get<std::optional<std::string>>(since).value_or(""), kReadLimit);
    if (auto* e = std::get_if<std::string>(&rows)) return *e;
    const auto& points = std::get<std::vector<xapi::ResumeRow>>(rows);
    if (points.empty()) return std::int64_t{0};
    std::vector<NewStatement> out;
    for (const xapi::ResumeRow& point : points) {
        auto sitting = xapi::ReadSitting(records, point.sitting_id);
        if (auto* e = std::get_if<std::string>(&sitting)) return *e;
        const auto& row = std::get<std::optional<xapi::SittingRow>>(sitting);
        if (!row) continue;  // its sitting is gone (retention): nothing to say who it was
        auto base = bases.For(records, records_path, row->site_id);
        if (base.index() == 1) return std::get<1>(base);
        std::string body = xapi::SuspendedStatement(point, *row, xapi::MapOptions{std::get<0>(base), xapi::ActorKind::Pseudonymous});
        if (!body.empty()) out.push_back({xapi::SuspendedStatementId(point), "record", std::move(body)});
    }
    // The row cursor stays where the records' own enqueue left it; ids make a repeat add nothing.
    auto cursor = store.Cursor();
    if (auto* e = std::get_if<std::string>(&cursor)) return "cannot read the sync state (" + *e + ")";
    if (auto e = store.Enqueue(out, std::get<xapi::RowCursor>(cursor), {}, {}, now))
        return "cannot store statements in the sync state (" + *e + ")";
    // From the last point's time on (not after it): a point saved in that same second later is still read.
    if (auto e = store.SetValue("resume_read_since", points.back().saved_at)) return "cannot store the sync state (" + *e + ")";
    return static_cast<std::int64_t>(out.size());
}

std::variant<PullShared, std::string> PullSharedProgress(lrs::Client& client, const std::string& endpoint, SyncStore& store,
                                                        std::int64_t now_s) {
    using nlohmann::json;
    PullShared result;
    for (const char* verb : kVerbs) {
        const std::string key = std::string("shared_since ") + verb;
        auto since = store.Value(key);
        if (auto* e = std::get_if<std::string>(&since)) return "cannot read the sync state (" + *e + ")";
        const auto& from = std::get<std::optional<std::string>>(since);
        std::string path = "statements?verb=" + Encode(verb) + "&ascending=true&limit=200";
        if (from) path += "&since=" + Encode(*from);
        std::vector<xapi::SharedProgress> items;
        std::string newest_stored;
        for (int page = 0; page < kMaxPages; ++page) {
            lrs::Response r = client.Get(path);
            if (r.status != 200)
                return "reading shared progress: " + (r.status ? "the LRS answered " + std::to_string(r.status) : r.error);
            json body = json::parse(r.body, nullptr, false);
            if (!body.is_object() || !body.contains("statements") || !body["statements"].is_array())
                return std::string("reading shared progress: the LRS's answer has no statements list");
            for (const json& statement : body["statements"]) {
                ++result.statements;
                if (statement.contains("stored") && statement["stored"].is_string())
                    newest_stored = std::max(newest_stored, statement["stored"].get<std::string>());
                xapi::SharedProgress item = xapi::ReadSharedProgress(statement.dump());
                if (item.kind == xapi::SharedProgress::Kind::Suspended) ++result.points;
                if (item.kind == xapi::SharedProgress::Kind::Finished) ++result.finishes;
                if (item.kind != xapi::SharedProgress::Kind::None) items.push_back(std::move(item));
            }
            std::string more = body.contains("more") && body["more"].is_string() ? body["more"].get<std::string>() : "";
            if (body["statements"].empty() || more.empty()) break;
            auto next = SameServerPath(more, endpoint);
            if (!next) return "reading shared progress: the LRS sent a link to more statements on another server";
            if (*next == path) break;
            path = *next;
        }
        if (auto e = store.KeepShared(items, key, newest_stored)) return "cannot store shared progress (" + *e + ")";
    }
    auto pruned = store.PruneShared(core::Iso8601Utc(static_cast<std::time_t>(now_s - kKeepDays * 86400)));
    if (auto* e = std::get_if<std::string>(&pruned)) return "cannot prune shared progress (" + *e + ")";
    return result;
}

}  // namespace kiosk::sync
