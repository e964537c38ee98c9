// Reads gettext PO translations (locales/<lang>/*.po) with libgettextpo into the pack's strings, and
// reports what translators need to know: missing, fuzzy or out-of-date entries, and stale keys.
#include <gettext-po.h>

#include <algorithm>
#include <csetjmp>
#include <map>
#include <set>

#include "checks.h"

namespace author {
namespace {

struct PoEntry {
    std::string msgid, msgstr;
    bool fuzzy = false;
};

struct PoErrors {
    std::vector<std::pair<Location, std::string>> items;
    std::string display;
};

// libgettextpo reports through C callbacks with no user pointer, so the current file's sink is a
// thread-local; a fatal error must not return, hence the jump back to ReadPo.
thread_local PoErrors* t_errors = nullptr;
thread_local std::jmp_buf t_fatal;

void OnError(int severity, po_message_t, const char*, size_t line, size_t column, int, const char* text) {
    if (t_errors && severity != PO_SEVERITY_WARNING) {
        int col = column == static_cast<size_t>(-1) ? 1 : static_cast<int>(column);
        std::string message = text;
        int at = static_cast<int>(line);
        // gettext notices an unclosed string only once it has read the line ending, so it names the
        // next line; point at the line the translator has to fix, in words they use.
        if (message == "end-of-line within string") {
            message = "this text has no closing quote (\")";
            at = std::max(1, at - 1);
            col = 1;
        }
        t_errors->items.push_back({Location{t_errors->display, at, col, 1}, message});
    }
    if (severity == PO_SEVERITY_FATAL_ERROR) std::longjmp(t_fatal, 1);
}

void OnError2(int severity, po_message_t, const char*, size_t line, size_t column, int, const char* text,
              po_message_t, const char*, size_t, size_t, int, const char* text2) {
    std::string both = std::string(text) + ": " + text2;
    OnError(severity, nullptr, nullptr, line, column, 0, both.c_str());
}

// Only plain C locals live between setjmp and a possible longjmp.
po_file_t OpenPo(const char* path) {
    static const po_xerror_handler handler = {OnError, OnError2};
    if (setjmp(t_fatal) != 0) return nullptr;
    return po_file_read(path, &handler);
}

std::optional<std::map<std::string, PoEntry>> ReadPo(const std::filesystem::path& path, const std::string& display,
                                                     Diagnostics& diags) {
    PoErrors errors{{}, display};
    t_errors = &errors;
    po_file_t file = OpenPo(path.c_str());
    t_errors = nullptr;
    for (auto& [where, message] : errors.items) diags.Add("E082", where, message);
    if (!file) {
        if (errors.items.empty()) diags.Add("E082", Location{display, 0, 0, 1}, "cannot read the translation file");
        return std::nullopt;
    }
    std::map<std::string, PoEntry> entries;
    po_message_iterator_t it = po_message_iterator(file, nullptr);
    while (po_message_t message = po_next_message(it)) {
        const char* context = po_message_msgctxt(message);
        if (!context || po_message_is_obsolete(message)) continue;  // the header has no context
        entries[context] = PoEntry{po_message_msgid(message), po_message_msgstr(message), po_message_is_fuzzy(message) != 0};
    }
    po_message_iterator_free(it);
    po_file_free(file);
    return entries;
}

std::string LanguageName(const std::string& code) {
    static const std::map<std::string, std::string> names = {{"en", "English"}, {"cy", "Welsh"}, {"pl", "Polish"},
                                                             {"ro", "Romanian"}, {"ur", "Urdu"}};
    auto it = names.find(code);
    return it == names.end() ? "'" + code + "'" : names.at(code) + " (" + code + ")";
}

// Where `msgctxt "key"` is in a PO file (the key underlined), since libgettextpo gives no entry positions.
Location ContextLocation(const SourceSet& sources, const std::string& display, const std::string& key) {
    auto it = sources.find(display);
    if (it == sources.end()) return Location{display, 0, 0, 1};
    std::string needle = "msgctxt \"" + key + "\"";
    for (std::size_t line = 1; line <= it->second->LineCount(); ++line) {
        std::string_view text = it->second->Line(line);
        auto at = text.find(needle);
        if (at == std::string_view::npos) continue;
        int column = static_cast<int>(CodePoints(text.substr(0, at))) + 10;  // past `msgctxt "`
        return Location{display, static_cast<int>(line), column, static_cast<int>(CodePoints(key))};
    }
    return Location{display, 0, 0, 1};
}

// The PO file a string key belongs to: its module's, or pack.po for pack and site strings.
std::string DomainOf(const std::string& key) {
    std::string head = key.substr(0, key.find('/'));
    return head == "pack" || head == "site" ? "pack" : head;
}

}  // namespace

void LoadTranslations(const std::filesystem::path& content_dir, const std::string& display_dir, Content& content,
                      SourceSet& sources, Diagnostics& diags) {
    const auto& languages = content.pack.languages;
    // Domains that have strings: every module, and "pack".
    std::set<std::string> domains;
    for (auto& [key, by_lang] : content.pack.strings) domains.insert(DomainOf(key));

    for (std::size_t li = 1; li < languages.size(); ++li) {
        const std::string& lang = languages[li];
        std::set<std::string> missing_file;
        for (const std::string& domain : domains) {
            std::filesystem::path path = content_dir / "locales" / lang / (domain + ".po");
            std::string display = display_dir + "/locales/" + lang + "/" + domain + ".po";
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) {
                missing_file.insert(domain);
                continue;
            }
            std::string error;
            if (auto text = ReadWholeFile(path, 4u * 1024u * 1024u, error))
                sources[display] = std::make_shared<SourceFile>(display, std::move(*text));
            auto entries = ReadPo(path, display, diags);
            if (!entries) continue;
            std::size_t fuzzy = 0;
            for (auto& [key, entry] : *entries) {
                auto string = content.pack.strings.find(key);
                if (string == content.pack.strings.end() || DomainOf(key) != domain) {
                    diags.Add("W083", ContextLocation(sources, display, key),
                              "no string in the content has the key '" + key + "'; was it removed or renamed?");
                    continue;
                }
                if (entry.msgstr.empty()) continue;  // untranslated: reported as missing below
                const std::string& english = string->second.at(content.language).text;
                bool outdated = entry.msgid != english;
                string->second[lang] = kiosk::core::Text{entry.msgstr, entry.fuzzy || outdated};
                if (outdated) {
                    diags.Add("W085", ContextLocation(sources, display, key), LanguageName(lang) + " translation of '" + key +
                                                 "' was made for an older English text; the English is now: " + english);
                } else if (entry.fuzzy) {
                    ++fuzzy;
                }
            }
            // Unreviewed drafts are normal while a translator works: one count per file, not one per line.
            if (fuzzy)
                diags.Add("W081", Location{display, 0, 0, 1},
                          std::to_string(fuzzy) + " " + LanguageName(lang) + " translation" + (fuzzy == 1 ? " is" : "s are") +
                              " marked fuzzy and need" + (fuzzy == 1 ? "s" : "") + " review by a translator");
        }
        // Missing translations: one warning per module without a PO file, otherwise one per string.
        std::map<std::string, std::size_t> missing_per_domain;
        for (auto& [key, by_lang] : content.pack.strings) {
            if (by_lang.count(lang)) continue;
            std::string domain = DomainOf(key);
            if (missing_file.count(domain)) {
                ++missing_per_domain[domain];
                continue;
            }
            auto where = content.string_locations.find(key);
            diags.Add("W080", where != content.string_locations.end() ? where->second : Location{},
                      "no " + LanguageName(lang) + " translation for '" + key + "' in locales/" + lang + "/" + domain + ".po");
        }
        for (auto& [domain, count] : missing_per_domain) {
            std::string display = display_dir + "/locales/" + lang + "/" + domain + ".po";
            diags.Add("W080", Location{display, 0, 0, 1},
                      "this file does not exist, so " + std::to_string(count) + " string" + (count == 1 ? "" : "s") + " of '" +
                          domain + "' will show in " + LanguageName(content.language) + " instead of " + LanguageName(lang));
        }
    }
}

}  // namespace author
