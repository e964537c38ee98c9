// Spelling, with the dictionaries Debian packages (Hunspell en-GB, Aspell Welsh) through Enchant, which
// drives both. Learner-facing text only: the compiler hands it texts and PO translations, never ids, URLs
// or file names. A project word list (content/words.txt) holds the names and terms a dictionary lacks.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace author {

struct Misspelling {
    std::string word;                      // as written
    std::size_t offset = 0;                // bytes into the text
    std::vector<std::string> suggestions;  // the dictionary's, best first, at most three
};

class SpellChecker {
public:
    SpellChecker();
    ~SpellChecker();
    SpellChecker(const SpellChecker&) = delete;
    SpellChecker& operator=(const SpellChecker&) = delete;

    // The words of content/words.txt (one per line; '#' starts a comment). A word written in lower case
    // is accepted in any case; one with capitals only as written (or all in capitals).
    void SetProjectWords(const std::vector<std::string>& words);

    // The Enchant dictionary tag used for a pack language ("en" -> "en_GB"), or "" when none is installed.
    std::string DictionaryFor(const std::string& language);

    // The words of `text` that neither the language's dictionary nor the project list knows. Skipped:
    // words with digits, abbreviations in capitals (NRM, GLAA), web and email addresses. Welsh words
    // joined by an apostrophe (sy'n, mae'r, o'i) are checked part by part, the short forms ('n, 'r, 'i,
    // 'u, 'w, 'm, 'th, 'ch) known.
    std::vector<Misspelling> Check(std::string_view text, const std::string& language);

private:
    bool Known(const std::string& word, const std::string& language);
    struct Impl;
    std::unique_ptr<Impl> m;
};

// The words of a words.txt file's text.
std::vector<std::string> ParseWordList(std::string_view text);

}  // namespace author
