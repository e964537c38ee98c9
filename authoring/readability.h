// How hard an English text is to read: the Flesch–Kincaid grade level and what drives it (long sentences,
// long words), for the reading-age lint (lints.cpp). Syllables are counted by spelling rules, as tools
// without a pronunciation dictionary do: right for most words, and within about a grade on real prose.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace author {

struct Readability {
    int words = 0;
    int sentences = 0;
    int syllables = 0;
    double grade = 0;                     // Flesch–Kincaid grade (a US school year; UK reading age ≈ grade + 5)
    int longest_sentence_words = 0;
    std::string longest_sentence;         // the sentence with the most words, as written
    std::vector<std::string> long_words;  // distinct words of 4 or more syllables, most syllables first (at most 3)
};

// Syllables in one English word (letters, apostrophes and hyphens; other characters are ignored); >= 1.
int CountSyllables(std::string_view word);

// Measures `text`. Sentences end at . ! ? or … followed by a space and a capital (so "e.g. the" does not
// end one), and at line breaks; words are runs of letters and digits, with ' and - inside a word.
Readability MeasureReadability(std::string_view text);

}  // namespace author
