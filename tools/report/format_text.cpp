// RenderText (formats.h): tables aligned for a terminal. Widths count UTF-8 code points, not bytes,
// so Welsh names (ŵ, ŷ) line up.
#include <algorithm>

#include "report/formats.h"

namespace report {

namespace {

std::size_t Width(const std::string& text) {
    std::size_t width = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++width;  // count lead bytes only
    return width;
}

bool Numeric(const Value& v) { return v.kind != Value::Kind::Text; }

}  // namespace

std::string DescribeFilters(const Filters& f) {
    std::string text;
    auto add = [&](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
    if (!f.from.empty()) add("from " + f.from);
    if (!f.to.empty()) add("to " + f.to);
    if (!f.module.empty()) add("module " + f.module.Words());
    if (!f.role.empty()) add("role " + f.role.Words());
    if (!f.region.empty()) add("region " + f.region.Words());
    if (!f.partnership.empty()) add("partnership " + f.partnership.Words());
    if (!f.agency.empty()) add("agency " + f.agency.Words());
    if (!f.kiosk.empty()) add("kiosk " + f.kiosk.Words());
    if (text.empty()) text = "all records";
    return text + "; counts randomly rounded to 5, groups of fewer than " + std::to_string(f.min_cell) + " people not listed";
}

std::string CoverageLine(const ReportMeta& meta) {
    std::string line = std::to_string(meta.inputs_read) + " of " + std::to_string(meta.inputs.size()) + " file" +
                       (meta.inputs.size() == 1 ? "" : "s") + " read";
    line += meta.first_month.empty() ? "; no sittings selected"
                                     : "; sittings from " + meta.first_month + " to " + meta.last_month + " at " +
                                           std::to_string(meta.kiosks) + " kiosk" + (meta.kiosks == 1 ? "" : "s");
    return line;
}

std::string RenderText(const std::vector<Table>& tables, const ReportMeta& meta) {
    std::string out = "kiosk-report " + meta.command + ": " + DescribeFilters(meta.filters) + "\n";
    out += "records: " + CoverageLine(meta) + "; generated " + meta.generated_at + "\n";
    for (const std::string& problem : meta.problems) out += "WARNING, not all read: " + problem + "\n";
    for (const Table& table : tables) {
        std::vector<std::vector<std::string>> cells;
        std::vector<std::size_t> widths(table.columns.size(), 0);
        for (std::size_t c = 0; c < table.columns.size(); ++c) widths[c] = Width(table.columns[c]);
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            std::vector<std::string> line;
            for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
                std::string text = ValueText(table.rows[r][c], "-");
                if (c == 0 && r < table.indent.size()) text = std::string(2 * table.indent[r], ' ') + text;
                widths[c] = std::max(widths[c], Width(text));
                line.push_back(std::move(text));
            }
            cells.push_back(std::move(line));
        }
        out += "\n" + table.title + "\n";
        auto emit = [&](const std::vector<std::string>& line, const std::vector<Value>* values) {
            std::string text;
            for (std::size_t c = 0; c < line.size(); ++c) {
                std::string pad(widths[c] - Width(line[c]), ' ');
                bool right = values ? Numeric((*values)[c]) : c >= 1 && !table.rows.empty() && Numeric(table.rows[0][c]);
                text += (c ? "  " : "") + (right ? pad + line[c] : line[c] + (c + 1 < line.size() ? pad : ""));
            }
            while (!text.empty() && text.back() == ' ') text.pop_back();
            out += text + "\n";
        };
        emit(table.columns, nullptr);
        std::size_t total = 0;
        for (std::size_t w : widths) total += w;
        out += std::string(total + 2 * (widths.empty() ? 0 : widths.size() - 1), '-') + "\n";
        for (std::size_t r = 0; r < cells.size(); ++r) emit(cells[r], &table.rows[r]);
        if (table.rows.empty())
            out += "(" + (table.empty.empty() ? "none to show: no records, or fewer than " +
                                                    std::to_string(meta.filters.min_cell) + " people"
                                              : table.empty) +
                   ")\n";
    }
    out += "\n" + SuppressionNote(meta.filters.min_cell) + "\n" + PeopleNote(meta.people_by_staff_number) + "\n";
    return out;
}

}  // namespace report
