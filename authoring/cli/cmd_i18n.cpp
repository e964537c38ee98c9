// `kiosk-author i18n extract|status [CONTENT_DIR]`: the translators' side of the content. extract keeps
// the PO files in step with the English; status says how much of each is translated.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "diagnostic_format.h"
#include "i18n_extract.h"
#include "i18n_status.h"
#include "languages.h"

namespace author::cli {
namespace {

const char* kHelp = R"(Usage: kiosk-author i18n extract [CONTENT_DIR]
       kiosk-author i18n status [CONTENT_DIR]

extract  Writes or updates locales/<lang>/<module>.po, and locales/<lang>/pack.po for pack.toml and the
         sites, for every language in pack.toml after the first. Each text is one entry: its stable key
         (module/scene/field) as msgctxt, the English as msgid, and the TOML file and line as a #:
         reference. When the English of a text changes, its entry keeps the translation, is marked fuzzy
         and shows the old English (#| msgid) so the translator sees what changed. A text removed from
         the content stays in the file as an obsolete #~ entry. Nothing a translator wrote is dropped.
         Uses gettext's msgmerge and msginit (Debian: apt install gettext).
status   Prints, per language and file, how many texts are translated, fuzzy (shown on the kiosk but
         to be reviewed) and missing (the kiosk shows the first language instead).

CONTENT_DIR defaults to ./content. Hand a translator the .po file; any PO editor (Poedit, Lokalize,
Virtaal) opens it. 'kiosk-author check' then reports what is still missing or fuzzy.
Exit status: 0 done, 1 problems in the content or a PO file (nothing half-written), 2 usage or tools.
)";

std::string Plural(std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

void PrintDiagnostics(const Diagnostics& diags, const SourceSet& sources) {
    for (const Diagnostic& d : diags.All()) std::fputs(FormatText(d, sources).c_str(), stderr);
}

int Extract(const std::string& dir) {
    ExtractResult result = ExtractTranslations(dir, dir);
    PrintDiagnostics(result.diagnostics, result.sources);
    for (const ExtractedFile& f : result.files) {
        std::string what;
        auto add = [&](std::size_t n, const std::string& text) {
            if (n) what += (what.empty() ? "" : ", ") + text;
        };
        if (f.created) {
            what = "created, " + Plural(f.strings, "text", "texts") + " to translate";
        } else {
            add(f.added, Plural(f.added, "new text", "new texts"));
            add(f.edited, Plural(f.edited, "text", "texts") + " with new English (fuzzy, translation kept)");
            add(f.carried, Plural(f.carried, "translation", "translations") + " carried to a renamed key (fuzzy)");
            add(f.revived, Plural(f.revived, "removed text", "removed texts") + " back in use");
            add(f.obsoleted, Plural(f.obsoleted, "removed text", "removed texts") + " kept as #~");
            if (what.empty()) what = f.written ? "references updated" : "up to date";
        }
        std::printf("%s: %s\n", f.path.c_str(), what.c_str());
    }
    for (const std::string& e : result.errors) std::fprintf(stderr, "kiosk-author: %s\n", e.c_str());
    if (result.errors.empty()) return 0;
    return result.diagnostics.ErrorCount() ? 1 : 2;
}

int Status(const std::string& dir) {
    TranslationStatus status = CountTranslations(dir, dir);
    PrintDiagnostics(status.diagnostics, status.sources);
    if (status.languages.size() < 2) {
        std::printf("pack.toml lists no language besides the first; nothing to translate\n");
        return status.diagnostics.ErrorCount() ? 1 : 0;
    }
    int width = 10;  // the file column fits the longest path
    for (const TranslationCount& c : status.counts)
        width = std::max(width, static_cast<int>(("locales/" + c.language + "/" + c.file).size()));
    std::printf("%-14s %-*s %10s %6s %8s\n", "language", width, "file", "translated", "fuzzy", "missing");
    std::string current;
    std::size_t total[3] = {0, 0, 0};
    auto print_total = [&]() {
        std::size_t all = total[0] + total[1] + total[2];
        std::printf("%-14s %-*s %10zu %6zu %8zu   %zu%% translated\n", LanguageName(current).c_str(), width, "all files", total[0],
                    total[1], total[2], all ? total[0] * 100 / all : 100);
    };
    for (const TranslationCount& c : status.counts) {
        if (c.language != current) {
            if (!current.empty()) print_total();
            current = c.language;
            total[0] = total[1] = total[2] = 0;
        }
        std::string note = c.exists ? "" : "   (no file yet: run 'kiosk-author i18n extract')";
        if (c.unused) note += "   (" + Plural(c.unused, "entry", "entries") + " for removed texts)";
        std::printf("%-14s %-*s %10zu %6zu %8zu%s\n", LanguageName(c.language).c_str(), width, ("locales/" + c.language + "/" + c.file).c_str(),
                    c.translated, c.fuzzy, c.missing, note.c_str());
        total[0] += c.translated;
        total[1] += c.fuzzy;
        total[2] += c.missing;
    }
    if (!current.empty()) print_total();
    return status.diagnostics.ErrorCount() ? 1 : 0;
}

}  // namespace

int I18n(const Args& args) {
    if (WantsHelp(args)) return std::fputs(kHelp, stdout), 0;
    if (args.empty() || (args[0] != "extract" && args[0] != "status") || args.size() > 2) {
        std::fputs(args.empty() ? "kiosk-author: i18n needs extract or status\n" : "kiosk-author: i18n takes extract or status and a CONTENT_DIR\n", stderr);
        std::fputs("Run 'kiosk-author i18n --help' for usage.\n", stderr);
        return 2;
    }
    std::string dir = args.size() == 2 ? args[1] : "content";
    if (!ReadableFolder(dir)) return 2;
    return args[0] == "extract" ? Extract(dir) : Status(dir);
}

}  // namespace author::cli
