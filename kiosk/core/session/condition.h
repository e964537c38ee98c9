// Conditions on routes between scenes ("score >= 3 and not confronted"). The compiler parses them to
// report mistakes with a position; the kiosk parses the same text from the pack and evaluates it.
//
// Grammar (keywords lower case; identifiers [a-z_][a-z0-9_-]*):
//   expr   := or
//   or     := and ("or" and)*
//   and    := unary ("and" unary)*
//   unary  := "not" unary | cmp
//   cmp    := atom (("==" | "!=" | "<" | "<=" | ">" | ">=") atom)?
//   atom   := identifier | integer | "string" | true | false | "(" expr ")"
// A bare identifier is true when its value is true, a non-zero integer or a non-empty string.
// An unset variable is false / 0 / "". Comparing values of different types is a compile-time error
// where both types are known, and false at run time.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kiosk::core {

using Value = std::variant<bool, long long, std::string>;
using Variables = std::map<std::string, Value, std::less<>>;

// Where and why a condition failed to parse. `offset` counts code points from the start of the text.
struct ConditionError {
    std::size_t offset = 0;
    std::size_t length = 1;
    std::string message;
};

class Condition {
public:
    struct Node;

    // Parses `text`; returns an error with a position on malformed input. Never throws.
    static std::variant<Condition, ConditionError> Parse(std::string_view text);

    // Evaluates against the current variables; total (never fails).
    bool Evaluate(const Variables& vars) const;

    // Identifiers the condition reads, with their code-point offsets (for "unknown variable" checks).
    const std::vector<std::pair<std::string, std::size_t>>& Identifiers() const { return m_identifiers; }

private:
    std::shared_ptr<const Node> m_root;
    std::vector<std::pair<std::string, std::size_t>> m_identifiers;
};

// Parses a literal as written in `set = { name = value }` (true, 3, "text") into a Value.
std::optional<Value> ParseLiteral(std::string_view text);

}  // namespace kiosk::core
