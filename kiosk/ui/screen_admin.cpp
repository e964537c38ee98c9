// The admin screens: the PIN pad (reached by a long press in the attract screen's top-left corner) and
// the admin screen itself: what pack and records this kiosk has, export of the records, and quit.
#include "keypad.h"
#include "layout.h"
#include "screens.h"
#include "widgets.h"

namespace kiosk::ui {

void DrawAdminPin(Context& ctx) {
    const auto& state = ctx.State();
    BeginContent("##admin-pin", ActionBarHeight());
    Heading("Admin");
    Body("Enter the admin PIN for this site.");
    if (state.admin_failures > 0)
        Note("That PIN is not right. Attempts left: " + std::to_string(core::kAdminPinAttempts - state.admin_failures));
    Gap();
    DrawKeypad(ctx, std::string(state.admin_pin.size(), '*'), 130.0f * 3 + 2 * ImGui::GetStyle().ItemSpacing.x,
               [](char c) -> core::Intent { return core::intent::AdminDigit{c}; }, core::intent::AdminBackspace{});
    EndContent();
    float w = 420.0f;
    BeginActionRow(w * 2 + 24.0f);
    if (TouchButton("admin.close", "Cancel", ImVec2(w, kMinTouch), ButtonStyle::Secondary))
        ctx.Emit(core::intent::CloseAdmin{});
    ImGui::SameLine(0, 24.0f);
    if (TouchButton("admin.submit", "Open", ImVec2(w, kMinTouch), ButtonStyle::Primary, ctx.Allowed(core::intent::AdminSubmit{})))
        ctx.Emit(core::intent::AdminSubmit{});
}

void DrawAdmin(Context& ctx) {
    const Services& services = ctx.frame.services;
    BeginContent("##admin", ActionBarHeight());
    Heading("Admin");
    Gap(0.5f);
    // Facts about this kiosk, one per line, from the app: pack, site, records file, row counts,
    // anything not yet saved, a quarantined database, the last export.
    Body(services.admin_summary ? services.admin_summary() : "No details available.");
    Gap();
    if (TouchButton("admin.export", "Export the records to a file", ImVec2(0, 0), ButtonStyle::Secondary,
                    static_cast<bool>(services.export_records)))
        services.export_records();
    Note("The export is a copy of the records database for kiosk-report; it holds no staff numbers, only their keyed hashes.");
    EndContent();
    float w = 420.0f;
    BeginActionRow(w * 2 + 24.0f);
    if (TouchButton("admin.quit", "Quit the kiosk", ImVec2(w, kMinTouch), ButtonStyle::Secondary, static_cast<bool>(services.quit)))
        services.quit();
    ImGui::SameLine(0, 24.0f);
    if (TouchButton("admin.close", "Close", ImVec2(w, kMinTouch), ButtonStyle::Primary))
        ctx.Emit(core::intent::CloseAdmin{});
}

}  // namespace kiosk::ui
