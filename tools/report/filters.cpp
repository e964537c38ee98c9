// Filters (filters.h): periods, binding the report filters as SQL parameters and running a filtered query.
#include "report/filters.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/util/did_you_mean.h"

namespace report {

const char* ToString(Period period) {
    switch (period) {
        case Period::Month: return "month";
        case Period::Quarter: return "quarter";
        case Period::Year: return "year";
    }
    return "month";
}

std::string PeriodOf(const std::string& started_at, Period period) {
    if (started_at.size() < 7) return started_at;
    switch (period) {
        case Period::Year: return started_at.substr(0, 4);
        case Period::Quarter: {
            int month = (started_at[5] - '0') * 10 + (started_at[6] - '0');
            return started_at.substr(0, 4) + "-Q" + std::to_string((month + 2) / 3);
        }
        case Period::Month: break;
    }
    return started_at.substr(0, 7);
}

std::string FilterValues::Json() const { return nlohmann::json(static_cast<const std::vector<std::string>&>(*this)).dump(); }

std::string FilterValues::Words() const {
    std::string words;
    for (std::size_t i = 0; i < size(); ++i) words += (i ? " or " : "") + (*this)[i];
    return words;
}

void BindFilters(kiosk::core::Statement& statement, const Filters& filters, bool module_too) {
    // started_at is "YYYY-MM-DDTHH:MM:SSZ": every time on the last day sorts before "<day>T~".
    statement.Bind(1, std::string_view(filters.from))
        .Bind(2, filters.to.empty() ? std::string("~") : filters.to + "T~")
        .Bind(3, filters.role.Json())
        .Bind(4, filters.region.Json())
        .Bind(5, filters.partnership.Json())
        .Bind(6, filters.agency.Json())
        .Bind(7, filters.kiosk.Json());
    if (module_too) statement.Bind(8, filters.module.Json());
}

std::optional<std::string> ScanFiltered(kiosk::core::Database& db, const char* sql, const Filters& filters,
                                        bool module_too, const std::function<void(kiosk::core::Statement&)>& row) {
    kiosk::core::Statement st;
    if (auto e = st.Prepare(db, sql)) return "cannot read the records (" + *e + ")";
    BindFilters(st, filters, module_too);
    kiosk::core::StepResult r;
    while ((r = st.Step()) == kiosk::core::StepResult::Row) row(st);
    if (r == kiosk::core::StepResult::Error) return "cannot read the records (SQLite: " + st.ErrorMessage() + ")";
    return std::nullopt;
}

namespace {

// Every value the records hold for one filter (`sql` selects them, sorted).
std::optional<std::string> Held(kiosk::core::Database& db, const char* sql, std::vector<std::string>& held) {
    kiosk::core::Statement st;
    if (auto e = st.Prepare(db, sql)) return "cannot read the records (" + *e + ")";
    kiosk::core::StepResult r;
    while ((r = st.Step()) == kiosk::core::StepResult::Row) held.push_back(st.ColumnText(0));
    if (r == kiosk::core::StepResult::Error) return "cannot read the records (SQLite: " + st.ErrorMessage() + ")";
    return std::nullopt;
}

// nullopt when `value` is empty or held; else the message (see CheckFilterValues).
std::optional<std::string> Unmatched(const char* option, const std::string& value, const std::vector<std::string>& held) {
    if (value.empty() || std::find(held.begin(), held.end(), value) != held.end()) return std::nullopt;
    // The likeliest mistake is the case ("Yorkshire" for "yorkshire"), then a typo.
    std::string suggestion;
    for (const std::string& candidate : held)
        if (suggestion.empty() && candidate.size() == value.size() &&
            std::equal(candidate.begin(), candidate.end(), value.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            }))
            suggestion = "; did you mean '" + candidate + "'?";
    if (suggestion.empty()) suggestion = kiosk::core::DidYouMean(value, held);
    std::string some;
    for (std::size_t i = 0; i < held.size() && i < 12; ++i) some += (i ? ", " : "") + held[i];
    if (held.size() > 12) some += ", ... (" + std::to_string(held.size()) + " in all)";
    return std::string(option) + " '" + value + "': no sitting in the records has it" + suggestion +
           (held.empty() ? std::string(" (the records have none)") : " (the records have: " + some + ")");
}

}  // namespace

std::optional<std::string> CheckFilterValues(kiosk::core::Database& db, const Filters& filters) {
    std::vector<std::string> held;
    // One filter at a time, and only those given: each is a pass over a table.
    auto check = [&](const char* option, const FilterValues& values, auto load) -> std::optional<std::string> {
        if (values.empty()) return std::nullopt;
        held.clear();
        if (auto e = load()) return e;
        for (const std::string& value : values)  // every value given must match: a typo in one is still a typo
            if (auto e = Unmatched(option, value, held)) return e;
        return std::nullopt;
    };
    if (auto e = check("--role", filters.role,
                       [&] { return Held(db, "SELECT DISTINCT role FROM r_sittings ORDER BY 1", held); }))
        return e;
    if (auto e = check("--region", filters.region,
                       [&] { return Held(db, "SELECT DISTINCT region FROM r_sittings ORDER BY 1", held); }))
        return e;
    if (auto e = check("--partnership", filters.partnership,
                       [&] { return Held(db, "SELECT DISTINCT partnership FROM r_sittings ORDER BY 1", held); }))
        return e;
    if (auto e = check("--agency", filters.agency,
                       [&] { return Held(db, "SELECT DISTINCT agency FROM r_sittings ORDER BY 1", held); }))
        return e;
    if (auto e = check("--kiosk", filters.kiosk,
                       [&] { return Held(db, "SELECT DISTINCT kiosk_id FROM r_sittings ORDER BY 1", held); }))
        return e;
    return check("--module", filters.module, [&] {
        return Held(db, "SELECT module_id FROM r_completions UNION SELECT module_id FROM r_answers ORDER BY 1", held);
    });
}

}  // namespace report
