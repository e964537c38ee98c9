// New training without a root shell (issue 17): kiosk-sync, which has the network this process lacks,
// leaves a newer pack and its .sig in the inbox beside the records once it has checked them. The kiosk
// takes it only on the attract screen, never during a learner's sitting, installs it through the same
// path as a pack given at start (verified again against the trusted keys, an older version refused, the
// previous pack kept until the new one is recorded), and runs it from the next frame. Swapping works as
// a preview reload does (kiosk_app_preview.cpp): everything that refers into the old pack is let go first.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"
#include "core/install/pack_install.h"
#include "core/trust/trusted_keys.h"
#include "core/util/small_file.h"
#include "platform/fonts.h"
#include "ui/ui_text.h"

namespace kiosk::app {

namespace fs = std::filesystem;

void App::CheckInbox() {
    // A developer's or a preview's pack is not installed; records and a sitting in progress block it.
    if (m_options.dev || m_options.preview || !m_db || m_options.inbox.empty()) return;
    if (m_state.screen != core::Screen::Attract || m_state.idle_warning || m_queue.Pending() > 0) return;
    UpdateClockFloor(false);  // kiosk-sync may have learned the time from a server since
    std::error_code ec;
    std::string found;
    for (const auto& entry : fs::directory_iterator(m_options.inbox, ec)) {
        std::string name = entry.path().filename().string();
        // Names starting with '.' are kiosk-sync's unfinished downloads; a pack counts only with its .sig.
        if (name.empty() || name[0] == '.' || !name.ends_with(".pack")) continue;
        if (!fs::exists(entry.path().string() + ".sig", ec)) continue;
        found = entry.path().string();
        break;
    }
    // What a kill left: an outcome file's temporary copy, or a .sig whose pack was already taken.
    for (const auto& entry : fs::directory_iterator(m_options.inbox, ec)) {
        const std::string name = entry.path().filename().string();
        const std::string path = entry.path().string();
        std::error_code gone;
        if (name.starts_with("outcome.tmp-") ||
            (name.ends_with(".pack.sig") && !fs::exists(path.substr(0, path.size() - 4), gone)))
            fs::remove(entry.path(), gone);
    }
    if (found.empty()) return;

    auto keys = core::LoadTrustedKeys(m_options.trust);
    if (const auto* error = std::get_if<std::string>(&keys)) {
        m_inboxOutcome = "A new pack is waiting, but the trusted keys cannot be read: " + *error;
        Log(m_inboxOutcome);
        return;
    }
    auto installed = core::InstallPack(found, std::get<core::TrustedKeys>(keys), m_options.packs_dir, *m_db);
    // Either way the inbox copy has done its job: an installed pack lives in packs/, and a refused one
    // would only be refused again at every look. The pack goes first: a kill between the two then leaves
    // a lone .sig (swept below at the next look), never a whole pack that nothing would ever look at.
    fs::remove(found, ec);
    fs::remove(found + ".sig", ec);
    if (const auto* refusal = std::get_if<std::string>(&installed)) {
        m_inboxOutcome = "NEW PACK REFUSED: " + *refusal + ". Still running " + m_pack.id + " version " +
                         std::to_string(m_pack.version) + ".";
        Log(m_inboxOutcome);
        if (auto e = core::WriteSmallFile((fs::path(m_options.inbox) / "outcome").string(), m_inboxOutcome + "\n", 0600, false))
            Log(*e);
        return;
    }
    auto& result = std::get<core::InstallResult>(installed);
    if (result.already_installed) {
        // Also where a kill landed after the install was recorded but before the inbox was emptied: the
        // outcome file must still say what runs, or the next health statement reports the old news.
        m_inboxOutcome = "The pack in the inbox (" + result.installed.record.pack_id + " version " +
                         std::to_string(result.installed.record.pack_version) + ") is the one already installed.";
        if (auto e = core::WriteSmallFile((fs::path(m_options.inbox) / "outcome").string(), m_inboxOutcome + "\n", 0600, false))
            Log(*e);
        return;
    }
    SwapPack(result.installed, "the inbox on the attract screen");
}

void App::SwapPack(core::VerifiedPack& verified, const std::string& from) {
    const std::string site_id = m_site ? m_site->id : std::string();
    const std::string before = m_pack.id + " version " + std::to_string(m_pack.version);
    // Let go of everything that refers into the old pack or reads its file.
    if (m_film) m_film->Unload();
    m_textures = std::make_unique<platform::TextureCache>(verified.path, m_window.MaxTextureSize());
    m_transcripts.clear();
    m_captions.clear();
    m_lastScene = nullptr;

    m_pack = std::move(verified.pack);  // m_config.pack points at this member
    m_options.pack = verified.path;
    m_packSigner = core::DescribeKey(verified.signer);
    m_packWarning.clear();
    m_site = nullptr;
    for (const core::Site& site : m_pack.sites)
        if (site.id == site_id) m_site = &site;
    if (!m_site) {
        m_site = &m_pack.sites.front();
        Log("the new pack has no site '" + site_id + "'; running its first site, '" + m_site->id + "'");
    }
    m_config.site = m_site;
    // Every sitting from now on names the new pack.
    m_recordContext.site_id = m_site->id;
    m_recordContext.agency = m_site->agency;
    m_recordContext.region = m_site->region;
    m_recordContext.pack_id = m_pack.id;
    m_recordContext.pack_version = m_pack.version;
    m_recordContext.pack_hash = m_pack.content_hash;
    if (auto name = m_pack.strings.find(core::SiteKey(m_site->id, "partnership")); name != m_pack.strings.end()) {
        auto text = m_pack.languages.empty() ? name->second.end() : name->second.find(m_pack.languages.front());
        if (text == name->second.end()) text = name->second.begin();
        if (text != name->second.end()) m_recordContext.partnership = text->second.text;
    }
    m_state = core::InitialState(m_config, Now());
    if (!platform::AtlasCovers(m_pack)) {
        if (auto error = RebakeFonts(platform::FullFonts())) Log(*error);
    }
    const std::string now = m_pack.id + " version " + std::to_string(m_pack.version);
    m_adminGate->Record(core::AdminEventKind::PackInstall, m_pack.id + " v" + std::to_string(m_pack.version));
    m_inboxOutcome = "Installed " + now + " from " + from + " (was " + before + "; " + m_packSigner + ").";
    Log("installed " + now + " from " + from + " (was " + before + "; signature verified: " + m_packSigner + ")");
    // kiosk-sync reads this for the next health statement: the kiosk cannot write sync.db.
    if (auto e = core::WriteSmallFile((fs::path(m_options.inbox) / "outcome").string(), m_inboxOutcome + "\n", 0600, false))
        Log(*e);
    m_framesWanted = std::max(m_framesWanted, kFramesAfterChange);
    m_fullRedraw = true;
}

}  // namespace kiosk::app
