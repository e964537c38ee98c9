// The plain tables that the text, CSV and HTML formatters print: titled columns of values, where a
// value knows whether it is a count, a rate, a suppressed cell or nothing at all. The reports turn
// themselves into these (tabulate.h); the formatters never look at a suppressed cell's number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/disclosure.h"

namespace report {

struct Value {
    enum class Kind { Text, Integer, Decimal, Suppressed, None };
    Kind kind = Kind::None;
    std::string text;     // Text
    double number = 0;    // Integer or Decimal
    int decimals = 0;     // Decimal
};

Value TextValue(std::string text);
// A count, or "suppressed".
Value CountValue(const Cell& cell);
// A rate as a percentage (0..100) with no decimals; suppressed if `hidden`, else None when absent.
Value PercentValue(std::optional<double> rate, bool hidden);
// A number with `decimals` places; suppressed if `hidden`, else None when absent.
Value DecimalValue(std::optional<double> number, int decimals, bool hidden);

struct Table {
    std::string id;     // stable, for CSS and tests: "rollup", "by-module", "items", ...
    std::string title;
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;
    std::vector<int> indent;  // per row: nesting depth of the first column (roll-ups), may be empty
    std::string empty;        // what an empty table says instead; "" = nothing to show (no records, or too few people)
};

// How withheld and absent values are written in text and CSV ("[c]": the statistics convention for
// "confidential"; absent is "-" in text, empty in CSV).
inline constexpr const char* kSuppressedMark = "[c]";

// The disclosure control in words, for K, with what the mark means.
std::string SuppressionNote(int min_cell);
// How people were counted (PeopleCount): by staff number where given, or sittings.
std::string PeopleNote(bool by_staff_number);

// The value as text for a table or CSV cell.
std::string ValueText(const Value& value, const char* absent);

}  // namespace report
