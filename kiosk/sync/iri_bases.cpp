// IriBases (iri_bases.h). The pack is read once per run: a new pack is installed by the kiosk, which
// restarts kiosk-sync's view only when kiosk-sync restarts (the unit restarts it daily and on failure).
#include "sync/iri_bases.h"

#include <filesystem>

#include "core/pack/pack_io.h"
#include "core/pack/pack_signature.h"
#include "core/trust/trusted_keys.h"

namespace kiosk::sync {

std::optional<std::string> IriBases::Load(core::Database& records, const std::string& records_path) {
    std::string path = m_source.pack;
    if (path.empty()) {
        core::Statement st;
        if (auto e = st.Prepare(records, "SELECT file FROM pack_installs ORDER BY seq DESC LIMIT 1"))
            return "cannot read which pack is installed (" + *e + ")";
        if (st.Step() != core::StepResult::Row)
            return "no pack is installed beside " + records_path + " yet, so no site's xapi_base is known; "
                   "install a pack on the kiosk, or give kiosk-sync --iri-base";
        path = (std::filesystem::path(records_path).parent_path() / "packs" / st.ColumnText(0)).string();
    }
    if (m_source.verify) {
        auto trusted = core::LoadTrustedKeys(m_source.trusted_keys);
        if (auto* e = std::get_if<std::string>(&trusted)) return *e;
        auto verified = core::VerifyPack(path, std::get<core::TrustedKeys>(trusted));
        if (auto* e = std::get_if<std::string>(&verified)) return *e;
    }
    auto pack = core::ReadPack(path, false);
    if (auto* e = std::get_if<std::string>(&pack)) return *e;
    for (const core::Site& site : std::get<core::PackData>(pack).sites) m_bases[site.id] = site.xapi_base;
    m_pack_path = path;
    return std::nullopt;
}

std::variant<std::string, std::string> IriBases::For(core::Database& records, const std::string& records_path,
                                                     const std::string& site) {
    using Result = std::variant<std::string, std::string>;
    if (!m_source.fixed.empty()) return Result(std::in_place_index<0>, m_source.fixed);
    if (!m_loaded) {
        if (auto e = Load(records, records_path)) return Result(std::in_place_index<1>, *e);
        m_loaded = true;
    }
    auto it = m_bases.find(site);
    if (it == m_bases.end())
        return Result(std::in_place_index<1>, "site '" + site + "' is not in " + m_pack_path +
                                                   ", so its xapi_base is unknown; give kiosk-sync --iri-base");
    if (it->second.empty())
        return Result(std::in_place_index<1>, "site '" + site + "' has no xapi_base in " + m_pack_path +
                                                   "; add xapi_base = \"https://...\" to content/sites/" + site +
                                                   ".toml and publish the pack again (or give kiosk-sync --iri-base)");
    return Result(std::in_place_index<0>, it->second);
}

}  // namespace kiosk::sync
