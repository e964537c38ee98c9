// Which pack the kiosk runs (App::LoadPack, see kiosk_app.h and core/install/pack_install.h). A kiosk runs only
// a signed pack from a trusted key, installed in its data folder: a new --pack is verified and installed
// when it is good and not older; when it is refused, the one installed before keeps running and the
// reason goes to the log and the admin screen. --dev (and --preview) run --pack as it is.
#include <cstdio>

#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"
#include "core/install/pack_install.h"
#include "core/pack/pack_io.h"
#include "core/trust/trusted_keys.h"

namespace kiosk::app {
namespace {

std::string Describe(const core::InstallRecord& record) {
    return "pack " + record.pack_id + " version " + std::to_string(record.pack_version);
}

}  // namespace

std::optional<int> App::LoadPack() {
    if (m_options.dev) {
        auto pack = core::ReadPack(m_options.pack, false);
        if (const auto* error = std::get_if<std::string>(&pack)) {
            Log(*error);
            return 2;
        }
        m_pack = std::move(std::get<core::PackData>(pack));
        // A preview says "nothing is recorded" in its own banner; a --dev kiosk records, so it must say.
        if (!m_options.preview) {
            m_packWarning = "DEVELOPMENT: pack not verified (--dev): " + m_options.pack;
            Log(m_packWarning);
        }
        return std::nullopt;
    }

    auto loaded_keys = core::LoadTrustedKeys(m_options.trust);
    if (const auto* error = std::get_if<std::string>(&loaded_keys)) {
        Log(*error);
        return 2;
    }
    const core::TrustedKeys& trusted = std::get<core::TrustedKeys>(loaded_keys);
    auto use = [this](core::VerifiedPack& verified) {
        m_pack = std::move(verified.pack);
        m_options.pack = verified.path;  // every later read (pictures, films, captions) is of the verified copy
        m_packSigner = core::DescribeKey(verified.signer);
    };

    std::string refusal;
    std::string replaced;  // --pack was installed once and a newer pack has replaced it since: no news
    if (!m_options.pack.empty()) {
        if (auto version = core::ReplacedEarlierInstall(m_options.pack, *m_db))
            replaced = m_options.pack + " (version " + std::to_string(*version) +
                       ") was installed before and a newer pack has replaced it since";
    }
    if (!m_options.pack.empty() && replaced.empty()) {
        auto installed = core::InstallPack(m_options.pack, trusted, m_options.packs_dir, *m_db);
        if (auto* result = std::get_if<core::InstallResult>(&installed)) {
            std::string given = m_options.pack;
            use(result->installed);
            Log(result->already_installed
                    ? Describe(result->installed.record) + " from " + given + " is the installed pack (" + m_packSigner + ")"
                    : "installed " + Describe(result->installed.record) + " from " + given + " as " + m_options.pack +
                          " (signature verified: " + m_packSigner + ")");
            if (!result->already_installed)
                m_adminGate->Record(core::AdminEventKind::PackInstall,
                                    result->installed.record.pack_id + " v" + std::to_string(result->installed.record.pack_version));
            return std::nullopt;
        }
        refusal = std::get<std::string>(installed);
    }

    auto loaded = core::LoadInstalledPack(m_options.packs_dir, trusted, *m_db);
    if (const auto* error = std::get_if<std::string>(&loaded)) {
        if (!refusal.empty()) Log("NEW PACK REFUSED: " + refusal);
        Log(*error + (refusal.empty() ? "" : "; no pack can run: give the kiosk a good signed pack with --pack"));
        return 2;
    }
    auto& verified = std::get<std::optional<core::VerifiedPack>>(loaded);
    if (!verified) {
        if (refusal.empty())
            Log("no pack is installed yet: start the kiosk with --pack PACK (built and signed with kiosk-author), "
                "or with --pack PACK --dev to try an unsigned one");
        else
            Log("NEW PACK REFUSED: " + refusal + "; there is no installed pack to run instead, so the kiosk stops");
        return 2;
    }
    std::string running = Describe(verified->record);
    use(*verified);
    if (!refusal.empty()) {
        m_packWarning = "NEW PACK REFUSED: " + refusal + ". Still running the installed " + running + ".";
        Log("NEW PACK REFUSED: " + refusal + "; running the installed " + running + " instead");
    } else {
        Log("running the installed " + running + " (" + m_packSigner + ")" + (replaced.empty() ? "" : "; " + replaced));
    }
    return std::nullopt;
}

}  // namespace kiosk::app
