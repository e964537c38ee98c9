// The admin screen's USB stick buttons (issue 17), for sites with no network: the records out onto a
// stick, a new pack in from one. The work is core/usb/usb_stick.h; this file runs it so the admin sees
// "Copying... do not take the stick out" first (a tap draws that frame, the next turn of the loop does
// the copy), then says what happened, and swaps in an installed pack without leaving the admin screen.
#include <algorithm>

#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"
#include "core/trust/trusted_keys.h"
#include "core/usb/usb_stick.h"

namespace kiosk::app {

void App::StartUsbAction(UsbAction action) {
    if (m_usbPending != UsbAction::None) return;
    m_usbPending = action;
    m_usbShown = false;
    m_usbOutcome = {action == UsbAction::Export ? "Copying the records to the USB stick. Do not take it out."
                                                : "Reading the pack on the USB stick. Do not take it out.",
                    true, false};
    m_framesWanted = std::max(m_framesWanted, kFramesAfterChange);
}

void App::RunUsbAction() {
    // Only once the admin has seen the "do not take it out" frame, and only while they are still there.
    if (m_usbPending == UsbAction::None || !m_usbShown) return;
    const UsbAction action = m_usbPending;
    m_usbPending = UsbAction::None;
    m_framesWanted = std::max(m_framesWanted, kFramesAfterChange);
    if (m_state.screen != core::Screen::Admin || !m_db) {
        m_usbOutcome = {};
        return;
    }
    if (action == UsbAction::Export) {
        std::string stamp = WallTimeUtc();
        std::replace(stamp.begin(), stamp.end(), ':', '-');
        auto done = core::ExportRecordsToStick(*m_db, m_options.usb, m_options.kiosk_id, stamp);
        if (const auto* failure = std::get_if<std::string>(&done)) {
            m_usbOutcome = {*failure, false, false};
        } else {
            const auto& exported = std::get<core::StickExport>(done);
            char size[32];
            std::snprintf(size, sizeof size, "%.1f MB", static_cast<double>(exported.bytes) / 1e6);
            m_usbOutcome = {"Copied " + std::to_string(exported.sittings) +
                                (exported.sittings == 1 ? " sitting" : " sittings") + " (" + size +
                                ") to the USB stick as " + exported.file + ". It is safe to remove the stick.",
                            false, true};
            m_adminGate->Record(core::AdminEventKind::Export, "USB stick: " + exported.file);
        }
        Log("USB export: " + m_usbOutcome.text);
        return;
    }

    if (m_options.dev) {
        m_usbOutcome = {"This kiosk runs a development pack (--dev), which is never replaced by an install.", false, false};
        return;
    }
    auto keys = core::LoadTrustedKeys(m_options.trust);
    if (const auto* error = std::get_if<std::string>(&keys)) {
        m_usbOutcome = {"The kiosk cannot read its trusted keys, so it cannot check a pack: " + *error, false, false};
        Log("USB install: " + m_usbOutcome.text);
        return;
    }
    auto installed = core::InstallPackFromStick(m_options.usb, std::get<core::TrustedKeys>(keys), m_options.packs_dir, *m_db);
    if (const auto* refusal = std::get_if<std::string>(&installed)) {
        m_usbOutcome = {*refusal + " The kiosk still runs " + m_pack.id + " version " + std::to_string(m_pack.version) + ".",
                        false, false};
        Log("USB install: " + m_usbOutcome.text);
        return;
    }
    auto& result = std::get<core::InstallResult>(installed);
    if (result.already_installed) {
        m_usbOutcome = {"The pack on the USB stick (" + result.installed.record.pack_id + " version " +
                            std::to_string(result.installed.record.pack_version) +
                            ") is the one this kiosk already runs. The stick can be removed.",
                        false, true};
        Log("USB install: " + m_usbOutcome.text);
        return;
    }
    SwapPack(result.installed, "a USB stick");
    // The admin put the stick in and is waiting for the answer: stay on their screen.
    m_state.screen = core::Screen::Admin;
    m_usbOutcome = {m_inboxOutcome + " The stick can be removed.", false, true};
}

}  // namespace kiosk::app
