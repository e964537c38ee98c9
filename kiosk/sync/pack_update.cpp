// PollManifest (pack_update.h).
#include "sync/pack_update.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/pack/pack_io.h"
#include "core/pack/pack_manifest.h"
#include "core/pack/pack_signature.h"
#include "core/trust/trusted_keys.h"
#include "core/util/utc_time.h"

namespace kiosk::sync {

namespace fs = std::filesystem;

namespace {

PackPollResult Result(PackPoll outcome, std::string words) { return {outcome, std::move(words)}; }

// The folder of the manifest's URL, where the pack it names is published beside it.
std::string Folder(const std::string& url) {
    std::size_t slash = url.rfind('/');
    return slash == std::string::npos ? url : url.substr(0, slash + 1);
}

void SyncFolder(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::int64_t StoredInt(SyncStore& store, const std::string& key) {
    auto v = store.Value(key);
    if (auto* text = std::get_if<std::optional<std::string>>(&v); text && *text) {
        try {
            return std::stoll(**text);
        } catch (...) {
        }
    }
    return 0;
}

// The highest version of `pack_id` this kiosk installed (records DB, read only); 0 if none.
std::int64_t InstalledVersion(core::Database& records, const std::string& pack_id) {
    core::Statement st;
    if (st.Prepare(records, "SELECT coalesce(max(pack_version), 0) FROM pack_installs WHERE pack_id = ?1")) return 0;
    st.Bind(1, pack_id);
    return st.Step() == core::StepResult::Row ? st.ColumnInt64(0) : 0;
}

// The pack id the kiosk last installed (records DB, read only); "" if none.
std::string InstalledPackId(core::Database& records) {
    core::Statement st;
    if (st.Prepare(records, "SELECT pack_id FROM pack_installs ORDER BY seq DESC LIMIT 1")) return {};
    return st.Step() == core::StepResult::Row ? st.ColumnText(0) : std::string();
}

// The highest version of `pack_id` waiting in the inbox (placed there by an earlier poll, so already
// verified); 0 if none.
std::int64_t WaitingVersion(const std::string& inbox, const std::string& pack_id) {
    std::int64_t best = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(inbox, ec)) {
        std::string name = entry.path().filename().string();
        if (name.empty() || name[0] == '.' || !name.ends_with(".pack") || !fs::exists(entry.path().string() + ".sig", ec))
            continue;
        auto pack = core::ReadPack(entry.path().string(), false);
        if (auto* data = std::get_if<core::PackData>(&pack); data && data->id == pack_id)
            best = std::max<std::int64_t>(best, data->version);
    }
    return best;
}

}  // namespace

PackPollResult PollManifest(core::Database& records, SyncStore& store, lrs::Client& client,
                            const PackUpdateOptions& options, long long now_s) {
    auto etag = store.Value("manifest_etag");
    std::optional<std::string> known_etag =
        std::holds_alternative<std::optional<std::string>>(etag) ? std::get<std::optional<std::string>>(etag) : std::nullopt;
    lrs::Response r = client.GetUrl(options.manifest_url, known_etag);
    if (r.too_long)
        return Result(PackPoll::Refused, "the manifest at " + options.manifest_url + " is longer than " +
                                             std::to_string(core::kMaxManifestBytes) + " bytes: not a manifest");
    if (r.status == 0) return Result(PackPoll::Unreachable, "cannot fetch the manifest " + options.manifest_url + ": " + r.error);
    if (r.status == 304) return Result(PackPoll::NothingNew, "the manifest has not changed");
    if (r.status != 200)
        return Result(PackPoll::Unreachable, "the manifest server answered HTTP " + std::to_string(r.status) + " for " +
                                                 options.manifest_url);

    auto trusted = core::LoadTrustedKeys(options.trusted_keys);
    if (auto* e = std::get_if<std::string>(&trusted)) return Result(PackPoll::Failed, *e);
    auto verified = core::VerifyManifest(r.body, std::get<core::TrustedKeys>(trusted), options.manifest_url);
    if (auto* e = std::get_if<std::string>(&verified)) return Result(PackPoll::Refused, *e);
    const core::PackManifest& m = std::get<core::VerifiedManifest>(verified).manifest;

    // The clock floor: a kiosk clock that went back (a flat battery) or a replayed manifest cannot
    // make an expired manifest current.
    long long floor = std::max<long long>(now_s, StoredInt(store, "manifest_signed_at_s"));
    if (r.date)
        if (auto server = lrs::ParseHttpDate(*r.date)) floor = std::max(floor, *server);
    if (m.expires_at_s <= floor)
        return Result(PackPoll::Refused, "the manifest for " + m.pack_id + " v" + std::to_string(m.pack_version) +
                                             " expired at " + m.expires_at + " (this kiosk knows it is at least " +
                                             core::Iso8601Utc(static_cast<std::time_t>(floor)) +
                                             "): a stale or replayed manifest; the publisher re-signs it on a schedule");
    // One kiosk runs one pack: a manifest for another pack id (even from a trusted key) is not for it.
    if (std::string running = InstalledPackId(records); !running.empty() && running != m.pack_id)
        return Result(PackPoll::Refused, "the manifest is for pack " + m.pack_id + ", but this kiosk runs " + running);
    // The floor is what is installed, or a newer pack already waiting in the inbox: never replace it with
    // an older one.
    const std::int64_t installed = std::max(InstalledVersion(records, m.pack_id), WaitingVersion(options.inbox, m.pack_id));
    auto remember = [&]() -> std::optional<std::string> {
        if (auto e = store.SetValue("manifest_signed_at_s",
                                    std::to_string(std::max<long long>(m.signed_at_s, StoredInt(store, "manifest_signed_at_s")))))
            return e;
        if (r.etag) return store.SetValue("manifest_etag", *r.etag);
        return std::nullopt;
    };
    if (m.pack_version < installed)
        return Result(PackPoll::Refused, "the manifest offers " + m.pack_id + " v" + std::to_string(m.pack_version) +
                                             ", older than the installed or waiting v" + std::to_string(installed) +
                                             ": a rollback, refused");
    if (m.pack_version == installed) {
        if (auto e = remember()) return Result(PackPoll::Failed, "cannot write the sync state (" + *e + ")");
        return Result(PackPoll::NothingNew, m.pack_id + " v" + std::to_string(installed) +
                                                " is installed or waiting in the inbox; nothing newer");
    }
    std::error_code ec;
    fs::create_directories(options.inbox, ec);
    const fs::path waiting = fs::path(options.inbox) / m.file;
    if (fs::exists(waiting) && fs::exists(waiting.string() + ".sig")) {
        if (auto e = remember()) return Result(PackPoll::Failed, "cannot write the sync state (" + *e + ")");
        return Result(PackPoll::NothingNew, m.file + " is already in the inbox, waiting for the kiosk's attract screen");
    }

    // Download beside the inbox, never into it, until every check has passed.
    const fs::path incoming = fs::path(options.inbox) / ".incoming";
    fs::remove_all(incoming, ec);
    fs::create_directories(incoming, ec);
    if (ec) return Result(PackPoll::Failed, "cannot make " + incoming.string() + " (" + ec.message() + ")");
    const fs::path pack = incoming / m.file;
    const std::string pack_url = Folder(options.manifest_url) + m.file;
    // At least 1 KiB/s on average, plus ten minutes: generous for a slow line, finite for a trickle.
    const long max_seconds = 600 + static_cast<long>(m.length / 1024);
    lrs::FileDownload got = client.GetToFile(pack_url, pack.string(), m.length, 1024, options.slow_for_s, max_seconds);
    auto refuse = [&](const std::string& why) {
        fs::remove_all(incoming, ec);
        return Result(PackPoll::Refused, "the download of " + pack_url + " was refused: " + why);
    };
    if (got.too_long) return refuse("it is longer than the " + std::to_string(m.length) + " bytes the manifest says");
    if (got.status == 0) {
        fs::remove_all(incoming, ec);
        return Result(PackPoll::Unreachable, "cannot download " + pack_url + ": " + got.error);
    }
    if (got.status != 200) return refuse("the server answered HTTP " + std::to_string(got.status));
    if (got.bytes != m.length)
        return refuse(std::to_string(got.bytes) + " bytes, not the " + std::to_string(m.length) + " the manifest says");
    if (got.sha256 != m.sha256) return refuse("its sha256 is not the one the manifest says (changed or damaged)");
    lrs::FileDownload sig = client.GetToFile(pack_url + ".sig", pack.string() + ".sig", 4096, 1, options.slow_for_s);
    if (sig.status == 0 && !sig.too_long) {
        fs::remove_all(incoming, ec);
        return Result(PackPoll::Unreachable, "cannot download " + pack_url + ".sig: " + sig.error);
    }
    if (sig.too_long || sig.status != 200) return refuse("its signature file could not be fetched (HTTP " + std::to_string(sig.status) + ")");
    auto signer = core::VerifyPack(pack.string(), std::get<core::TrustedKeys>(trusted));
    if (auto* e = std::get_if<std::string>(&signer)) {
        // Name what was published, not the temporary copy (which is gone by the time anyone reads this).
        std::string words = *e;
        for (std::size_t at; (at = words.find(pack.string())) != std::string::npos;) words.replace(at, pack.string().size(), pack_url);
        return refuse(words);
    }
    auto read = core::ReadPack(pack.string(), false);
    if (auto* e = std::get_if<std::string>(&read)) return refuse(*e);
    const core::PackData& data = std::get<core::PackData>(read);
    if (data.id != m.pack_id || data.version != m.pack_version)
        return refuse("the file is " + data.id + " v" + std::to_string(data.version) + ", not the " + m.pack_id + " v" +
                      std::to_string(m.pack_version) + " the manifest names");

    // Signature first, then the pack: the kiosk takes a pack only when its .sig is beside it.
    fs::rename(pack.string() + ".sig", waiting.string() + ".sig", ec);
    if (!ec) fs::rename(pack, waiting, ec);
    if (ec) return Result(PackPoll::Failed, "cannot move the pack into " + options.inbox + " (" + ec.message() + ")");
    SyncFolder(options.inbox);
    // An older version of this pack still waiting is superseded by this one (and only that).
    for (const auto& entry : fs::directory_iterator(options.inbox, ec)) {
        std::string name = entry.path().filename().string();
        if (name == m.file || name.empty() || name[0] == '.' || !name.ends_with(".pack")) continue;
        auto older = core::ReadPack(entry.path().string(), false);
        if (auto* data = std::get_if<core::PackData>(&older); data && data->id == m.pack_id && data->version < m.pack_version) {
            fs::remove(entry.path().string() + ".sig", ec);
            fs::remove(entry.path(), ec);
        }
    }
    fs::remove_all(incoming, ec);
    if (auto e = remember()) return Result(PackPoll::Failed, "cannot write the sync state (" + *e + ")");
    return Result(PackPoll::Downloaded, m.pack_id + " v" + std::to_string(m.pack_version) + " downloaded (" +
                                            std::to_string(m.length) + " bytes, verified); the kiosk installs it on its attract screen");
}

}  // namespace kiosk::sync
