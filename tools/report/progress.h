// How the report library tells a caller what a long run is doing ("merging 37 of 100: kiosk-12.db").
// The library never prints; the CLI shows these on stderr, and only when stderr is a terminal.
#pragma once

#include <functional>
#include <string_view>

namespace report {

// Called with a short line of status; may be empty (no progress wanted).
using Progress = std::function<void(std::string_view status)>;

}  // namespace report
