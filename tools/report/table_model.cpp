// Values of the plain tables (table_model.h) and how they read as text.
#include "report/table_model.h"

#include <algorithm>
#include <cstdio>

namespace report {

Value TextValue(std::string text) { return Value{Value::Kind::Text, std::move(text), 0, 0}; }

Value CountValue(const Cell& cell) {
    if (cell.suppressed) return Value{Value::Kind::Suppressed, {}, 0, 0};
    return Value{Value::Kind::Integer, {}, static_cast<double>(cell.value), 0};
}

Value PercentValue(std::optional<double> rate, bool hidden) {
    if (rate) return Value{Value::Kind::Decimal, {}, *rate * 100, 0};
    return Value{hidden ? Value::Kind::Suppressed : Value::Kind::None, {}, 0, 0};
}

Value DecimalValue(std::optional<double> number, int decimals, bool hidden) {
    if (number) return Value{Value::Kind::Decimal, {}, *number, decimals};
    return Value{hidden ? Value::Kind::Suppressed : Value::Kind::None, {}, 0, 0};
}

std::string SuppressionNote(int min_cell) {
    return "To protect the people trained, every count is rounded at random up or down to a multiple of 5 (a 0 "
           "may be up to 4, a 5 anything from 1 to 9; the same group always shows the same figure), so rows may not "
           "add up exactly to their total; and groups of fewer than " + std::to_string(min_cell) +
           " people are not listed (they are in the totals). Percentages are of the rounded counts. " +
           kSuppressedMark + " = not shown: a percentage on a base under " + std::to_string(kMinPercentBase) +
           ", a median or correlation of fewer than " + std::to_string(std::max<std::int64_t>(kMinAveragePeople, min_cell)) +
           " people, or the counts of a kiosk used by fewer than " + std::to_string(min_cell) +
           " people. A report for one role leaves out how each kiosk's sittings ended, and a report for one role or "
           "area the options chosen in one-answer questions: with the other reports, those would give small groups away.";
}

std::string PeopleNote(bool by_staff_number) {
    return by_staff_number ? "People are told apart by their staff number (as a keyed hash) where they gave one; "
                             "each sitting without one counts as one person."
                           : "No one gave a staff number, so each sitting counts as one person.";
}

std::string ValueText(const Value& value, const char* absent) {
    switch (value.kind) {
        case Value::Kind::Text: return value.text;
        case Value::Kind::Integer: return std::to_string(static_cast<std::int64_t>(value.number));
        case Value::Kind::Decimal: {
            char text[64];
            std::snprintf(text, sizeof text, "%.*f", value.decimals, value.number);
            return text;
        }
        case Value::Kind::Suppressed: return kSuppressedMark;
        case Value::Kind::None: return absent;
    }
    return absent;
}

}  // namespace report
