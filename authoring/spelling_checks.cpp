// The spelling lint (W104 in TOML, W086 in translations, W105 without a dictionary): every text a learner
// reads, in the first language where it is written in TOML and in each translation in its PO file, against that language's dictionary
// and the project's word list (content/words.txt). A word is reported once per language, where it first
// appears, with how many texts hold it.
#include <algorithm>
#include <cctype>
#include <map>

#include "checks.h"
#include "core/util/one_line.h"
#include "languages.h"
#include "po_file.h"
#include "spelling.h"

namespace author {
namespace {

// Where `word` is within the text that starts at `at` (its value in TOML, or a PO entry's msgstr): the
// first line from there that holds it, so the caret is under the word itself.
Location WordLocation(const SourceSet& sources, Location at, const std::string& word) {
    auto file = sources.find(at.file);
    if (file == sources.end() || at.line <= 0) return at;
    for (int line = at.line; line < at.line + 40 && line <= static_cast<int>(file->second->LineCount()); ++line) {
        std::string_view text = file->second->Line(static_cast<std::size_t>(line));
        std::size_t from = line == at.line ? std::min(text.size(), static_cast<std::size_t>(std::max(0, at.column - 1))) : 0;
        // The word itself, not a part of a longer one ("th" is not in "the"); as written, ’ or '.
        std::size_t found = std::string_view::npos;
        std::string curly = word;
        for (std::size_t at; (at = curly.find('\'')) != std::string::npos;) curly.replace(at, 1, "\xE2\x80\x99");
        for (const std::string& form : {word, curly}) {
            for (std::size_t at = text.find(form, from); at != std::string_view::npos && found == std::string_view::npos;
                 at = text.find(form, at + 1)) {
                auto letter = [](unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '\''; };
                bool starts = at == 0 || !letter(static_cast<unsigned char>(text[at - 1]));
                bool ends = at + form.size() >= text.size() || !letter(static_cast<unsigned char>(text[at + form.size()]));
                if (starts && ends) found = at;
            }
            if (found != std::string_view::npos) break;
        }
        if (found == std::string_view::npos) continue;
        return Location{at.file, line, static_cast<int>(CodePoints(text.substr(0, found))) + 1, static_cast<int>(CodePoints(word))};
    }
    return at;
}

// The line of `msgstr` in the entry whose msgctxt is `key`, in a PO file read into `sources`.
Location MsgstrLocation(const SourceSet& sources, const std::string& display, const std::string& key) {
    auto file = sources.find(display);
    if (file == sources.end()) return Location{display, 0, 0, 1};
    const std::string needle = "msgctxt \"" + key + "\"";
    for (std::size_t line = 1; line <= file->second->LineCount(); ++line) {
        if (file->second->Line(line) != needle) continue;
        for (std::size_t next = line + 1; next <= file->second->LineCount() && next < line + 200; ++next)
            if (file->second->Line(next).starts_with("msgstr")) return Location{display, static_cast<int>(next), 1, 6};
    }
    return Location{display, 0, 0, 1};
}

struct Finding {
    Location where;
    std::vector<std::string> suggestions;
    std::vector<std::string> keys;
};

}  // namespace

void CheckSpelling(const Content& content, const std::string& display_dir, const SourceSet& sources, SpellChecker& speller,
                   Diagnostics& diags) {
    const auto& languages = content.pack.languages;
    for (std::size_t li = 0; li < languages.size(); ++li) {
        const std::string& lang = languages[li];
        if (speller.DictionaryFor(lang).empty()) {
            diags.Add("W105", Location{display_dir + "/pack.toml", 0, 0, 1},
                      "cannot check the spelling of " + LanguageName(lang) + ": no dictionary for it is installed" +
                          (lang == "en"   ? " (Debian: apt install hunspell-en-gb)"
                           : lang == "cy" ? " (Debian: apt install aspell-cy)"
                                          : " (install a Hunspell or Aspell dictionary for it)"));
            continue;
        }
        std::map<std::string, Finding> found;  // word -> where first, in key order
        for (const auto& [key, by_lang] : content.pack.strings) {
            auto text = by_lang.find(lang);
            if (text == by_lang.end() || text->second.text.empty()) continue;
            Location at;
            if (li == 0) {
                auto where = content.string_locations.find(key);
                if (where == content.string_locations.end()) continue;
                at = where->second;
            } else {
                const std::string& po_key = PoKeyOf(content, key);
                at = MsgstrLocation(sources, display_dir + "/locales/" + lang + "/" + PoDomainOf(po_key) + ".po", po_key);
            }
            for (Misspelling& miss : speller.Check(text->second.text, lang)) {
                auto [finding, fresh] = found.try_emplace(miss.word);
                if (fresh) {
                    finding->second.where = WordLocation(sources, at, miss.word);
                    finding->second.suggestions = std::move(miss.suggestions);
                }
                const std::string& named = PoKeyOf(content, key);  // a shared scene's text is one text
                if (std::find(finding->second.keys.begin(), finding->second.keys.end(), named) == finding->second.keys.end())
                    finding->second.keys.push_back(named);
            }
        }
        for (const auto& [word, f] : found) {
            std::string message = kiosk::core::Quoted(word) + " is not in the " + LanguageName(lang) + " dictionary";
            if (!f.suggestions.empty()) {
                message += "; did you mean ";
                for (std::size_t i = 0; i < f.suggestions.size(); ++i)
                    message += (i == 0 ? "" : i + 1 == f.suggestions.size() ? " or " : ", ") + kiosk::core::Quoted(f.suggestions[i]);
                message += "?";
            }
            message += " (in " + kiosk::core::Quoted(f.keys.front()) +
                       (f.keys.size() > 1 ? " and " + std::to_string(f.keys.size() - 1) + " more" : std::string()) +
                       "); if it is right, add it to content/words.txt";
            // A translation's words are the translator's to check: said once per language, like W081.
            if (li == 0) diags.Add("W104", f.where, message);
            else
                diags.Add("W086", f.where, message).tally =
                    Tally{lang, PoDomainOf(f.keys.front()), 1, LanguageName(lang) + " words are not in the dictionary",
                          "--all lists each word where it first appears, with the dictionary's suggestions"};
        }
    }
}

}  // namespace author
