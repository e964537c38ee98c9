// The SQLite layout of a content pack (see pack_schema.h), and the list-column encoding.
// Tables are STRICT so a value of the wrong type is refused on insert instead of read back oddly.
#include "core/pack/pack_schema.h"

namespace kiosk::core {

// Child tables name their parents by id (module_id, scene_id, option_id) rather than by rowid so the
// pack stays readable with the sqlite3 shell; `ord` keeps the authored order of every list.
// Small rows are WITHOUT ROWID (clustered on their key); assets keep a rowid because SQLite advises
// against WITHOUT ROWID for rows much larger than a page, and blobs are.
static const char* const kSchemaSql = R"sql(
CREATE TABLE meta(
  key   TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID, STRICT;

CREATE TABLE modules(
  ord                 INTEGER NOT NULL PRIMARY KEY,
  id                  TEXT NOT NULL UNIQUE,
  minutes             INTEGER NOT NULL,
  pass_mark           INTEGER NOT NULL,
  has_content_warning INTEGER NOT NULL,
  audience            TEXT NOT NULL,
  start               TEXT NOT NULL
) STRICT;

CREATE TABLE sources(
  module_id TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  title     TEXT NOT NULL,
  url       TEXT NOT NULL,
  checked   TEXT NOT NULL,
  PRIMARY KEY(module_id, ord)
) WITHOUT ROWID, STRICT;

CREATE TABLE scenes(
  module_id   TEXT NOT NULL,
  ord         INTEGER NOT NULL,
  id          TEXT NOT NULL,
  kind        TEXT NOT NULL,
  question    TEXT NOT NULL,
  next        TEXT NOT NULL,
  must_see    INTEGER NOT NULL,
  must_watch  INTEGER NOT NULL,
  signposting INTEGER NOT NULL,
  points      INTEGER NOT NULL,
  image       TEXT NOT NULL,
  PRIMARY KEY(module_id, ord),
  UNIQUE(module_id, id)
) WITHOUT ROWID, STRICT;

CREATE TABLE scene_media(
  module_id TEXT NOT NULL,
  scene_id  TEXT NOT NULL,
  role      TEXT NOT NULL CHECK(role IN ('video', 'captions')),
  lang      TEXT NOT NULL,
  path      TEXT NOT NULL,
  PRIMARY KEY(module_id, scene_id, role, lang)
) WITHOUT ROWID, STRICT;

CREATE TABLE routes(
  module_id TEXT NOT NULL,
  scene_id  TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  condition TEXT NOT NULL,
  go_to     TEXT NOT NULL,
  PRIMARY KEY(module_id, scene_id, ord)
) WITHOUT ROWID, STRICT;

CREATE TABLE chapters(
  module_id TEXT NOT NULL,
  scene_id  TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  at_ms     INTEGER NOT NULL,
  PRIMARY KEY(module_id, scene_id, ord)
) WITHOUT ROWID, STRICT;

CREATE TABLE pauses(
  module_id TEXT NOT NULL,
  scene_id  TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  at_ms     INTEGER NOT NULL,
  question  TEXT NOT NULL,
  PRIMARY KEY(module_id, scene_id, ord)
) WITHOUT ROWID, STRICT;

-- region_* are all NULL when the option has no hotspot region.
CREATE TABLE options(
  module_id TEXT NOT NULL,
  scene_id  TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  id        TEXT NOT NULL,
  correct   INTEGER NOT NULL,
  go_to     TEXT NOT NULL,
  score     INTEGER NOT NULL,
  region_x  INTEGER,
  region_y  INTEGER,
  region_w  INTEGER,
  region_h  INTEGER,
  PRIMARY KEY(module_id, scene_id, ord),
  UNIQUE(module_id, scene_id, id)
) WITHOUT ROWID, STRICT;

CREATE TABLE assignments(
  module_id TEXT NOT NULL,
  scene_id  TEXT NOT NULL,
  option_id TEXT NOT NULL,
  ord       INTEGER NOT NULL,
  name      TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY(module_id, scene_id, option_id, ord)
) WITHOUT ROWID, STRICT;

-- owner: 'pack' for the national defaults, 'site/<id>' for a site's own (as ContactKey).
CREATE TABLE contacts(
  owner TEXT NOT NULL,
  ord   INTEGER NOT NULL,
  phone TEXT NOT NULL,
  url   TEXT NOT NULL,
  PRIMARY KEY(owner, ord)
) WITHOUT ROWID, STRICT;

CREATE TABLE facts(
  ord INTEGER NOT NULL PRIMARY KEY,
  url TEXT NOT NULL
) STRICT;

CREATE TABLE sites(
  ord              INTEGER NOT NULL PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  region           TEXT NOT NULL,
  agency           TEXT NOT NULL,
  languages        TEXT NOT NULL,
  idle_timeout_s   INTEGER NOT NULL,
  idle_countdown_s INTEGER NOT NULL,
  admin_pin_hash   TEXT NOT NULL,
  xapi_base        TEXT NOT NULL,
  keep_records_days INTEGER NOT NULL,
  resume_days      INTEGER NOT NULL
) STRICT;

CREATE TABLE strings(
  key   TEXT NOT NULL,
  lang  TEXT NOT NULL,
  text  TEXT NOT NULL,
  fuzzy INTEGER NOT NULL,
  PRIMARY KEY(key, lang)
) WITHOUT ROWID, STRICT;

CREATE TABLE assets(
  path   TEXT NOT NULL PRIMARY KEY,
  mime   TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  width  INTEGER NOT NULL,
  height INTEGER NOT NULL,
  data   BLOB NOT NULL
) STRICT;
)sql";

const char* PackSchemaSql() { return kSchemaSql; }

const std::vector<std::string_view>& PackTableNames() {
    static const std::vector<std::string_view> names = {"meta",   "modules",  "sources", "scenes",      "scene_media",
                                                        "routes", "chapters", "pauses", "options", "assignments", "contacts",
                                                        "facts",  "sites",    "strings", "assets"};
    return names;
}

std::string SiteContactOwner(std::string_view site_id) { return "site/" + std::string(site_id); }

std::string JoinPackList(const std::vector<std::string>& items) {
    std::string joined;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) joined += kPackListSeparator;
        joined += items[i];
    }
    return joined;
}

std::vector<std::string> SplitPackList(std::string_view joined) {
    std::vector<std::string> items;
    if (joined.empty()) return items;  // "" is the empty list: that is why items may not be empty
    std::size_t start = 0;
    for (;;) {
        std::size_t end = joined.find(kPackListSeparator, start);
        items.emplace_back(joined.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return items;
}

const char* PackListItemProblem(std::string_view item) {
    if (item.empty()) return "is empty";
    if (item.find(kPackListSeparator) != std::string_view::npos) return "contains ','";
    return nullptr;
}

}  // namespace kiosk::core
