// Where kiosk-sync gets each site's xAPI IRI base (the partnership's own https address, content/sites/
// <id>.toml `xapi_base`): from the pack the kiosk has installed beside its records (verified against the
// trusted keys, as the kiosk does), from a pack named on the command line, or from --iri-base, which
// overrides both (one base for every site).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>

#include "core/util/sqlite_db.h"

namespace kiosk::sync {

struct IriSource {
    std::string fixed;         // --iri-base: used for every site when set
    std::string pack;          // --pack: a pack file to read the sites from ("" = the installed one)
    std::string trusted_keys;  // the kiosk's trusted keys, to verify the installed pack (or --pack) first
    bool verify = true;        // false only for --pack with --dev
};

class IriBases {
public:
    explicit IriBases(IriSource source) : m_source(std::move(source)) {}
    // The base for `site`, or one line saying why there is none and what to do.
    std::variant<std::string, std::string> For(core::Database& records, const std::string& records_path,
                                               const std::string& site);

private:
    std::optional<std::string> Load(core::Database& records, const std::string& records_path);
    IriSource m_source;
    bool m_loaded = false;
    std::string m_pack_path;
    std::map<std::string, std::string> m_bases;  // site id -> base ("" when the site has none)
};

}  // namespace kiosk::sync
