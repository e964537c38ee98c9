// Typed, checked access to one TOML table: every read reports a wrong type, a missing required key,
// an empty text or an out-of-range number with the exact position, so loaders stay declarative.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "diagnostic.h"
#include "source_file.h"

namespace author {

enum class Need { Optional, Required };

// True for ids: [a-z][a-z0-9-]*, at most 64 characters.
bool IsValidId(std::string_view id);

class TableReader {
public:
    // `what` names the table in messages: "scene 'car-wash'", "module 'spot'", "pack.toml".
    TableReader(const toml::table& table, const SourceFile& file, Diagnostics& diags, std::string what);

    // Reports keys not in `allowed` (E010, with a suggestion) and keys in `not_here` (E017, with the
    // reason given): keys that exist in the format but mean nothing in this table.
    void CheckKeys(const std::vector<std::string>& allowed,
                   const std::vector<std::pair<std::string, std::string>>& not_here = {});

    std::optional<std::string> Text(std::string_view key, Need need);      // non-empty string
    std::optional<std::string> String(std::string_view key, Need need);    // any string
    std::optional<std::string> Id(std::string_view key, Need need);        // valid id
    std::optional<long long> Int(std::string_view key, Need need, long long min, long long max,
                                 std::string_view range_code = "E013");
    std::optional<bool> Bool(std::string_view key);
    std::optional<toml::date> Date(std::string_view key, Need need);
    const toml::array* Array(std::string_view key, Need need);
    const toml::table* Table(std::string_view key, Need need);
    // A list of ids/strings: each element must be a string.
    std::optional<std::vector<std::pair<std::string, Location>>> StringList(std::string_view key, Need need);

    bool Has(std::string_view key) const { return m_table.contains(key); }
    const toml::node* Node(std::string_view key) const { return m_table.get(key); }
    Location ValueLocation(std::string_view key) const;
    Location KeyLocation(std::string_view key) const;
    Location HeaderLocation() const;
    Location LocationOf(const toml::node& node) const;
    const std::string& What() const { return m_what; }
    const SourceFile& File() const { return m_file; }
    Diagnostics& Diags() { return m_diags; }

    // E012 for `node` (at `key`), saying what was expected and what was found.
    void WrongType(std::string_view key, const toml::node& node, std::string_view expected);

private:
    void Missing(std::string_view key);

    const toml::table& m_table;
    const SourceFile& m_file;
    Diagnostics& m_diags;
    std::string m_what;
};

// "a string", "an integer", ... for messages.
std::string_view TypeName(const toml::node& node);

}  // namespace author
