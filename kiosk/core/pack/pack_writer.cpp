// WritePack (pack_io.h): checks that the PackData can be stored and read back exactly, then builds the
// SQLite file under a temporary name and renames it over the target, so a reader (or a kiosk copying
// the pack from a USB stick) never sees a half-written pack.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <set>
#include <string>
#include <system_error>

#include "core/util/one_line.h"
#include "core/pack/pack_io.h"
#include "core/pack/pack_schema.h"
#include "core/util/sqlite_db.h"

namespace kiosk::core {

namespace {

std::string Quote(std::string_view s) { return Quoted(s); }

std::optional<std::string> CheckList(const std::vector<std::string>& items, const std::string& what) {
    for (const std::string& item : items)
        if (const char* problem = PackListItemProblem(item)) return what + " " + Quote(item) + " " + problem;
    return std::nullopt;
}

// Only what the storage itself needs: ids that key child rows must be unique, list items must survive
// the ',' join, and assets must already be in the order the reader returns them. Whether the content
// makes sense (routes lead somewhere, strings exist) is the compiler's business.
std::optional<std::string> CheckStorable(const PackData& pack) {
    if (auto e = CheckList(pack.languages, "pack language")) return e;
    std::set<std::string> module_ids;
    for (const Module& m : pack.modules) {
        if (!module_ids.insert(m.id).second) return "duplicate module id " + Quote(m.id);
        if (auto e = CheckList(m.audience, "module " + Quote(m.id) + " audience")) return e;
        std::set<std::string> scene_ids;
        for (const Scene& s : m.scenes) {
            if (!scene_ids.insert(s.id).second) return "duplicate scene id " + Quote(m.id + "/" + s.id);
            std::set<std::string> option_ids;
            for (const Option& o : s.options)
                if (!option_ids.insert(o.id).second)
                    return "duplicate option id " + Quote(m.id + "/" + s.id + "/" + o.id);
        }
    }
    std::set<std::string> site_ids;
    for (const Site& s : pack.sites) {
        if (!site_ids.insert(s.id).second) return "duplicate site id " + Quote(s.id);
        if (auto e = CheckList(s.languages, "site " + Quote(s.id) + " language")) return e;
    }
    for (std::size_t i = 0; i < pack.assets.size(); ++i) {
        const Asset& a = pack.assets[i];
        if (i > 0 && !(pack.assets[i - 1].path < a.path))
            return "assets must be sorted by path without duplicates: " + Quote(pack.assets[i - 1].path) +
                   " comes before " + Quote(a.path);
        // A wrong sha256 would build a pack whose asset every kiosk then refuses as damaged.
        if (Sha256Hex(a.data.data(), a.data.size()) != a.sha256)
            return "asset " + Quote(a.path) + ": sha256 does not match its data";
    }
    return std::nullopt;
}

template <typename T>
void BindValue(Statement& statement, int index, const T& value) {
    statement.Bind(index, value);
}

template <typename T>
void BindValue(Statement& statement, int index, const std::optional<T>& value) {
    if (value)
        statement.Bind(index, *value);
    else
        statement.Bind(index, nullptr);
}

// Runs prepared INSERTs with values bound to ?1, ?2, ... and keeps the first failure; after one, every
// call does nothing, so the walk over PackData below needs no error plumbing.
class Inserter {
public:
    template <typename... Values>
    void operator()(Statement& statement, const Values&... values) {
        if (m_error) return;
        int index = 0;
        (BindValue(statement, ++index, values), ...);
        if (statement.Step() != StepResult::Done) m_error = statement.ErrorMessage();
        statement.Reset();
    }
    const std::optional<std::string>& Error() const { return m_error; }

private:
    std::optional<std::string> m_error;
};

std::optional<Statement> Prepare(Database& db, std::string_view sql, std::string& error) {
    Statement statement;
    if (auto e = statement.Prepare(db, sql)) {
        error = *e;
        return std::nullopt;
    }
    return statement;
}

std::optional<int> RegionPart(const Option& o, int Rect::*part) {
    if (!o.region) return std::nullopt;
    return (*o.region).*part;
}

// Inserts every row, in an order that depends only on `pack`, so equal packs give equal files.
std::optional<std::string> InsertRows(Database& db, const PackData& pack) {
    std::string error;
    auto meta = Prepare(db, "INSERT INTO meta(key, value) VALUES(?1, ?2)", error);
    auto modules = Prepare(db,
                           "INSERT INTO modules(ord, id, minutes, pass_mark, has_content_warning, audience, start)"
                           " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           error);
    auto sources =
        Prepare(db, "INSERT INTO sources(module_id, ord, title, url, checked) VALUES(?1, ?2, ?3, ?4, ?5)", error);
    auto scenes = Prepare(db,
                          "INSERT INTO scenes(module_id, ord, id, kind, question, next, must_see, must_watch,"
                          " signposting, points, image) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                          error);
    auto media =
        Prepare(db, "INSERT INTO scene_media(module_id, scene_id, role, lang, path) VALUES(?1, ?2, ?3, ?4, ?5)", error);
    auto routes =
        Prepare(db, "INSERT INTO routes(module_id, scene_id, ord, condition, go_to) VALUES(?1, ?2, ?3, ?4, ?5)", error);
    auto chapters = Prepare(db, "INSERT INTO chapters(module_id, scene_id, ord, at_ms) VALUES(?1, ?2, ?3, ?4)", error);
    auto pauses = Prepare(
        db, "INSERT INTO pauses(module_id, scene_id, ord, at_ms, question) VALUES(?1, ?2, ?3, ?4, ?5)", error);
    auto options = Prepare(db,
                           "INSERT INTO options(module_id, scene_id, ord, id, correct, go_to, score,"
                           " region_x, region_y, region_w, region_h)"
                           " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                           error);
    auto assignments = Prepare(db,
                               "INSERT INTO assignments(module_id, scene_id, option_id, ord, name, value)"
                               " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                               error);
    auto contacts = Prepare(db, "INSERT INTO contacts(owner, ord, phone, url) VALUES(?1, ?2, ?3, ?4)", error);
    auto facts = Prepare(db, "INSERT INTO facts(ord, url) VALUES(?1, ?2)", error);
    auto sites = Prepare(db,
                         "INSERT INTO sites(ord, id, region, agency, languages, idle_timeout_s,"
                         " idle_countdown_s, admin_pin_hash, xapi_base, keep_records_days, resume_days)"
                         " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                         error);
    auto strings = Prepare(db, "INSERT INTO strings(key, lang, text, fuzzy) VALUES(?1, ?2, ?3, ?4)", error);
    auto assets = Prepare(db,
                          "INSERT INTO assets(path, mime, sha256, width, height, data)"
                          " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                          error);
    if (!error.empty()) return error;

    Inserter insert;
    insert(*meta, kMetaSchemaVersion, std::to_string(kPackSchemaVersion));
    insert(*meta, kMetaPackId, pack.id);
    insert(*meta, kMetaPackVersion, std::to_string(pack.version));
    insert(*meta, kMetaBuildTime, pack.build_time);
    insert(*meta, kMetaContentHash, pack.content_hash);
    insert(*meta, kMetaLanguages, JoinPackList(pack.languages));

    for (std::size_t mi = 0; mi < pack.modules.size(); ++mi) {
        const Module& m = pack.modules[mi];
        insert(*modules, static_cast<std::int64_t>(mi), m.id, m.minutes, m.pass_mark, m.has_content_warning,
               JoinPackList(m.audience), m.start);
        for (std::size_t i = 0; i < m.sources.size(); ++i) {
            const Source& s = m.sources[i];
            insert(*sources, m.id, static_cast<std::int64_t>(i), s.title, s.url, s.checked);
        }
        for (std::size_t si = 0; si < m.scenes.size(); ++si) {
            const Scene& s = m.scenes[si];
            insert(*scenes, m.id, static_cast<std::int64_t>(si), s.id, ToString(s.kind), ToString(s.question), s.next,
                   s.must_see, s.must_watch, s.signposting, s.points, s.image);
            for (const auto& [lang, path] : s.video) insert(*media, m.id, s.id, kMediaVideo, lang, path);
            for (const auto& [lang, path] : s.captions) insert(*media, m.id, s.id, kMediaCaptions, lang, path);
            for (std::size_t i = 0; i < s.routes.size(); ++i)
                insert(*routes, m.id, s.id, static_cast<std::int64_t>(i), s.routes[i].condition, s.routes[i].go_to);
            for (std::size_t i = 0; i < s.chapters.size(); ++i)
                insert(*chapters, m.id, s.id, static_cast<std::int64_t>(i), s.chapters[i].at_ms);
            for (std::size_t i = 0; i < s.pauses.size(); ++i)
                insert(*pauses, m.id, s.id, static_cast<std::int64_t>(i), s.pauses[i].at_ms, s.pauses[i].question);
            for (std::size_t oi = 0; oi < s.options.size(); ++oi) {
                const Option& o = s.options[oi];
                insert(*options, m.id, s.id, static_cast<std::int64_t>(oi), o.id, o.correct, o.go_to, o.score,
                       RegionPart(o, &Rect::x), RegionPart(o, &Rect::y), RegionPart(o, &Rect::w),
                       RegionPart(o, &Rect::h));
                for (std::size_t i = 0; i < o.set.size(); ++i)
                    insert(*assignments, m.id, s.id, o.id, static_cast<std::int64_t>(i), o.set[i].name, o.set[i].value);
            }
        }
    }

    for (std::size_t i = 0; i < pack.contacts.size(); ++i)
        insert(*contacts, kPackContactOwner, static_cast<std::int64_t>(i), pack.contacts[i].phone,
               pack.contacts[i].url);
    for (std::size_t i = 0; i < pack.facts.size(); ++i) insert(*facts, static_cast<std::int64_t>(i), pack.facts[i].url);
    for (std::size_t si = 0; si < pack.sites.size(); ++si) {
        const Site& s = pack.sites[si];
        insert(*sites, static_cast<std::int64_t>(si), s.id, s.region, s.agency, JoinPackList(s.languages),
               s.idle_timeout_s, s.idle_countdown_s, s.admin_pin_hash, s.xapi_base, s.keep_records_days,
               s.resume_days);
        for (std::size_t i = 0; i < s.contacts.size(); ++i)
            insert(*contacts, SiteContactOwner(s.id), static_cast<std::int64_t>(i), s.contacts[i].phone,
                   s.contacts[i].url);
    }

    for (const auto& [key, by_language] : pack.strings)
        for (const auto& [lang, text] : by_language) insert(*strings, key, lang, text.text, text.fuzzy);

    for (const Asset& a : pack.assets)
        insert(*assets, a.path, a.mime, a.sha256, a.width, a.height, std::span<const std::uint8_t>(a.data));
    return insert.Error();
}

// Builds the whole pack in `tmp_path`, closed and ready to be renamed.
std::optional<std::string> BuildFile(const PackData& pack, const std::string& tmp_path, bool compact) {
    Database db;
    if (auto e = db.Open(tmp_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
        return "cannot create " + tmp_path + " (SQLite: " + *e + ")";
    // No journal and no syncs while building: the file is private until the rename, a failed build is
    // deleted, and the one fsync that matters happens before the rename. PRAGMAs take no parameters,
    // so the two numbers are formatted from compile-time constants, never from pack data.
    const std::string ids = "PRAGMA application_id=" + std::to_string(kPackApplicationId) +
                            "; PRAGMA user_version=" + std::to_string(kPackSchemaVersion) + ";";
    if (auto e = db.Exec("PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"))
        return "SQLite: " + *e;
    if (auto e = db.Exec(ids.c_str())) return "SQLite: " + *e;
    if (auto e = db.Exec(PackSchemaSql())) return "SQLite: " + *e;
    if (auto e = db.Exec("BEGIN")) return "SQLite: " + *e;
    if (auto e = InsertRows(db, pack)) return "SQLite: " + *e;
    if (auto e = db.Exec("COMMIT")) return "SQLite: " + *e;
    // Rebuilds the file with every table and index contiguous and no free pages.
    if (compact)
        if (auto e = db.Exec("VACUUM")) return "SQLite: " + *e;
    if (auto e = db.Close()) return "SQLite: " + *e;
    return std::nullopt;
}

std::string ErrnoMessage(int error) { return std::generic_category().message(error); }

std::optional<std::string> SyncFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoMessage(errno);
    int rc = ::fsync(fd);
    int error = errno;
    ::close(fd);
    if (rc != 0) return ErrnoMessage(error);
    return std::nullopt;
}

}  // namespace

std::optional<std::string> WritePack(PackData& pack, const std::string& path, const PackWriteOptions& options) {
    const std::string prefix = path + ": cannot write the pack: ";
    if (auto e = CheckStorable(pack)) return prefix + *e;
    pack.content_hash = ComputeContentHash(pack);

    // The pid keeps two kiosk-author processes building the same pack from clobbering each other.
    const std::string tmp_path = path + ".tmp-" + std::to_string(::getpid());
    std::error_code ec;
    std::filesystem::remove(tmp_path, ec);  // a leftover from a crash would otherwise be appended to
    auto fail = [&](const std::string& message) -> std::optional<std::string> {
        std::filesystem::remove(tmp_path, ec);
        return prefix + message;
    };

    if (auto e = BuildFile(pack, tmp_path, options.compact)) return fail(*e);
    // Without the fsync, a power cut after the rename can leave the new name pointing at missing data.
    if (options.durable)
        if (auto e = SyncFile(tmp_path)) return fail("fsync " + tmp_path + ": " + *e);
    if (::rename(tmp_path.c_str(), path.c_str()) != 0) return fail("rename " + tmp_path + ": " + ErrnoMessage(errno));
    if (!options.durable) return std::nullopt;
    // Make the rename itself durable. Some file systems refuse fsync on a directory; the pack is
    // complete either way, so that is not worth failing the build for.
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    SyncFile(dir.empty() ? std::string(".") : dir.string());
    return std::nullopt;
}

}  // namespace kiosk::core
