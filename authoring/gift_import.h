// `kiosk-author import gift`: a Moodle GIFT quiz bank (the plain-text format many trainers already keep
// their questions in) turned into a module.toml that compiles. What GIFT can say and a kiosk can ask is
// converted: multiple choice, multiple answers (weights > 0 are the right ones), true/false, missing-word
// questions, per-answer and general feedback, titles, categories (as sections), comments, the escapes
// \~ \= \# \{ \} \: and the [html], [markdown], [moodle] and [plain] formats (reduced to plain text).
// What a touchscreen without a keyboard cannot ask (numeric, short answer, matching, essay) is named, with
// its line, and left out; nothing is dropped silently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace author {

struct GiftNote {
    int line = 0;          // in the GIFT file, 1-based
    std::string message;   // one line, in a trainer's words
};

struct GiftImport {
    std::string toml;                 // the module.toml
    int scenes = 0;                   // questions and descriptions converted
    std::vector<GiftNote> left_out;   // questions a kiosk cannot ask
    std::vector<GiftNote> changed;    // converted, with something lost or approximated
};

struct GiftOptions {
    std::string module_id;
    std::string file_name;            // the GIFT file, as named in the module's comments
    std::string today;                // YYYY-MM-DD, for the sources' `checked`
    std::vector<std::string> sources; // --source URL (each a source of the facts); empty: a placeholder
};

GiftImport ImportGift(std::string_view text, const GiftOptions& options);

// Plain text from a GIFT text in `format` ("html", "markdown", "moodle", "plain"): tags and Markdown marks
// removed, entities decoded, paragraphs and line breaks kept as line breaks.
std::string PlainText(std::string_view text, std::string_view format);

}  // namespace author
