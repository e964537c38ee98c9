// "About you": the learner's role category (required) and an optional staff number typed on an
// on-screen keypad. No names, no e-mail. The number is hashed by the core when they continue.
#include <cstdio>

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
    const float key = 130.0f * std::max(1.0f, Scale() * 0.85f);         // key width
    const float key_h = kMinTouch * 1.1f * std::max(1.0f, Scale() * 0.85f);  // key height
    const float keypad_width = key * 3 + spacing * 2;
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
    {
        // The number typed so far, in a box above the keypad.
        ImVec2 min = ImGui::GetCursorScreenPos();
        ImVec2 max(min.x + keypad_width, min.y + key_h);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(min, max, Colors().surface, 10.0f);
        draw->AddRect(min, max, Colors().border, 10.0f, 0, 2.0f);
        draw->AddText(ImVec2(min.x + 20, min.y + (key_h - ImGui::GetFontSize()) * 0.5f), Colors().text,
                      sitting.keypad.c_str());
        ImGui::Dummy(ImVec2(keypad_width, key_h));
    }
    const char* keys = "123456789";
    for (int i = 0; i < 9; ++i) {
        if (i % 3) ImGui::SameLine();
        char label[2] = {keys[i], 0};
        if (TouchButton(std::string("keypad.digit.") + keys[i], label, ImVec2(key, key_h), ButtonStyle::Option,
                        ctx.Allowed(core::intent::KeypadDigit{keys[i]})))
            ctx.Emit(core::intent::KeypadDigit{keys[i]});
    }
    ImGui::Dummy(ImVec2(key, key_h));
    ImGui::SameLine();
    if (TouchButton("keypad.digit.0", "0", ImVec2(key, key_h), ButtonStyle::Option, ctx.Allowed(core::intent::KeypadDigit{'0'})))
        ctx.Emit(core::intent::KeypadDigit{'0'});
    ImGui::SameLine();
    if (TouchButton("keypad.backspace", "\xE2\x8C\xAB", ImVec2(key, key_h), ButtonStyle::Option,
                    ctx.Allowed(core::intent::KeypadBackspace{})))
        ctx.Emit(core::intent::KeypadBackspace{});
    ImGui::EndGroup();
    EndContent();

    BeginActionRow(560.0f);
    bool can = ctx.Allowed(core::intent::ConfirmAboutYou{});
    if (TouchButton("about.continue", ctx.Ui(UiText::Continue), ImVec2(560.0f, kMinTouch), ButtonStyle::Primary, can))
        ctx.Emit(core::intent::ConfirmAboutYou{});
}

}  // namespace kiosk::ui
