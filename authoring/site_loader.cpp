// Loads a site config (content/sites/<id>.toml): the agency office a kiosk stands in.
#include <algorithm>
#include <set>

#include "loaders.h"

namespace {

// An https IRI base for xAPI (E019): scheme, a host, an optional path; nothing a statement id could trip on.
bool IsXapiBase(const std::string& base) {
    const std::string scheme = "https://";
    if (base.rfind(scheme, 0) != 0 || base.size() <= scheme.size() || base.back() == '/') return false;
    std::size_t host_end = base.find('/', scheme.size());
    if (host_end == scheme.size()) return false;
    for (unsigned char c : base)
        if (c <= ' ' || c >= 0x7f || c == '?' || c == '#' || c == '@' || c == '"' || c == '\\' || c == '<' || c == '>')
            return false;
    return true;
}

}  // namespace

namespace author {

void LoadSiteFile(const toml::table& root, const SourceFile& file, const std::string& site_id, Content& content,
                  Diagnostics& diags) {
    TableReader reader(root, file, diags, "site '" + site_id + "'");
    reader.CheckKeys({"partnership", "region", "agency", "languages", "idle_timeout", "idle_countdown",
                      "admin_pin_hash", "contacts", "xapi_base", "keep_records_days", "resume_days"});
    kiosk::core::Site site;
    site.id = site_id;
    if (!IsValidId(site_id))
        diags.Add("E014", Location{file.Path(), 0, 0, 1},
                  "'" + site_id + "' is not a valid site id; name the file with lower-case letters, digits and '-'");
    ReadString(reader, "partnership", Need::Required, content, kiosk::core::SiteKey(site_id, "partnership"));
    site.region = ReadString(reader, "region", Need::Required, content, kiosk::core::SiteKey(site_id, "region")).value_or("");
    site.agency = ReadString(reader, "agency", Need::Required, content, kiosk::core::SiteKey(site_id, "agency")).value_or("");
    if (auto languages = reader.StringList("languages", Need::Required)) {
        std::set<std::string> seen;
        for (auto& [code, where] : *languages) {
            const auto& declared = content.pack.languages;
            if (std::find(declared.begin(), declared.end(), code) == declared.end())
                diags.Add("E084", where, "language '" + code + "' is not in pack.toml's languages");
            else if (!seen.insert(code).second)
                diags.Add("E020", where, "language '" + code + "' is listed twice");
            else
                site.languages.push_back(code);
        }
        if (languages->empty()) diags.Add("E011", reader.ValueLocation("languages"), "site '" + site_id + "' needs at least one language");
    }
    site.idle_timeout_s = static_cast<int>(reader.Int("idle_timeout", Need::Optional, 30, 600).value_or(90));
    site.idle_countdown_s = static_cast<int>(reader.Int("idle_countdown", Need::Optional, 5, 120).value_or(20));
    // The admin secret stays on each kiosk, never in a pack that is published (W120): not even its hash.
    if (reader.Has("admin_pin_hash"))
        diags.Add("W120", reader.KeyLocation("admin_pin_hash"),
                  "'admin_pin_hash' is left out of the pack: a pack is published, and a hash in it can be guessed "
                  "offline; delete the line and set the passcode on each kiosk (tools/deploy/install --admin-passcode)");
    if (auto base = reader.String("xapi_base", Need::Optional)) {
        if (IsXapiBase(*base))
            site.xapi_base = *base;
        else
            diags.Add("E019", reader.ValueLocation("xapi_base"),
                      "'" + *base + "' is not an xAPI base: write the partnership's https:// address, with no '/' at the "
                      "end, e.g. \"https://training.gm-partnership.example.org\"");
    }
    // How long the kiosk keeps records that have left it (to the LRS or a USB stick): from 30 days (a month
    // of slack for an LRS outage) to ten years. Without it the kiosk keeps them until they are deleted by hand.
    site.keep_records_days = static_cast<int>(reader.Int("keep_records_days", Need::Optional, 30, 3653).value_or(0));
    // How long a learner who gave a staff number can carry on a module they stopped part way through
    // (0 turns resume off). Up to 90 days: after that the content may have changed and so has the learner.
    site.resume_days =
        static_cast<int>(reader.Int("resume_days", Need::Optional, 0, 90).value_or(kiosk::core::kDefaultResumeDays));
    site.contacts = LoadContacts(reader, "site/" + site_id, Need::Optional, content);
    content.pack.sites.push_back(std::move(site));
}

}  // namespace author
