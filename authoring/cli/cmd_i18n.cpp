// `kiosk-author i18n extract|status [CONTENT_DIR]`: the translators' side of the content. extract keeps
// the PO files in step with the English; status says how much of each is translated.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "core/util/one_line.h"
#include "diagnostic_format.h"
#include "i18n_extract.h"
#include "i18n_status.h"
#include "languages.h"

namespace author::cli {
namespace {

const char* kHelp = R"(Usage: kiosk-author i18n extract [CONTENT_DIR]
       kiosk-author i18n status [CONTENT_DIR] [--list] [--lang LANG] [--module ID]

extract  Writes or updates locales/<lang>/<module>.po, and locales/<lang>/pack.po for pack.toml and the
         sites, for every language in pack.toml after the first. Each text is one entry: its stable key
         (module/scene/field) as msgctxt, the English as msgid, and the TOML file and line as a #:
         reference. When the English of a text changes, its entry keeps the translation, is marked fuzzy
         and shows the old English (#| msgid) so the translator sees what changed. A text removed from
         the content stays in the file as an obsolete #~ entry. Nothing a translator wrote is dropped.
         Uses gettext's msgmerge and msginit (Debian: apt install gettext).
status   Prints, per language and file, how many texts are translated, fuzzy (shown on the kiosk but
         to be reviewed) and missing (the kiosk shows the first language instead).
         --list names each missing and fuzzy text under its module and scene, with its English and
         the line it is written on; --lang and --module keep to one language or one module's file.

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
            add(f.restored, Plural(f.restored, "text", "texts") + " with the English changed back (no longer fuzzy)");
            add(f.obsoleted, Plural(f.obsoleted, "removed text", "removed texts") + " kept as #~");
            if (what.empty()) what = f.written ? "references updated" : "up to date";
        }
        std::printf("%s: %s\n", f.path.c_str(), what.c_str());
    }
    for (const std::string& e : result.errors) std::fprintf(stderr, "kiosk-author: %s\n", e.c_str());
    if (result.errors.empty()) return 0;
    return result.diagnostics.ErrorCount() ? 1 : 2;
}

struct StatusOptions {
    bool list = false;
    std::string lang, module;
};

// The texts still to do in one file, under their scene: "spot-the-signs/car-wash/prompt" is scene
// car-wash's prompt; the pack's own texts and a module's title have no scene.
void PrintPending(const TranslationCount& c) {
    std::string scene = "\x01";
    for (const PendingText& p : c.pending) {
        std::string rest = p.key.substr(p.key.find('/') + 1);  // past the module (or "pack")
        std::size_t slash = rest.find('/');
        std::string this_scene = slash == std::string::npos ? "" : rest.substr(0, slash);
        std::string field = slash == std::string::npos ? rest : rest.substr(slash + 1);
        if (this_scene != scene) {
            scene = this_scene;
            std::printf("  %s\n", scene.empty() ? "(module)" : ("scene " + scene).c_str());
        }
        std::string english = kiosk::core::OneLine(p.english, 60, kiosk::core::LineBreaks::Space);
        std::printf("    %-13s %s: \"%s\"  (%s:%d)\n", p.state.c_str(), field.c_str(), english.c_str(), p.file.c_str(), p.line);
    }
}

int Status(const std::string& dir, const StatusOptions& options) {
    TranslationStatus status = CountTranslations(dir, dir);
    PrintDiagnostics(status.diagnostics, status.sources);
    if (status.languages.size() < 2) {
        std::printf("pack.toml lists no language besides the first; nothing to translate\n");
        return status.diagnostics.ErrorCount() ? 1 : 0;
    }
    std::vector<TranslationCount> counts;
    for (TranslationCount& c : status.counts)
        if ((options.lang.empty() || c.language == options.lang) && (options.module.empty() || c.file == options.module + ".po"))
            counts.push_back(std::move(c));
    if (counts.empty()) {
        std::fprintf(stderr, "kiosk-author: no PO file for %s%s%s\n", options.lang.empty() ? "" : ("language '" + options.lang + "'").c_str(),
                     options.lang.empty() || options.module.empty() ? "" : " and ",
                     options.module.empty() ? "" : ("module '" + options.module + "'").c_str());
        return 2;
    }
    int width = 10;  // the file column fits the longest path
    for (const TranslationCount& c : counts)
        width = std::max(width, static_cast<int>(("locales/" + c.language + "/" + c.file).size()));
    auto header = [&] { std::printf("%-14s %-*s %10s %6s %8s\n", "language", width, "file", "translated", "fuzzy", "missing"); };
    if (!options.list) header();
    std::string current;
    std::size_t total[3] = {0, 0, 0};
    auto print_total = [&]() {
        std::size_t all = total[0] + total[1] + total[2];
        std::printf("%-14s %-*s %10zu %6zu %8zu   %zu%% translated\n", LanguageName(current).c_str(), width, "all files", total[0],
                    total[1], total[2], all ? total[0] * 100 / all : 100);
    };
    for (const TranslationCount& c : counts) {
        if (c.language != current) {
            if (!current.empty() && !options.list) print_total();
            current = c.language;
            total[0] = total[1] = total[2] = 0;
        }
        std::string note = c.exists ? "" : "   (no file yet: run 'kiosk-author i18n extract')";
        if (c.unused) note += "   (" + Plural(c.unused, "entry", "entries") + " for removed texts)";
        if (options.list) {
            if (c.pending.empty()) continue;
            std::printf("%s, locales/%s/%s: %zu to do (%zu missing, %zu fuzzy)%s\n", LanguageName(c.language).c_str(), c.language.c_str(),
                        c.file.c_str(), c.pending.size(), c.missing, c.fuzzy, note.c_str());
            PrintPending(c);
        } else {
            std::printf("%-14s %-*s %10zu %6zu %8zu%s\n", LanguageName(c.language).c_str(), width, ("locales/" + c.language + "/" + c.file).c_str(),
                        c.translated, c.fuzzy, c.missing, note.c_str());
        }
        total[0] += c.translated;
        total[1] += c.fuzzy;
        total[2] += c.missing;
    }
    if (!current.empty() && !options.list) print_total();
    if (options.list && total[1] + total[2] == 0) std::printf("nothing to do: every text is translated and reviewed\n");
    return status.diagnostics.ErrorCount() ? 1 : 0;
}

}  // namespace

int I18n(const Args& args) {
    if (WantsHelp(args)) return std::fputs(kHelp, stdout), 0;
    const char* again = "Run 'kiosk-author i18n --help' for usage.\n";
    if (args.empty() || (args[0] != "extract" && args[0] != "status")) {
        std::fputs(args.empty() ? "kiosk-author: i18n needs extract or status\n" : "kiosk-author: i18n takes extract or status and a CONTENT_DIR\n", stderr);
        std::fputs(again, stderr);
        return 2;
    }
    std::string dir;
    StatusOptions options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        bool status_option = args[0] == "status" && (a == "--list" || a == "--lang" || a == "--module");
        if (status_option && a == "--list") {
            options.list = true;
        } else if (status_option && i + 1 < args.size()) {
            (a == "--lang" ? options.lang : options.module) = args[++i];
        } else if (!a.starts_with("-") && dir.empty()) {
            dir = a;
        } else {
            std::fprintf(stderr, "kiosk-author: %s '%s'\n%s", a.starts_with("-") ? "unknown option or missing value:" : "unexpected argument", a.c_str(), again);
            return 2;
        }
    }
    if (dir.empty()) dir = "content";
    if (!ReadableFolder(dir)) return 2;
    return args[0] == "extract" ? Extract(dir) : Status(dir, options);
}

}  // namespace author::cli
