// Time stamps in UTC as the kiosk's files and records write them: ISO 8601 for rows and reports, a
// compact form for file names. One place, so every tool stamps time the same way.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

namespace kiosk::core {

// "2024-05-01T09:00:00Z" for `t` (seconds since the epoch).
std::string Iso8601Utc(std::time_t t);
// "20240501T090000Z" for `t`: sorts by time and is safe in a file name.
std::string CompactUtc(std::time_t t);
// Seconds since the epoch for "2024-05-01T09:00:00Z" (exactly that form); nullopt for anything else.
std::optional<std::int64_t> ParseIso8601Utc(const std::string& text);

}  // namespace kiosk::core
