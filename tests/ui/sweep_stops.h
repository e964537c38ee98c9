// The layout sweep's stops: every screen and overlay a learner or an administrator can meet in a pack,
// as session states reached through the session's own rules (StartModuleAt, Apply), each with the
// controls that must be on screen whole for the person to go on.
#pragma once

#include <string>
#include <vector>

#include "ui_screen.h"

namespace ui_test {

struct Stop {
    std::string name;                   // "spot-the-signs/q3 answered", for failure messages
    core::SessionState state;
    std::vector<std::string> required;  // widget ids; "a|b" means either
};

// Platform services as the kiosk has them, with pictures as big as the pack's own and a QR code as big
// as libqrencode's, so layouts meet real sizes. Nothing is drawn from them (there is no GPU).
inline void UseSampleServices(Screen& screen) {
    static int marker = 0;
    const core::PackData* pack = &screen.pack;
    screen.services.image = [pack](const std::string& path) {
        for (const core::Asset& asset : pack->assets)
            if (asset.path == path) return ui::Texture{&marker, asset.width, asset.height};
        return ui::Texture{};
    };
    screen.services.qr = [](const std::string&) { return ui::Texture{&marker, 29, 29}; };
    screen.services.film_frame = [] { return ui::Texture{&marker, 1280, 720}; };
    screen.services.speak = [](const std::string&, const std::string&) {};
    screen.services.transcript = [](const std::string&) { return std::string("The film's words, from its captions."); };
    screen.services.admin_summary = [] {
        return std::string("Records: 1,234 sittings, 12 not yet sent\nPack: sample, version 7\nDisk: 41 GB free");
    };
    screen.services.export_records = [] {};
    screen.services.usb_export = [] {};
    screen.services.usb_install = [] {};
    screen.services.usb_outcome = [] { return ui::Services::UsbOutcome{"Records copied to the USB stick.", false, true}; };
}

// One frame of the screen's state, with what was tapped thrown away: the sweep looks, it does not act.
inline void DrawOnly(Screen& screen) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    std::vector<core::Intent> ignored;
    ui::DrawKiosk(ui::Frame{screen.state, screen.config, screen.now, screen.services}, ignored);
    ImGui::Render();
}

inline core::SessionState Applied(core::SessionState state, const core::Intent& intent, const core::SessionConfig& config) {
    if (!core::IsAllowed(state, intent, config)) return state;
    state = core::Apply(std::move(state), intent, 0, config);
    state.outbox.clear();
    return state;
}

inline std::vector<Stop> Stops(const core::PackData& pack, const core::SessionConfig& config) {
    std::vector<Stop> stops;
    std::vector<std::string> keypad;
    for (char c = '0'; c <= '9'; ++c) keypad.push_back(std::string("keypad.digit.") + c);
    keypad.push_back("keypad.backspace");
    auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    // The text sizes (someone who cannot read the screen must reach them) and the way out; the other
    // choices may scroll.
    const std::vector<std::string> display = {"a11y.size.0", "a11y.size.1", "a11y.size.2", "a11y.size.3", "a11y.close"};

    core::SessionState state = core::InitialState(config, 0);
    stops.push_back({"attract", state, {"attract.start"}});
    state = Applied(state, core::intent::Start{}, config);
    stops.push_back({"about you", state, with({"about.continue", "nav.leave"}, keypad)});
    state = Applied(state, core::intent::PickRole{core::RoleCategories().back()}, config);
    for (char c : std::string("12345678")) state = Applied(state, core::intent::KeypadDigit{c}, config);
    stops.push_back({"about you, filled in", state, with({"about.continue", "nav.leave"}, keypad)});
    core::SessionState open = state;
    open.accessibility_open = true;
    stops.push_back({"about you, display settings", open, display});
    state = Applied(state, core::intent::ConfirmAboutYou{}, config);
    REQUIRE(state.screen == core::Screen::Menu);
    const core::SessionState menu = state;
    stops.push_back({"menu", menu, {"menu.finish", "nav.leave"}});
    open = menu;
    open.accessibility_open = true;
    stops.push_back({"menu, display settings", open, display});
    if (!pack.modules.empty()) {
        // Back with a staff number after stopping part way through the first module: its card says "Not
        // finished", and opening it asks whether to carry on.
        core::SessionState returning = menu;
        core::ResumePoint point;
        point.module_id = pack.modules[0].id;
        point.scene_id = pack.modules[0].scenes.back().id;
        returning.sitting->resumable.push_back(point);
        stops.push_back({"menu, a module not finished", returning, {"menu.finish", "nav.leave"}});
        core::SessionState offer = Applied(returning, core::intent::OpenModule{point.module_id}, config);
        REQUIRE(offer.screen == core::Screen::ResumeOffer);
        stops.push_back({"carry on where you stopped?", offer, {"resume.carry-on", "resume.start-again", "nav.leave"}});
    }

    const std::vector<std::string> scene_nav = {"nav.leave", "nav.continue|quiz.submit"};
    for (std::size_t m = 0; m < pack.modules.size(); ++m) {
        const core::Module& module = pack.modules[m];
        core::SessionState opened = Applied(menu, core::intent::OpenModule{module.id}, config);
        if (opened.screen == core::Screen::ContentWarning)
            stops.push_back({module.id + " content warning", opened, {"warning.continue", "warning.skip", "nav.leave"}});
        for (std::size_t i = 0; i < module.scenes.size(); ++i) {
            const core::Scene& scene = module.scenes[i];
            const std::string name = module.id + "/" + scene.id;
            core::SessionState at = core::StartModuleAt(menu, config, m, i, 0);
            at.outbox.clear();
            std::vector<std::string> required = scene_nav;
            if (scene.kind == core::SceneKind::Film) required.push_back("film.play|film.pause");
            if (scene.kind == core::SceneKind::End) required = {"nav.leave", "nav.continue"};
            stops.push_back({name, at, required});
            if (scene.kind == core::SceneKind::Question || scene.kind == core::SceneKind::Choice) {
                core::SessionState answered = Applied(at, core::intent::ToggleOption{0}, config);
                if (scene.question == core::QuestionType::Multi)
                    answered = Applied(answered, core::intent::ToggleOption{1}, config);
                answered = Applied(answered, core::intent::Submit{}, config);
                stops.push_back({name + " answered", answered, {"nav.leave", "nav.continue"}});
            }
            if (scene.kind == core::SceneKind::End) {
                core::SessionState sources = Applied(at, core::intent::OpenSources{}, config);
                if (sources.run && sources.run->sources_open)
                    stops.push_back({name + " sources", sources, {"nav.leave", "nav.sources-back"}});
                core::SessionState back = Applied(at, core::intent::Continue{}, config);
                if (m == 0 && back.screen == core::Screen::Menu)
                    stops.push_back({"menu, a module finished", back, {"menu.finish", "nav.leave"}});
            }
            if (i == 0) {
                core::SessionState shown = at;
                shown.accessibility_open = true;
                stops.push_back({name + ", display settings", shown, display});
                shown = at;
                shown.idle_warning = true;
                stops.push_back({name + ", are you still there", shown, {"idle.still-here"}});
            }
        }
    }

    stops.push_back({"leaving", Applied(menu, core::intent::Leave{}, config), {"leave.done"}});
    core::SessionState admin = core::InitialState(config, 0);
    admin.screen = core::Screen::AdminPin;
    admin.admin_available = true;
    admin.admin_pin = "12";
    stops.push_back({"admin passcode", admin, with({"admin.close", "admin.submit"}, keypad)});
    admin.admin_locked = true;
    admin.admin_pin.clear();
    stops.push_back({"admin passcode, locked", admin, {"admin.close"}});
    admin.admin_locked = false;
    admin.screen = core::Screen::Admin;
    stops.push_back({"admin", admin, {"admin.close"}});
    return stops;
}

}  // namespace ui_test
