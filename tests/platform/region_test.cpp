// The rectangles around a caption that the film's picture is redrawn in: together they are exactly the
// picture minus the caption, so no pixel of the picture is left stale and none of the caption is touched.
#include <doctest/doctest.h>

#include "platform/region.h"

using kiosk::platform::Region;
using kiosk::platform::RegionsAround;

namespace {

// How many of the regions cover the pixel whose top-left corner is (x, y).
int Covering(const std::vector<Region>& regions, float x, float y) {
    int n = 0;
    for (const Region& r : regions)
        if (x >= r.x1 && x < r.x2 && y >= r.y1 && y < r.y2) ++n;
    return n;
}

}  // namespace

TEST_CASE("The regions around a caption cover the picture once and the caption not at all") {
    const Region picture{350, 270, 1239, 770};
    const Region caption{412, 680, 1090, 758};  // near the bottom, as captions sit
    const auto regions = RegionsAround(picture, caption);
    CHECK(regions.size() == 4);
    for (float y = 260; y < 780; ++y) {
        for (float x = 340; x < 1250; ++x) {
            const bool in_picture = x >= picture.x1 && x < picture.x2 && y >= picture.y1 && y < picture.y2;
            const bool in_caption = x >= caption.x1 && x < caption.x2 && y >= caption.y1 && y < caption.y2;
            REQUIRE(Covering(regions, x, y) == (in_picture && !in_caption ? 1 : 0));
        }
    }
}

TEST_CASE("A caption reaching past the picture's edges only cuts what it overlaps") {
    const Region picture{0, 0, 100, 50};
    const auto regions = RegionsAround(picture, Region{-10, 40, 110, 60});  // wider than the picture, at its foot
    REQUIRE(regions.size() == 1);
    CHECK(regions[0].x1 == 0);
    CHECK(regions[0].y1 == 0);
    CHECK(regions[0].x2 == 100);
    CHECK(regions[0].y2 == 40);
}

TEST_CASE("No caption on the picture leaves the picture whole and a caption over all of it leaves nothing") {
    const Region picture{0, 0, 100, 50};
    const auto apart = RegionsAround(picture, Region{200, 0, 300, 50});
    REQUIRE(apart.size() == 1);
    CHECK(apart[0].x2 == 100);
    CHECK(RegionsAround(picture, Region{-1, -1, 101, 51}).empty());
}
