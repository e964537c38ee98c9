// kiosk-author preview's rebuild step (see preview_build.h).
#include "preview_build.h"

#include <chrono>
#include <ctime>

#include "compiler.h"
#include "core/pack/pack_io.h"
#include "core/util/utc_time.h"
#include "diagnostic_format.h"
#include "diagnostic_view.h"
#include "languages.h"

namespace author {
namespace {

std::string BuildTime() {
    return kiosk::core::Iso8601Utc(std::time(nullptr));
}

std::string Headline(const Diagnostic& d) {
    std::string where = d.where.file;
    if (d.where.line > 0) where += ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
    return where + ": error[" + d.code + "]: " + d.message;
}

kiosk::core::PreviewError ToPreviewError(const Diagnostic& d, const SourceSet& sources) {
    kiosk::core::PreviewError error;
    error.headline = Headline(d);
    if (d.where.line > 0) {
        if (auto file = sources.find(d.where.file); file != sources.end()) {
            error.source_line = std::string(file->second->Line(static_cast<std::size_t>(d.where.line)));
            if (!error.source_line.empty() && d.where.column > 0) {
                error.column = d.where.column;
                error.length = std::max(1, d.where.length);
            }
        }
    }
    for (const Note& note : d.notes) {
        std::string where = note.where.file;
        if (note.where.line > 0) where += ":" + std::to_string(note.where.line) + ":" + std::to_string(note.where.column);
        error.notes.push_back(where + ": note: " + note.message);
    }
    return error;
}

}  // namespace

std::size_t MarkUntranslated(kiosk::core::PackData& pack) {
    if (pack.languages.size() < 2) return 0;
    const std::string& first = pack.languages.front();
    std::string name = LanguageName(first);
    name = name.substr(0, name.find(" ("));  // "English (en)" -> "English"
    const std::string marker = "[" + name + "] ";
    std::size_t marked = 0;
    for (auto& [key, by_language] : pack.strings) {
        auto original = by_language.find(first);
        if (original == by_language.end() || original->second.text.empty()) continue;
        for (std::size_t i = 1; i < pack.languages.size(); ++i) {
            if (by_language.count(pack.languages[i])) continue;
            by_language[pack.languages[i]] = kiosk::core::Text{marker + by_language.at(first).text, true};
            ++marked;
        }
    }
    return marked;
}

std::int64_t SteadyNowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

PreviewBuilder::PreviewBuilder(std::filesystem::path content_dir, std::string display_dir, std::filesystem::path pack_dir)
    : m_contentDir(std::move(content_dir)), m_displayDir(std::move(display_dir)), m_packDir(std::move(pack_dir)) {}

PreviewBuild PreviewBuilder::Build(const std::vector<std::string>& changed, std::int64_t changed_ns) {
    PreviewBuild out;
    kiosk::core::PreviewUpdate& update = out.update;
    for (std::size_t i = 0; i < changed.size() && i < 3; ++i) update.changed += (i ? ", " : "") + changed[i];
    if (changed.size() > 3) update.changed += " and " + std::to_string(changed.size() - 3) + " more";
    update.changed_ns = changed_ns;
    update.build_ns = SteadyNowNs();

    CompileOptions options{m_contentDir, m_displayDir, BuildTime()};
    options.film_cache = &m_films;
    options.speller = &m_speller;
    CompileResult result = Compile(options);

    // The terminal gets errors every time, warnings in full only when they differ from the last build's.
    std::vector<std::string> warnings;
    std::string errors_text;
    const ViewOptions view_options{m_displayDir, "", false, {}};
    const DiagnosticView view = ViewDiagnostics(result.diagnostics.All(), view_options);
    for (const Diagnostic& d : view.shown) {
        std::string text = FormatText(d, result.sources);
        if (d.severity == Severity::Warning) warnings.push_back(std::move(text));
        else errors_text += text;
    }
    out.report = errors_text;
    if (warnings != m_lastWarnings) {
        for (const std::string& w : warnings) out.report += w;
        m_lastWarnings = warnings;
    }

    if (result.pack) {
        std::filesystem::path path = m_packDir / ("preview-" + std::to_string(++m_generation) + ".pack");
        kiosk::core::PackData pack = std::move(*result.pack);
        MarkUntranslated(pack);
        if (auto error = kiosk::core::WritePack(pack, path.string(), kiosk::core::kThrowawayPack)) {
            update.errors.push_back(kiosk::core::PreviewError{"cannot write the preview's pack: " + *error, {}, 0, 0, {}});
            out.report += "kiosk-author: cannot write the preview's pack: " + *error + "\n";
        } else {
            update.pack = path.string();
            m_packs.push_back(path);
            while (m_packs.size() > 2) {
                std::error_code ec;
                std::filesystem::remove(m_packs.front(), ec);
                m_packs.pop_front();
            }
            for (kiosk::core::Asset& asset : pack.assets) asset.data = {};  // in the file now; only ids are needed here
            m_lastPack = std::move(pack);
            if (!out.report.empty()) out.report += FormatViewSummary(view, view_options, false) + "\n";
        }
    } else {
        for (const Diagnostic& d : result.diagnostics.All()) {
            if (d.severity != Severity::Error) continue;
            if (update.errors.size() == kPreviewMaxErrors) {
                const std::size_t more = result.diagnostics.ErrorCount() - kPreviewMaxErrors;
                update.errors.push_back(kiosk::core::PreviewError{
                    "... and " + std::to_string(more) + " more errors: see the terminal", {}, 0, 0, {}});
                break;
            }
            update.errors.push_back(ToPreviewError(d, result.sources));
        }
        out.report += FormatViewSummary(view, view_options, false) +
                      (m_lastPack ? "; the preview shows the last version that worked\n" : "\n");
    }
    update.sent_ns = SteadyNowNs();
    return out;
}

}  // namespace author
