// The layout sweep (issue 18): every screen and overlay of the sample content, at the five common kiosk
// sizes, four text sizes, normal and high contrast, in English and Welsh. A screen fails when a control is
// cut off at a side, when two controls overlap, or when a control the learner needs to go on (Continue,
// Leave, the keypad's keys, the display settings' choices) is cut off or below the fold. Content in a
// scroll area may run below the fold: its "More below" button and a finger reach it.
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "compiler.h"
#include "sweep_stops.h"
#include "ui_screen.h"

using namespace kiosk;
using namespace ui_test;

namespace {

struct Size {
    float w, h;
};

bool Starts(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Widgets that hold others (and so overlap them by design): the bar, scroll areas, pictures under their
// regions, the attract screen's whole-screen target and the admin corner's invisible long press.
bool IsContainer(const std::string& id) {
    return id == "chrome.top-bar" || (Starts(id, "scroll.") && id != "scroll.more") || id == "film.video" || id == "scene.picture" ||
           Starts(id, "preview.") || id == "attract.start" || id == "admin.corner";
}

// Where an open overlay's widgets start: it is drawn after the screen, so everything registered from
// its first widget on is the overlay's (its scroll area and "More below" included). While it is up,
// only these are checked against each other.
std::size_t OverlayStart(const std::vector<ui::WidgetRect>& widgets) {
    for (std::size_t i = 0; i < widgets.size(); ++i)
        if ((Starts(widgets[i].id, "a11y.") && widgets[i].id != "a11y.open") || Starts(widgets[i].id, "idle.")) return i;
    return widgets.size();
}

bool Overlap(const ui::WidgetRect& a, const ui::WidgetRect& b) {
    const float x = std::min(a.max.x, b.max.x) - std::max(a.min.x, b.min.x);
    const float y = std::min(a.max.y, b.max.y) - std::max(a.min.y, b.min.y);
    return x > 1.0f && y > 1.0f;
}

bool Inside(const ui::WidgetRect& w, const ui::WidgetRect& area) {
    return w.min.x >= area.min.x - 0.5f && w.max.x <= area.max.x + 0.5f && w.min.y >= area.min.y - 0.5f &&
           w.max.y <= area.max.y + 0.5f;
}

// What is wrong with the frame just drawn, in words, one line each.
std::vector<std::string> Problems(const Stop& stop, Size size) {
    std::vector<std::string> found;
    const auto& widgets = ui::Widgets();
    const bool overlay = stop.state.accessibility_open || stop.state.idle_warning;
    std::vector<const ui::WidgetRect*> areas;
    for (const auto& w : widgets)
        if (Starts(w.id, "scroll.") && w.id != "scroll.more") areas.push_back(&w);
    for (const auto& w : widgets) {
        // ImGui rounds clip rectangles to whole pixels: a pixel is not a cut.
        if (w.whole_min.x < w.min.x - 1.0f || w.whole_max.x > w.max.x + 1.0f)
            found.push_back(w.id + " is cut off at the side (" + std::to_string(int(w.whole_min.x)) + " to " +
                            std::to_string(int(w.whole_max.x)) + ", seen " + std::to_string(int(w.min.x)) + " to " +
                            std::to_string(int(w.max.x)) + ")");
        // Cut off at the top or bottom: fine inside a scroll area (a finger reaches the rest), not elsewhere.
        if (w.whole_min.y < w.min.y - 1.0f || w.whole_max.y > w.max.y + 1.0f) {
            bool scrolls = false;
            for (const ui::WidgetRect* area : areas)
                if (area != &w && Inside(w, *area)) scrolls = true;
            if (!scrolls) found.push_back(w.id + " is cut off at the top or bottom, outside any scroll area");
        }
    }
    for (std::size_t i = overlay ? OverlayStart(widgets) : 0; i < widgets.size(); ++i) {
        const auto& a = widgets[i];
        if (IsContainer(a.id)) continue;
        for (std::size_t j = i + 1; j < widgets.size(); ++j) {
            const auto& b = widgets[j];
            if (IsContainer(b.id)) continue;
            if (Overlap(a, b)) found.push_back(a.id + " overlaps " + b.id);
        }
    }
    for (const std::string& ids : stop.required) {
        // "a|b": whichever of them the screen shows.
        const ui::WidgetRect* w = nullptr;
        std::string id;
        for (std::size_t from = 0; !w && from <= ids.size();) {
            const std::size_t bar = std::min(ids.find('|', from), ids.size());
            id = ids.substr(from, bar - from);
            w = ui::FindWidget(id);
            from = bar + 1;
        }
        if (!w) {
            id = ids;
            found.push_back(id + " is not on screen (below the fold or missing)");
            continue;
        }
        if (w->clipped) found.push_back(id + " is only partly on screen");
        if (w->max.x > size.w + 0.5f || w->max.y > size.h + 0.5f) found.push_back(id + " is past the window's edge");
    }
    return found;
}

// The first widget that is not where it was (or is new, or gone) between two frames; empty if none.
std::string Moved(const std::vector<ui::WidgetRect>& before, const std::vector<ui::WidgetRect>& after) {
    if (before.size() != after.size()) return "the number of widgets";
    for (std::size_t i = 0; i < before.size(); ++i) {
        const ui::WidgetRect &a = before[i], &b = after[i];
        if (a.id != b.id || std::fabs(a.min.x - b.min.x) > 0.5f || std::fabs(a.min.y - b.min.y) > 0.5f ||
            std::fabs(a.max.x - b.max.x) > 0.5f || std::fabs(a.max.y - b.max.y) > 0.5f)
            return a.id;
    }
    return {};
}

// The sample content, compiled once per process (each size is its own test, so CTest runs them side by
// side).
const core::PackData& SamplePack() {
    static const core::PackData pack = [] {
        author::CompileOptions options;
        options.content_dir = KIOSK_CONTENT_DIR;
        author::CompileResult result = author::Compile(options);
        REQUIRE_MESSAGE(result.pack.has_value(), "the sample content does not compile");
        return *result.pack;
    }();
    return pack;
}

// Every stop at one kiosk size, in every text size, contrast and language; problems are reported per
// stop and setting, so a failure names the screen to look at.
void Sweep(Size size) {
    Screen screen(SamplePack());
    UseSampleServices(screen);
    const std::vector<Stop> stops = Stops(screen.pack, screen.config);
    REQUIRE(stops.size() > 40);
    ImGui::GetIO().DisplaySize = ImVec2(size.w, size.h);
    int checked = 0;
    std::map<std::string, int> failures;  // first line of each kind, counted, to keep the report short
    for (const std::string language : {"en", "cy"}) {
        for (int text = 0; text < core::kTextSizes; ++text) {
            for (bool contrast : {false, true}) {
                core::Accessibility settings;
                settings.text_size = text;
                settings.high_contrast = contrast;
                ui::ApplyTheme(settings);
                for (const Stop& stop : stops) {
                    screen.state = stop.state;
                    screen.state.language = language;
                    screen.state.accessibility = settings;
                    screen.state.accessibility_open = stop.state.accessibility_open;
                    // Frames until the screen settles: a new window learns its content's height on its
                    // second frame, and a scroll area gives room to "More below" two frames after that.
                    // Then one more, which must be the same: a layout that flips between two states
                    // every frame (as Welsh "About you" did) moves every button under a finger.
                    for (int frame = 0; frame < 5; ++frame) DrawOnly(screen);
                    const std::vector<ui::WidgetRect> settled = ui::Widgets();
                    DrawOnly(screen);
                    ++checked;
                    std::vector<std::string> problems = Problems(stop, size);
                    if (const std::string moved = Moved(settled, ui::Widgets()); !moved.empty())
                        problems.push_back("the layout changes from one frame to the next (" + moved + ")");
                    for (const std::string& problem : problems) {
                        const std::string where = stop.name + " [" + language + ", text size " + std::to_string(text) +
                                                  (contrast ? ", high contrast" : "") + "]";
                        if (failures[problem]++ == 0) FAIL_CHECK(std::string(where + ": " + problem));
                    }
                }
            }
        }
    }
    MESSAGE(checked << " screens checked at " << size.w << "x" << size.h);
    for (const auto& [problem, times] : failures)
        if (times > 1) MESSAGE(std::string(problem + ": " + std::to_string(times) + " times in all"));
}

}  // namespace

TEST_CASE("sweep: every screen fits 1280x720 at every text size in both contrasts and languages") { Sweep({1280, 720}); }
TEST_CASE("sweep: every screen fits 1280x800 at every text size in both contrasts and languages") { Sweep({1280, 800}); }
TEST_CASE("sweep: every screen fits 1366x768 at every text size in both contrasts and languages") { Sweep({1366, 768}); }
TEST_CASE("sweep: every screen fits 1920x1080 at every text size in both contrasts and languages") { Sweep({1920, 1080}); }
TEST_CASE("sweep: every screen fits 1080x1920 portrait at every text size in both contrasts and languages") { Sweep({1080, 1920}); }
