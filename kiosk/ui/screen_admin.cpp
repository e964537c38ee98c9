// The admin screens: the passcode pad (reached by a long press in the attract screen's top-left corner) and
// the admin screen itself: what pack and records this kiosk has, the records onto a USB stick and a pack
// from one (for sites with no network), export of the records to a file, and quit.
#include <algorithm>

#include "core/trust/admin_guard.h"
#include "keypad.h"
#include "layout.h"
#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace kiosk::ui {
namespace {

// What the last USB action did, set off by a thick coloured bar at its left (GOV.UK's inset text): green
// once done, red when not, the accent colour while it runs. Registered so scripts can wait for it.
void UsbOutcomeBox(const Services::UsbOutcome& outcome) {
    const Palette& p = Colors();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    InsetText(outcome.text, outcome.busy ? p.accent : outcome.ok ? p.right : p.wrong);
    RegisterWidget(outcome.busy ? "admin.usb.busy" : "admin.usb.outcome", at, ImGui::GetItemRectMax(), false, outcome.text);
}

}  // namespace

void DrawAdminPin(Context& ctx) {
    const auto& state = ctx.State();
    // No keys to press while they could do nothing: locked, or no passcode set. Cancel is always there.
    const bool pad_open = state.admin_available && !state.admin_locked;
    const ActionBar bar = pad_open ? PlanActionBar({"Cancel", "Open"}, 420.0f) : PlanActionBar({"Cancel"}, 420.0f);
    BeginContent("##admin-pin", bar.Height());
    Heading("Admin");
    if (!state.admin_available) {
        // Said plainly, with who can fix it: there is no way round it from this screen.
        Body("No admin passcode is set on this kiosk, so the admin screen cannot be opened.");
        Note("Someone with root access to the kiosk sets it with tools/deploy/install --admin-passcode.");
    } else if (state.admin_locked) {
        core::TimeMs left = std::max<core::TimeMs>(0, state.admin_locked_until - ctx.frame.now);
        long minutes = std::max<long>(1, static_cast<long>((left + 59999) / 60000));
        Body("Too many wrong passcodes. Try again in " + std::to_string(minutes) + (minutes == 1 ? " minute." : " minutes."));
        Note("Each time three more are wrong, the wait doubles, up to an hour.");
    } else {
        Body("Enter the admin passcode for this kiosk.");
        if (state.admin_failures > 0) {
            int left = core::kAdminFreeAttempts - state.admin_failures % core::kAdminFreeAttempts;
            Note("That passcode is not right. " + std::to_string(left) + (left == 1 ? " more try" : " more tries") +
                 " before the pad locks for a while.");
        }
    }
    if (pad_open) {
        Gap();
        // The phone-shaped pad where it fits; on a short screen (1280x800 put 7 to 0 below the fold) the
        // two-row pad, like "About you".
        const ImGuiStyle& style = ImGui::GetStyle();
        const float room = ImGui::GetContentRegionAvail().y - style.WindowPadding.y - 24.0f;
        const bool phone = ChooseKeypad(room) == KeypadShape::Phone;
        const float width = phone ? 130.0f * 3 + 2 * style.ItemSpacing.x : 100.0f * 5 + 4 * style.ItemSpacing.x;
        // Where even two rows are too tall (1280x720 at the largest text size), shorter keys: 56 pixels
        // at the least, over GOV.UK's 44.
        const float key_h = phone ? KeypadKeyHeight()
                                  : std::clamp((room - 2 * style.ItemSpacing.y) / 3.0f, 56.0f, KeypadKeyHeight());
        DrawKeypad(ctx, std::string(state.admin_pin.size(), '*'), width,
                   [](char c) -> core::Intent { return core::intent::AdminDigit{c}; }, core::intent::AdminBackspace{},
                   phone ? KeypadShape::Phone : KeypadShape::TwoRows, key_h);
    }
    EndContent();
    const ImVec2 size(bar.button_width, bar.button_height);
    BeginActionRow(bar);
    if (TouchButton("admin.close", "Cancel", size, pad_open ? ButtonStyle::Secondary : ButtonStyle::Primary))
        ctx.Emit(core::intent::CloseAdmin{});
    if (pad_open) {
        ImGui::SameLine(0, kSpace5);
        if (TouchButton("admin.submit", "Open", size, ButtonStyle::Primary, ctx.Allowed(core::intent::AdminSubmit{})))
            ctx.Emit(core::intent::AdminSubmit{});
    }
}

void DrawAdmin(Context& ctx) {
    const Services& services = ctx.frame.services;
    const ActionBar bar = PlanActionBar({"Quit the kiosk", "Close"}, 420.0f);
    BeginContent("##admin", bar.Height());
    Heading("Admin");
    Gap(0.5f);
    // Facts about this kiosk, one per line, from the app: pack, site, records file, row counts,
    // anything not yet saved, a quarantined database, the last export.
    // The USB stick first: at a site with no network it is how records leave and new training arrives.
    Services::UsbOutcome usb = services.usb_outcome ? services.usb_outcome() : Services::UsbOutcome{};
    if (!usb.text.empty()) {
        UsbOutcomeBox(usb);
        Gap(0.5f);
    }
    if (TouchButton("admin.usb.export", "Export records to a USB stick", ImVec2(0, 0), ButtonStyle::Primary,
                    services.usb_export && !usb.busy))
        services.usb_export();
    // One under the other: side by side they do not fit a 1280-pixel-wide kiosk at larger text sizes.
    if (TouchButton("admin.usb.install", "Install the pack on a USB stick", ImVec2(0, 0), ButtonStyle::Secondary,
                    services.usb_install && !usb.busy))
        services.usb_install();
    if (TouchButton("admin.export", "Export the records to a file on the kiosk", ImVec2(0, 0), ButtonStyle::Secondary,
                    static_cast<bool>(services.export_records) && !usb.busy))
        services.export_records();
    Note("Wait until it says it is safe to remove the stick. The records hold no staff numbers, only their keyed "
         "hashes. The export to a file on the kiosk is for someone with a root shell and kiosk-report.");
    Gap();
    // The facts after the actions: they grow (the trail, the sync state) and would push the buttons
    // off a smaller screen.
    Body(services.admin_summary ? services.admin_summary() : "No details available.");
    EndContent();
    const ImVec2 size(bar.button_width, bar.button_height);
    BeginActionRow(bar);
    if (TouchButton("admin.quit", "Quit the kiosk", size, ButtonStyle::Secondary, static_cast<bool>(services.quit)))
        services.quit();
    ImGui::SameLine(0, kSpace5);
    if (TouchButton("admin.close", "Close", size, ButtonStyle::Primary))
        ctx.Emit(core::intent::CloseAdmin{});
}

}  // namespace kiosk::ui
