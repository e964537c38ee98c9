// The UI tests' screen: a small pack (or the one given), real ImGui and real fonts, no GPU, driven by
// taps on widget ids as a learner would.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <imgui.h>

#include "core/session/session.h"
#include "ui/drawn_text.h"
#include "ui/ui.h"

namespace ui_test {

using namespace kiosk;

inline std::string CountingUuid(void* context) {
    int& n = *static_cast<int*>(context);
    ++n;
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08x-1111-4000-8000-000000000000", n);
    return buffer;
}

inline std::string FakeHash(const std::string&, const void*) { return "hashed"; }

inline core::PackData MakePack() {
    core::PackData pack;
    pack.id = "ui-test";
    pack.languages = {"en", "cy"};
    core::Module m;
    m.id = "spot";
    m.minutes = 5;
    m.pass_mark = 50;
    m.start = "intro";
    core::Scene intro;
    intro.id = "intro";
    intro.kind = core::SceneKind::Info;
    intro.next = "q";
    core::Scene q;
    q.id = "q";
    q.kind = core::SceneKind::Question;
    q.question = core::QuestionType::Multi;
    q.points = 1;
    q.next = "end";
    q.options = {{"a", true, {}, 0, {}, std::nullopt}, {"b", false, {}, 0, {}, std::nullopt}, {"c", true, {}, 0, {}, std::nullopt}};
    core::Scene end;
    end.id = "end";
    end.kind = core::SceneKind::End;
    end.signposting = true;
    m.scenes = {intro, q, end};
    pack.modules.push_back(m);
    auto put = [&](const std::string& key, const std::string& text) { pack.strings[key]["en"] = {text, false}; };
    put("pack/title", "Modern slavery awareness");
    put("spot/title", "Spot the signs");
    put("spot/summary", "Scenarios from everyday work.");
    put("spot/intro/text", "Modern slavery can happen anywhere, including in the UK.");
    put("spot/q/prompt", "Which of these could be signs of exploitation? This prompt is deliberately long so that it has to wrap across several lines at the largest text size on a 1920 pixel wide screen.");
    put("spot/q/options/a/text", "Someone else holds their passport");
    put("spot/q/options/b/text", "They smile at you");
    put("spot/q/options/c/text", "They are collected from work by minibus at 5am and seem scared of the driver");
    put("spot/q/options/a/feedback", "Taking documents is a way of controlling a person.");
    put("spot/q/explanation", "Control of documents, money or movement are signs to act on. Ask, record what you see, "
                              "and tell your safeguarding lead. The end of this explanation must be reachable.");
    put("spot/end/text", "Thank you for taking this module.");
    put("site/gm/partnership", "Greater Manchester Modern Slavery Partnership (sample)");
    put("site/gm/agency", "Sample Council");
    put("pack/contacts/0/name", "Modern Slavery & Exploitation Helpline");
    pack.contacts.push_back({"08000 121 700", ""});
    core::Site site;
    site.id = "gm";
    site.languages = {"en", "cy"};
    pack.sites.push_back(site);
    return pack;
}

// One ImGui context with the kiosk's fonts, a 1920x1080 display and a session to drive.
struct Screen {
    core::PackData pack;
    int uuids = 0;
    core::SessionConfig config;
    core::SessionState state;
    core::TimeMs now = 0;
    ui::Services services;
    std::vector<core::Intent> last;

    Screen() : Screen(MakePack()) {}
    explicit Screen(core::PackData content) : pack(std::move(content)) {
        config.pack = &pack;
        config.site = &pack.sites[0];
        config.new_uuid = CountingUuid;
        config.uuid_context = &uuids;
        config.hash_staff_number = FakeHash;
        state = core::InitialState(config, now);
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1920, 1080);
        io.IniFilename = nullptr;
        static ImVector<ImWchar> ranges;
        if (ranges.empty()) {
            ImFontGlyphRangesBuilder builder;
            builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
            builder.AddText("\xE2\x9C\x93\xE2\x9C\x97\xE2\x98\x91\xE2\x98\x90\xE2\x97\x8F\xE2\x97\x8B\xE2\x96\xB2\xE2\x96\xBC\xC5\xB5\xC5\xB7");
            builder.BuildRanges(&ranges);
        }
        const char* regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
        const char* bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
        REQUIRE(std::filesystem::exists(regular));
        for (float size : ui::kBodySizes) {
            io.Fonts->AddFontFromFileTTF(regular, size, nullptr, ranges.Data);
            io.Fonts->AddFontFromFileTTF(bold, size * ui::kHeadingScale, nullptr, ranges.Data);
        }
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        ui::ApplyTheme(state.accessibility);
        Draw();  // ImGui needs one frame before anything can be clicked
    }
    ~Screen() { ImGui::DestroyContext(); }

    // One frame: draw, then apply what the learner did, as the app does.
    void Draw() {
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        std::vector<core::Intent> intents;
        ui::DrawKiosk(ui::Frame{state, config, now, services}, intents);
        ImGui::Render();
        core::Accessibility before = state.accessibility;
        for (const auto& intent : intents) state = core::Apply(std::move(state), intent, now, config);
        state.outbox.clear();
        if (!(before == state.accessibility)) ui::ApplyTheme(state.accessibility);
        last.insert(last.end(), intents.begin(), intents.end());
    }

    // A finger down on the middle of widget `id`, then up: the tap fires on release, as on a screen.
    void Tap(const std::string& id) {
        const ui::WidgetRect* w = ui::FindWidget(id);
        REQUIRE_MESSAGE(w != nullptr, "no widget '", id, "' on screen ", std::string(core::ToString(state.screen)));
        ImVec2 at((w->min.x + w->max.x) / 2, (w->min.y + w->max.y) / 2);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        io.MouseDown[0] = true;
        Draw();
        io.MouseDown[0] = false;
        Draw();
        Draw();  // the state after the tap, drawn
    }
    // The test pack's long question at the largest text size on a 1280x720 screen, far from fitting (the
    // scrolling and touch tests' page).
    void OpenLongQuestion() {
        Tap("a11y.open");
        Tap("a11y.size.3");
        Tap("a11y.close");
        ImGui::GetIO().DisplaySize = ImVec2(1280, 720);
        Tap("attract.start");
        Tap("role.police");
        Tap("about.continue");
        Tap("menu.module.spot");
        Tap("nav.continue");
        REQUIRE(state.screen == core::Screen::Scene);
    }
    // A finger dragged from the middle of the screen by `dy` pixels (negative = scroll down the page).
    void Drag(float dy) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(960, 600);
        io.MouseDown[0] = true;
        Draw();
        for (int step = 1; step <= 10; ++step) {
            io.MousePos = ImVec2(960, 600 + dy * step / 10);
            Draw();
        }
        io.MouseDown[0] = false;
        Draw();
        Draw();
    }
    // A finger resting on widget `id` for `ms` of kiosk time before lifting.
    void Hold(const std::string& id, core::TimeMs ms) {
        const ui::WidgetRect* w = ui::FindWidget(id);
        REQUIRE(w != nullptr);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2((w->min.x + w->max.x) / 2, (w->min.y + w->max.y) / 2);
        io.MouseDown[0] = true;
        Draw();
        now += ms;
        io.MouseDown[0] = false;
        Draw();
        Draw();
    }
    bool Has(const std::string& id) const { return ui::FindWidget(id) != nullptr; }
    bool Enabled(const std::string& id) const {
        const ui::WidgetRect* w = ui::FindWidget(id);
        return w && w->enabled;
    }
};

}  // namespace ui_test
