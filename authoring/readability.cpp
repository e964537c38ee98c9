// Flesch–Kincaid grade level (readability.h): grade = 0.39 × words/sentence + 11.8 × syllables/word − 15.59.
#include "readability.h"

#include <algorithm>
#include <cctype>

namespace author {
namespace {

// Decodes the code point at text[i] and advances i; invalid bytes come back as themselves.
char32_t NextCodePoint(std::string_view text, std::size_t& i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    char32_t cp = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : extra == 1 ? c & 0x1F : c;
    ++i;
    for (int k = 0; k < extra && i < text.size(); ++k, ++i) cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
    return cp;
}

bool IsLetter(char32_t c) {
    if (c < 0x80) return std::isalnum(static_cast<int>(c)) != 0;
    // Latin letters with accents and other scripts; not the punctuation, spaces and symbols blocks.
    return c >= 0xC0 && c != 0xD7 && c != 0xF7 && !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F);
}

bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019; }
bool IsSentenceEnd(char32_t c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }
bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == 0xA0; }
// Closing quotes and brackets may follow a full stop: `He said "stop." Then...`.
bool IsCloser(char32_t c) { return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x2019 || c == 0x201D; }
bool StartsSentence(char32_t c) {
    return (c < 0x80 && (std::isupper(static_cast<int>(c)) || std::isdigit(static_cast<int>(c)))) || c == '"' ||
           c == 0x201C || c == 0x2018 || (c >= 0xC0 && c <= 0xDE);
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

bool EndsWith(const std::string& s, std::string_view end) {
    return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

int SyllablesOfPart(std::string w) {
    if (w.empty()) return 0;
    if (w.size() <= 3) return 1;
    // Silent endings: "worked", "makes", "make" (but "wanted", "uses", "people", "free" keep theirs).
    if (EndsWith(w, "ed") && !EndsWith(w, "ted") && !EndsWith(w, "ded")) {
        w.resize(w.size() - 2);
    } else if (EndsWith(w, "es") && !EndsWith(w, "ses") && !EndsWith(w, "zes") && !EndsWith(w, "xes") &&
               !EndsWith(w, "ces") && !EndsWith(w, "ges") && !EndsWith(w, "shes") && !EndsWith(w, "ches")) {
        w.resize(w.size() - 2);
    } else if (EndsWith(w, "e") && !EndsWith(w, "ee") && !(EndsWith(w, "le") && w.size() > 2 && !IsVowel(w[w.size() - 3]))) {
        w.pop_back();
    }
    // A y before a vowel at the start is a consonant ("year", "yesterday").
    auto vowel = [&](std::size_t i) { return IsVowel(w[i]) && !(i == 0 && w[i] == 'y' && w.size() > 1 && IsVowel(w[1])); };
    int count = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (!vowel(i) || (i > 0 && vowel(i - 1))) continue;
        ++count;
        // "ia", "io", "iu" are two syllables ("media", "radio") except after c, s, t, g ("social", "nation").
        if (w[i] == 'i' && i + 1 < w.size() && (w[i + 1] == 'a' || w[i + 1] == 'o' || w[i + 1] == 'u') &&
            !(i > 0 && (w[i - 1] == 'c' || w[i - 1] == 's' || w[i - 1] == 't' || w[i - 1] == 'g')))
            ++count;
    }
    return std::max(1, count);
}

}  // namespace

int CountSyllables(std::string_view word) {
    // Acronyms (NHS, DWP) are read as known words; count them as one syllable rather than guess.
    bool upper = word.size() >= 2 && std::all_of(word.begin(), word.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
    if (upper) return 1;
    int total = 0;
    std::string part;
    for (char c : word) {
        if (c == '-') {
            total += SyllablesOfPart(part);
            part.clear();
        } else if (std::isalpha(static_cast<unsigned char>(c))) {
            part += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    total += SyllablesOfPart(part);
    return std::max(1, total);
}

Readability MeasureReadability(std::string_view text) {
    Readability r;
    struct Sentence {
        std::size_t begin = 0, end = 0;
        int words = 0;
    } sentence;
    std::vector<std::pair<int, std::string>> long_words;  // syllables, word
    auto close_sentence = [&](std::size_t end) {
        if (sentence.words == 0) return;
        ++r.sentences;
        if (sentence.words > r.longest_sentence_words) {
            r.longest_sentence_words = sentence.words;
            std::string_view s = text.substr(sentence.begin, end - sentence.begin);
            while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
            r.longest_sentence = std::string(s);
        }
        sentence = Sentence{};
    };

    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t at = i;
        char32_t c = NextCodePoint(text, i);
        if (IsLetter(c)) {
            // A word: letters and digits, with an apostrophe or hyphen between two of them.
            std::string ascii;
            std::size_t end = i;
            bool has_letter = !(c < 0x80 && std::isdigit(static_cast<int>(c)));
            if (c < 0x80) ascii += static_cast<char>(c);
            while (end < text.size()) {
                std::size_t next = end;
                char32_t d = NextCodePoint(text, next);
                if (IsLetter(d)) {
                    if (d < 0x80) ascii += static_cast<char>(d);
                    has_letter = has_letter || !(d < 0x80 && std::isdigit(static_cast<int>(d)));
                    end = next;
                    continue;
                }
                if ((IsApostrophe(d) || d == '-') && next < text.size()) {
                    std::size_t after = next;
                    if (IsLetter(NextCodePoint(text, after))) {
                        if (d == '-') ascii += '-';
                        end = next;
                        continue;
                    }
                }
                break;
            }
            if (sentence.words == 0) sentence.begin = at;
            ++sentence.words;
            ++r.words;
            int syllables = has_letter ? CountSyllables(ascii) : 1;  // a number is read as one word
            r.syllables += syllables;
            if (syllables >= 4) long_words.emplace_back(syllables, std::string(text.substr(at, end - at)));
            i = end;
            continue;
        }
        if (c == '\n') {
            close_sentence(at);
            continue;
        }
        if (IsSentenceEnd(c)) {
            std::size_t j = i;
            while (j < text.size()) {  // closing quotes or brackets, then the spaces
                std::size_t next = j;
                if (!IsCloser(NextCodePoint(text, next))) break;
                j = next;
            }
            std::size_t after_closers = j;
            bool spaced = false;
            while (j < text.size()) {
                std::size_t next = j;
                char32_t d = NextCodePoint(text, next);
                if (!IsSpace(d)) break;
                spaced = true;
                j = next;
            }
            bool ends = j >= text.size();
            if (!ends && spaced) {
                std::size_t next = j;
                char32_t d = NextCodePoint(text, next);
                ends = StartsSentence(d) || d == '\n';
            }
            if (!ends && j < text.size() && text[j] == '\n') ends = true;
            if (ends) {
                close_sentence(after_closers);
                i = after_closers;
            }
        }
    }
    close_sentence(text.size());

    if (r.words > 0) {
        int sentences = std::max(1, r.sentences);
        r.grade = 0.39 * r.words / sentences + 11.8 * r.syllables / r.words - 15.59;
    }
    std::stable_sort(long_words.begin(), long_words.end(), [](auto& a, auto& b) { return a.first > b.first; });
    for (auto& entry : long_words) {
        // Not a structured binding: clang 14 (the fuzz build) cannot capture one in the lambda below.
        const std::string& word = entry.second;
        if (r.long_words.size() == 3) break;
        auto same = [&](const std::string& other) {
            return std::equal(other.begin(), other.end(), word.begin(), word.end(),
                              [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); });
        };
        if (std::none_of(r.long_words.begin(), r.long_words.end(), same)) r.long_words.push_back(word);
    }
    return r;
}

}  // namespace author
