// Loaders turn parsed TOML into the content model, checking each table's keys, types and local rules.
// Cross-table checks (links, flow, assets, translations) run afterwards on the whole Content.
#pragma once

#include <filesystem>
#include <string>

#include <toml++/toml.h>

#include "content_model.h"
#include "diagnostic.h"
#include "source_file.h"
#include "table_reader.h"
#include "toml_load.h"

namespace author {

// Loads every TOML file of a content folder (pack.toml, modules/*/module.toml, sites/*.toml) into the
// content model; `display` is how messages name the folder. No cross-file checks, no assets, no PO files.
Content LoadContent(const std::filesystem::path& dir, const std::string& display, SourceSet& sources, Diagnostics& diags);

// content/pack.toml: id, version, title, languages, national contacts.
void LoadPackFile(const toml::table& root, const SourceFile& file, Content& content, Diagnostics& diags);

// content/modules/<folder>/module.toml; `module_dir` is where its assets are.
void LoadModuleFile(const toml::table& root, const SourceFile& file, const std::string& folder_name,
                    const std::filesystem::path& module_dir, Content& content, Diagnostics& diags);

// content/shared/<id>.toml: scenes written once, which modules take with `use = "<id>"`
// (module_loader_shared.cpp). Call before LoadModuleFile.
void LoadSharedScenes(const std::filesystem::path& content_dir, const std::string& display, Content& content, SourceSet& sources,
                      Diagnostics& diags);

// content/sites/<id>.toml.
void LoadSiteFile(const toml::table& root, const SourceFile& file, const std::string& site_id, Content& content,
                  Diagnostics& diags);

// Reads [[contacts]] (shared by pack.toml and site files); `owner` is "pack" or "site/<id>".
std::vector<kiosk::core::Contact> LoadContacts(TableReader& parent, const std::string& owner, Need need,
                                               Content& content);

// Records a translatable string in the first language, with where it is written.
void AddString(Content& content, const std::string& key, const std::string& text, const Location& where);

// Reads a text key and records it as a string under `string_key`.
std::optional<std::string> ReadString(TableReader& reader, std::string_view key, Need need, Content& content,
                                      const std::string& string_key);

}  // namespace author
