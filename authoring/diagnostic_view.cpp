// Merging, filtering and summing diagnostics for the terminal (see diagnostic_view.h).
#include "diagnostic_view.h"

#include <algorithm>
#include <map>

namespace author {
namespace {

std::string Plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// One line for a kind of count in one language: the total, its words, then each file's share.
Diagnostic Merge(const std::vector<const Diagnostic*>& parts, const std::string& content_display) {
    const Diagnostic& first = *parts.front();
    std::vector<std::pair<std::string, std::size_t>> items;  // in file order
    std::size_t total = 0;
    for (const Diagnostic* d : parts) {
        total += d->tally.count;
        auto it = std::find_if(items.begin(), items.end(), [&](auto& item) { return item.first == d->tally.item; });
        if (it == items.end()) items.emplace_back(d->tally.item, d->tally.count);
        else it->second += d->tally.count;
    }
    std::string shares;
    for (auto& [item, count] : items) shares += (shares.empty() ? "" : ", ") + item + " " + std::to_string(count);
    Diagnostic merged;
    merged.code = first.code;
    merged.severity = first.severity;
    merged.where = Location{content_display + "/locales/" + first.tally.group + "/", 0, 0, 1};
    merged.message = std::to_string(total) + " " + first.tally.what + " (" + shares + "); " +
                     (first.tally.more.empty() ? "'kiosk-author i18n status --list' names each one, --all gives one line per file"
                                               : first.tally.more);
    return merged;
}

}  // namespace

bool InModule(const std::string& file, const std::string& content_display, const std::string& id) {
    const std::string module_dir = content_display + "/modules/" + id + "/";
    if (file.starts_with(module_dir)) return true;
    const std::string locales = content_display + "/locales/";
    if (!file.starts_with(locales)) return false;
    std::string rest = file.substr(locales.size());  // "cy/spot-the-signs.po"
    std::size_t slash = rest.find('/');
    return slash != std::string::npos && rest.substr(slash + 1) == id + ".po";
}

DiagnosticView ViewDiagnostics(const std::vector<Diagnostic>& all, const ViewOptions& options) {
    DiagnosticView view;
    std::vector<const Diagnostic*> in_scope;
    for (const Diagnostic& d : all) {
        bool mine = options.module.empty() || InModule(d.where.file, options.content_display, options.module);
        bool error = d.severity == Severity::Error;
        if (!mine) {
            ++(error ? view.other_errors : view.other_warnings);
            continue;
        }
        ++(error ? view.errors : view.warnings);
        if (!error && std::find(options.allow.begin(), options.allow.end(), d.code) == options.allow.end())
            ++view.strict_warnings;
        in_scope.push_back(&d);
    }
    std::map<std::pair<std::string, std::string>, std::vector<const Diagnostic*>> groups;  // (code, language)
    if (!options.all)
        for (const Diagnostic* d : in_scope)
            if (!d->tally.group.empty()) groups[{d->code, d->tally.group}].push_back(d);
    for (auto& [key, parts] : groups)
        if (parts.size() > 1) view.shown.push_back(Merge(parts, options.content_display));
    for (const Diagnostic* d : in_scope) {
        auto group = groups.find({d->code, d->tally.group});
        if (group == groups.end() || group->second.size() == 1) view.shown.push_back(*d);
    }
    return view;
}

std::string FormatViewSummary(const DiagnosticView& view, const ViewOptions& options, bool strict) {
    std::string out = view.errors == 0 && view.warnings == 0
                          ? std::string("no problems")
                          : Plural(view.errors, "error", "errors") + ", " + Plural(view.warnings, "warning", "warnings");
    if (!options.module.empty()) {
        out += " in module '" + options.module + "'";
        if (view.other_errors || view.other_warnings)
            out += "; elsewhere in the content " + Plural(view.other_errors, "error", "errors") + ", " +
                   Plural(view.other_warnings, "warning", "warnings") + " (check without --module lists them)";
    }
    if (strict && view.strict_warnings) {
        out += "; --strict counts " +
               (view.strict_warnings == view.warnings ? std::string("them") : std::to_string(view.strict_warnings) + " of them") +
               " as errors";
    } else if (strict && view.warnings) {
        out += "; --strict lets them through (--allow)";
    }
    return out;
}

}  // namespace author
