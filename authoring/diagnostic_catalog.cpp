// The catalogue of diagnostic codes. Codes are stable: tools and trainers' notes refer to them, so a
// code is never reused for a different problem; retire it instead. `kiosk-author explain` prints these.
#include "diagnostic.h"

namespace author {

const std::vector<DiagnosticInfo>& DiagnosticCatalog() {
    using S = Severity;
    static const std::vector<DiagnosticInfo> catalog = {
        // Files and TOML syntax
        {"E001", S::Error, "TOML syntax error",
         "The file is not valid TOML. The parser stops at the first syntax error in a file, so fix it and "
         "check again to see problems further down. Other files are still checked."},
        {"E002", S::Error, "file too large",
         "Content files are capped at 4 MiB so a damaged or wrong file cannot exhaust the compiler. Split "
         "the module, or move large text into several scenes."},
        {"E003", S::Error, "nesting too deep",
         "Arrays and inline tables nest more deeply than 32 levels. Training content never needs this; the "
         "file is probably damaged."},
        {"E004", S::Error, "key has too many parts",
         "A dotted key or table header has more than 32 parts (a.b.c...). The file is probably damaged."},
        {"E005", S::Error, "file cannot be read",
         "A file or folder the content needs is missing, is not a regular file, or cannot be read. Check "
         "the path and the permissions."},
        // Structure of a table
        {"E010", S::Error, "unknown key",
         "The key is not part of the content format; it is probably misspelt. content/README.md lists every "
         "key."},
        {"E011", S::Error, "missing required key", "The table needs this key. content/README.md lists what each table requires."},
        {"E012", S::Error, "wrong type",
         "The value has the wrong type: for example a number in quotes, or text where a list is expected."},
        {"E013", S::Error, "value out of range", "The number is outside the range the format allows for this key."},
        {"E014", S::Error, "invalid id",
         "Ids use lower-case letters, digits and '-', start with a letter, and are at most 64 characters: "
         "'car-wash', 'q1'."},
        {"E015", S::Error, "empty text", "Learner-facing text must not be empty or only spaces."},
        {"E019", S::Error, "invalid xAPI base",
         "A site's `xapi_base` is the partnership's own web address that every xAPI statement kiosk-sync sends is "
         "named under: an https:// address with a host, no user name, query, fragment, spaces or trailing '/', "
         "e.g. \"https://training.gm-partnership.example.org\". Use an address the partnership controls."},
        {"E016", S::Error, "unknown value",
         "The value is not one of those allowed here (a scene kind, question type, role category or "
         "language)."},
        {"E017", S::Error, "key not used here",
         "The key exists in the format but means nothing for this kind of scene or question, so it would be "
         "silently ignored."},
        {"E018", S::Error, "id does not match its file",
         "A module's id must equal its folder name (and a site's file name is its id), so paths and ids "
         "cannot drift apart."},
        {"E020", S::Error, "duplicate id", "Two modules, scenes, options or sites share an id. Ids must be unique where they are used."},
        // Links and flow
        {"E021", S::Error, "no such shared scene",
         "A scene says `use = \"<id>\"`, but there is no file content/shared/<id>.toml. A shared scene (such as "
         "\"who to tell\") is written once in content/shared/ and used by several modules; check the name."},
        {"E022", S::Error, "shared scene of a kind that belongs to one module",
         "A shared scene can be an info, question or end scene. A film (its chapters and pauses) and a choice (where "
         "its options lead) belong to one module: write them in that module's module.toml."},
        {"E030", S::Error, "link to a scene that does not exist",
         "`next`, `goto`, `start` or a film pause's `question` names a scene id that is not in this module."},
        {"E031", S::Error, "invalid condition", "The `if` condition does not parse. See 'Scores, variables and conditions' in content/README.md."},
        {"E032", S::Error, "condition reads a variable that is never set",
         "No choice option in the module sets this variable, so the condition can never depend on it. "
         "Check the spelling, or add `set = { name = ... }` to an option."},
        {"E033", S::Error, "film pause asks a scene that is not a question",
         "A film pause (`pauses = [{ at = \"01:12\", question = \"q-noticed\" }]`) stops the film and asks "
         "its `question`, which must be a scene with kind = \"question\" in the same module."},
        {"E034", S::Error, "pause question reached another way",
         "A question that a film pause asks belongs to that film: the kiosk asks it during the film and then "
         "resumes the film. So no `next`, route, choice option or `start` may lead to it. Remove the link, or "
         "make a separate question scene for the other path."},
        {"E035", S::Error, "question asked by two pauses",
         "Each film pause asks its own question scene, so every answer is recorded against one moment of one "
         "film. Copy the question scene under a new id for the second pause."},
        {"W040", S::Warning, "unreachable scene", "No path from the module's start reaches this scene, so no learner will see it."},
        {"E041", S::Error, "dead end",
         "A scene that is not an `end` scene has no way out: it is the last scene in the file and has no "
         "`next`, or a choice has no options. The learner would be stuck."},
        {"E042", S::Error, "cycle with no exit",
         "These scenes lead to each other but never to an `end` scene, so a learner could loop forever."},
        {"W043", S::Warning, "exits of a pause question are never used",
         "A film pause asks this question and the film carries on after the answer, so the question's own "
         "`next` and routes are never followed. Remove them; put the exits on the film scene instead."},
        // Questions
        {"E050", S::Error, "question has no correct option", "Mark the right answer with `correct = true` (for a hotspot question, at least one sign)."},
        {"E051", S::Error, "single-answer question with several correct options",
         "A `single` question has exactly one right answer. Use `multi` for \"select all\"."},
        {"E052", S::Error, "too few options", "A question needs at least two options to choose from (a hotspot or choice needs at least one)."},
        {"E054", S::Error, "hotspot region outside the image",
         "The region [x, y, width, height] must lie inside the image, in the image's pixels, with a "
         "positive width and height."},
        // Assets
        {"E060", S::Error, "missing asset file", "The image, film or captions file named here does not exist, relative to the module folder."},
        {"E061", S::Error, "unsupported image format",
         "Images must be PNG, JPEG or SVG. An SVG drawing is rendered to PNG by the build (with librsvg's "
         "rsvg-convert, Debian package librsvg2-bin) at its own width and height; one that librsvg cannot draw "
         "is refused with librsvg's reason. Save other formats (WebP, GIF, HEIC) as PNG or JPEG."},
        {"E062", S::Error, "unsupported film format",
         "Films must be H.264 video with AAC sound in MP4, or VP9 video with Opus sound in WebM (sound is "
         "optional): the formats every kiosk plays smoothly. Convert with, for example, "
         "ffmpeg -i in.mov -c:v libx264 -pix_fmt yuv420p -c:a aac -movflags +faststart out.mp4"},
        {"E063", S::Error, "film without captions", "Every film needs a WebVTT captions file in the pack's first language, and should have one per language."},
        {"E064", S::Error, "image without alt text",
         "Every image needs `alt`: a short description read aloud and shown to people who cannot see it."},
        {"E065", S::Error, "captions file is not WebVTT", "A captions file must start with the line WEBVTT."},
        {"E066", S::Error, "asset path leaves the module folder",
         "Asset paths are relative to the module folder, use '/', and may not be absolute or contain '..'."},
        {"E067", S::Error, "invalid caption cue",
         "A cue in a WebVTT captions file cannot be read, so it would be missing from the screen. Timings are "
         "written 00:01.000 --> 00:04.000 (hours optional), in order, with text under each timing."},
        {"E068", S::Error, "film cannot be played",
         "kiosk-author opens every film with libvlc, the player the kiosk uses, and decodes its first "
         "picture. This film has no video libvlc can read, or no picture could be decoded: the file is "
         "probably damaged or cut short (an interrupted copy or upload). Export it again from the editor."},
        // Module settings and sources
        {"E070", S::Error, "pass mark out of range", "`pass_mark` is a percentage from 0 to 100."},
        {"E071", S::Error, "no sources", "Every module lists the sources of its facts in [[sources]], so learners and reviewers can check them."},
        {"E072", S::Error, "source URL is not a web address", "A source `url` starts with https:// or http://."},
        {"E073", S::Error, "invalid time",
         "Times are \"mm:ss\" or \"hh:mm:ss\"; a film's chapters, and its pauses, must be in time order, no two "
         "at the same time."},
        {"E074", S::Error, "contact without a phone number or web address", "A contact needs `phone`, `url` or both."},
        {"E075", S::Error, "time after the end of the film",
         "A chapter or pause is at or after the end of the film (in the film of every language), so the "
         "kiosk would never reach it. Check the time against the film's length, which the message gives."},
        // Translations
        {"W080", S::Warning, "missing translation",
         "A string has no translation in one of the pack's languages; the kiosk will show the first language "
         "instead. Add it to locales/<lang>/<module>.po."},
        {"W081", S::Warning, "translations need review",
         "Translations in this file are marked fuzzy: drafts no translator has checked. The kiosk shows them; "
         "a translator should review them and remove the fuzzy flag."},
        {"E082", S::Error, "invalid PO file", "The translation file is not a valid gettext PO file."},
        {"W083", S::Warning, "translation for a string that does not exist",
         "The PO file has an entry whose key (msgctxt) matches no string in the content: the English was "
         "probably removed or its id renamed."},
        {"E084", S::Error, "language not declared", "The language is not in pack.toml's `languages`."},
        {"W085", S::Warning, "translation made for an older English text",
         "The English was edited after this entry was translated (its msgid no longer matches). The kiosk "
         "shows the old translation, marked as needing review, until a translator updates it."},
        {"W086", S::Warning, "translated word not in the dictionary",
         "A word of a translation (in its PO file) is not in that language's dictionary (Aspell for Welsh, "
         "through Enchant), nor in content/words.txt. For the translator: fix a misspelling, or add a right "
         "word the dictionary lacks to content/words.txt. Welsh words joined by an apostrophe (sy'n, mae'r) "
         "are checked part by part. `check` says these once per language; --all lists each."},
        // Pack-wide
        {"E090", S::Error, "a path skips a must-see scene",
         "Every path from the start to an end must pass each scene marked `must_see = true` (for example the "
         "referral guidance). The message shows one path that skips it."},
        {"E091", S::Error, "no modules", "The content folder has no modules/<id>/module.toml."},
        {"W095", S::Warning, "variable set but never read", "A choice option sets a variable that no condition reads."},
        {"W096", S::Warning, "shared scene used by no module",
         "A file in content/shared/ is a scene no module uses, so no learner sees it. Add `[[scenes]]` with "
         "`use = \"<id>\"` to the modules it belongs in, or delete the file."},
        // Lints: how well the content serves learners (lints.cpp)
        {"W100", S::Warning, "text harder to read than the module's reading age",
         "Learners read the kiosk standing up, often in a second language. Each text of 25 words or more is "
         "scored with the Flesch-Kincaid grade (sentence length and syllables per word); a UK reading age is "
         "about the grade plus 5. The target is the module's `reading_age` (default 12); as the formula is only "
         "good to a year or so, a text is flagged when it reads two or more years above it. Split long "
         "sentences, prefer everyday words ('help' for 'assistance'), and explain a term once, simply. If a "
         "module really needs harder text, raise its reading_age and say why in a comment."},
        {"W101", S::Warning, "film without captions in one of the pack's languages",
         "Every film should have a captions file for each language in pack.toml's `languages`, so a learner "
         "who cannot hear the film, or reads another language, can follow it. Without one, the kiosk shows "
         "the first language's captions. Write captions = { en = \"film/en.vtt\", cy = \"film/cy.vtt\" }."},
        {"W102", S::Warning, "sensitive module without a content warning",
         "A module marked `sensitive = true` (it covers abuse, exploitation or other distressing material) "
         "needs a `content_warning`: the kiosk shows it before the module starts, with a choice to continue "
         "or skip, so nobody meets the material unprepared."},
        {"W103", S::Warning, "title or prompt repeats a line the kiosk adds",
         "Under every question the kiosk adds a line saying how to answer (\"Choose one answer.\", \"Select "
         "all that apply.\", \"True or false?\", \"Tap every sign you can see in the picture. Tap again to "
         "undo.\", \"Put the steps in order. Use the arrows to move a step.\"), and under every choice \"What "
         "would you do? Choose one.\" (content/README.md, \"What the kiosk adds\"). A title or prompt that says "
         "the same is read twice, or three times. Leave the instruction out and let the title name the "
         "situation, e.g. title = \"At the car wash\"."},
        {"W104", S::Warning, "word not in the dictionary",
         "Every text a learner reads in the pack's first language is checked against its dictionary (Hunspell "
         "en-GB for English, through Enchant); translations are checked too, as W086. Ids, web and email addresses, words with digits and abbreviations in capitals "
         "(NRM, GLAA) are not checked, and Welsh words joined by an apostrophe (sy'n, mae'r) are checked part "
         "by part. Fix a misspelling; add a right word the dictionary lacks (a name, a service, a term) to "
         "content/words.txt, one per line: written in lower case it is accepted in any case, with capitals "
         "only as written."},
        {"W105", S::Warning, "no dictionary for a language",
         "Spelling cannot be checked in a language of the pack because no Hunspell or Aspell dictionary for "
         "it is installed. On Debian: apt install hunspell-en-gb (English) or aspell-cy (Welsh)."},
        // The review trail (review_checks.cpp)
        {"W110", S::Warning, "incomplete review record",
         "A module's review is recorded with three keys together: `reviewed_by` (the reviewer's role, never a "
         "name, e.g. \"safeguarding lead, Greater Manchester partnership\"), `reviewed_on` (the date) and "
         "`reviewed_hash` (the module's review hash when they signed it off: a fingerprint of its scenes, "
         "answers, texts in every language, sources and pictures, which this warning's message gives)."},
        {"W111", S::Warning, "module changed since its review",
         "The module's review hash no longer matches `reviewed_hash`: a text, a translation, an answer, a "
         "source or a picture changed after the review. Have the module reviewed again, then update reviewed_by, "
         "reviewed_on and reviewed_hash (the message gives the new hash)."},
        {"W112", S::Warning, "source checked more than a year ago",
         "Figures, phone numbers and guidance change. Open the source again, check that the module still says "
         "what it says, and update `checked`."},
        {"W113", S::Warning, "date in the future",
         "A `checked` or `reviewed_on` date is after the day the content is built: probably a typing mistake."},
        {"W120", S::Warning, "admin secret in a site file",
         "A site file's `admin_pin_hash` would be published with every pack, and anyone with the pack could "
         "test passcodes against it offline. The compiler leaves it out of the pack and kiosks ignore it. Delete "
         "the line: the admin passcode is set on each kiosk when it is installed (tools/deploy/install "
         "--admin-passcode), and kept there, readable by root and the kiosk only."},
    };
    return catalog;
}

}  // namespace author
