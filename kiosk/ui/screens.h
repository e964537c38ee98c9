// What the screens share: the drawing context (frame, intents, the text read aloud) and one function
// per screen. Internal to kiosk_ui.
#pragma once

#include <string>
#include <vector>

#include "ui.h"
#include "ui_text.h"

namespace kiosk::ui {

struct Context {
    const Frame& frame;
    std::vector<core::Intent>& intents;
    std::string spoken;  // the screen's text in reading order, for "read aloud"

    const core::SessionState& State() const { return frame.state; }
    const core::SessionConfig& Config() const { return frame.config; }
    const std::string& Lang() const { return frame.state.language; }
    // Content text for a pack string key, in the learner's language.
    const std::string& Content(const std::string& key) const { return core::Text(frame.state, frame.config, key); }
    // Interface text ("Continue") in the learner's language.
    const char* Ui(UiText id) const { return UiString(id, frame.state.language); }
    void Emit(core::Intent intent) { intents.push_back(std::move(intent)); }
    bool Allowed(const core::Intent& intent) const { return core::IsAllowed(frame.state, intent, frame.config); }
    void Say(const std::string& text) {
        if (text.empty()) return;
        if (!spoken.empty()) spoken += "\n";
        spoken += text;
    }
};

void DrawTopBar(Context& ctx);
void DrawIdleOverlay(Context& ctx);
void DrawAccessibilityPanel(Context& ctx);

void DrawAttract(Context& ctx);
void DrawAboutYou(Context& ctx);
void DrawMenu(Context& ctx);
void DrawContentWarning(Context& ctx);
void DrawResumeOffer(Context& ctx);
void DrawScene(Context& ctx);
void DrawQuestion(Context& ctx, const core::Module& module, const core::Scene& scene);
void DrawChoice(Context& ctx, const core::Module& module, const core::Scene& scene);
void DrawEnd(Context& ctx, const core::Module& module, const core::Scene& scene);
void DrawSources(Context& ctx, const core::Module& module);  // in place of the end scene, when opened
void DrawFilm(Context& ctx, const core::Module& module, const core::Scene& scene);
void DrawFilmFallback(Context& ctx, const core::Module& module, const core::Scene& scene);
void DrawLeaving(Context& ctx);
void DrawAdminPin(Context& ctx);
void DrawAdmin(Context& ctx);

// Contacts (local first, then national) as a readable list; used by the end and leaving screens.
void DrawContacts(Context& ctx);

}  // namespace kiosk::ui
