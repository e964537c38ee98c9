// Areas that scroll by touch (see widgets.h). A thin bar and a small triangle at the edge (the first
// cue) were clipped on some screens and were nothing a finger could use (issue 18): now, while more
// lies below, the area gives up a strip under it to a "More below" button that scrolls most of a page;
// and a flick keeps the content moving after the finger lifts, slowing down, as phones have taught
// everyone to expect.
#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "theme.h"
#include "ui.h"
#include "widgets.h"

namespace kiosk::ui {
namespace {

// What an area remembers between frames, by its ImGui id.
struct ScrollState {
    int more = 0;          // frames in a row that content lay below the visible part; from 2, the strip
                           // is kept (one frame after a layout change measures the old layout's height)
    float velocity = 0;    // a flick still moving, in pixels a second (positive: down the page)
    float page = 0;        // a scroll asked for by the button, applied next frame
};

std::unordered_map<ImGuiID, ScrollState> g_areas;
// Areas begun and not yet ended (the film's chapters sit in a screen), with their names.
std::vector<std::pair<ImGuiID, std::string>> g_open;
std::string g_more_label = "More below";
bool g_moving = false;  // this frame, some area is still moving or about to (see ScrollMoving)
std::string g_page;     // what the screen shows (StartScrollFrame's `page`)
bool g_new_page = false;  // it changed this frame: every area starts at its top

// The strip under an area for its button.
float StripWidth(float area_width) { return std::min(area_width, 420.0f * std::max(1.0f, Scale())); }
// Its label may wrap in a narrow area (a film's chapters at the largest text size).
float StripHeight(float area_width) {
    return TouchButtonSize(g_more_label + " \xE2\x96\xBC", StripWidth(area_width)).y + 12.0f;
}

}  // namespace

void StartScrollFrame(const char* more_label, const std::string& page) {
    g_more_label = more_label;
    g_moving = false;
    g_new_page = page != g_page;
    g_page = page;
}

bool ScrollMoving() { return g_moving; }

void BeginContent(const char* id, float reserve_bottom) {
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float width = std::min(avail.x - 80.0f, 1280.0f * std::max(1.0f, Scale() * 0.9f));
    width = std::min(width, avail.x - 40.0f);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail.x - width) * 0.5f);
    BeginScrollArea(id, ImVec2(width, avail.y - reserve_bottom));
    ImGui::Dummy(ImVec2(1, kSpace3));
}

void EndContent() {
    ImGui::Dummy(ImVec2(1, kContentFoot));
    EndScrollArea();
}

void BeginScrollArea(const char* id, ImVec2 size) {
    const ImGuiID key = ImGui::GetID(id);
    ScrollState& state = g_areas[key];
    const float width = size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x;
    if (state.more >= 2) size.y = std::max(kMinTouch, size.y - StripHeight(width));
    // No ImGui scroll bar: it took its width from the content only while the content overflowed, so a
    // layout chosen by width flipped every frame (Welsh "About you" at 1280x720 swapped between two
    // layouts, and no tap landed). A thin bar is drawn in the margin beside it instead (EndScrollArea).
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoScrollbar);
    g_open.emplace_back(key, id[0] == '#' && id[1] == '#' ? id + 2 : id);
    if (g_new_page) {
        // A new page opens at its top, as a web page does: ImGui keeps an area's scroll by its id, and
        // every scene is drawn in the same area, so the next scene opened part-way down, and the menu
        // came back scrolled to the module before.
        if (ImGui::GetScrollY() > 0.0f) g_moving = true;  // ImGui moves it on the next frame: draw that one
        ImGui::SetScrollY(0.0f);
        state = ScrollState{};
    }
    ImGuiIO& io = ImGui::GetIO();
    const bool hovered = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
    const float dt = std::max(io.DeltaTime, 1e-4f);
    if (hovered && io.MouseDown[0]) {
        // A finger moving more than a few pixels scrolls instead of tapping; a finger that lands stops
        // a flick. The flick's speed is the last few frames' movement, smoothed.
        if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 12.0f)) {
            ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
            state.velocity = 0.5f * state.velocity + 0.5f * (-io.MouseDelta.y / dt);
        } else {
            state.velocity = 0;
        }
    } else if (state.velocity != 0) {
        // Carrying on after the finger lifted: the speed halves about every 0.17 s; it stops at the
        // ends and when it is too slow to see.
        const float scroll = std::clamp(ImGui::GetScrollY() + state.velocity * dt, 0.0f, ImGui::GetScrollMaxY());
        ImGui::SetScrollY(scroll);
        state.velocity *= std::exp(-4.0f * dt);
        if (std::fabs(state.velocity) < 20.0f || scroll <= 0.0f || scroll >= ImGui::GetScrollMaxY()) state.velocity = 0;
    }
    if (state.page != 0) {
        ImGui::SetScrollY(std::min(ImGui::GetScrollY() + state.page, ImGui::GetScrollMaxY()));
        state.page = 0;
        g_moving = true;  // ImGui moves it on the next frame
    }
    if (state.velocity != 0) g_moving = true;
    if (io.MouseWheel != 0.0f && ImGui::IsWindowHovered()) ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * 80.0f);
}

void EndScrollArea() {
    const auto [key, name] = g_open.back();
    g_open.pop_back();
    ScrollState& state = g_areas[key];
    const bool strip = state.more >= 2;  // this frame's area left room for the button
    // Less than the content column's bottom margin out of sight is not "more" (EndContent's padding).
    // At the top of the page the strip is judged as if it were not there (it would otherwise keep itself:
    // content that fits the whole area overflows the area less the strip); once scrolled, by what is out
    // of sight now, so the button stays until the last line shows (judged as if absent, it went while the
    // strip still hid a line or two of an answer's explanation, and nothing said so).
    const float out_of_sight = ImGui::GetScrollMaxY() - ImGui::GetScrollY();
    const float strip_height = strip ? StripHeight(ImGui::GetWindowWidth()) : 0.0f;
    const bool more = (ImGui::GetScrollY() <= 0.0f ? out_of_sight - strip_height : out_of_sight) > 32.0f;
    const ImVec2 area_min = ImGui::GetWindowPos(), area_size = ImGui::GetWindowSize();
    // The area itself, "scroll.NAME" ("scroll.scene"), labelled with how many pixels it is scrolled:
    // for tests and scripts (nothing to tap).
    const float scrolled = ImGui::GetScrollY(), scroll_max = ImGui::GetScrollMaxY();
    ImGui::EndChild();
    if (scroll_max > 0.0f) {
        // Where the page is and how much of it shows: a thin bar just right of the area, in the margin
        // beside it (nothing to drag: a finger scrolls the content itself).
        const float track_top = area_min.y + 4.0f, track = area_size.y - 8.0f;
        const float thumb = std::max(24.0f, track * area_size.y / (area_size.y + scroll_max));
        const float top = track_top + (track - thumb) * (scrolled / scroll_max);
        const float x = area_min.x + area_size.x + 6.0f;
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x, top), ImVec2(x + 4.0f, top + thumb), Colors().muted, 2.0f);
    }
    RegisterWidget("scroll." + name, area_min, ImVec2(area_min.x + area_size.x, area_min.y + area_size.y), false,
                   std::to_string(static_cast<int>(scrolled)));
    // At the end of the content the button goes but its strip stays, until the page is scrolled back to
    // its top or changes: were the area to grow back at once, ImGui would clamp the scroll and the
    // content would jump down by the strip's height under a finger reaching for an answer.
    const bool keep_strip = strip && !more && scrolled > 0.0f;
    state.more = more ? std::min(state.more + 1, 2) : keep_strip ? 2 : 0;
    // The strip comes or goes on the next frame, and the content moves with it: draw that frame too.
    if (state.more == 1 || (state.more >= 2) != strip) g_moving = true;
    if (!strip) return;
    // The button, centred in the strip; where the parent's cursor was is kept for what follows.
    const ImVec2 keep = ImGui::GetCursorPos();
    if (more) {
        const float width = StripWidth(area_size.x);
        ImGui::SetCursorScreenPos(ImVec2(area_min.x + (area_size.x - width) * 0.5f, area_min.y + area_size.y + 6.0f));
        if (TouchButton("scroll.more", g_more_label + " \xE2\x96\xBC", ImVec2(width, 0.0f), ButtonStyle::Secondary))
            state.page = area_size.y * 0.8f, g_moving = true;
    }
    // What follows goes under the strip, not over it (the display settings' Close sat on the button).
    ImGui::SetCursorPos(ImVec2(keep.x, keep.y + StripHeight(area_size.x)));
}

}  // namespace kiosk::ui
