// Values of the plain tables (table_model.h) and how they read as text.
#include "report/table_model.h"

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
    return std::string(kSuppressedMark) + " = suppressed: fewer than " + std::to_string(min_cell) +
           " learners, or hidden so that it cannot be worked out from a total.";
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
