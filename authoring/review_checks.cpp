// The review trail: a safeguarding lead signs off a printed module, and the module records who (a role),
// when and the module's review hash then. The compiler keeps that honest: it warns when the module changed
// after the review, when a source has not been checked for over a year, and when a date lies in the future.
#include <chrono>
#include <cstdio>
#include <optional>

#include "checks.h"
#include "core/pack/pack_io.h"

namespace author {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// "YYYY-MM-DD" at the start of `text` as a day, or nullopt.
std::optional<sys_days> ParseDay(const std::string& text) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (text.size() < 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!ymd.ok()) return std::nullopt;
    return sys_days{ymd};
}

// More than a year: 366 days, so a source checked on the same date last year is still current.
constexpr days kSourceMaxAge{366};

}  // namespace

std::string ModuleReviewHash(const kiosk::core::PackData& pack, std::size_t index) {
    // A pack of this module alone, hashed the way packs are (pack_hash.h): the canonical form already
    // covers scenes, options, right answers, routes, sources, strings per language and asset sha256s.
    const kiosk::core::Module& module = pack.modules.at(index);
    kiosk::core::PackData one;
    one.languages = pack.languages;
    one.modules = {module};
    const std::string key_prefix = module.id + "/";
    for (const auto& [key, texts] : pack.strings)
        if (key.rfind(key_prefix, 0) == 0) one.strings.emplace(key, texts);
    const std::string asset_prefix = "modules/" + module.id + "/";
    for (const kiosk::core::Asset& asset : pack.assets)
        if (asset.path.rfind(asset_prefix, 0) == 0) one.assets.push_back(asset);
    // Sixteen hex digits: this detects edits, it is not a signature (packs are signed separately).
    return kiosk::core::ComputeContentHash(one).substr(0, 16);
}

void CheckReviews(const Content& content, const std::string& build_time, Diagnostics& diags) {
    std::optional<sys_days> today = ParseDay(build_time);
    const auto& modules = content.pack.modules;
    for (std::size_t i = 0; i < modules.size() && i < content.module_sources.size(); ++i) {
        const kiosk::core::Module& module = modules[i];
        const ModuleSource& msrc = content.module_sources[i];
        const std::string name = "module '" + module.id + "'";

        bool any = !msrc.reviewed_by.empty() || !msrc.reviewed_on.empty() || !msrc.reviewed_hash.empty();
        bool all = !msrc.reviewed_by.empty() && !msrc.reviewed_on.empty() && !msrc.reviewed_hash.empty();
        if (any && !all) {
            Location where = !msrc.reviewed_by.empty() ? msrc.reviewed_by_loc
                             : !msrc.reviewed_on.empty() ? msrc.reviewed_on_loc
                                                         : msrc.reviewed_hash_loc;
            std::string missing;
            for (auto [key, value] : {std::pair{"reviewed_by", &msrc.reviewed_by}, std::pair{"reviewed_on", &msrc.reviewed_on},
                                      std::pair{"reviewed_hash", &msrc.reviewed_hash}})
                if (value->empty()) missing += std::string(missing.empty() ? "" : " and ") + key;
            diags.Add("W110", where, "the review record of " + name + " has no " + missing +
                                         "; record a review with reviewed_by (a role), reviewed_on and reviewed_hash = \"" +
                                         ModuleReviewHash(content.pack, i) + "\" (the module as it is now)");
        }
        if (!msrc.reviewed_hash.empty()) {
            std::string now = ModuleReviewHash(content.pack, i);
            if (now != msrc.reviewed_hash)
                diags.Add("W111", msrc.reviewed_hash_loc,
                          name + " changed after its review" +
                              (msrc.reviewed_on.empty() ? std::string() : " on " + msrc.reviewed_on) +
                              ": its review hash is now \"" + now +
                              "\"; have it reviewed again, then update reviewed_by, reviewed_on and reviewed_hash");
        }

        if (!today) continue;
        if (auto on = ParseDay(msrc.reviewed_on); on && *on > *today)
            diags.Add("W113", msrc.reviewed_on_loc,
                      "reviewed_on " + msrc.reviewed_on + " is after today (" + build_time.substr(0, 10) + ")");
        for (std::size_t s = 0; s < module.sources.size() && s < msrc.source_checked_locs.size(); ++s) {
            auto checked = ParseDay(module.sources[s].checked);
            if (!checked) continue;
            const Location& where = msrc.source_checked_locs[s];
            if (*checked > *today) {
                diags.Add("W113", where, "checked " + module.sources[s].checked + " is after today (" +
                                             build_time.substr(0, 10) + ")");
            } else if (*today - *checked > kSourceMaxAge) {
                diags.Add("W112", where, "source '" + module.sources[s].title + "' was last checked on " +
                                             module.sources[s].checked + ", more than a year ago; open " +
                                             module.sources[s].url + " again and update checked");
            }
        }
    }
}

}  // namespace author
