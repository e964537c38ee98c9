// Interface text (buttons, instructions) in every language the kiosk ships, from one table so that no
// language can miss a string. Content text comes from the pack instead. The Welsh here is a draft that
// a Welsh speaker must review before a release (like the content's fuzzy PO entries).
#pragma once

#include <string>

namespace kiosk::ui {

enum class UiText {
    TouchToStart,
    DidYouKnow,
    AttractTagline,
    AboutYou,
    YourOrganisation,
    WhatIsYourRole,
    RolePolice,
    RoleHealth,
    RoleSocialCare,
    RoleFire,
    RoleHousing,
    RoleBenefits,
    RoleVoluntary,
    RoleBusiness,
    RoleOther,
    StaffNumber,
    StaffNumberPrivacy,
    Delete,
    Continue,
    ChooseModule,
    ChooseModuleHint,
    Minutes,
    Done,
    IHaveFinished,
    BeforeYouStart,
    ContinueToModule,
    SkipModule,
    CheckAnswer,
    HowSingle,
    HowMulti,
    HowTrueFalse,
    HowHotspot,
    HowOrder,
    HowChoice,
    True,
    False,
    Right,
    NotRight,
    YouGotItRight,
    NotQuite,
    Step,
    MoveUp,
    MoveDown,
    SignsYouMissed,
    ModuleComplete,
    YouScored,
    Passed,
    NotPassed,
    NoQuestions,
    CompletionCode,
    CompletionCodeHint,
    Saved,
    Saving,
    NotSaved,
    WhoToContact,
    BackToModules,
    FilmUnavailable,
    Leave,
    Display,
    TextSize,
    HighContrast,
    CalmSpacing,
    ReadAloud,
    On,
    Off,
    Close,
    StillThere,
    StillThereBody,
    ImStillHere,
    LeavingTitle,
    LeavingBody,
    LeavingEmergency,
    Finish,
    Sources,
    ExitModule,
};

// The text in `language`, or in English when there is no translation.
const char* UiString(UiText id, const std::string& language);

// Every interface string in every language, plus the symbols the widgets draw (ticks, boxes,
// arrows), so the platform can put all of their glyphs in the font atlas.
std::string AllInterfaceText();

}  // namespace kiosk::ui
