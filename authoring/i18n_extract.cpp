// Updating PO files from the content (i18n_extract.h). For each PO file: write a POT template with
// libgettextpo; create a missing PO file with `msginit`, or prepare the existing one (same-key edits and
// renames, below) and merge it with `msgmerge --previous`. Fuzzy matching across keys is off: a guess
// from another string would be shown on kiosks, while a same-key edit is the same sentence reworded.
#include "i18n_extract.h"

#include <unistd.h>

#include <fstream>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "po_catalog.h"
#include "po_file.h"
#include "run_tool.h"

namespace author {
namespace {

namespace fs = std::filesystem;

std::string ReadBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A scratch folder for templates and prepared copies, removed when done.
struct Scratch {
    fs::path dir;
    Scratch() {
        std::string pattern = (fs::temp_directory_path() / "kiosk-author-i18n-XXXXXX").string();
        if (mkdtemp(pattern.data())) dir = pattern;
    }
    ~Scratch() {
        std::error_code ec;
        if (!dir.empty()) fs::remove_all(dir, ec);
    }
};

bool WriteTemplate(const std::vector<CatalogEntry>& entries, const std::string& project, const fs::path& path,
                   std::string& error) {
    PoFile pot(po_file_create());
    po_message_iterator_t it = po_message_iterator(pot.get(), nullptr);
    po_message_t header = po_message_create();
    po_message_set_msgid(header, "");
    std::string fields = "Project-Id-Version: " + project +
                         "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n";
    po_message_set_msgstr(header, fields.c_str());
    po_message_insert(it, header);
    for (const CatalogEntry& entry : entries) {
        po_message_t message = po_message_create();
        po_message_set_msgctxt(message, entry.key.c_str());
        po_message_set_msgid(message, entry.english.c_str());
        po_message_set_msgstr(message, "");
        if (!entry.file.empty()) po_message_add_filepos(message, entry.file.c_str(), static_cast<size_t>(entry.line));
        po_message_insert(it, message);
    }
    po_message_iterator_free(it);
    return WritePoFile(pot.get(), path, error);
}

// A translator comment saying that kiosk-author, not a translator, made an entry fuzzy (an English
// edit), so the flag can be cleared when the edit is undone. msgmerge keeps translator comments.
// The note ends with a fingerprint of the translation it was written for: if the translator rewrites it
// meanwhile, the new words were made for the new English, and undoing the edit must not pass them as reviewed.
constexpr std::string_view kEditNote = "kiosk-author: fuzzy because the English changed; undoing that change clears it";

std::string Fingerprint(const char* text) {
    std::uint32_t hash = 2166136261u;  // FNV-1a: the same on every machine and build
    for (const char* c = text ? text : ""; *c; ++c) hash = (hash ^ static_cast<unsigned char>(*c)) * 16777619u;
    char out[16];
    std::snprintf(out, sizeof out, "%08x", hash);
    return out;
}

std::string EditNote(po_message_t m) { return std::string(kEditNote) + " (" + Fingerprint(po_message_msgstr(m)) + ")"; }

bool HasEditNote(po_message_t m) {
    const char* comments = po_message_comments(m);
    return comments && std::string_view(comments).find(EditNote(m)) != std::string_view::npos;
}

void SetEditNote(po_message_t m, bool on) {
    std::string comments = po_message_comments(m) ? po_message_comments(m) : "";
    std::string kept;  // the translator's own lines, without ours
    std::size_t start = 0;
    while (start < comments.size()) {
        std::size_t end = comments.find('\n', start);
        if (end == std::string::npos) end = comments.size();
        std::string_view line(comments.data() + start, end - start);
        if (!line.starts_with(kEditNote)) kept += std::string(line) + "\n";
        start = end + 1;
    }
    if (on) kept += EditNote(m) + "\n";
    po_message_set_comments(m, kept.c_str());
}

// Applies the stable-key rules to the existing file `old` so that msgmerge finds every surviving key by
// exact match, and counts what changed.
void PrepareExisting(po_file_t old, const std::vector<CatalogEntry>& entries, ExtractedFile& report) {
    std::map<std::string, const CatalogEntry*> wanted;
    for (const CatalogEntry& e : entries) wanted[e.key] = &e;
    std::set<std::string> active;
    std::vector<po_message_t> messages;
    po_message_iterator_t it = po_message_iterator(old, nullptr);
    while (po_message_t m = po_next_message(it)) {
        messages.push_back(m);
        if (po_message_msgctxt(m) && !po_message_is_obsolete(m)) active.insert(po_message_msgctxt(m));
    }
    po_message_iterator_free(it);

    std::set<std::string> present;  // keys of the template that the file already has
    std::multimap<std::string, po_message_t> unused_by_english;  // translated entries whose key went away
    for (po_message_t m : messages) {
        const char* context = po_message_msgctxt(m);
        if (!context) continue;  // the header
        auto want = wanted.find(context);
        bool translated = *po_message_msgstr(m) != '\0';
        if (po_message_is_obsolete(m)) {
            if (want == wanted.end() || active.count(context) || present.count(context)) {
                if (translated) unused_by_english.emplace(po_message_msgid(m), m);
                continue;
            }
            po_message_set_obsolete(m, 0);  // its string is back
            ++report.revived;
        } else if (want == wanted.end()) {
            if (translated) {
                ++report.obsoleted;  // msgmerge keeps it as a #~ entry
                unused_by_english.emplace(po_message_msgid(m), m);
            }
            continue;
        }
        present.insert(context);
        const std::string& english = want->second->english;
        if (english == po_message_msgid(m)) continue;
        const char* previous = po_message_prev_msgid(m);
        if (translated && po_message_is_fuzzy(m) && previous && english == previous && HasEditNote(m)) {
            // The English is back to what the translation was made for, and only our edit made it fuzzy.
            po_message_set_fuzzy(m, 0);
            po_message_set_prev_msgid(m, nullptr);
            SetEditNote(m, false);
            ++report.restored;
        } else if (translated) {
            // The translation was made for the English before the edit; if an earlier edit already left
            // that English in `#| msgid`, keep it: it is still what the translation says.
            if (!(po_message_is_fuzzy(m) && previous)) {
                // A reviewed translation made fuzzy by this edit is noted, so reverting the edit can clear
                // the flag; a draft (already fuzzy) stays a draft whatever the English does.
                SetEditNote(m, !po_message_is_fuzzy(m));
                po_message_set_prev_msgid(m, po_message_msgid(m));
            }
            po_message_set_fuzzy(m, 1);
            ++report.edited;
        }
        po_message_set_msgid(m, english.c_str());
    }

    // New keys: a renamed scene or option keeps its English, so its old translation comes along, fuzzy.
    it = po_message_iterator(old, nullptr);
    while (po_next_message(it)) {
    }
    for (const CatalogEntry& e : entries) {
        if (present.count(e.key)) continue;
        auto from = unused_by_english.find(e.english);
        if (from == unused_by_english.end()) {
            ++report.added;
            continue;
        }
        po_message_t m = po_message_create();
        po_message_set_msgctxt(m, e.key.c_str());
        po_message_set_msgid(m, e.english.c_str());
        po_message_set_msgstr(m, po_message_msgstr(from->second));
        po_message_set_prev_msgctxt(m, po_message_msgctxt(from->second));
        po_message_set_prev_msgid(m, e.english.c_str());
        po_message_set_fuzzy(m, 1);
        po_message_insert(it, m);
        ++report.carried;
    }
    po_message_iterator_free(it);
}

// Brings one PO file up to date with `pot`; an error message, or empty.
std::string UpdateFile(const std::vector<CatalogEntry>& entries, const std::string& language, const fs::path& pot,
                       const fs::path& po, const fs::path& scratch, ExtractedFile& report, Diagnostics& diags) {
    std::error_code ec;
    fs::path part = po.string() + ".part";
    fs::path prepared = scratch / ("prepared-" + language + "-" + po.filename().string());
    report.strings = entries.size();
    if (!fs::exists(po, ec)) {
        fs::create_directories(po.parent_path(), ec);
        if (ec) return "cannot create " + po.parent_path().string() + ": " + ec.message();
        // msginit fills the header for the language; the msgmerge below then lays the file out exactly as
        // later runs will, so the next extract changes nothing.
        ToolRun run = RunTool({"msginit", "--no-translator", "--locale=" + language, "--input=" + pot.string(),
                               "--output-file=" + prepared.string()});
        if (!run.started) return "gettext's msginit is " + run.output + " (Debian: apt install gettext)";
        if (run.status != 0) return "msginit failed: " + run.output;
        report.created = true;
        report.added = entries.size();
    } else {
        std::size_t errors_before = diags.ErrorCount();
        PoFile old = OpenPoFile(po, report.path, diags);
        // gettext recovers from some syntax errors; a file it complained about is still left as it is.
        if (!old || diags.ErrorCount() > errors_before) return report.path + " is not a valid PO file, so it was left as it is; fix it and run extract again";
        PrepareExisting(old.get(), entries, report);
        std::string error;
        if (!WritePoFile(old.get(), prepared, error)) return error;
    }
    ToolRun run = RunTool({"msgmerge", "--quiet", "--previous", "--no-fuzzy-matching", "--output-file=" + part.string(),
                           prepared.string(), pot.string()});
    if (!run.started) return "gettext's msgmerge is " + run.output + " (Debian: apt install gettext)";
    if (run.status != 0) {
        fs::remove(part, ec);
        return "msgmerge failed: " + run.output;
    }
    if (!report.created && ReadBytes(part) == ReadBytes(po)) {
        fs::remove(part, ec);
        return "";
    }
    fs::rename(part, po, ec);  // atomic: a translator's editor never sees half a file
    if (ec) {
        fs::remove(part, ec);
        return "cannot write " + report.path;
    }
    report.written = true;
    return "";
}

}  // namespace

ExtractResult ExtractTranslations(const fs::path& content_dir, const std::string& display) {
    ExtractResult result;
    Catalog catalog = LoadCatalog(content_dir, display);
    result.sources = std::move(catalog.sources);
    for (const Diagnostic& d : catalog.diagnostics.All())
        if (d.severity == Severity::Error) result.diagnostics.Add(d.code, d.where, d.message).notes = d.notes;
    if (!catalog.complete) {
        result.errors.push_back("no PO file was changed: a TOML file above cannot be read, so its strings would look "
                                "removed; fix it and run extract again");
        return result;
    }
    const auto& languages = catalog.content.pack.languages;
    if (languages.size() < 2) {
        result.errors.push_back("pack.toml lists no language to translate into; add one to languages, e.g. [\"en\", \"cy\"]");
        return result;
    }
    Scratch scratch;
    if (scratch.dir.empty()) {
        result.errors.push_back("cannot create a temporary folder");
        return result;
    }
    std::string shown = display;
    while (shown.size() > 1 && shown.back() == '/') shown.pop_back();
    std::string project = catalog.content.pack.id.empty() ? "kiosk-content" : catalog.content.pack.id;
    for (const auto& [domain, entries] : catalog.domains) {
        fs::path pot = scratch.dir / (domain + ".pot");
        std::string error;
        if (!WriteTemplate(entries, project, pot, error)) {
            result.errors.push_back(error);
            continue;
        }
        for (std::size_t li = 1; li < languages.size(); ++li) {
            ExtractedFile report;
            report.language = languages[li];
            report.path = shown + "/locales/" + languages[li] + "/" + domain + ".po";
            fs::path po = content_dir / "locales" / languages[li] / (domain + ".po");
            std::string problem = UpdateFile(entries, languages[li], pot, po, scratch.dir, report, result.diagnostics);
            if (!problem.empty()) result.errors.push_back(problem);
            else result.files.push_back(report);
        }
    }
    result.diagnostics.Sort();
    return result;
}

}  // namespace author
