// "About you": the learner's role category (required) and an optional staff number typed on an
// on-screen keypad. No names, no e-mail. The number is hashed by the core when they continue.
#include <algorithm>
#include <cstdio>

#include "keypad.h"
#include "layout.h"
#include "screens.h"
#include "theme.h"

namespace kiosk::ui {
namespace {

UiText RoleText(const std::string& role) {
    if (role == "police") return UiText::RolePolice;
    if (role == "health") return UiText::RoleHealth;
    if (role == "social-care") return UiText::RoleSocialCare;
    if (role == "fire") return UiText::RoleFire;
    if (role == "housing") return UiText::RoleHousing;
    if (role == "benefits") return UiText::RoleBenefits;
    if (role == "voluntary") return UiText::RoleVoluntary;
    if (role == "business") return UiText::RoleBusiness;
    return UiText::RoleOther;
}

}  // namespace

void DrawAboutYou(Context& ctx) {
    const auto& sitting = *ctx.State().sitting;
    BeginContent("##about", ActionBarHeight());
    std::string agency;
    if (ctx.Config().site)
        agency = std::string(ctx.Ui(UiText::YourOrganisation)) + ": " +
                 ctx.Content(core::SiteKey(ctx.Config().site->id, "agency"));

    // Two columns while they fit side by side (roles left, keypad right); one column at the largest
    // text sizes and in portrait. Side by side on a short screen (1280x720) the phone-shaped keypad put
    // 4 to 9 and 0 below the fold. There the layout is compact: the organisation beside the heading,
    // the privacy hint across the top, the keypad in two rows of five keys under its box, the roles in
    // three columns, rows closer together; each column is then three rows.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float spacing = style.ItemSpacing.x;
    float gutter = 60.0f;
    const float grow = std::max(1.0f, Scale() * 0.85f);
    float keypad_width = (130.0f * 3 + spacing * 2) * grow;
    const float total = ImGui::GetContentRegionAvail().x;
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float heading_h = HeadingFont()->FontSize + style.ItemSpacing.y;
    const float gap_h = ImGui::GetFontSize() * 0.9f;  // Gap() with calm spacing, the most it is
    // Below the usual heading, organisation line and gap, inside the scroll area's padding.
    const float height = ImGui::GetContentRegionAvail().y - style.WindowPadding.y - heading_h -
                         (agency.empty() ? 0.0f : line_h) - gap_h;
    const bool side_by_side = total - keypad_width - gutter >= 600.0f;
    const auto& roles = core::RoleCategories();
    const char* hint = ctx.Ui(UiText::StaffNumberPrivacy);
    auto rows_of = [&](int columns) { return static_cast<float>((roles.size() + columns - 1) / columns); };
    float roles_width = side_by_side ? total - keypad_width - gutter : total;
    int columns = roles_width / std::max(1.0f, Scale()) > 900.0f ? 3 : 2;
    float role_h = kMinTouch * 1.2f;
    float key_h = KeypadKeyHeight();
    KeypadShape shape = KeypadShape::Phone;
    const float hint_h = ImGui::CalcTextSize(hint, nullptr, false, keypad_width).y + style.ItemSpacing.y;
    const bool fits = line_h + rows_of(columns) * (role_h + style.ItemSpacing.y) <= height &&
                      line_h + hint_h + KeypadHeight(shape, key_h) <= height;
    const bool compact = side_by_side && !fits;
    if (compact) {
        shape = KeypadShape::TwoRows;
        key_h = kMinTouch * grow;
        role_h = kMinTouch * grow;
        // Keys narrower than tall (56 x 72, well over GOV.UK's 44), so role names keep to one line.
        keypad_width = 56.0f * grow * 5 + spacing * 4;
        gutter = 40.0f;
        roles_width = total - keypad_width - gutter;
        if (roles_width / 3 >= 220.0f * Scale()) columns = 3;
    }

    const float heading_x = ImGui::GetCursorPosX(), heading_y = ImGui::GetCursorPosY();
    Heading(ctx.Ui(UiText::AboutYou));
    ctx.Say(ctx.Ui(UiText::AboutYou));
    if (!agency.empty()) {
        if (compact) {  // beside the heading, on its baseline
            ImGui::PushFont(HeadingFont());
            const float after = heading_x + ImGui::CalcTextSize(ctx.Ui(UiText::AboutYou)).x + 48.0f;
            ImGui::PopFont();
            ImGui::SetCursorPos(ImVec2(after, heading_y + (HeadingFont()->FontSize - ImGui::GetFontSize()) * 0.75f));
            Note(agency, total - (after - heading_x));
        } else {
            Note(agency);
        }
        ctx.Say(agency);
    }
    if (compact) Note(hint);
    Gap(compact ? 0.5f : 1.0f);
    // Compact rows sit closer: half the usual space between them.
    if (compact) ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing, style.ItemSpacing.y * 0.5f));

    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + roles_width);
    Body(ctx.Ui(UiText::WhatIsYourRole));
    ImGui::PopTextWrapPos();
    ctx.Say(ctx.Ui(UiText::WhatIsYourRole));
    float cell = (roles_width - spacing * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (i % columns) ImGui::SameLine();
        bool selected = sitting.role == roles[i];
        if (TouchButton("role." + roles[i], ctx.Ui(RoleText(roles[i])), ImVec2(cell, role_h),
                        selected ? ButtonStyle::OptionSelected : ButtonStyle::Option, true,
                        selected ? "\xE2\x9C\x93" : nullptr))
            ctx.Emit(core::intent::PickRole{roles[i]});
    }
    ImGui::EndGroup();
    if (side_by_side) ImGui::SameLine(0, gutter);
    else Gap();

    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + (side_by_side ? keypad_width : total));
    Body(ctx.Ui(UiText::StaffNumber));
    if (!compact) Note(hint);
    ImGui::PopTextWrapPos();
    ctx.Say(std::string(ctx.Ui(UiText::StaffNumber)) + ". " + ctx.Ui(UiText::StaffNumberPrivacy));
    DrawKeypad(ctx, sitting.keypad, keypad_width, [](char c) -> core::Intent { return core::intent::KeypadDigit{c}; },
               core::intent::KeypadBackspace{}, shape, key_h);
    ImGui::EndGroup();
    if (compact) ImGui::PopStyleVar();
    EndContent();

    BeginActionRow(560.0f);
    bool can = ctx.Allowed(core::intent::ConfirmAboutYou{});
    if (TouchButton("about.continue", ctx.Ui(UiText::Continue), ImVec2(560.0f, kMinTouch), ButtonStyle::Primary, can))
        ctx.Emit(core::intent::ConfirmAboutYou{});
}

}  // namespace kiosk::ui
