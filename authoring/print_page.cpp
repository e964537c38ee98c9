// The sign-off page: one HTML file, print-ready (A4, a module starts a page), laid out as a reviewer reads
// it: what the module is and its review state, its sources and notes, then each scene in file order with
// every language in its own column, and a box to sign with the hash that goes back into module.toml.
#include "print_page.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>

#include "checks.h"
#include "core/session/webvtt.h"
#include "core/util/html_escape.h"
#include "languages.h"

namespace author {
namespace {

using kiosk::core::EscapeHtml;
using kiosk::core::PackData;
using kiosk::core::QuestionType;
using kiosk::core::SceneKind;

std::string Clock(int ms) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%d:%02d", ms / 60000, ms / 1000 % 60);
    return buffer;
}

std::string Base64(const std::vector<std::uint8_t>& data) {
    if (sodium_init() < 0) return "";
    std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), sodium_base64_VARIANT_ORIGINAL);
    out.pop_back();  // the terminating NUL
    return out;
}

const kiosk::core::Asset* FindAsset(const PackData& pack, const std::string& path) {
    auto it = std::lower_bound(pack.assets.begin(), pack.assets.end(), path,
                               [](const kiosk::core::Asset& a, const std::string& p) { return a.path < p; });
    return it != pack.assets.end() && it->path == path ? &*it : nullptr;
}

class Page {
public:
    Page(const PackData& pack, const std::vector<ModuleSource>& sources) : m_pack(pack), m_sources(sources) {}

    void Head(const PrintOptions& options);
    void Module(std::size_t index);
    void PackTexts();
    std::string Take() { return std::move(m_out) + "</body>\n</html>\n"; }

private:
    // The text of `key` in the language the content is written in, or "".
    std::string Written(const std::string& key) const {
        auto it = m_pack.strings.find(key);
        if (it == m_pack.strings.end() || m_pack.languages.empty()) return "";
        auto text = it->second.find(m_pack.languages.front());
        return text == it->second.end() ? "" : text->second.text;
    }
    // One row: the field's name, then its text in every language; nothing when the string does not exist.
    void Row(const std::string& label, const std::string& key, const std::string& css = "");
    void TableStart(const char* first_column);
    void Scene(const kiosk::core::Module& module, std::size_t index);
    void Picture(const kiosk::core::Scene& scene);
    void Film(const kiosk::core::Module& module, const kiosk::core::Scene& scene);
    void Options(const kiosk::core::Module& module, const kiosk::core::Scene& scene);
    void ReviewState(std::size_t index);

    const PackData& m_pack;
    const std::vector<ModuleSource>& m_sources;
    std::string m_out;
};

void Page::Head(const PrintOptions& options) {
    std::string pack_title = Written(kiosk::core::PackKey("title"));
    if (pack_title.empty()) pack_title = m_pack.id;
    std::string languages;
    for (const std::string& lang : m_pack.languages) languages += (languages.empty() ? "" : ", ") + LanguageName(lang);
    m_out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Content sign-off: " +
             EscapeHtml(pack_title) + "</title>\n<style>\n" R"css(
@page { size: A4; margin: 14mm 12mm; }
body { font: 11pt/1.4 Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 0 auto; max-width: 1100px; padding: 0 12px; }
h1 { font-size: 22pt; margin: 12px 0 4px; } h2 { font-size: 18pt; margin: 0 0 6px; } h3 { font-size: 13pt; margin: 18px 0 6px; }
h4 { font-size: 11.5pt; margin: 0 0 6px; }
.lede { font-size: 12pt; max-width: 48em; }
code, .id { font-family: "DejaVu Sans Mono", monospace; font-size: 9.5pt; background: #f3f2f1; padding: 0 3px; }
section.module { break-before: page; border-top: 4px solid #1d70b8; padding-top: 8px; margin-top: 28px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 4px 0 10px; }
th, td { border: 1px solid #b1b4b6; padding: 4px 6px; vertical-align: top; text-align: left; white-space: pre-line; overflow-wrap: anywhere; }
th { background: #f3f2f1; font-weight: bold; } col.field { width: 15%; }
tr { break-inside: avoid; }
article.scene { border-left: 4px solid #b1b4b6; padding: 4px 0 2px 10px; margin: 14px 0; }
.right { color: #00703c; font-weight: bold; } .wrong { color: #6f777b; }
.draft { display: inline-block; font-size: 8.5pt; font-weight: bold; color: #594d00; background: #fff7bf; padding: 0 4px; margin-right: 4px; }
.missing { color: #d4351c; font-style: italic; }
.state { padding: 6px 10px; margin: 6px 0; border-left: 6px solid #1d70b8; background: #f3f2f1; }
.state.warn { border-color: #d4351c; }
figure { margin: 6px 0; } figure .pic { position: relative; display: inline-block; max-width: 100%; }
figure img { display: block; max-width: 100%; height: auto; max-height: 90mm; }
figure svg { position: absolute; left: 0; top: 0; width: 100%; height: 100%; }
figcaption { font-size: 9.5pt; color: #505a5f; }
.signoff { break-inside: avoid; border: 2px solid #0b0c0c; padding: 10px 14px; margin: 20px 0 8px; }
.signoff .line { border-bottom: 1px solid #0b0c0c; display: inline-block; min-width: 60mm; height: 1.3em; }
section.module:first-of-type { break-before: auto; }
.meta td:first-child { font-weight: bold; width: 15%; }
)css" "</style>\n</head>\n<body>\n";
    m_out += "<h1>Content sign-off: " + EscapeHtml(pack_title) + "</h1>\n";
    m_out += "<p>Pack <code>" + EscapeHtml(m_pack.id) + "</code>, version " + std::to_string(m_pack.version) +
             ". Languages: " + EscapeHtml(languages) + ". Printed on " + EscapeHtml(options.printed_on) + ".</p>\n";
    m_out += "<p class=\"lede\">Every text a learner can see, scene by scene, with the answer key and the sources. "
             "Read each module, then fill in the box at its end. Ids in grey boxes name scenes and answers in the "
             "module file. Texts marked <span class=\"draft\">draft</span> are translations a translator has not checked yet.</p>\n";
}

void Page::TableStart(const char* first_column) {
    m_out += "<table><colgroup><col class=\"field\">";
    for (std::size_t i = 0; i < m_pack.languages.size(); ++i) m_out += "<col>";
    m_out += "</colgroup>\n<tr><th>" + std::string(first_column) + "</th>";
    for (const std::string& lang : m_pack.languages) m_out += "<th>" + EscapeHtml(LanguageName(lang)) + "</th>";
    m_out += "</tr>\n";
}

void Page::Row(const std::string& label, const std::string& key, const std::string& css) {
    auto it = m_pack.strings.find(key);
    if (it == m_pack.strings.end()) return;
    m_out += "<tr" + (css.empty() ? "" : " class=\"" + css + "\"") + "><td>" + label + "</td>";
    for (const std::string& lang : m_pack.languages) {
        auto text = it->second.find(lang);
        if (text == it->second.end()) {
            m_out += "<td><span class=\"missing\">not translated: the kiosk shows " +
                     EscapeHtml(LanguageName(m_pack.languages.front())) + "</span></td>";
            continue;
        }
        m_out += "<td>" + std::string(text->second.fuzzy ? "<span class=\"draft\">draft</span>" : "") +
                 EscapeHtml(text->second.text) + "</td>";
    }
    m_out += "</tr>\n";
}

void Page::ReviewState(std::size_t index) {
    const ModuleSource& src = m_sources.at(index);
    std::string now = ModuleReviewHash(m_pack, index);
    if (src.reviewed_on.empty()) {
        m_out += "<p class=\"state warn\"><strong>Not reviewed yet.</strong></p>\n";
    } else if (src.reviewed_hash != now) {
        m_out += "<p class=\"state warn\"><strong>Changed since its review</strong> by " + EscapeHtml(src.reviewed_by) +
                 " on " + EscapeHtml(src.reviewed_on) + ": review it again.</p>\n";
    } else {
        m_out += "<p class=\"state\"><strong>Reviewed</strong> by " + EscapeHtml(src.reviewed_by) + " on " +
                 EscapeHtml(src.reviewed_on) + "; unchanged since.</p>\n";
    }
}

void Page::Picture(const kiosk::core::Scene& scene) {
    const kiosk::core::Asset* image = scene.image.empty() ? nullptr : FindAsset(m_pack, scene.image);
    if (!image || image->data.empty()) return;
    m_out += "<figure><div class=\"pic\"><img alt=\"\" src=\"data:" + image->mime + ";base64," + Base64(image->data) + "\">";
    bool hotspots = scene.question == QuestionType::Hotspot && image->width > 0 && image->height > 0;
    if (hotspots) {
        // The answer key drawn on the picture: signs in green, other areas dashed grey, each with its id.
        m_out += "<svg viewBox=\"0 0 " + std::to_string(image->width) + " " + std::to_string(image->height) +
                 "\" preserveAspectRatio=\"none\" aria-hidden=\"true\">";
        for (const kiosk::core::Option& option : scene.options) {
            if (!option.region) continue;
            const kiosk::core::Rect& r = *option.region;
            std::string colour = option.correct ? "#00703c" : "#505a5f";
            m_out += "<rect x=\"" + std::to_string(r.x) + "\" y=\"" + std::to_string(r.y) + "\" width=\"" + std::to_string(r.w) +
                     "\" height=\"" + std::to_string(r.h) + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"4\"" +
                     (option.correct ? "" : " stroke-dasharray=\"12 8\"") + "/>";
            m_out += "<text x=\"" + std::to_string(r.x + 6) + "\" y=\"" + std::to_string(r.y + 26) +
                     "\" font-size=\"24\" font-family=\"monospace\" fill=\"" + colour + "\" stroke=\"#fff\" stroke-width=\"5\" paint-order=\"stroke\">" +
                     EscapeHtml(option.id) + "</text>";
        }
        m_out += "</svg>";
    }
    m_out += "</div><figcaption><code>" + EscapeHtml(scene.image) + "</code>" +
             (hotspots ? ": the areas a learner can tap; green = a sign (a right tap), dashed grey = not a sign" : "") +
             "</figcaption></figure>\n";
}

void Page::Options(const kiosk::core::Module& module, const kiosk::core::Scene& scene) {
    for (const kiosk::core::Option& option : scene.options) {
        std::string label = "answer <span class=\"id\">" + EscapeHtml(option.id) + "</span><br>";
        if (scene.kind == SceneKind::Choice) {
            label += "goes to <span class=\"id\">" + EscapeHtml(option.go_to.empty() ? scene.next : option.go_to) + "</span>";
            if (option.score) label += "<br>score " + std::string(option.score > 0 ? "+" : "") + std::to_string(option.score);
            for (const kiosk::core::Assignment& set : option.set) label += "<br>sets " + EscapeHtml(set.name + " = " + set.value);
        } else {
            bool sign = scene.question == QuestionType::Hotspot || scene.question == QuestionType::Multi;
            label += option.correct ? std::string("<span class=\"right\">&#10003; ") + (sign ? "a sign" : "right") + "</span>"
                                    : std::string("<span class=\"wrong\">&#10007; ") + (sign ? "not a sign" : "wrong") + "</span>";
        }
        Row(label, kiosk::core::OptionKey(module.id, scene.id, option.id, "text"));
        Row("feedback on <span class=\"id\">" + EscapeHtml(option.id) + "</span>",
            kiosk::core::OptionKey(module.id, scene.id, option.id, "feedback"));
    }
}

void Page::Film(const kiosk::core::Module& module, const kiosk::core::Scene& scene) {
    for (std::size_t i = 0; i < scene.chapters.size(); ++i)
        Row("chapter at " + Clock(scene.chapters[i].at_ms), kiosk::core::ChapterKey(module.id, scene.id, i));
    m_out += "</table>\n";
    if (!scene.pauses.empty()) {
        m_out += "<p>The film stops for a question: ";
        for (std::size_t i = 0; i < scene.pauses.size(); ++i)
            m_out += (i ? "; " : "") + std::string("at ") + Clock(scene.pauses[i].at_ms) + " <span class=\"id\">" +
                     EscapeHtml(scene.pauses[i].question) + "</span>";
        m_out += ".</p>\n";
    }
    if (scene.captions.empty()) return;
    // What is said in the film, from its captions, cue by cue in every language it has captions for.
    m_out += "<h4>What the film says (from its captions)</h4>\n";
    TableStart("time");
    std::map<std::string, kiosk::core::WebVtt> vtts;
    for (const auto& [lang, path] : scene.captions)
        if (const kiosk::core::Asset* asset = FindAsset(m_pack, path))
            vtts[lang] = kiosk::core::ParseWebVtt(std::string_view(reinterpret_cast<const char*>(asset->data.data()), asset->data.size()));
    // One row per cue of the first language; another language's cue joins the row it overlaps most (or
    // the nearest), since translated captions are often timed a little differently.
    const std::string& base_lang = m_pack.languages.front();
    std::vector<kiosk::core::Cue> base = vtts.count(base_lang) ? vtts[base_lang].cues : std::vector<kiosk::core::Cue>{};
    if (base.empty())
        for (const auto& [lang, vtt] : vtts)
            if (!vtt.cues.empty()) base = vtt.cues;
    std::vector<std::map<std::string, std::string>> rows(base.size());
    for (const auto& [lang, vtt] : vtts) {
        for (const kiosk::core::Cue& cue : vtt.cues) {
            std::size_t best = 0;
            long best_score = std::numeric_limits<long>::min();
            for (std::size_t i = 0; i < base.size(); ++i) {
                long overlap = long(std::min(cue.end_ms, base[i].end_ms)) - std::max(cue.start_ms, base[i].start_ms);
                if (overlap > best_score) best_score = overlap, best = i;
            }
            if (rows.empty()) break;
            std::string& cell = rows[best][lang];
            cell += (cell.empty() ? "" : "\n") + cue.text;
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        m_out += "<tr><td>" + Clock(base[i].start_ms) + "</td>";
        for (const std::string& lang : m_pack.languages) {
            auto text = rows[i].find(lang);
            if (!vtts.count(lang))
                m_out += i == 0 ? "<td><span class=\"missing\">no captions in this language</span></td>" : "<td></td>";
            else
                m_out += "<td>" + (text == rows[i].end() ? std::string() : EscapeHtml(text->second)) + "</td>";
        }
        m_out += "</tr>\n";
    }
}

void Page::Scene(const kiosk::core::Module& module, std::size_t index) {
    const kiosk::core::Scene& scene = module.scenes[index];
    std::string kind = kiosk::core::ToString(scene.kind);
    if (scene.kind == SceneKind::Question)
        kind += std::string(", ") + kiosk::core::ToString(scene.question) + ", " + std::to_string(scene.points) +
                " point" + (scene.points == 1 ? "" : "s");
    m_out += "<article class=\"scene\" id=\"" + EscapeHtml(module.id + "--" + scene.id) + "\">\n<h4><span class=\"id\">" +
             EscapeHtml(scene.id) + "</span> " + EscapeHtml(kind);
    if (scene.must_see) m_out += ", must be seen";
    if (scene.must_watch) m_out += ", must be watched";
    if (scene.signposting) m_out += ", shows the site's contacts";
    if (!scene.next.empty() && scene.kind != SceneKind::Choice) m_out += "; then <span class=\"id\">" + EscapeHtml(scene.next) + "</span>";
    for (const kiosk::core::Route& route : scene.routes)
        m_out += "; if " + EscapeHtml(route.condition.empty() ? "always" : route.condition) + " &rarr; <span class=\"id\">" +
                 EscapeHtml(route.go_to) + "</span>";
    m_out += "</h4>\n";
    Picture(scene);
    TableStart("field");
    auto key = [&](const char* field) { return kiosk::core::SceneKey(module.id, scene.id, field); };
    Row("title", key("title"));
    Row("text", key("text"));
    Row("picture description", key("alt"));
    Row("question", key("prompt"));
    if (scene.question == QuestionType::TrueFalse && !scene.options.empty())
        m_out += "<tr><td>answer</td><td colspan=\"" + std::to_string(m_pack.languages.size()) + "\"><span class=\"right\">" +
                 (scene.options[0].correct ? "true" : "false") + "</span></td></tr>\n";
    Options(module, scene);
    Row("feedback", key("feedback"));
    Row("explanation (after answering)", key("explanation"));
    if (scene.kind == SceneKind::Film) Film(module, scene);
    m_out += "</table>\n</article>\n";
}

void Page::Module(std::size_t index) {
    const kiosk::core::Module& module = m_pack.modules[index];
    const ModuleSource& src = m_sources.at(index);
    std::string title = Written(kiosk::core::ModuleKey(module.id, "title"));
    m_out += "<section class=\"module\" id=\"" + EscapeHtml(module.id) + "\">\n<h2>" + EscapeHtml(title.empty() ? module.id : title) +
             " <span class=\"id\">" + EscapeHtml(module.id) + "</span></h2>\n";
    ReviewState(index);
    std::string audience;
    for (const std::string& role : module.audience) audience += (audience.empty() ? "" : ", ") + role;
    m_out += "<table class=\"meta\"><tr><td>For</td><td>" + EscapeHtml(audience) + "</td></tr><tr><td>Time</td><td>about " +
             std::to_string(module.minutes) + " minutes</td></tr><tr><td>Pass mark</td><td>" + std::to_string(module.pass_mark) +
             "% of the question points the learner saw</td></tr><tr><td>File</td><td><code>" + EscapeHtml(src.file) + "</code></td></tr></table>\n";
    TableStart("field");
    Row("title", kiosk::core::ModuleKey(module.id, "title"));
    Row("summary", kiosk::core::ModuleKey(module.id, "summary"));
    Row("content warning", kiosk::core::ModuleKey(module.id, "content_warning"));
    m_out += "</table>\n<h3>Sources</h3>\n<ol>\n";
    for (const kiosk::core::Source& source : module.sources)
        m_out += "<li>" + EscapeHtml(source.title) + "<br><code>" + EscapeHtml(source.url) + "</code> (checked " +
                 EscapeHtml(source.checked) + ")</li>\n";
    m_out += "</ol>\n";
    if (!src.review_notes.empty()) {
        m_out += "<h3>Reviewers' notes</h3>\n<table><colgroup><col class=\"field\"><col><col style=\"width:30%\"></colgroup>"
                 "<tr><th>about</th><th>note</th><th>source</th></tr>\n";
        for (const ReviewNote& note : src.review_notes)
            m_out += "<tr><td>" + EscapeHtml(note.about) + "</td><td>" + EscapeHtml(note.text) + "</td><td><code>" +
                     EscapeHtml(note.source) + "</code></td></tr>\n";
        m_out += "</table>\n";
    }
    m_out += "<h3>Scenes, in the order of the file</h3>\n";
    for (std::size_t i = 0; i < module.scenes.size(); ++i) Scene(module, i);
    m_out += "<div class=\"signoff\"><h3>Sign-off</h3><p>I have read every text above in every language and checked it "
             "against the sources.</p><p>Role (not a name): <span class=\"line\"></span></p><p>Date: <span class=\"line\"></span> "
             "&nbsp; Signature: <span class=\"line\"></span></p><p>Then write in <code>" + EscapeHtml(src.file) +
             "</code>: <code>reviewed_by</code> (the role), <code>reviewed_on</code> (the date) and <code>reviewed_hash = \"" +
             ModuleReviewHash(m_pack, index) + "\"</code> (this page's module exactly).</p></div>\n</section>\n";
}

void Page::PackTexts() {
    m_out += "<section class=\"module\" id=\"pack\">\n<h2>On every module: contacts and facts</h2>\n"
             "<p>The national contacts the kiosk shows at the end of every module and on \"Leave\" (a site's own contacts "
             "replace them), and the \"Did you know?\" lines of the attract screen.</p>\n";
    TableStart("field");
    for (std::size_t i = 0; i < m_pack.contacts.size(); ++i) {
        const kiosk::core::Contact& contact = m_pack.contacts[i];
        std::string how = EscapeHtml(contact.phone) + (contact.phone.empty() || contact.url.empty() ? "" : "<br>") +
                          "<code>" + EscapeHtml(contact.url) + "</code>";
        Row("contact " + std::to_string(i + 1) + "<br>" + how, kiosk::core::ContactKey("pack", i, "name"));
        Row("hours", kiosk::core::ContactKey("pack", i, "hours"));
        Row("note", kiosk::core::ContactKey("pack", i, "note"));
    }
    for (std::size_t i = 0; i < m_pack.facts.size(); ++i) {
        Row("fact " + std::to_string(i + 1), kiosk::core::FactKey(i, "text"));
        Row("its source<br><code>" + EscapeHtml(m_pack.facts[i].url) + "</code>", kiosk::core::FactKey(i, "source"));
    }
    m_out += "</table>\n</section>\n";
}

}  // namespace

std::string PrintPage(const PackData& pack, const std::vector<ModuleSource>& sources, const PrintOptions& options) {
    Page page(pack, sources);
    page.Head(options);
    for (std::size_t i = 0; i < pack.modules.size(); ++i)
        if (options.modules.empty() || std::count(options.modules.begin(), options.modules.end(), pack.modules[i].id))
            page.Module(i);
    if (options.modules.empty()) page.PackTexts();
    return page.Take();
}

}  // namespace author
