// Pictures as a trainer gives them: an SVG drawing in images/ is rendered into the pack as PNG (the kiosk
// shows PNG and JPEG only) at the drawing's own size, so hotspot regions are checked in its units.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler.h"
#include "temp_content.h"

namespace {

const std::string kModule = test::ModuleHead("m") + R"([[scenes]]
id = "look"
kind = "question"
question = "hotspot"
prompt = "Where is the sign?"
image = "images/yard.svg"
alt = "A yard with a locked gate."
  [[scenes.options]]
  id = "gate"
  text = "The locked gate"
  region = [200, 50, 90, 120]
  correct = true
  [[scenes.options]]
  id = "van"
  text = "The van"
  region = [REGION]

[[scenes]]
id = "done"
kind = "end"
text = "Well done."
)";

const char* kSvg = R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- A trainer's drawing, as Inkscape saves it -->
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200">
  <rect width="300" height="200" fill="#f3f2f1"/>
  <rect x="200" y="50" width="90" height="120" fill="#0b0c0c"/>
</svg>
)";

std::string ModuleWithRegion(const std::string& region) {
    std::string text = kModule;
    text.replace(text.find("REGION"), 6, region);
    return text;
}

}  // namespace

TEST_CASE("an SVG picture in images/ goes into the pack as PNG at its own size - regions checked in its units") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\""));
    tmp.Write("modules/m/module.toml", ModuleWithRegion("10, 60, 120, 80"));
    tmp.Write("modules/m/images/yard.svg", kSvg);
    author::CompileResult r = author::Compile({tmp.dir, "c", ""});
    for (const auto& d : r.diagnostics.All()) INFO(d.code << " " << d.message);
    REQUIRE(r.pack);
    auto asset = std::find_if(r.pack->assets.begin(), r.pack->assets.end(),
                              [](const auto& a) { return a.path == "modules/m/images/yard.svg"; });
    REQUIRE(asset != r.pack->assets.end());
    CHECK(asset->mime == "image/png");
    CHECK(asset->width == 300);
    CHECK(asset->height == 200);
    REQUIRE(asset->data.size() > 8);
    CHECK(std::string(asset->data.begin(), asset->data.begin() + 8) == "\x89PNG\r\n\x1a\n");

    // A region past the drawing's right edge is refused with the drawing's size.
    tmp.Write("modules/m/module.toml", ModuleWithRegion("250, 60, 120, 80"));
    r = author::Compile({tmp.dir, "c", ""});
    REQUIRE(r.diagnostics.ErrorCount() == 1);
    CHECK(r.diagnostics.All()[0].code == "E054");
    CHECK(r.diagnostics.All()[0].message.find("300 x 200 pixels") != std::string::npos);
}

TEST_CASE("a picture that is none of PNG JPEG or SVG is refused naming all three") {
    test::ScratchContent tmp;
    tmp.Write("pack.toml", test::PackToml("\"en\""));
    tmp.Write("modules/m/module.toml", ModuleWithRegion("10, 60, 120, 80"));
    tmp.Write("modules/m/images/yard.svg", "GIF89a not really");
    author::CompileResult r = author::Compile({tmp.dir, "c", ""});
    REQUIRE(r.diagnostics.ErrorCount() == 1);
    CHECK(r.diagnostics.All()[0].code == "E061");
    CHECK(r.diagnostics.All()[0].message.find("is not a PNG, JPEG or SVG image") != std::string::npos);
}
