// What the files App is split into (kiosk_app.cpp, kiosk_app_*.cpp, see the index in kiosk_app.cpp) share:
// the log line and how many frames a change asks for. Internal to kiosk/app: include it only from those files.
#pragma once

#include <cstdio>
#include <string>

namespace kiosk::app {

// Frames drawn after anything that may change the layout: ImGui settles a new layout in its second.
inline constexpr int kFramesAfterChange = 2;

// One line for the log (stderr), as "kiosk: <line>".
inline void Log(const std::string& line) { std::fprintf(stderr, "kiosk: %s\n", line.c_str()); }

}  // namespace kiosk::app
