// The sittings a report covers, read once into memory and keyed by id, so the big tables (a million
// answers) are joined to them by a hash lookup during sequential scans (split into row ranges across
// threads when big: split_scan.h). SQLite has no hash join or hash aggregate: joining through its id
// index and grouping with its sorter took 3-7 s for a million answers, where a plain scan takes a
// fraction of a second. Filtering stays in SQL.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/filters.h"
#include "report/records_source.h"

namespace report {

enum class Outcome : std::uint8_t { Open, Completed, Abandoned, Left };

// What a report's sittings cover, for the line every output starts with ("" months: none selected).
struct Coverage {
    std::string first_month, last_month;
    std::int64_t kiosks = 0;
};

// A selected sitting; the numbers index the name tables of SittingIndex.
struct SittingInfo {
    std::uint32_t area = 0;    // its kiosk's place in Areas()
    std::uint32_t role = 0;
    std::uint32_t period = 0;  // for filters.period
    Outcome outcome = Outcome::Open;
    std::uint64_t person = 0;  // for PeopleCount: a hash of its staff-number hash, 0 if anonymous
    std::uint64_t key = 0;     // its record key for the cell keys of disclosure.h: TextKey(its id)
};

// One kiosk as the hierarchy sees it, and what its latest selected sitting used.
struct AreaInfo {
    std::array<std::string, 4> names;  // region, partnership, agency, kiosk
    std::string latest_start, site, pack_id;
    std::int64_t pack_version = 0;
    std::string first_start;  // its earliest selected sitting's start
};

// What a report needs to know of each sitting: everything, or (the item analysis) its region, agency,
// kiosk, role, start and person only; then an area's partnership is "", and outcomes are Open.
enum class SittingColumns { All, RegionAndRole };

class SittingIndex {
public:
    // Reads the sittings that pass `filters` (with --module: those that answered or finished in it), in
    // row ranges read at once as `split` allows.
    static std::variant<SittingIndex, std::string> Load(kiosk::core::Database& db, const Filters& filters,
                                                        const ScanSplit& split = {},
                                                        SittingColumns columns = SittingColumns::All);

    // The position in Sittings() of a selected sitting, or -1.
    std::int64_t Find(std::string_view id) const {
        if (m_slots.empty()) return -1;
        std::uint64_t hash = IdHash{}(id), tag = hash >> 32 << 32;
        for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            std::uint64_t slot = m_slots[i];
            if (slot == 0) return -1;
            if ((slot & kTagBits) == tag && m_idOf[(slot & ~kTagBits) - 1] == id)
                return static_cast<std::int64_t>((slot & ~kTagBits) - 1);
        }
    }

    // The id of Sittings()[i].
    std::string_view Id(std::size_t i) const { return m_idOf[i]; }

    const std::vector<SittingInfo>& Sittings() const { return m_sittings; }
    const std::vector<AreaInfo>& Areas() const { return m_areas; }         // sorted by names
    const std::vector<std::string>& Roles() const { return m_roles; }      // sorted
    const std::vector<std::string>& Periods() const { return m_periods; }  // sorted

    // What the selected sittings cover: first and last month, how many kiosks.
    Coverage Covered() const;

private:
    // Ids are random UUIDs: their first 16 characters already spread evenly, so hashing those (as two
    // 8-byte words) is enough, and cheaper than hashing all 36 for each of a million answers.
    struct IdHash {
        std::uint64_t operator()(std::string_view id) const {
            if (id.size() < 16) return std::hash<std::string_view>{}(id) * 0xBF58476D1CE4E5B9ull;
            std::uint64_t a, b;
            std::memcpy(&a, id.data(), 8);
            std::memcpy(&b, id.data() + 8, 8);
            return (a ^ (b * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
        }
    };
    // Adds Sittings()[position] to the id table (sized beforehand); a repeated id keeps its first place.
    void AddId(std::string_view id, std::uint32_t position);

    std::vector<std::string> m_chunks;     // storage for the ids (m_idOf points into these)
    std::vector<std::string_view> m_idOf;  // by position in m_sittings
    // The id table: open addressing, linear probing, at most half full. A slot is 0 (empty) or the high
    // 32 bits of the id's hash (to skip most comparisons) above position + 1. No allocation per
    // sitting, and a lookup mostly touches one cache line of it.
    static constexpr std::uint64_t kTagBits = ~std::uint64_t{0} << 32;
    std::vector<std::uint64_t> m_slots;
    std::size_t m_mask = 0;
    std::vector<SittingInfo> m_sittings;
    std::vector<AreaInfo> m_areas;
    std::vector<std::string> m_roles, m_periods;
};

// Finds the sittings of a scan of answers or completions. The kiosk writes a sitting's rows together
// and sittings one after another, and merge copies them in that order, so a row's sitting is usually
// the previous row's or the next one in Sittings(): those are compared before the hash table (a cache
// miss or three per lookup) is asked. Rows in any other order get the same answers, just slower.
class SittingLookup {
public:
    explicit SittingLookup(const SittingIndex& index) : m_index(index) {}

    // As SittingIndex::Find.
    std::int64_t Find(std::string_view id) {
        if (m_haveLast && id == m_lastId) return m_last;
        m_lastId.assign(id);
        m_haveLast = true;
        if (m_next < m_index.Sittings().size() && m_index.Id(m_next) == id) {
            m_last = static_cast<std::int64_t>(m_next++);
            return m_last;
        }
        m_last = m_index.Find(id);
        if (m_last >= 0) m_next = static_cast<std::size_t>(m_last) + 1;  // an unselected sitting keeps the guess
        return m_last;
    }

private:
    const SittingIndex& m_index;
    std::string m_lastId;
    bool m_haveLast = false;
    std::int64_t m_last = -1;
    std::size_t m_next = 0;  // the position expected next
};

}  // namespace report
