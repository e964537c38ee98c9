// Spelling through Enchant (see spelling.h). Results are cached per language and word, so a preview's
// rebuild after each save asks the dictionaries only about words it has not seen.
#include "spelling.h"

#include <enchant.h>

#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace author {
namespace {

// Code point at `i` in UTF-8 `s` (advancing i); U+FFFD for a broken sequence, one byte consumed.
char32_t Next(std::string_view s, std::size_t& i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size() + (extra == 0 ? 1 : 0)) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
        unsigned char more = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((more & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (more & 0x3F);
    }
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

// Letters as far as spelling goes: ASCII letters, and Latin letters with accents (Welsh ŵ ŷ â ê î ô û
// ï ë, and the rest of Latin-1 and Latin Extended-A), but no punctuation or symbols.
bool Letter(char32_t c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    if (c >= 0xC0 && c <= 0x24F) return c != 0xD7 && c != 0xF7;
    return false;
}
bool Digit(char32_t c) { return c >= '0' && c <= '9'; }
bool Apostrophe(char32_t c) { return c == '\'' || c == 0x2019; }

// Welsh short forms after an apostrophe: the article, pronouns and 'n (yn).
const std::set<std::string> kWelshShortForms = {"n", "r", "i", "u", "w", "m", "th", "ch", "ch", "ei", "ein", "eich", "eu"};

std::string Lower(const std::string& word) {
    std::string out = word;
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool AllCapitals(const std::string& word) {
    int letters = 0;
    for (char c : word) {
        if (c >= 'a' && c <= 'z') return false;
        if (c >= 'A' && c <= 'Z') ++letters;
    }
    return letters >= 2;
}

std::string Straight(std::string word) {  // ’ -> '
    for (std::size_t at; (at = word.find("\xE2\x80\x99")) != std::string::npos;) word.replace(at, 3, "'");
    return word;
}

}  // namespace

struct SpellChecker::Impl {
    EnchantBroker* broker = nullptr;
    std::map<std::string, EnchantDict*> dicts;  // pack language -> dictionary (null: none installed)
    std::map<std::string, std::string> tags;
    std::set<std::string> project, project_lower;
    std::unordered_map<std::string, bool> known;  // language + '\n' + word -> the dictionary's verdict
    std::unordered_map<std::string, std::vector<std::string>> suggested;  // the same key -> its suggestions
};

SpellChecker::SpellChecker() : m(std::make_unique<Impl>()) { m->broker = enchant_broker_init(); }

SpellChecker::~SpellChecker() {
    if (!m->broker) return;
    for (auto& [language, dict] : m->dicts)
        if (dict) enchant_broker_free_dict(m->broker, dict);
    enchant_broker_free(m->broker);
}

void SpellChecker::SetProjectWords(const std::vector<std::string>& words) {
    m->project.clear();
    m->project_lower.clear();
    for (const std::string& w : words) {
        std::string word = Straight(w);
        if (Lower(word) == word) m->project_lower.insert(word);
        else m->project.insert(word);
    }
}

std::string SpellChecker::DictionaryFor(const std::string& language) {
    if (auto it = m->tags.find(language); it != m->tags.end()) return it->second;
    std::string found;
    // British English for England and Wales, then whatever the machine has for the language.
    std::vector<std::string> tags = language == "en" ? std::vector<std::string>{"en_GB", "en"}
                                    : language == "cy" ? std::vector<std::string>{"cy", "cy_GB"}
                                                       : std::vector<std::string>{language};
    for (const std::string& tag : tags)
        if (m->broker && found.empty() && enchant_broker_dict_exists(m->broker, tag.c_str())) found = tag;
    m->tags[language] = found;
    m->dicts[language] = found.empty() ? nullptr : enchant_broker_request_dict(m->broker, found.c_str());
    return found;
}

bool SpellChecker::Known(const std::string& word, const std::string& language) {
    if (m->project.count(word) || m->project_lower.count(Lower(word))) return true;
    EnchantDict* dict = m->dicts[language];
    if (!dict) return true;
    auto [cached, fresh] = m->known.try_emplace(language + '\n' + word, false);
    if (fresh) cached->second = enchant_dict_check(dict, word.c_str(), static_cast<ssize_t>(word.size())) == 0;
    return cached->second;
}

std::vector<Misspelling> SpellChecker::Check(std::string_view text, const std::string& language) {
    std::vector<Misspelling> out;
    if (DictionaryFor(language).empty()) return out;
    std::size_t i = 0;
    while (i < text.size()) {
        // A whitespace-separated chunk holding "://", "www." or "@" is an address, not words.
        std::size_t chunk_end = text.find_first_of(" \t\n", i);
        if (chunk_end == std::string_view::npos) chunk_end = text.size();
        std::string_view chunk = text.substr(i, chunk_end - i);
        if (chunk.find("://") != std::string_view::npos || chunk.find("www.") != std::string_view::npos ||
            chunk.find('@') != std::string_view::npos) {
            i = chunk_end + 1;
            continue;
        }
        std::size_t start = i;
        char32_t c = Next(text, i);
        if (!Letter(c) && !Digit(c)) continue;
        // A word: letters and digits, with an apostrophe or hyphen inside (followed by a letter).
        bool digits = Digit(c);
        std::size_t end = i;
        while (i < text.size()) {
            std::size_t at = i;
            char32_t d = Next(text, i);
            if (Letter(d) || Digit(d)) {
                digits = digits || Digit(d);
                end = i;
                continue;
            }
            if ((Apostrophe(d) || d == '-') && i < text.size()) {
                std::size_t peek = i;
                if (Letter(Next(text, peek))) {
                    end = i;
                    continue;
                }
            }
            i = at;
            break;
        }
        if (i == start) ++i;
        if (digits) continue;
        std::string word = Straight(std::string(text.substr(start, end - start)));
        if (AllCapitals(word) || Known(word, language)) continue;
        // Hyphenated: each part may be a word ("well-known" is not in every dictionary).
        std::vector<std::string> parts;
        std::size_t from = 0;
        const char split = language == "cy" && word.find('\'') != std::string::npos ? '\'' : '-';
        for (std::size_t at; (at = word.find_first_of(split == '\'' ? "'-" : "-", from)) != std::string::npos; from = at + 1)
            parts.push_back(word.substr(from, at - from));
        parts.push_back(word.substr(from));
        std::size_t unknown_parts = 0;
        std::string unknown;  // a joined word with one unknown part is reported as that part
        for (const std::string& p : parts) {
            if (p.empty() || (split == '\'' && kWelshShortForms.count(Lower(p))) || Known(p, language)) continue;
            ++unknown_parts;
            unknown = p;
        }
        if (parts.size() > 1 && unknown_parts == 0) continue;
        if (parts.size() > 1 && unknown_parts == 1) {
            start += word.find(unknown);
            word = unknown;
        }
        // Suggestions are the slow part (Aspell's especially): asked once per word, however often it appears.
        auto [cached, fresh] = m->suggested.try_emplace(language + '\n' + word);
        if (fresh) {
            std::size_t count = 0;
            if (char** suggestions = enchant_dict_suggest(m->dicts[language], word.c_str(), static_cast<ssize_t>(word.size()), &count)) {
                for (std::size_t k = 0; k < count && cached->second.size() < 3; ++k) cached->second.push_back(suggestions[k]);
                enchant_dict_free_string_list(m->dicts[language], suggestions);
            }
        }
        out.push_back(Misspelling{word, start, cached->second});
    }
    return out;
}

std::vector<std::string> ParseWordList(std::string_view text) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (std::size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        std::size_t a = line.find_first_not_of(" \t\r"), b = line.find_last_not_of(" \t\r");
        if (a != std::string_view::npos) words.emplace_back(line.substr(a, b - a + 1));
        start = end + 1;
    }
    return words;
}

}  // namespace author
