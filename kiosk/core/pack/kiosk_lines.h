// The lines the kiosk itself adds under a question's prompt, saying how to answer: one place for the
// kiosk's screens (kiosk/ui/ui_text.cpp) and the compiler, which warns when a title or prompt repeats
// one (W103, authoring/lints.cpp): the learner would read it twice (issue 18). content/README.md lists them.
#pragma once

#include "core/pack/pack_data.h"

namespace kiosk::core {

struct KioskLine {
    const char* en;
    const char* cy;
};

inline constexpr KioskLine kHowSingle{"Choose one answer.", "Dewiswch un ateb."};
inline constexpr KioskLine kHowMulti{"Select all that apply.", "Dewiswch bob un sy'n berthnasol."};
inline constexpr KioskLine kHowTrueFalse{"True or false?", "Gwir neu gau?"};
inline constexpr KioskLine kHowHotspot{"Tap every sign you can see in the picture. Tap again to undo.",
                                       "Tapiwch bob arwydd y gallwch ei weld yn y llun. Tapiwch eto i ddadwneud."};
inline constexpr KioskLine kHowOrder{"Put the steps in order. Use the arrows to move a step.",
                                     "Rhowch y camau yn eu trefn. Defnyddiwch y saethau i symud cam."};
inline constexpr KioskLine kHowChoice{"What would you do? Choose one.", "Beth fyddech chi'n ei wneud? Dewiswch un."};

// The line shown under a scene's prompt: by question type, or for a choice; nullptr for other scenes.
inline const KioskLine* HowToAnswer(SceneKind kind, QuestionType type) {
    if (kind == SceneKind::Choice) return &kHowChoice;
    if (kind != SceneKind::Question) return nullptr;
    switch (type) {
        case QuestionType::Multi: return &kHowMulti;
        case QuestionType::TrueFalse: return &kHowTrueFalse;
        case QuestionType::Hotspot: return &kHowHotspot;
        case QuestionType::Order: return &kHowOrder;
        default: return &kHowSingle;
    }
}

}  // namespace kiosk::core
