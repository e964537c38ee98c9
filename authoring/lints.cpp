// Content lints: warnings about how well the content serves learners rather than whether it works.
// Reading age of each text (W100), captions in every language (W101), a content warning on a
// module marked sensitive (W102), and titles or prompts that repeat the line the kiosk adds (W103). Alt text (E064) and must-see coverage (E090) are errors elsewhere.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "checks.h"
#include "core/pack/kiosk_lines.h"
#include "core/util/one_line.h"
#include "languages.h"
#include "po_file.h"
#include "readability.h"

namespace author {
namespace {

// Below this many words a readability score swings on a single long word ("Safeguarding"), so short
// texts (titles, options, one-line feedback) are not judged.
constexpr int kMinWords = 25;
constexpr int kDefaultReadingAge = 12;
// The formula is good to a year or so either way; flag only texts clearly above the target.
constexpr int kMarginYears = 2;

std::string Quote(std::string_view s) { return kiosk::core::Quoted(s); }

// A UK reading age from a US grade: a child in grade g is about g + 5 years old.
int ReadingAge(double grade) { return static_cast<int>(std::lround(grade + 5)); }

// The first words of a sentence, for a message that must stay on one line.
std::string Opening(const std::string& sentence, std::size_t max_bytes = 60) {
    if (sentence.size() <= max_bytes) return sentence;
    std::size_t cut = sentence.rfind(' ', max_bytes);
    if (cut == std::string::npos || cut < max_bytes / 2) cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(sentence[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    return sentence.substr(0, cut) + "...";
}

void CheckReadingAge(const Content& content, Diagnostics& diags) {
    if (content.language != "en") return;  // the formula is for English
    std::map<std::string, const ModuleSource*> modules;
    for (std::size_t mi = 0; mi < content.pack.modules.size(); ++mi)
        modules[content.pack.modules[mi].id] = &content.module_sources[mi];

    std::set<std::string> shared_seen;  // a shared scene's text is judged once, not once per module using it
    for (const auto& [key, by_lang] : content.pack.strings) {
        auto text = by_lang.find(content.language);
        auto where = content.string_locations.find(key);
        if (text == by_lang.end() || where == content.string_locations.end()) continue;
        if (content.shared_keys.count(key) && !shared_seen.insert(PoKeyOf(content, key)).second) continue;
        Readability r = MeasureReadability(text->second.text);
        if (r.words < kMinWords) continue;
        std::string domain = PoDomainOf(key);
        auto module = modules.find(domain);
        int target = module != modules.end() ? module->second->reading_age : kDefaultReadingAge;
        int age = ReadingAge(r.grade);
        if (age < target + kMarginYears) continue;
        char grade[16];
        std::snprintf(grade, sizeof grade, "%.1f", r.grade);
        std::string why;
        if (r.longest_sentence_words >= 20)
            why += "; its longest sentence has " + std::to_string(r.longest_sentence_words) + " words (\"" +
                   Opening(r.longest_sentence) + "\")";
        if (!r.long_words.empty()) {
            why += "; long words: ";
            for (std::size_t k = 0; k < r.long_words.size(); ++k) why += (k ? ", " : "") + r.long_words[k];
        }
        std::string aim = module != modules.end() ? "module " + Quote(domain) + " aims for " + std::to_string(target)
                                                  : "the pack aims for " + std::to_string(target);
        diags.Add("W100", where->second,
                  Quote(key) + (age > 20 ? std::string(" is harder to read than most university text")
                                         : " has a reading age of about " + std::to_string(age)) +
                      " (Flesch-Kincaid grade " + grade + "); " + aim + why);
    }
}

void CheckCaptionLanguages(const Content& content, Diagnostics& diags) {
    const auto& languages = content.pack.languages;
    for (std::size_t mi = 0; mi < content.pack.modules.size(); ++mi) {
        const auto& module = content.pack.modules[mi];
        for (std::size_t si = 0; si < module.scenes.size(); ++si) {
            const auto& scene = module.scenes[si];
            if (scene.kind != kiosk::core::SceneKind::Film || scene.captions.empty()) continue;
            // Report at the captions the trainer wrote (the first language's, where the others would go).
            const AssetRef* written = nullptr;
            for (const AssetRef& ref : content.module_sources[mi].scenes[si].assets)
                if (ref.kind == AssetRef::Kind::Captions && !written) written = &ref;
            if (!written) continue;
            std::string first = scene.captions.count(content.language) ? scene.captions.at(content.language) : "";
            first = first.substr(std::min(first.size(), ("modules/" + module.id + "/").size()));
            for (std::size_t li = 1; li < languages.size(); ++li) {
                const std::string& lang = languages[li];
                if (scene.captions.count(lang)) continue;
                diags.Add("W101", written->where,
                          "film " + Quote(scene.id) + " has no " + LanguageName(lang) + " captions, so learners who choose " +
                              LanguageName(lang) + " read " + LanguageName(content.language) +
                              " ones; " + (scene.captions.size() > 1 ? "add " + lang + " = \"film/" + lang + ".vtt\" to its captions"
                                           : "write captions = { " + content.language + " = \"" + first + "\", " + lang +
                                                 " = \"film/" + lang + ".vtt\" }"));
            }
        }
    }
}

void CheckContentWarnings(const Content& content, Diagnostics& diags) {
    for (std::size_t mi = 0; mi < content.pack.modules.size(); ++mi) {
        const auto& module = content.pack.modules[mi];
        const auto& msrc = content.module_sources[mi];
        if (!msrc.sensitive || module.has_content_warning) continue;
        diags.Add("W102", msrc.sensitive_loc,
                  "module " + Quote(module.id) + " is marked sensitive but has no content_warning; add one, e.g. "
                  "content_warning = \"This module talks about exploitation and abuse. You can stop at any time.\"");
    }
}

// Lower case, with every run of spaces and punctuation one space: "What would you do?" and "what
// would you do" read the same to a learner.
std::string Plain(std::string_view text) {
    std::string out;
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80 || c == '\'') out += static_cast<char>(std::tolower(u));
        else if (!out.empty() && out.back() != ' ') out += ' ';
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// The sentences of a kiosk line, plain: "What would you do? Choose one." -> "what would you do", "choose one".
std::vector<std::string> PlainSentences(std::string_view line) {
    std::vector<std::string> sentences;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i)
        if (i == line.size() || line[i] == '.' || line[i] == '?' || line[i] == '!') {
            std::string plain = Plain(line.substr(start, i - start));
            if (!plain.empty()) sentences.push_back(plain);
            start = i + 1;
        }
    return sentences;
}

void CheckKioskLines(const Content& content, Diagnostics& diags) {
    for (const auto& module : content.pack.modules)
        for (const auto& scene : module.scenes) {
            const kiosk::core::KioskLine* line = kiosk::core::HowToAnswer(scene.kind, scene.question);
            if (!line) continue;
            for (const char* field : {"title", "prompt"}) {
                const std::string key = kiosk::core::SceneKey(module.id, scene.id, field);
                auto by_lang = content.pack.strings.find(key);
                auto where = content.string_locations.find(key);
                if (by_lang == content.pack.strings.end() || where == content.string_locations.end()) continue;
                for (const auto& [lang, text] : by_lang->second) {
                    const char* kiosk_line = lang == "cy" ? line->cy : lang == "en" ? line->en : nullptr;
                    if (!kiosk_line) continue;
                    const std::string plain = " " + Plain(text.text) + " ";
                    for (const std::string& sentence : PlainSentences(kiosk_line))
                        if (plain.find(" " + sentence + " ") != std::string::npos) {
                            diags.Add("W103", where->second,
                                      "the " + std::string(field) + " of scene " + Quote(module.id + "/" + scene.id) +
                                          (lang == "en" ? std::string() : " (" + lang + ")") + " says " +
                                          Quote(sentence) + ", which the kiosk already shows under it (" +
                                          Quote(kiosk_line) + "): the learner would read it twice; leave it out");
                            break;
                        }
                }
            }
        }
}

}  // namespace

void CheckLints(const Content& content, Diagnostics& diags) {
    CheckReadingAge(content, diags);
    CheckCaptionLanguages(content, diags);
    CheckContentWarnings(content, diags);
    CheckKioskLines(content, diags);
}

}  // namespace author
