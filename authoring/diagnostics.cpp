// Diagnostics collection and ordering.
#include "diagnostic.h"

#include <algorithm>
#include <cassert>
#include <tuple>

#include "core/util/one_line.h"

namespace author {

const DiagnosticInfo& LookupDiagnostic(std::string_view code) {
    for (const DiagnosticInfo& info : DiagnosticCatalog())
        if (info.code == code) return info;
    assert(false && "diagnostic code missing from the catalogue");
    return DiagnosticCatalog().front();
}

Diagnostic& Diagnostics::Add(std::string_view code, Location where, std::string message) {
    Diagnostic d;
    d.code = std::string(code);
    d.severity = LookupDiagnostic(code).severity;
    d.where = std::move(where);
    // Messages quote file paths and TOML values; whatever they hold, a diagnostic stays one line.
    d.message = kiosk::core::OneLine(message, kiosk::core::kNoLimit, kiosk::core::LineBreaks::Escape);
    m_items.push_back(std::move(d));
    return m_items.back();
}

std::size_t Diagnostics::ErrorCount() const {
    return std::count_if(m_items.begin(), m_items.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::size_t Diagnostics::WarningCount() const { return m_items.size() - ErrorCount(); }

void Diagnostics::Sort() {
    std::stable_sort(m_items.begin(), m_items.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column, a.code) <
               std::tie(b.where.file, b.where.line, b.where.column, b.code);
    });
    // The same problem found twice (a shared scene's file, loaded once per module using it) is said once.
    m_items.erase(std::unique(m_items.begin(), m_items.end(),
                              [](const Diagnostic& a, const Diagnostic& b) {
                                  return a.code == b.code && a.where.file == b.where.file && a.where.line == b.where.line &&
                                         a.where.column == b.where.column && a.message == b.message;
                              }),
                  m_items.end());
}

}  // namespace author
