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

// How the screen is laid out, chosen by what fits the screen at the learner's text size:
// - Columns: roles left, the phone-shaped pad right (wide screens);
// - Compact: side by side on a short screen (1280x720 put 4 to 9 and 0 below the fold): the
//   organisation beside the heading, the privacy hint across the top, the pad in two rows of five under
//   its box, the roles in three columns, rows closer together;
// - Split: side by side where even that is too tall (a short screen at the larger text sizes): each
//   column scrolls on its own, the pad and Continue stay in sight, the roles and the hint scroll;
// - Stacked: one column (portrait, narrow): the roles, then the pad, two-row where the phone shape
//   would end below the fold.
enum class Kind { Columns, Compact, Split, Stacked };

struct Layout {
    Kind kind = Kind::Columns;
    float roles_width = 0, keypad_width = 0, gutter = 60.0f, role_h = 0, key_h = 0;
    int columns = 2;
    KeypadShape shape = KeypadShape::Phone;
};

// The height of the roles' grid in `columns` columns `width` wide, rows `row_gap` apart: buttons grow
// where a name wraps.
float RolesHeight(Context& ctx, float width, int columns, float role_h, float row_gap) {
    const auto& roles = core::RoleCategories();
    const ImVec2 spacing(ImGui::GetStyle().ItemSpacing.x, row_gap);
    const float cell = (width - spacing.x * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    float total = 0, row = 0;
    for (std::size_t i = 0; i < roles.size(); ++i) {
        row = std::max({row, role_h, TouchButtonSize(ctx.Ui(RoleText(roles[i])), cell).y});
        if ((i + 1) % columns == 0 || i + 1 == roles.size()) total += row + spacing.y, row = 0;
    }
    return total;
}

Layout Plan(Context& ctx, float total, float height, const char* hint, bool has_agency) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float spacing = style.ItemSpacing.x;
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float grow = std::max(1.0f, Scale() * 0.85f);
    Layout l;
    l.keypad_width = (130.0f * 3 + spacing * 2) * grow;
    l.role_h = kMinTouch * 1.2f;
    l.key_h = KeypadKeyHeight();
    // Too narrow for roles beside even the narrow pad (portrait): one column.
    if (total - (56.0f * grow * 5 + spacing * 4) - 40.0f < 600.0f) {
        l.kind = Kind::Stacked;
        l.roles_width = total;
        l.columns = total / std::max(1.0f, Scale()) > 900.0f ? 3 : 2;
        const float hint_h = ImGui::CalcTextSize(hint, nullptr, false, total).y + style.ItemSpacing.y;
        const float roles_h = line_h + RolesHeight(ctx, total, l.columns, l.role_h, style.ItemSpacing.y) + ImGui::GetFontSize() * 0.9f;
        if (ChooseKeypad(height - roles_h - line_h - hint_h) == KeypadShape::TwoRows) {
            l.shape = KeypadShape::TwoRows;
            l.keypad_width = std::min(total, 5 * l.key_h + 4 * spacing);
        }
        return l;
    }
    l.roles_width = total - l.keypad_width - l.gutter;
    l.columns = l.roles_width / std::max(1.0f, Scale()) > 900.0f ? 3 : 2;
    const float hint_h = ImGui::CalcTextSize(hint, nullptr, false, l.keypad_width).y + style.ItemSpacing.y;
    if (l.roles_width >= 600.0f && line_h + RolesHeight(ctx, l.roles_width, l.columns, l.role_h, style.ItemSpacing.y) <= height &&
        ChooseKeypad(height - line_h - hint_h) == KeypadShape::Phone)
        return l;

    // Compact: keys narrower than tall (56 x 72, well over GOV.UK's 44), so role names keep to one line.
    l.kind = Kind::Compact;
    l.shape = KeypadShape::TwoRows;
    l.key_h = l.role_h = kMinTouch * grow;
    l.keypad_width = 56.0f * grow * 5 + spacing * 4;
    l.gutter = 40.0f;
    l.roles_width = total - l.keypad_width - l.gutter;
    if (l.roles_width / 3 >= 220.0f * Scale()) l.columns = 3;
    const float top_hint_h = ImGui::CalcTextSize(hint, nullptr, false, total).y + style.ItemSpacing.y;
    // Rows sit half as far apart in this layout.
    // The organisation's line, if there is one, moves beside the heading.
    const float room = height + (has_agency ? line_h : 0.0f) - top_hint_h;
    const float roles_h = line_h + RolesHeight(ctx, l.roles_width, l.columns, l.role_h, style.ItemSpacing.y * 0.5f);
    if (roles_h <= room && line_h + KeypadHeight(l.shape, l.key_h) <= room) return l;

    // Split: the usual key height keeps the pad short; the roles go back to two columns.
    l.kind = Kind::Split;
    l.key_h = kMinTouch;
    l.columns = 2;
    return l;
}

void DrawRoles(Context& ctx, const Layout& l) {
    const auto& sitting = *ctx.State().sitting;
    const auto& roles = core::RoleCategories();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + l.roles_width);
    Body(ctx.Ui(UiText::WhatIsYourRole));
    ImGui::PopTextWrapPos();
    ctx.Say(ctx.Ui(UiText::WhatIsYourRole));
    const float cell = (l.roles_width - spacing * static_cast<float>(l.columns - 1)) / static_cast<float>(l.columns);
    for (std::size_t i = 0; i < roles.size(); ++i) {
        if (i % l.columns) ImGui::SameLine();
        const bool selected = sitting.role == roles[i];
        if (TouchButton("role." + roles[i], ctx.Ui(RoleText(roles[i])), ImVec2(cell, l.role_h),
                        selected ? ButtonStyle::OptionSelected : ButtonStyle::Option, true,
                        selected ? "\xE2\x9C\x93" : nullptr))
            ctx.Emit(core::intent::PickRole{roles[i]});
    }
}

// The staff number's label, the privacy hint under it unless it is shown elsewhere (`hint` null), and
// the pad.
// In the split layout the label is the empty box's placeholder: above it, it took two lines the keys
// needed at the largest text size.
void DrawNumber(Context& ctx, const Layout& l, const char* hint) {
    const float width = l.kind == Kind::Stacked ? l.roles_width : l.keypad_width;
    const bool split = l.kind == Kind::Split;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    if (!split) Body(ctx.Ui(UiText::StaffNumber));
    if (hint) Note(hint);
    ImGui::PopTextWrapPos();
    ctx.Say(std::string(ctx.Ui(UiText::StaffNumber)) + ". " + ctx.Ui(UiText::StaffNumberPrivacy));
    DrawKeypad(ctx, ctx.State().sitting->keypad, l.keypad_width,
               [](char c) -> core::Intent { return core::intent::KeypadDigit{c}; }, core::intent::KeypadBackspace{},
               l.shape, l.key_h, split ? ctx.Ui(UiText::StaffNumber) : nullptr);
}

}  // namespace

void DrawAboutYou(Context& ctx) {
    const ActionBar bar = PlanActionBar({ctx.Ui(UiText::Continue)});
    BeginContent("##about", bar.Height());
    std::string agency;
    if (ctx.Config().site)
        agency = std::string(ctx.Ui(UiText::YourOrganisation)) + ": " +
                 ctx.Content(core::SiteKey(ctx.Config().site->id, "agency"));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float total = ImGui::GetContentRegionAvail().x;
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float heading_h = HeadingFont()->FontSize + style.ItemSpacing.y;
    const float gap_h = ImGui::GetFontSize() * 0.9f;  // Gap() with calm spacing, the most it is
    // Below the usual heading, organisation line and gap, inside the scroll area's padding.
    const float height = ImGui::GetContentRegionAvail().y - style.WindowPadding.y - heading_h -
                         (agency.empty() ? 0.0f : line_h) - gap_h;
    const char* hint = ctx.Ui(UiText::StaffNumberPrivacy);
    const Layout l = Plan(ctx, total, height, hint, !agency.empty());
    const bool tight = l.kind == Kind::Compact || l.kind == Kind::Split;

    const float heading_x = ImGui::GetCursorPosX(), heading_y = ImGui::GetCursorPosY();
    Heading(ctx.Ui(UiText::AboutYou));
    ctx.Say(ctx.Ui(UiText::AboutYou));
    if (!agency.empty() && l.kind != Kind::Split) {
        if (tight) {  // beside the heading, on its baseline
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
    if (l.kind == Kind::Compact) Note(hint);
    Gap(tight ? 0.5f : 1.0f);

    if (l.kind == Kind::Split) {
        // The roles scroll in their own column, the organisation and the privacy hint under them (the
        // question first: above it, the hint pushed the roles out of sight); the pad stays beside, in sight, its keys as tall as the room allows (72 down to 56 pixels; GOV.UK
        // asks 44).
        const float area_h = ImGui::GetContentRegionAvail().y - style.WindowPadding.y - 24.0f;
        const ImVec2 top = ImGui::GetCursorScreenPos();
        BeginScrollArea("##about-roles", ImVec2(l.roles_width, area_h));
        Layout inside = l;  // less the area's scroll bar
        inside.roles_width = ImGui::GetContentRegionAvail().x;
        DrawRoles(ctx, inside);
        Gap(0.5f);
        if (!agency.empty()) Note(agency, inside.roles_width);
        Note(hint, inside.roles_width);
        if (!agency.empty()) ctx.Say(agency);
        EndScrollArea();
        ImGui::SetCursorScreenPos(ImVec2(top.x + l.roles_width + l.gutter, top.y));  // beside, "More below" or not
        Layout pad = l;
        pad.key_h = std::clamp((area_h - 3 * style.ItemSpacing.y) / 3.0f, 56.0f, kMinTouch);
        ImGui::BeginGroup();
        DrawNumber(ctx, pad, nullptr);
        ImGui::EndGroup();
    } else {
        // Compact rows sit closer: half the usual space between them.
        if (l.kind == Kind::Compact) ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(style.ItemSpacing.x, style.ItemSpacing.y * 0.5f));
        ImGui::BeginGroup();
        DrawRoles(ctx, l);
        ImGui::EndGroup();
        if (l.kind == Kind::Stacked) Gap();
        else ImGui::SameLine(0, l.gutter);
        ImGui::BeginGroup();
        DrawNumber(ctx, l, l.kind == Kind::Compact ? nullptr : hint);
        ImGui::EndGroup();
        if (l.kind == Kind::Compact) ImGui::PopStyleVar();
    }
    EndContent();

    BeginActionRow(bar);
    const bool can = ctx.Allowed(core::intent::ConfirmAboutYou{});
    if (TouchButton("about.continue", ctx.Ui(UiText::Continue), ImVec2(bar.button_width, bar.button_height),
                    ButtonStyle::Primary, can))
        ctx.Emit(core::intent::ConfirmAboutYou{});
}

}  // namespace kiosk::ui
