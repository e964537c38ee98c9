// The sittings a report covers, read once into memory and keyed by id, so the big tables (a million
// answers) are joined to them by a hash lookup during one sequential scan. SQLite has no hash join or
// hash aggregate: joining through its id index and grouping with its sorter took 3-7 s for a million
// answers, where a plain scan takes a fraction of a second. Filtering stays in SQL.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/sqlite_db.h"
#include "report/filters.h"

namespace report {

enum class Outcome : std::uint8_t { Open, Completed, Abandoned, Left };

// A selected sitting; the numbers index the name tables of SittingIndex.
struct SittingInfo {
    std::uint32_t area = 0;    // its kiosk's place in Areas()
    std::uint32_t role = 0;
    std::uint32_t period = 0;  // for filters.period
    Outcome outcome = Outcome::Open;
};

// One kiosk as the hierarchy sees it, and what its latest selected sitting used.
struct AreaInfo {
    std::array<std::string, 4> names;  // region, partnership, agency, kiosk
    std::string latest_start, site, pack_id;
    std::int64_t pack_version = 0;
};

class SittingIndex {
public:
    // Reads the sittings that pass `filters` (with --module: those that answered or finished in it).
    static std::variant<SittingIndex, std::string> Load(kiosk::core::Database& db, const Filters& filters);

    // The position in Sittings() of a selected sitting, or -1.
    std::int64_t Find(std::string_view id) const {
        auto it = m_ids.find(id);
        return it == m_ids.end() ? -1 : static_cast<std::int64_t>(it->second);
    }

    const std::vector<SittingInfo>& Sittings() const { return m_sittings; }
    const std::vector<AreaInfo>& Areas() const { return m_areas; }         // sorted by names
    const std::vector<std::string>& Roles() const { return m_roles; }      // sorted
    const std::vector<std::string>& Periods() const { return m_periods; }  // sorted

private:
    // Keeps a copy of `text` whose address never changes (the id map's keys point into it).
    std::string_view Keep(std::string_view text);

    // Ids are random UUIDs: their first 16 characters already spread evenly, so hashing those (as two
    // 8-byte words) is enough, and cheaper than hashing all 36 for each of a million answers.
    struct IdHash {
        std::size_t operator()(std::string_view id) const {
            if (id.size() < 16) return std::hash<std::string_view>{}(id);
            std::uint64_t a, b;
            std::memcpy(&a, id.data(), 8);
            std::memcpy(&b, id.data() + 8, 8);
            return static_cast<std::size_t>((a ^ (b * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull);
        }
    };
    std::vector<std::string> m_chunks;  // storage for the ids; a chunk never grows past its capacity
    std::unordered_map<std::string_view, std::uint32_t, IdHash> m_ids;
    std::vector<SittingInfo> m_sittings;
    std::vector<AreaInfo> m_areas;
    std::vector<std::string> m_roles, m_periods;
};

}  // namespace report
