// ReadPack and ReadPackAsset (pack_io.h). A pack may come from a USB stick or a half-finished copy, so
// every way it can be wrong gets its own one-line message naming the file: missing, not SQLite, SQLite
// but not a pack, a schema from the future, damaged, or edited after it was built.
#include <sqlite3.h>

#include <charconv>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "core/util/one_line.h"
#include "core/pack/pack_io.h"
#include "core/pack/pack_schema.h"
#include "core/util/sqlite_db.h"
#include "core/util/sqlite_header.h"

namespace kiosk::core {

namespace {


std::string Quote(std::string_view s) { return Quoted(s); }

std::string NotSqlite(const std::string& path) {
    return path + ": not a content pack: the file is not an SQLite database";
}

std::string Damaged(const std::string& path, const std::string& detail) {
    return path + ": the pack is damaged or truncated (" + detail + ")";
}

std::string NewerSchema(const std::string& path, long long version) {
    return path + ": pack schema " + std::to_string(version) + " is newer than this kiosk understands (" +
           std::to_string(kPackSchemaVersion) + "); update the kiosk";
}

// Maps an SQLite failure to the user's question "what is wrong with this file?". By the time tables
// are read, the application_id and schema version have matched, so a missing table or column
// (SQLITE_ERROR) means the file was damaged or hand-edited, not that it is some other database.
std::string SqliteFailure(const std::string& path, int code, const std::string& message) {
    switch (code & 0xff) {
        case SQLITE_NOTADB: return NotSqlite(path);
        case SQLITE_CORRUPT:
        case SQLITE_ERROR:
        case SQLITE_MISMATCH:
        case SQLITE_RANGE:
        case SQLITE_TOOBIG:
        case SQLITE_FORMAT: return Damaged(path, "SQLite: " + message);
        default: return path + ": cannot read the pack (SQLite: " + message + ")";
    }
}

std::optional<long long> ParseInt(const std::string& text) {
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// Column access for one row; an integer that does not fit an int marks the row bad rather than wrapping.
struct Row {
    const Statement& st;
    bool bad = false;

    std::string Text(int column) const { return st.ColumnText(column); }
    bool Bool(int column) const { return st.ColumnInt64(column) != 0; }
    bool IsNull(int column) const { return st.ColumnIsNull(column); }
    int Int(int column) {
        std::int64_t value = st.ColumnInt64(column);
        if (value < INT_MIN || value > INT_MAX) {
            bad = true;
            return 0;
        }
        return static_cast<int>(value);
    }
};

// Runs one fixed query, handing each row to `on_row`; a detail string from `on_row` stops the walk and
// becomes a "damaged" message. Returns the complete message for the caller to pass on, or nullopt.
template <typename OnRow>
std::optional<std::string> ForEachRow(Database& db, const std::string& path, std::string_view sql, OnRow&& on_row) {
    Statement st;
    if (st.Prepare(db, sql)) return SqliteFailure(path, st.ErrorCode(), st.ErrorMessage());
    for (;;) {
        switch (st.Step()) {
            case StepResult::Done: return std::nullopt;
            case StepResult::Error: return SqliteFailure(path, st.ErrorCode(), st.ErrorMessage());
            case StepResult::Row: break;
        }
        Row row{st};
        std::optional<std::string> detail = on_row(row);
        if (!detail && row.bad) detail = "an integer column is out of range";
        if (detail) return Damaged(path, *detail);
    }
}

// Reads the 100-byte SQLite header ourselves: SQLite opens an empty or foreign file without complaint
// and only fails on first use, with messages that do not say which of our cases it is.
// On success, `header` holds the header bytes and `size` the file size.
std::optional<std::string> CheckFile(const std::string& path, std::string& header, std::uintmax_t& size) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) return path + ": no such file";
    if (ec) return path + ": cannot access the file (" + ec.message() + ")";
    if (status.type() == fs::file_type::directory) return path + ": is a directory, not a content pack file";
    if (status.type() != fs::file_type::regular) return path + ": not a content pack: not a regular file";
    size = fs::file_size(path, ec);
    if (ec) return path + ": cannot access the file (" + ec.message() + ")";
    if (size == 0) return path + ": not a content pack: the file is empty";

    std::ifstream in(path, std::ios::binary);
    if (!in) return path + ": cannot open the file for reading";
    header.assign(kSqliteHeaderBytes, '\0');
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    header.resize(static_cast<std::size_t>(in.gcount()));
    SqliteHeader h = ParseSqliteHeader(header);
    if (!h.magic) return NotSqlite(path);
    if (!h.complete) return Damaged(path, "the file is only " + std::to_string(header.size()) + " bytes");
    return std::nullopt;
}

// SQLite notices a file shorter than its header claims only when whole pages are missing; a cut inside
// the last page reads back as zeros. A pack is always whole pages, so check that too. Called once the
// application_id has matched: a foreign file is "not a pack" whatever its length.
std::optional<std::string> CheckWholePages(const std::string& path, const std::string& header, std::uintmax_t size) {
    SqliteHeader h = ParseSqliteHeader(header);
    if (!h.page_size_valid) return Damaged(path, "invalid page size " + std::to_string(h.page_size));
    if (size % h.page_size != 0)
        return Damaged(path, "the file is " + std::to_string(size) + " bytes, not a whole number of " +
                                 std::to_string(h.page_size) + "-byte pages");
    if (h.claimed_bytes > size)
        return Damaged(path, "the file is " + std::to_string(size) + " bytes but should be " +
                                 std::to_string(h.claimed_bytes));
    return std::nullopt;
}

// Opens `path` read-only and checks it is a pack of a schema this build reads, with all its tables.
// Returns the complete one-line message on failure.
std::optional<std::string> OpenPack(const std::string& path, Database& db) {
    std::string header;
    std::uintmax_t size = 0;
    if (auto e = CheckFile(path, header, size)) return e;
    if (auto e = db.Open(path, SQLITE_OPEN_READONLY)) return path + ": cannot open the pack (SQLite: " + *e + ")";
    // A pack is untrusted input: refuse schema tricks (triggers, views calling functions, writes to
    // sqlite_schema) and check cell sizes so a corrupt page fails cleanly instead of being misread.
    sqlite3_db_config(db.Handle(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db.Handle(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    if (auto e = db.Exec("PRAGMA cell_size_check=ON")) return path + ": cannot open the pack (SQLite: " + *e + ")";

    std::int64_t application_id = 0;
    if (auto e = ForEachRow(db, path, "PRAGMA application_id", [&](Row& r) -> std::optional<std::string> {
            application_id = r.st.ColumnInt64(0);
            return std::nullopt;
        }))
        return e;
    if (application_id != kPackApplicationId) {
        char message[96];
        std::snprintf(message, sizeof message, "(application_id 0x%08X, expected 0x%08X)",
                      static_cast<unsigned>(application_id), static_cast<unsigned>(kPackApplicationId));
        return path + ": an SQLite database but not a content pack " + message;
    }

    std::int64_t user_version = 0;
    if (auto e = ForEachRow(db, path, "PRAGMA user_version", [&](Row& r) -> std::optional<std::string> {
            user_version = r.st.ColumnInt64(0);
            return std::nullopt;
        }))
        return e;
    if (user_version > kPackSchemaVersion) return NewerSchema(path, user_version);
    if (user_version < kPackOldestReadableSchema)
        return path + ": pack schema " + std::to_string(user_version) + " is older than this kiosk reads (" +
               std::to_string(kPackOldestReadableSchema) + "); rebuild the pack with a current kiosk-author";
    if (auto e = CheckWholePages(path, header, size)) return e;

    std::set<std::string> tables;
    if (auto e = ForEachRow(db, path, "SELECT name FROM sqlite_schema WHERE type = 'table'",
                            [&](Row& r) -> std::optional<std::string> {
                                tables.insert(r.Text(0));
                                return std::nullopt;
                            }))
        return e;
    for (std::string_view name : PackTableNames())
        if (!tables.count(std::string(name))) return Damaged(path, "table " + Quote(std::string(name)) + " is missing");
    return std::nullopt;
}

// Reads every table into `pack`. Returns the complete one-line message on failure.
std::optional<std::string> ReadTables(Database& db, const std::string& path, bool with_asset_data, PackData& pack) {
    std::map<std::string, std::string, std::less<>> meta;
    if (auto e = ForEachRow(db, path, "SELECT key, value FROM meta", [&](Row& r) -> std::optional<std::string> {
            meta[r.Text(0)] = r.Text(1);
            return std::nullopt;
        }))
        return e;
    for (std::string_view key :
         {kMetaSchemaVersion, kMetaPackId, kMetaPackVersion, kMetaBuildTime, kMetaContentHash, kMetaLanguages})
        if (meta.find(key) == meta.end()) return Damaged(path, "meta " + Quote(std::string(key)) + " is missing");
    // user_version already matched; meta repeats it for people inspecting a pack with the sqlite3 shell.
    std::optional<long long> schema = ParseInt(meta.find(kMetaSchemaVersion)->second);
    if (!schema) return Damaged(path, "meta schema_version is not a number");
    if (*schema > kPackSchemaVersion) return NewerSchema(path, *schema);
    std::int64_t user_version = 0;
    if (auto e = ForEachRow(db, path, "PRAGMA user_version", [&](Row& r) -> std::optional<std::string> {
            user_version = r.st.ColumnInt64(0);
            return std::nullopt;
        }))
        return e;
    if (*schema != user_version)
        return Damaged(path, "meta schema_version " + std::to_string(*schema) + " disagrees with user_version " +
                                 std::to_string(user_version));
    std::optional<long long> version = ParseInt(meta.find(kMetaPackVersion)->second);
    if (!version || *version < INT_MIN || *version > INT_MAX) return Damaged(path, "meta pack_version is not a number");
    pack.id = meta.find(kMetaPackId)->second;
    pack.version = static_cast<int>(*version);
    pack.build_time = meta.find(kMetaBuildTime)->second;
    pack.content_hash = meta.find(kMetaContentHash)->second;
    pack.languages = SplitPackList(meta.find(kMetaLanguages)->second);

    std::map<std::string, Module*> modules;
    if (auto e = ForEachRow(db, path,
                            "SELECT id, minutes, pass_mark, has_content_warning, audience, start"
                            " FROM modules ORDER BY ord",
                            [&](Row& r) -> std::optional<std::string> {
                                Module& m = pack.modules.emplace_back();
                                m.id = r.Text(0);
                                m.minutes = r.Int(1);
                                m.pass_mark = r.Int(2);
                                m.has_content_warning = r.Bool(3);
                                m.audience = SplitPackList(r.Text(4));
                                m.start = r.Text(5);
                                return std::nullopt;
                            }))
        return e;
    // Pointers are taken only once the vector has stopped growing.
    for (Module& m : pack.modules) modules[m.id] = &m;
    auto find_module = [&](const std::string& id) -> Module* {
        auto it = modules.find(id);
        return it == modules.end() ? nullptr : it->second;
    };

    if (auto e = ForEachRow(db, path, "SELECT module_id, title, url, checked FROM sources ORDER BY module_id, ord",
                            [&](Row& r) -> std::optional<std::string> {
                                Module* m = find_module(r.Text(0));
                                if (!m) return "a source of unknown module " + Quote(r.Text(0));
                                m->sources.push_back(Source{r.Text(1), r.Text(2), r.Text(3)});
                                return std::nullopt;
                            }))
        return e;

    if (auto e = ForEachRow(db, path,
                            "SELECT module_id, id, kind, question, next, must_see, must_watch, signposting, points,"
                            " image FROM scenes ORDER BY module_id, ord",
                            [&](Row& r) -> std::optional<std::string> {
                                Module* m = find_module(r.Text(0));
                                if (!m) return "a scene of unknown module " + Quote(r.Text(0));
                                Scene& s = m->scenes.emplace_back();
                                s.id = r.Text(1);
                                std::optional<SceneKind> kind = SceneKindFromString(r.Text(2));
                                if (!kind) return "unknown scene kind " + Quote(r.Text(2));
                                s.kind = *kind;
                                std::string question = r.Text(3);
                                if (!question.empty()) {
                                    std::optional<QuestionType> type = QuestionTypeFromString(question);
                                    if (!type) return "unknown question type " + Quote(question);
                                    s.question = *type;
                                }
                                s.next = r.Text(4);
                                s.must_see = r.Bool(5);
                                s.must_watch = r.Bool(6);
                                s.signposting = r.Bool(7);
                                s.points = r.Int(8);
                                s.image = r.Text(9);
                                return std::nullopt;
                            }))
        return e;
    std::map<std::pair<std::string, std::string>, Scene*> scenes;
    for (Module& m : pack.modules)
        for (Scene& s : m.scenes) scenes[{m.id, s.id}] = &s;
    auto find_scene = [&](Row& r) -> Scene* {
        auto it = scenes.find({r.Text(0), r.Text(1)});
        return it == scenes.end() ? nullptr : it->second;
    };
    auto unknown_scene = [](Row& r, const char* what) {
        return what + std::string(" of unknown scene ") + Quote(r.Text(0) + "/" + r.Text(1));
    };

    if (auto e = ForEachRow(db, path,
                            "SELECT module_id, scene_id, role, lang, path FROM scene_media"
                            " ORDER BY module_id, scene_id, role, lang",
                            [&](Row& r) -> std::optional<std::string> {
                                Scene* s = find_scene(r);
                                if (!s) return unknown_scene(r, "media");
                                std::string role = r.Text(2);
                                if (role == kMediaVideo)
                                    s->video[r.Text(3)] = r.Text(4);
                                else if (role == kMediaCaptions)
                                    s->captions[r.Text(3)] = r.Text(4);
                                else
                                    return "unknown media role " + Quote(role);
                                return std::nullopt;
                            }))
        return e;

    if (auto e = ForEachRow(db, path,
                            "SELECT module_id, scene_id, condition, go_to FROM routes"
                            " ORDER BY module_id, scene_id, ord",
                            [&](Row& r) -> std::optional<std::string> {
                                Scene* s = find_scene(r);
                                if (!s) return unknown_scene(r, "a route");
                                s->routes.push_back(Route{r.Text(2), r.Text(3)});
                                return std::nullopt;
                            }))
        return e;

    if (auto e =
            ForEachRow(db, path, "SELECT module_id, scene_id, at_ms FROM chapters ORDER BY module_id, scene_id, ord",
                       [&](Row& r) -> std::optional<std::string> {
                           Scene* s = find_scene(r);
                           if (!s) return unknown_scene(r, "a chapter");
                           s->chapters.push_back(Chapter{r.Int(2)});
                           return std::nullopt;
                       }))
        return e;

    if (auto e = ForEachRow(db, path,
                            "SELECT module_id, scene_id, at_ms, question FROM pauses ORDER BY module_id, scene_id, ord",
                            [&](Row& r) -> std::optional<std::string> {
                                Scene* s = find_scene(r);
                                if (!s) return unknown_scene(r, "a film pause");
                                s->pauses.push_back(FilmPause{r.Int(2), r.Text(3)});
                                return std::nullopt;
                            }))
        return e;

    if (auto e = ForEachRow(db, path,
                            "SELECT module_id, scene_id, id, correct, go_to, score, region_x, region_y, region_w,"
                            " region_h FROM options ORDER BY module_id, scene_id, ord",
                            [&](Row& r) -> std::optional<std::string> {
                                Scene* s = find_scene(r);
                                if (!s) return unknown_scene(r, "an option");
                                Option& o = s->options.emplace_back();
                                o.id = r.Text(2);
                                o.correct = r.Bool(3);
                                o.go_to = r.Text(4);
                                o.score = r.Int(5);
                                int nulls = r.IsNull(6) + r.IsNull(7) + r.IsNull(8) + r.IsNull(9);
                                if (nulls == 0)
                                    o.region = Rect{r.Int(6), r.Int(7), r.Int(8), r.Int(9)};
                                else if (nulls != 4)
                                    return "option " + Quote(o.id) + " has a partial region";
                                return std::nullopt;
                            }))
        return e;
    std::map<std::tuple<std::string, std::string, std::string>, Option*> options;
    for (Module& m : pack.modules)
        for (Scene& s : m.scenes)
            for (Option& o : s.options) options[{m.id, s.id, o.id}] = &o;

    if (auto e = ForEachRow(db, path,
                            "SELECT module_id, scene_id, option_id, name, value FROM assignments"
                            " ORDER BY module_id, scene_id, option_id, ord",
                            [&](Row& r) -> std::optional<std::string> {
                                auto it = options.find({r.Text(0), r.Text(1), r.Text(2)});
                                if (it == options.end())
                                    return "an assignment of unknown option " +
                                           Quote(r.Text(0) + "/" + r.Text(1) + "/" + r.Text(2));
                                it->second->set.push_back(Assignment{r.Text(3), r.Text(4)});
                                return std::nullopt;
                            }))
        return e;

    // Schema 2 packs have no xapi_base column: it reads as ""; before schema 4 no keep_records_days: 0;
    // before schema 5 no resume_days: the default (resume was not something a site could turn off).
    // (SQL is fixed text, so the default is written out: the 14 below is kDefaultResumeDays.)
    static_assert(kDefaultResumeDays == 14, "the SQL below writes the default resume period out");
    if (auto e = ForEachRow(db, path,
                            user_version >= 5   ? "SELECT id, region, agency, languages, idle_timeout_s, idle_countdown_s,"
                                                  " admin_pin_hash, xapi_base, keep_records_days, resume_days FROM sites"
                                                  " ORDER BY ord"
                            : user_version >= 4 ? "SELECT id, region, agency, languages, idle_timeout_s, idle_countdown_s,"
                                                  " admin_pin_hash, xapi_base, keep_records_days, 14 FROM sites ORDER BY ord"
                            : user_version >= 3 ? "SELECT id, region, agency, languages, idle_timeout_s, idle_countdown_s,"
                                                  " admin_pin_hash, xapi_base, 0, 14 FROM sites ORDER BY ord"
                                                : "SELECT id, region, agency, languages, idle_timeout_s, idle_countdown_s,"
                                                  " admin_pin_hash, '', 0, 14 FROM sites ORDER BY ord",
                            [&](Row& r) -> std::optional<std::string> {
                                Site& s = pack.sites.emplace_back();
                                s.id = r.Text(0);
                                s.region = r.Text(1);
                                s.agency = r.Text(2);
                                s.languages = SplitPackList(r.Text(3));
                                s.idle_timeout_s = r.Int(4);
                                s.idle_countdown_s = r.Int(5);
                                s.admin_pin_hash = r.Text(6);
                                s.xapi_base = r.Text(7);
                                s.keep_records_days = r.Int(8);
                                s.resume_days = r.Int(9);
                                return std::nullopt;
                            }))
        return e;
    std::map<std::string, std::vector<Contact>*> contact_lists;
    contact_lists[std::string(kPackContactOwner)] = &pack.contacts;
    for (Site& s : pack.sites) contact_lists[SiteContactOwner(s.id)] = &s.contacts;

    if (auto e = ForEachRow(db, path, "SELECT owner, phone, url FROM contacts ORDER BY owner, ord",
                            [&](Row& r) -> std::optional<std::string> {
                                auto it = contact_lists.find(r.Text(0));
                                if (it == contact_lists.end()) return "a contact of unknown owner " + Quote(r.Text(0));
                                it->second->push_back(Contact{r.Text(1), r.Text(2)});
                                return std::nullopt;
                            }))
        return e;

    if (auto e = ForEachRow(db, path, "SELECT url FROM facts ORDER BY ord",
                            [&](Row& r) -> std::optional<std::string> {
                                pack.facts.push_back(Fact{r.Text(0)});
                                return std::nullopt;
                            }))
        return e;

    if (auto e = ForEachRow(db, path, "SELECT key, lang, text, fuzzy FROM strings",
                            [&](Row& r) -> std::optional<std::string> {
                                pack.strings[r.Text(0)][r.Text(1)] = Text{r.Text(2), r.Bool(3)};
                                return std::nullopt;
                            }))
        return e;

    // Without asset data the blob column is not selected, so SQLite never reads its overflow pages.
    const char* assets_sql = with_asset_data
                                 ? "SELECT path, mime, sha256, width, height, data FROM assets ORDER BY path"
                                 : "SELECT path, mime, sha256, width, height FROM assets ORDER BY path";
    if (auto e = ForEachRow(db, path, assets_sql, [&](Row& r) -> std::optional<std::string> {
            Asset& a = pack.assets.emplace_back();
            a.path = r.Text(0);
            a.mime = r.Text(1);
            a.sha256 = r.Text(2);
            a.width = r.Int(3);
            a.height = r.Int(4);
            if (with_asset_data) a.data = r.st.ColumnBlob(5);
            return std::nullopt;
        }))
        return e;
    return std::nullopt;
}

std::string AssetDamaged(const std::string& path, const std::string& asset_path) {
    return path + ": asset " + Quote(asset_path) + " is damaged: its bytes do not match the recorded sha256";
}

}  // namespace

std::variant<PackData, std::string> ReadPack(const std::string& path, bool with_asset_data, bool check_content_hash) {
    Database db;
    if (auto e = OpenPack(path, db)) return *e;
    PackData pack;
    if (auto e = ReadTables(db, path, with_asset_data, pack)) return *e;
    if (check_content_hash && ComputeContentHash(pack) != pack.content_hash)
        return path + ": content hash mismatch: the pack was modified after it was built";
    // The content hash covers each asset through its recorded sha256; this ties the bytes to that.
    if (with_asset_data)
        for (const Asset& a : pack.assets)
            if (Sha256Hex(a.data.data(), a.data.size()) != a.sha256) return AssetDamaged(path, a.path);
    return pack;
}

std::variant<std::vector<std::uint8_t>, std::string> ReadPackAsset(const std::string& pack_path,
                                                                   const std::string& asset_path) {
    Database db;
    if (auto e = OpenPack(pack_path, db)) return *e;
    Statement st;
    if (st.Prepare(db, "SELECT sha256, data FROM assets WHERE path = ?1"))
        return SqliteFailure(pack_path, st.ErrorCode(), st.ErrorMessage());
    st.Bind(1, asset_path);
    switch (st.Step()) {
        case StepResult::Done: return pack_path + ": no asset " + Quote(asset_path) + " in the pack";
        case StepResult::Error: return SqliteFailure(pack_path, st.ErrorCode(), st.ErrorMessage());
        case StepResult::Row: break;
    }
    std::vector<std::uint8_t> data = st.ColumnBlob(1);
    if (Sha256Hex(data.data(), data.size()) != st.ColumnText(0)) return AssetDamaged(pack_path, asset_path);
    return data;
}

}  // namespace kiosk::core
