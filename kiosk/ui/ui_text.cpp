// The interface text table (see ui_text.h). One row per UiText, English then Welsh.
#include "ui_text.h"

#include "core/pack/kiosk_lines.h"

namespace kiosk::ui {
namespace {

struct Row {
    const char* en;
    const char* cy;
};

const Row kRows[] = {
    {"Touch the screen to start", "Cyffyrddwch â'r sgrin i ddechrau"},  // TouchToStart
    {"Did you know?", "Oeddech chi'n gwybod?"},  // DidYouKnow
    {"Spot the signs of modern slavery. Know what to do.", "Sylwi ar arwyddion caethwasiaeth fodern. Gwybod beth i'w wneud."},  // AttractTagline
    {"About you", "Amdanoch chi"},  // AboutYou
    {"Your organisation", "Eich sefydliad"},  // YourOrganisation
    {"What is your role?", "Beth yw eich rôl?"},  // WhatIsYourRole
    {"Police", "Heddlu"},  // RolePolice
    {"Health", "Iechyd"},  // RoleHealth
    {"Social care", "Gofal cymdeithasol"},  // RoleSocialCare
    {"Fire and rescue", "Tân ac achub"},  // RoleFire
    {"Housing", "Tai"},  // RoleHousing
    {"Benefits (DWP)", "Budd-daliadau (DWP)"},  // RoleBenefits
    {"Voluntary sector", "Sector gwirfoddol"},  // RoleVoluntary
    {"Business", "Busnes"},  // RoleBusiness
    {"Other", "Arall"},  // RoleOther
    {"Staff number (optional)", "Rhif staff (dewisol)"},  // StaffNumber
    {"We never keep your number. It is turned into a code that cannot be turned back into the number.", "Nid ydym byth yn cadw eich rhif. Caiff ei droi'n god na ellir ei droi'n ôl yn rhif."},  // StaffNumberPrivacy
    {"Delete", "Dileu"},  // Delete
    {"Continue", "Parhau"},  // Continue
    {"Choose a module", "Dewiswch fodiwl"},  // ChooseModule
    {"Tap a module to start it.", "Tapiwch fodiwl i'w ddechrau."},  // ChooseModuleHint
    {"%d minutes", "%d munud"},  // Minutes
    {"Done", "Wedi gorffen"},  // Done
    {"Not passed yet: tap to try again", "Heb lwyddo eto: tapiwch i roi cynnig arall"},  // NotPassedYet
    {"I have finished", "Rydw i wedi gorffen"},  // IHaveFinished
    {"Before you start", "Cyn i chi ddechrau"},  // BeforeYouStart
    {"Continue to the module", "Ymlaen i'r modiwl"},  // ContinueToModule
    {"Skip this module", "Hepgor y modiwl hwn"},  // SkipModule
    {"Check my answer", "Gwirio fy ateb"},  // CheckAnswer
    // How to answer: the compiler warns when content repeats one (core/pack/kiosk_lines.h).
    {core::kHowSingle.en, core::kHowSingle.cy},  // HowSingle
    {core::kHowMulti.en, core::kHowMulti.cy},  // HowMulti
    {core::kHowTrueFalse.en, core::kHowTrueFalse.cy},  // HowTrueFalse
    {core::kHowHotspot.en, core::kHowHotspot.cy},  // HowHotspot
    {core::kHowOrder.en, core::kHowOrder.cy},  // HowOrder
    {core::kHowChoice.en, core::kHowChoice.cy},  // HowChoice
    {"True", "Gwir"},  // True
    {"False", "Gau"},  // False
    {"Right", "Cywir"},  // Right
    {"Not right", "Ddim yn gywir"},  // NotRight
    {"That's right.", "Mae hynny'n gywir."},  // YouGotItRight
    {"Not quite.", "Ddim yn hollol."},  // NotQuite
    {"Step %d", "Cam %d"},  // Step
    {"Move up", "Symud i fyny"},  // MoveUp
    {"Move down", "Symud i lawr"},  // MoveDown
    {"Signs you did not tap are outlined.", "Mae amlinell o gwmpas yr arwyddion na wnaethoch eu tapio."},  // SignsYouMissed
    {"Module complete", "Modiwl wedi'i gwblhau"},  // ModuleComplete
    {"You scored %d%%. The pass mark is %d%%.", "Eich sgôr oedd %d%%. Y marc llwyddo yw %d%%."},  // YouScored
    {"You passed.", "Rydych chi wedi llwyddo."},  // Passed
    {"You did not pass this time. You can try the module again.", "Dydych chi ddim wedi llwyddo y tro hwn. Gallwch roi cynnig arall ar y modiwl."},  // NotPassed
    {"You have finished this module.", "Rydych chi wedi gorffen y modiwl hwn."},  // NoQuestions
    {"Your completion code", "Eich cod cwblhau"},  // CompletionCode
    {"Write it down or scan it to show you finished. It does not contain your name or number.", "Ysgrifennwch ef neu ei sganio i ddangos eich bod wedi gorffen. Nid yw'n cynnwys eich enw na'ch rhif."},  // CompletionCodeHint
    {"Saved", "Wedi'i gadw"},  // Saved
    {"Saving...", "Wrthi'n cadw..."},  // Saving
    {"Not saved yet. Your result is kept on this kiosk and will be saved as soon as possible.", "Heb ei gadw eto. Mae eich canlyniad yn cael ei gadw ar y ciosg hwn a bydd yn cael ei gadw cyn gynted â phosibl."},  // NotSaved
    {"Who to contact", "Pwy i gysylltu â nhw"},  // WhoToContact
    {"Back to modules", "Yn ôl i'r modiwlau"},  // BackToModules
    {"The film cannot be shown on this kiosk. You can continue the module without it.", "Ni ellir dangos y ffilm ar y ciosg hwn. Gallwch barhau â'r modiwl hebddi."},  // FilmUnavailable
    {"Leave", "Gadael"},  // Leave
    {"Display and reading", "Arddangos a darllen"},  // Display
    {"Text size", "Maint y testun"},  // TextSize
    {"High contrast", "Cyferbyniad uchel"},  // HighContrast
    {"Calmer spacing", "Bylchau tawelach"},  // CalmSpacing
    {"Read this screen aloud", "Darllen y sgrin hon yn uchel"},  // ReadAloud
    {"On", "Ymlaen"},  // On
    {"Off", "I ffwrdd"},  // Off
    {"Close", "Cau"},  // Close
    {"Are you still there?", "Ydych chi'n dal yno?"},  // StillThere
    {"To keep your answers private, this screen will reset in %d seconds.", "I gadw eich atebion yn breifat, bydd y sgrin hon yn ailosod mewn %d eiliad."},  // StillThereBody
    {"I'm still here", "Rydw i dal yma"},  // ImStillHere
    {"Thank you for your time", "Diolch am eich amser"},  // LeavingTitle
    {"If anything here has upset you, or you are worried about yourself or someone else, help is available. You do not have to give your name.", "Os oes rhywbeth yma wedi achosi gofid i chi, neu os ydych chi'n poeni amdanoch chi'ch hun neu rywun arall, mae help ar gael. Does dim rhaid i chi roi eich enw."},  // LeavingBody
    {"If someone is in immediate danger, call 999.", "Os yw rhywun mewn perygl uniongyrchol, ffoniwch 999."},  // LeavingEmergency
    {"Finish", "Gorffen"},  // Finish
    {"Sources", "Ffynonellau"},  // Sources
    {"Exit module", "Gadael y modiwl"},  // ExitModule
    {"Play", "Chwarae"},  // FilmPlay
    {"Pause", "Oedi"},  // FilmPause
    {"Back 10 seconds", "Yn ôl 10 eiliad"},  // FilmBack
    {"Start again", "Dechrau eto"},  // FilmReplay
    {"Captions", "Capsiynau"},  // Captions
    {"Volume", "Sain"},  // Volume
    {"Quieter", "Tawelach"},  // Quieter
    {"Louder", "Uwch"},  // Louder
    {"Loading the film...", "Wrthi'n llwytho'r ffilm..."},  // FilmLoading
    {"Watch the film to the end to continue. You can pause it at any time.", "Gwyliwch y ffilm hyd y diwedd i barhau. Gallwch ei hoedi unrhyw bryd."},  // FilmMustWatch
    {"Chapters", "Penodau"},  // Chapters
    {"The film is paused. It carries on after this question.", "Mae'r ffilm wedi'i hoedi. Bydd yn parhau ar ôl y cwestiwn hwn."},  // FilmPausedForQuestion
    {"Where the facts in this module come from. Scan a code with your phone to open the page later.", "O ble mae'r ffeithiau yn y modiwl hwn yn dod. Sganiwch god gyda'ch ffôn i agor y dudalen yn nes ymlaen."},  // SourcesIntro
    {"Checked", "Gwiriwyd"},  // SourceChecked
    {"Back", "Yn ôl"},  // Back
    {"More below", "Mwy isod"},  // MoreBelow
    {"Not finished: tap to carry on", "Heb orffen: tapiwch i barhau"},  // NotFinished
    {"Carry on where you stopped?", "Parhau o'r man lle gwnaethoch stopio?"},  // CarryOnQuestion
    {"You started this module before and stopped part way through. Your answers so far still count.",
     "Fe ddechreuoch chi'r modiwl hwn o'r blaen a stopio hanner ffordd. Mae eich atebion hyd yma yn dal i gyfrif."},  // CarryOnBody
    {"If you start again, you answer every question again from the beginning.",
     "Os byddwch chi'n dechrau eto, byddwch chi'n ateb pob cwestiwn eto o'r dechrau."},  // StartAgainHint
    {"Carry on", "Parhau"},  // CarryOn
    {"Start again", "Dechrau eto"},  // StartAgain
    {"Watch to the end to continue.", "Gwyliwch hyd y diwedd i barhau."},  // FilmMustWatchShort
};

static_assert(sizeof(kRows) / sizeof(kRows[0]) == static_cast<std::size_t>(UiText::FilmMustWatchShort) + 1,
              "every UiText needs a row");

}  // namespace

const char* UiString(UiText id, const std::string& language) {
    const Row& row = kRows[static_cast<std::size_t>(id)];
    if (language == "cy") return row.cy;
    return row.en;
}

std::string AllInterfaceText() {
    std::string text =
        "\xE2\x9C\x93\xE2\x9C\x97\xE2\x98\x91\xE2\x98\x90\xE2\x97\x8F\xE2\x97\x8B"  // ✓ ✗ ☑ ☐ ● ○
        "\xE2\x96\xB2\xE2\x96\xBC\xE2\x8C\xAB\xE2\x80\xA2"                            // ▲ ▼ ⌫ •
        "\xE2\x96\xB6\xE2\x88\x92";                                                    // ▶ −
    for (const Row& row : kRows) {
        text += row.en;
        text += row.cy;
    }
    return text;
}

}  // namespace kiosk::ui
