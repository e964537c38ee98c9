// Checked access to TOML tables (see table_reader.h).
#include "table_reader.h"

#include <algorithm>

#include "core/util/did_you_mean.h"
#include "toml_load.h"

namespace author {

using kiosk::core::DidYouMean;

bool IsValidId(std::string_view id) {
    if (id.empty() || id.size() > 64 || id[0] < 'a' || id[0] > 'z') return false;
    return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string_view TypeName(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a decimal number";
        case toml::node_type::boolean: return "true/false";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::array: return "an array";
        case toml::node_type::table: return "a table";
        default: return "nothing";
    }
}

TableReader::TableReader(const toml::table& table, const SourceFile& file, Diagnostics& diags, std::string what)
    : m_table(table), m_file(file), m_diags(diags), m_what(std::move(what)) {}

Location TableReader::LocationOf(const toml::node& node) const { return author::LocationOf(m_file, node.source()); }

Location TableReader::ValueLocation(std::string_view key) const {
    const toml::node* node = m_table.get(key);
    return node ? LocationOf(*node) : HeaderLocation();
}

Location TableReader::KeyLocation(std::string_view key) const {
    for (auto&& [k, v] : m_table) {
        if (k.str() == key) {
            Location loc = author::LocationOf(m_file, k.source());
            loc.length = static_cast<int>(CodePoints(k.str()));
            return loc;
        }
    }
    return HeaderLocation();
}

Location TableReader::HeaderLocation() const {
    Location loc = author::LocationOf(m_file, m_table.source());
    if (loc.line == 0) loc = Location{m_file.Path(), 1, 1, 1};
    return loc;
}

void TableReader::CheckKeys(const std::vector<std::string>& allowed,
                            const std::vector<std::pair<std::string, std::string>>& not_here) {
    for (auto&& [k, v] : m_table) {
        const std::string& key = std::string(k.str());
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        auto reason = std::find_if(not_here.begin(), not_here.end(), [&](const auto& p) { return p.first == key; });
        Location loc = author::LocationOf(m_file, k.source());
        loc.length = static_cast<int>(CodePoints(key));
        if (reason != not_here.end())
            m_diags.Add("E017", loc, "'" + key + "' is not used in " + m_what + ": " + reason->second);
        else
            m_diags.Add("E010", loc, "unknown key '" + key + "' in " + m_what + DidYouMean(key, allowed));
    }
}

void TableReader::Missing(std::string_view key) {
    m_diags.Add("E011", HeaderLocation(), m_what + " needs '" + std::string(key) + "'");
}

void TableReader::WrongType(std::string_view key, const toml::node& node, std::string_view expected) {
    m_diags.Add("E012", LocationOf(node),
                "'" + std::string(key) + "' should be " + std::string(expected) + ", not " + std::string(TypeName(node)));
}

std::optional<std::string> TableReader::String(std::string_view key, Need need) {
    const toml::node* node = m_table.get(key);
    if (!node) {
        if (need == Need::Required) Missing(key);
        return std::nullopt;
    }
    if (!node->is_string()) {
        WrongType(key, *node, "a string");
        return std::nullopt;
    }
    return node->as_string()->get();
}

std::optional<std::string> TableReader::Text(std::string_view key, Need need) {
    auto value = String(key, need);
    if (value && value->find_first_not_of(" \t\r\n") == std::string::npos) {
        m_diags.Add("E015", ValueLocation(key), "'" + std::string(key) + "' in " + m_what + " is empty");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> TableReader::Id(std::string_view key, Need need) {
    auto value = String(key, need);
    if (value && !IsValidId(*value)) {
        m_diags.Add("E014", ValueLocation(key),
                    "'" + *value + "' is not a valid id: use lower-case letters, digits and '-', starting with a letter");
        return std::nullopt;
    }
    return value;
}

std::optional<long long> TableReader::Int(std::string_view key, Need need, long long min, long long max,
                                          std::string_view range_code) {
    const toml::node* node = m_table.get(key);
    if (!node) {
        if (need == Need::Required) Missing(key);
        return std::nullopt;
    }
    if (!node->is_integer()) {
        WrongType(key, *node, "a whole number");
        return std::nullopt;
    }
    long long value = node->as_integer()->get();
    if (value < min || value > max) {
        m_diags.Add(range_code, LocationOf(*node),
                    "'" + std::string(key) + "' is " + std::to_string(value) + "; it must be from " +
                        std::to_string(min) + " to " + std::to_string(max));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> TableReader::Bool(std::string_view key) {
    const toml::node* node = m_table.get(key);
    if (!node) return std::nullopt;
    if (!node->is_boolean()) {
        WrongType(key, *node, "true or false");
        return std::nullopt;
    }
    return node->as_boolean()->get();
}

std::optional<toml::date> TableReader::Date(std::string_view key, Need need) {
    const toml::node* node = m_table.get(key);
    if (!node) {
        if (need == Need::Required) Missing(key);
        return std::nullopt;
    }
    if (!node->is_date()) {
        WrongType(key, *node, "a date such as 2026-06-01 (without quotes)");
        return std::nullopt;
    }
    return node->as_date()->get();
}

const toml::array* TableReader::Array(std::string_view key, Need need) {
    const toml::node* node = m_table.get(key);
    if (!node) {
        if (need == Need::Required) Missing(key);
        return nullptr;
    }
    if (!node->is_array()) {
        WrongType(key, *node, "an array");
        return nullptr;
    }
    return node->as_array();
}

const toml::table* TableReader::Table(std::string_view key, Need need) {
    const toml::node* node = m_table.get(key);
    if (!node) {
        if (need == Need::Required) Missing(key);
        return nullptr;
    }
    if (!node->is_table()) {
        WrongType(key, *node, "a table");
        return nullptr;
    }
    return node->as_table();
}

std::optional<std::vector<std::pair<std::string, Location>>> TableReader::StringList(std::string_view key, Need need) {
    const toml::array* array = Array(key, need);
    if (!array) return std::nullopt;
    std::vector<std::pair<std::string, Location>> out;
    bool ok = true;
    for (const toml::node& element : *array) {
        if (!element.is_string()) {
            m_diags.Add("E012", LocationOf(element),
                        "each entry of '" + std::string(key) + "' should be a string, not " + std::string(TypeName(element)));
            ok = false;
            continue;
        }
        out.emplace_back(element.as_string()->get(), LocationOf(element));
    }
    if (!ok) return std::nullopt;
    return out;
}

}  // namespace author
