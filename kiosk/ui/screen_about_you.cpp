// "About you": the learner's role category (required) and an optional staff number typed on an
// on-screen keypad. No names, no e-mail. The number is hashed by the core when they continue.
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
    Heading(ctx.Ui(UiText::AboutYou));
    ctx.Say(ctx.Ui(UiText::AboutYou));
    if (ctx.Config().site) {
        std::string agency = std::string(ctx.Ui(UiText::YourOrganisation)) + ": " +
                             ctx.Content(core::SiteKey(ctx.Config().site->id, "agency"));
        Note(agency);
        ctx.Say(agency);
    }
    Gap();
    // Two columns while they fit (roles left, keypad right); one column at the largest text sizes.
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float keypad_width = (130.0f * 3 + spacing * 2) * std::max(1.0f, Scale() * 0.85f);
    const float total = ImGui::GetContentRegionAvail().x;
    const bool side_by_side = total - keypad_width - 60.0f >= 600.0f;
    const float roles_width = side_by_side ? total - keypad_width - 60.0f : total;

    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + roles_width);
    Body(ctx.Ui(UiText::WhatIsYourRole));
    ImGui::PopTextWrapPos();
    ctx.Say(ctx.Ui(UiText::WhatIsYourRole));
    const auto& roles = core::RoleCategories();
    int columns = roles_width / std::max(1.0f, Scale()) > 900.0f ? 3 : 2;
    float cell = (roles_width - spacing * (columns - 1)) / columns;
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (i % columns) ImGui::SameLine();
        bool selected = sitting.role == roles[i];
        if (TouchButton("role." + roles[i], ctx.Ui(RoleText(roles[i])), ImVec2(cell, kMinTouch * 1.2f),
                        selected ? ButtonStyle::OptionSelected : ButtonStyle::Option, true,
                        selected ? "\xE2\x9C\x93" : nullptr))
            ctx.Emit(core::intent::PickRole{roles[i]});
    }
    ImGui::EndGroup();
    if (side_by_side) ImGui::SameLine(0, 60.0f);
    else Gap();

    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + (side_by_side ? keypad_width : total));
    Body(ctx.Ui(UiText::StaffNumber));
    Note(ctx.Ui(UiText::StaffNumberPrivacy));
    ImGui::PopTextWrapPos();
    ctx.Say(std::string(ctx.Ui(UiText::StaffNumber)) + ". " + ctx.Ui(UiText::StaffNumberPrivacy));
    DrawKeypad(ctx, sitting.keypad, keypad_width, [](char c) -> core::Intent { return core::intent::KeypadDigit{c}; },
               core::intent::KeypadBackspace{});
    ImGui::EndGroup();
    EndContent();

    BeginActionRow(560.0f);
    bool can = ctx.Allowed(core::intent::ConfirmAboutYou{});
    if (TouchButton("about.continue", ctx.Ui(UiText::Continue), ImVec2(560.0f, kMinTouch), ButtonStyle::Primary, can))
        ctx.Emit(core::intent::ConfirmAboutYou{});
}

}  // namespace kiosk::ui
