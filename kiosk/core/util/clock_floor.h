// The clock floor (issue 17): a kiosk whose clock battery went flat boots in 2000 or 1970, and would stamp
// records with that date and take an expired manifest for a current one. A kiosk knows some moments that
// have certainly passed (its newest record, the newest manifest signing, a server's Date header); times
// never go back past the newest of them. kiosk-sync, which talks to servers, leaves what it learned in
// inbox/clock-floor for the kiosk, which has no network.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace kiosk::core {

// A clock this far behind the floor is wrong; less is ordinary drift, and a server a few seconds ahead
// must not make every record time come from the floor.
inline constexpr std::int64_t kClockSlackS = 120;

struct ClockFloor {
    std::int64_t floor_s = 0;     // Unix seconds known to have passed already (0: nothing known)
    std::int64_t steady_at_s = 0; // the monotonic clock, in seconds, when floor_s was learned
    std::string source;           // what it came from, for the log and the health statement

    // Keeps the later of the two floors (a floor only ever rises).
    void Raise(std::int64_t floor, std::int64_t steady_now_s, const std::string& why);
};

// `system_s`, unless it is more than kClockSlackS behind the floor; then the floor moved on by the
// monotonic time since it was learned, so times still advance and keep their order.
std::int64_t FlooredTime(const ClockFloor& floor, std::int64_t system_s, std::int64_t steady_now_s);

// inbox/clock-floor as kiosk-sync writes it: "<unix seconds> <source words>\n". nullopt when the file
// is missing or not in that form (it is advice: a bad file is ignored, never fatal).
std::optional<std::pair<std::int64_t, std::string>> ReadClockFloorFile(const std::string& path);
std::optional<std::string> WriteClockFloorFile(const std::string& path, std::int64_t floor_s, const std::string& source);

}  // namespace kiosk::core
