// The clock floor: see clock_floor.h.
#include "core/util/clock_floor.h"

#include <charconv>

#include "core/util/small_file.h"

namespace kiosk::core {

void ClockFloor::Raise(std::int64_t floor, std::int64_t steady_now_s, const std::string& why) {
    // Compare what each floor says about now, not when each was learned.
    if (floor_s != 0 && floor <= floor_s + (steady_now_s - steady_at_s)) return;
    floor_s = floor;
    steady_at_s = steady_now_s;
    source = why;
}

std::int64_t FlooredTime(const ClockFloor& floor, std::int64_t system_s, std::int64_t steady_now_s) {
    if (floor.floor_s == 0) return system_s;
    const std::int64_t at_least = floor.floor_s + (steady_now_s - floor.steady_at_s);
    return system_s + kClockSlackS < at_least ? at_least : system_s;
}

std::optional<std::pair<std::int64_t, std::string>> ReadClockFloorFile(const std::string& path) {
    auto read = ReadSmallFile(path, 512);
    const auto* file = std::get_if<SmallFile>(&read);
    if (!file) return std::nullopt;
    const std::string& text = file->text;
    std::int64_t seconds = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    // Before 2020 or past 2200 is not a floor anyone wrote on purpose.
    if (error != std::errc() || seconds < 1577836800 || seconds > 7258118400) return std::nullopt;
    std::string source(end, text.data() + text.size());
    while (!source.empty() && (source.front() == ' ')) source.erase(source.begin());
    while (!source.empty() && (source.back() == '\n' || source.back() == ' ')) source.pop_back();
    return std::make_pair(seconds, source);
}

std::optional<std::string> WriteClockFloorFile(const std::string& path, std::int64_t floor_s, const std::string& source) {
    return WriteSmallFile(path, std::to_string(floor_s) + " " + source + "\n", 0644, false);
}

}  // namespace kiosk::core
