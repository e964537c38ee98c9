// Diagnostic output formats (see diagnostic_format.h).
#include "diagnostic_format.h"

#include <nlohmann/json.hpp>

#include "core/util/one_line.h"

namespace author {
namespace {

std::string Header(const Location& where) {
    if (where.line <= 0) return where.file + ": ";
    return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": ";
}

// The quoted source line and the caret line. Tabs before the caret are kept so the caret lines up.
std::string Excerpt(const Location& where, const SourceSet& sources) {
    if (where.line <= 0) return "";
    auto file = sources.find(where.file);
    if (file == sources.end()) return "";
    std::string_view line = file->second->Line(static_cast<std::size_t>(where.line));
    std::string number = std::to_string(where.line);
    std::string gutter(std::max<std::size_t>(number.size(), 4), ' ');
    std::string out = gutter.substr(number.size()) + number + " | " + std::string(line) + "\n";
    out += gutter + " | ";
    int column = 1;
    for (std::size_t i = 0; i < line.size() && column < where.column; ++i) {
        unsigned char c = static_cast<unsigned char>(line[i]);
        if ((c & 0xC0) == 0x80) continue;
        out += c == '\t' ? '\t' : ' ';
        ++column;
    }
    out += std::string(static_cast<std::size_t>(std::max(1, where.length)), '^') + "\n";
    return out;
}

}  // namespace

std::string FormatText(const Diagnostic& d, const SourceSet& sources) {
    std::string out = Header(d.where) + (d.severity == Severity::Error ? "error[" : "warning[") + d.code + "]: " +
                      d.message + "\n" + Excerpt(d.where, sources);
    // Notes are pushed by the checks directly; like messages (Diagnostics::Add), each stays one line.
    for (const Note& note : d.notes)
        out += Header(note.where) + "note: " +
               kiosk::core::OneLine(note.message, kiosk::core::kNoLimit, kiosk::core::LineBreaks::Escape) + "\n" +
               Excerpt(note.where, sources);
    return out;
}

std::string FormatSummary(const Diagnostics& diagnostics) {
    std::size_t errors = diagnostics.ErrorCount(), warnings = diagnostics.WarningCount();
    if (errors == 0 && warnings == 0) return "no problems";
    return std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") + std::to_string(warnings) +
           (warnings == 1 ? " warning" : " warnings");
}

std::string FormatJson(const Diagnostics& diagnostics) { return FormatJson(diagnostics.All()); }

std::string FormatJson(const std::vector<Diagnostic>& diagnostics) {
    using nlohmann::json;
    std::size_t errors = 0, warnings = 0;
    auto location = [](const Location& l) {
        return json{{"file", l.file}, {"line", l.line}, {"column", l.column}, {"length", l.length}};
    };
    json items = json::array();
    for (const Diagnostic& d : diagnostics) {
        ++(d.severity == Severity::Error ? errors : warnings);
        json notes = json::array();
        for (const Note& n : d.notes) notes.push_back({{"location", location(n.where)}, {"message", n.message}});
        items.push_back({{"code", d.code},
                         {"severity", d.severity == Severity::Error ? "error" : "warning"},
                         {"location", location(d.where)},
                         {"message", d.message},
                         {"notes", notes}});
    }
    json doc = {{"diagnostics", items}, {"errors", errors}, {"warnings", warnings}};
    return doc.dump(2) + "\n";
}

}  // namespace author
