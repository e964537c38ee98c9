// Text made safe to place inside HTML or SVG: the one escaping rule shared by every page the project writes
// (kiosk-author's sign-off page, kiosk-report's board page and its charts), so none of them can let file
// or records text become markup by forgetting a character.
#pragma once

#include <string>
#include <string_view>

namespace kiosk::core {

// `text` safe inside HTML or SVG elements and quoted attribute values: & < > " ' become entities.
std::string EscapeHtml(std::string_view text);

}  // namespace kiosk::core
