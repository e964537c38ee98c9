// A rectangle of the window to redraw and present on its own (window coordinates), and the rectangles
// that cover one rectangle except a hole in it: how the film's picture is redrawn around a caption that
// has not changed.
#pragma once

#include <vector>

namespace kiosk::platform {

// Window coordinates, as ImGui's clip rectangles: min x, min y, max x, max y.
struct Region {
    float x1 = 0, y1 = 0, x2 = 0, y2 = 0;
};

// Up to four rectangles (a band above the hole, one below, one each side of it) that together cover
// `outer` except where it overlaps `hole`, without overlapping each other. `outer` itself if the hole
// misses it; nothing if the hole covers it.
std::vector<Region> RegionsAround(const Region& outer, const Region& hole);

}  // namespace kiosk::platform
