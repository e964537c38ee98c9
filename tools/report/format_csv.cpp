// RenderCsv (formats.h): one rectangular sheet as RFC 4180 CSV. A cell that a spreadsheet would run
// as a formula (starting = + - @ or a tab) is prefixed with an apostrophe, as OWASP advises, since
// names come from site files and option ids from content that a coordinator does not control.
#include "report/formats.h"

namespace report {

namespace {

std::string Field(const std::string& text, bool is_text) {
    std::string value = text;
    if (is_text && !value.empty() && std::string("=+-@\t\r").find(value[0]) != std::string::npos) value = "'" + value;
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

}  // namespace

std::string RenderCsv(const Table& sheet) {
    std::string out;
    auto line = [&](const std::vector<std::string>& fields, const std::vector<Value>* values) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i) out += ',';
            bool is_text = !values || (*values)[i].kind == Value::Kind::Text;
            out += Field(fields[i], is_text);
        }
        out += "\r\n";
    };
    line(sheet.columns, nullptr);
    for (const auto& row : sheet.rows) {
        std::vector<std::string> fields;
        for (const Value& v : row) fields.push_back(ValueText(v, ""));
        line(fields, &row);
    }
    return out;
}

}  // namespace report
