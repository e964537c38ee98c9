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

// The button's height (TouchButton's at the current text size) and the strip under an area for it.
float ButtonHeight() { return std::max(kMinTouch, ImGui::GetTextLineHeight() + 2 * 16.0f * Scale()); }
float StripHeight() { return ButtonHeight() + 12.0f; }

}  // namespace

void StartScrollFrame(const char* more_label) {
    g_more_label = more_label;
    g_moving = false;
}

bool ScrollMoving() { return g_moving; }

void BeginContent(const char* id, float reserve_bottom) {
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float width = std::min(avail.x - 80.0f, 1280.0f * std::max(1.0f, Scale() * 0.9f));
    width = std::min(width, avail.x - 40.0f);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail.x - width) * 0.5f);
    BeginScrollArea(id, ImVec2(width, avail.y - reserve_bottom));
    ImGui::Dummy(ImVec2(1, 12));
}

void EndContent() {
    ImGui::Dummy(ImVec2(1, 24));
    EndScrollArea();
}

void BeginScrollArea(const char* id, ImVec2 size) {
    const ImGuiID key = ImGui::GetID(id);
    ScrollState& state = g_areas[key];
    if (state.more >= 2) size.y = std::max(kMinTouch, size.y - StripHeight());
    ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoScrollWithMouse);
    g_open.emplace_back(key, id[0] == '#' && id[1] == '#' ? id + 2 : id);
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
    // Judged as if the strip were not there (it would otherwise keep itself: content that fits the
    // full area overflows the area less the strip). Less than the content column's bottom margin out of
    // sight is not "more" either (EndContent's padding).
    const float hidden = ImGui::GetScrollMaxY() - (strip ? StripHeight() : 0.0f) - ImGui::GetScrollY();
    const bool more = hidden > 32.0f;
    const ImVec2 area_min = ImGui::GetWindowPos(), area_size = ImGui::GetWindowSize();
    // The area itself, "scroll.NAME" ("scroll.scene"), labelled with how many pixels it is scrolled:
    // for tests and scripts (nothing to tap).
    const float scrolled = ImGui::GetScrollY();
    ImGui::EndChild();
    RegisterWidget("scroll." + name, area_min, ImVec2(area_min.x + area_size.x, area_min.y + area_size.y), false,
                   std::to_string(static_cast<int>(scrolled)));
    state.more = more ? std::min(state.more + 1, 2) : 0;
    // The strip comes or goes on the next frame, and the content moves with it: draw that frame too.
    if (state.more == 1 || (state.more >= 2) != strip) g_moving = true;
    if (!strip || !more) return;
    // The button, centred in the strip; where the parent's cursor was is kept for what follows.
    const ImVec2 keep = ImGui::GetCursorPos();
    const float width = std::min(area_size.x, 420.0f * std::max(1.0f, Scale()));
    ImGui::SetCursorScreenPos(ImVec2(area_min.x + (area_size.x - width) * 0.5f, area_min.y + area_size.y + 6.0f));
    if (TouchButton("scroll.more", g_more_label + " \xE2\x96\xBC", ImVec2(width, ButtonHeight()), ButtonStyle::Secondary))
        state.page = area_size.y * 0.8f, g_moving = true;
    ImGui::SetCursorPos(keep);
}

}  // namespace kiosk::ui
