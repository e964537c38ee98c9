// Reads gettext PO translations (locales/<lang>/*.po) with libgettextpo into the pack's strings, and
// reports what translators need to know: missing, fuzzy or out-of-date entries, and stale keys.
#include <map>
#include <set>

#include "checks.h"
#include "languages.h"
#include "po_file.h"

namespace author {
namespace {

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

}  // namespace

void LoadTranslations(const std::filesystem::path& content_dir, const std::string& display_dir, Content& content,
                      SourceSet& sources, Diagnostics& diags) {
    const auto& languages = content.pack.languages;
    // Domains that have strings: every module, and "pack".
    std::set<std::string> domains;
    // PO key -> the pack's strings it translates: itself, or every module's copy of a shared scene's string.
    std::map<std::string, std::vector<std::string>> targets;
    for (auto& [key, by_lang] : content.pack.strings) {
        domains.insert(PoDomainOf(PoKeyOf(content, key)));
        targets[PoKeyOf(content, key)].push_back(key);
    }

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
            auto entries = ReadPoFile(path, display, diags);
            if (!entries) continue;
            std::size_t fuzzy = 0;
            for (auto& [key, entry] : *entries) {
                auto target = targets.find(key);
                if (target == targets.end() || PoDomainOf(key) != domain) {
                    diags.Add("W083", ContextLocation(sources, display, key),
                              "no string in the content has the key '" + key + "'; was it removed or renamed?");
                    continue;
                }
                if (entry.msgstr.empty()) continue;  // untranslated: reported as missing below
                const std::string& english = content.pack.strings.at(target->second.front()).at(content.language).text;
                bool outdated = entry.msgid != english;
                for (const std::string& copy : target->second)
                    content.pack.strings.at(copy)[lang] = kiosk::core::Text{entry.msgstr, entry.fuzzy || outdated};
                if (outdated) {
                    diags.Add("W085", ContextLocation(sources, display, key), LanguageName(lang) + " translation of '" + key +
                                                 "' was made for an older English text; the English is now: " + english)
                        .tally = Tally{lang, domain, 1, LanguageName(lang) + " translations were made for an older English text", ""};
                } else if (entry.fuzzy) {
                    ++fuzzy;
                }
            }
            // Unreviewed drafts are normal while a translator works: one count per file, not one per line.
            if (fuzzy)
                diags.Add("W081", Location{display, 0, 0, 1},
                          std::to_string(fuzzy) + " " + LanguageName(lang) + " translation" + (fuzzy == 1 ? " is" : "s are") +
                              " marked fuzzy and need" + (fuzzy == 1 ? "s" : "") + " review by a translator")
                    .tally = Tally{lang, domain, fuzzy, LanguageName(lang) + " translations are marked fuzzy and need review by a translator", ""};
        }
        // Missing translations: one warning per string while there are a few to point at; one per file
        // when it has no PO file yet, or many untranslated entries (a file just made by `i18n extract`).
        constexpr std::size_t kListMissingUpTo = 10;
        std::map<std::string, std::vector<std::string>> missing_keys;  // domain -> PO keys without a translation
        for (auto& [po_key, copies] : targets)
            if (!content.pack.strings.at(copies.front()).count(lang)) missing_keys[PoDomainOf(po_key)].push_back(po_key);
        const std::string missing_what = "strings have no " + LanguageName(lang) + " translation yet and will show in " +
                                         LanguageName(content.language);
        for (auto& [domain, keys] : missing_keys) {
            std::string display = display_dir + "/locales/" + lang + "/" + domain + ".po";
            std::size_t count = keys.size();
            const Tally tally{lang, domain, count, missing_what, ""};
            if (missing_file.count(domain)) {
                diags.Add("W080", Location{display, 0, 0, 1},
                          "this file does not exist, so " + std::to_string(count) + " string" + (count == 1 ? "" : "s") + " of '" +
                              domain + "' will show in " + LanguageName(content.language) + " instead of " + LanguageName(lang))
                    .tally = tally;
            } else if (count > kListMissingUpTo) {
                diags.Add("W080", Location{display, 0, 0, 1},
                          std::to_string(count) + " strings of '" + domain + "' have no " + LanguageName(lang) +
                              " translation yet and will show in " + LanguageName(content.language) +
                              "; 'kiosk-author i18n status --list' names them")
                    .tally = tally;
            } else {
                for (const std::string& key : keys) {
                    auto where = content.string_locations.find(targets.at(key).front());
                    diags.Add("W080", where != content.string_locations.end() ? where->second : Location{},
                              "no " + LanguageName(lang) + " translation for '" + key + "' in locales/" + lang + "/" + domain + ".po")
                        .tally = Tally{lang, domain, 1, missing_what, ""};
                }
            }
        }
    }
}

}  // namespace author
