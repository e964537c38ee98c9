// RegionsAround (region.h).
#include "platform/region.h"

#include <algorithm>

namespace kiosk::platform {

std::vector<Region> RegionsAround(const Region& outer, const Region& hole) {
    // The part of the hole inside `outer`.
    const Region cut{std::max(outer.x1, hole.x1), std::max(outer.y1, hole.y1), std::min(outer.x2, hole.x2),
                     std::min(outer.y2, hole.y2)};
    if (cut.x2 <= cut.x1 || cut.y2 <= cut.y1) return {outer};
    std::vector<Region> around;
    auto add = [&](Region r) {
        if (r.x2 > r.x1 && r.y2 > r.y1) around.push_back(r);
    };
    add({outer.x1, outer.y1, outer.x2, cut.y1});  // above, the full width
    add({outer.x1, cut.y2, outer.x2, outer.y2});  // below, the full width
    add({outer.x1, cut.y1, cut.x1, cut.y2});      // left of the hole
    add({cut.x2, cut.y1, outer.x2, cut.y2});      // right of the hole
    return around;
}

}  // namespace kiosk::platform
