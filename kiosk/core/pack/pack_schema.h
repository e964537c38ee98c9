// The SQLite layout of a content pack, in one place so the writer (kiosk-author) and the reader
// (kiosk) cannot disagree. Changing anything here means bumping kPackSchemaVersion (pack_data.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core {

// The CREATE TABLE statements of an empty pack, for Database::Exec on a fresh database.
const char* PackSchemaSql();

// Every table PackSchemaSql creates; the reader checks they exist so a gap reads as damage.
const std::vector<std::string_view>& PackTableNames();

// Keys of the `meta` table (key TEXT, value TEXT).
inline constexpr std::string_view kMetaSchemaVersion = "schema_version";
inline constexpr std::string_view kMetaPackId = "pack_id";
inline constexpr std::string_view kMetaPackVersion = "pack_version";
inline constexpr std::string_view kMetaBuildTime = "build_time";
inline constexpr std::string_view kMetaContentHash = "content_hash";
inline constexpr std::string_view kMetaLanguages = "languages";

// `contacts.owner` of the pack's national contacts; a site's contacts use SiteContactOwner. These are
// the owners of ContactKey(), so a site called "pack" cannot collide with the national list.
inline constexpr std::string_view kPackContactOwner = "pack";
std::string SiteContactOwner(std::string_view site_id);

// `scene_media.role` values.
inline constexpr std::string_view kMediaVideo = "video";
inline constexpr std::string_view kMediaCaptions = "captions";

// List columns (languages, audience) hold their items joined by ','. Items must be non-empty and
// free of ',' for the split to give the list back; PackListItemProblem says why one is not.
inline constexpr char kPackListSeparator = ',';
std::string JoinPackList(const std::vector<std::string>& items);
std::vector<std::string> SplitPackList(std::string_view joined);
const char* PackListItemProblem(std::string_view item);  // nullptr when the item is storable

}  // namespace kiosk::core
