// The translation workflow (`kiosk-author i18n extract|status`) on a scratch copy of a fixture content
// folder: extract, translate, edit the English, extract again, and check that every translation survives
// (fuzzy where the English changed, #~ where the text was removed) and that the pack still compiles.
// Never run on the real content/ folder.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler.h"
#include "i18n_extract.h"
#include "i18n_status.h"
#include "po_file.h"
#include "temp_content.h"

namespace {

namespace fs = std::filesystem;

const fs::path kFixture = fs::path(KIOSK_TEST_FIXTURES) / "i18n" / "content";

const author::ExtractedFile* FileReport(const author::ExtractResult& r, const std::string& name) {
    for (const auto& f : r.files)
        if (fs::path(f.path).filename() == name) return &f;
    return nullptr;
}

std::map<std::string, author::PoEntry> Entries(const test::ScratchContent& tmp, const std::string& rel) {
    author::Diagnostics diags;
    auto entries = author::ReadPoFile(tmp.dir / rel, rel, diags);
    REQUIRE(entries.has_value());
    return *entries;
}

// Fills in `translations` (key -> Welsh) with libgettextpo, as a translator's PO editor would.
void Translate(const test::ScratchContent& tmp, const std::string& rel, const std::map<std::string, std::string>& translations) {
    author::Diagnostics diags;
    author::PoFile file = author::OpenPoFile(tmp.dir / rel, rel, diags);
    REQUIRE(file);
    po_message_iterator_t it = po_message_iterator(file.get(), nullptr);
    while (po_message_t m = po_next_message(it)) {
        const char* context = po_message_msgctxt(m);
        if (context && translations.count(context)) po_message_set_msgstr(m, translations.at(context).c_str());
    }
    po_message_iterator_free(it);
    std::string error;
    REQUIRE_MESSAGE(author::WritePoFile(file.get(), tmp.dir / rel, error), error);
}

author::ExtractResult Extract(const test::ScratchContent& tmp) {
    author::ExtractResult r = author::ExtractTranslations(tmp.dir, "c");
    for (const auto& e : r.errors) INFO(e);
    CHECK(r.errors.empty());
    return r;
}

std::vector<std::string> Codes(const author::CompileResult& r) {
    std::vector<std::string> codes;
    for (const auto& d : r.diagnostics.All()) codes.push_back(d.code);
    return codes;
}

}  // namespace

TEST_CASE("i18n extract: creates missing PO files and adds new strings - keyed as the compiler reads them") {
    test::ScratchContent tmp(kFixture);
    author::ExtractResult r = Extract(tmp);
    const auto* pack = FileReport(r, "pack.po");
    const auto* myths = FileReport(r, "myths.po");
    REQUIRE(pack);
    REQUIRE(myths);
    CHECK(pack->created);
    CHECK(pack->added == 2);
    CHECK_FALSE(myths->created);
    CHECK(myths->added == 2);  // welcome/title and done/text were not in the file
    CHECK(myths->edited == 0);

    auto entries = Entries(tmp, "locales/cy/myths.po");
    CHECK(entries.size() == 7);
    CHECK(entries.at("myths/borders/prompt").msgstr == "Mae masnachu pobl bob amser yn golygu croesi ffin.");
    CHECK(entries.at("myths/done/text").msgid == "Well done.");
    CHECK(entries.at("myths/done/text").msgstr.empty());
    std::string text = tmp.Read("locales/cy/myths.po");
    CHECK(text.find("#: modules/myths/module.toml:31\nmsgctxt \"myths/done/text\"") != std::string::npos);
    CHECK(text.find("# Checked by a Welsh speaker.") != std::string::npos);  // translators' comments are kept
    CHECK(tmp.Read("locales/cy/pack.po").find("\"Language: cy\\n\"") != std::string::npos);

    // Extracting again changes nothing.
    author::ExtractResult again = Extract(tmp);
    for (const auto& f : again.files) {
        INFO(f.path);
        CHECK_FALSE(f.written);
    }
}

TEST_CASE("i18n extract: a PO round trip keeps every translation - fuzzy after an English edit and obsolete after a removal") {
    test::ScratchContent tmp(kFixture);
    Extract(tmp);
    Translate(tmp, "locales/cy/pack.po", {{"pack/title", "Pecyn prawf cyfieithu"}});
    Translate(tmp, "locales/cy/myths.po", {{"myths/done/text", "Da iawn."}});
    auto before = author::Compile({tmp.dir, "c", ""});
    REQUIRE(before.pack);
    CHECK(before.pack->strings.at("myths/done/text").at("cy").text == "Da iawn.");
    CHECK_FALSE(before.pack->strings.at("myths/done/text").at("cy").fuzzy);

    // The trainer edits one text, removes another and renames a scene.
    REQUIRE(tmp.Replace("modules/myths/module.toml", "Trafficking always means crossing a border.",
                        "Human trafficking always means taking someone across a border."));
    REQUIRE(tmp.Replace("modules/myths/module.toml",
                        "explanation = \"Moving someone from one town to another to exploit them is trafficking too.\"\n", ""));
    REQUIRE(tmp.Replace("modules/myths/module.toml", "id = \"welcome\"", "id = \"hello\""));
    author::ExtractResult r = Extract(tmp);
    const auto* myths = FileReport(r, "myths.po");
    REQUIRE(myths);
    CHECK(myths->edited == 1);
    CHECK(myths->carried == 1);    // welcome/text -> hello/text: same English, translation carried
    CHECK(myths->obsoleted == 2);  // borders/explanation and the old welcome/text

    auto entries = Entries(tmp, "locales/cy/myths.po");
    const author::PoEntry& prompt = entries.at("myths/borders/prompt");
    CHECK(prompt.fuzzy);
    CHECK(prompt.msgid == "Human trafficking always means taking someone across a border.");
    CHECK(prompt.msgstr == "Mae masnachu pobl bob amser yn golygu croesi ffin.");
    CHECK(entries.at("myths/hello/text").fuzzy);
    CHECK(entries.at("myths/hello/text").msgstr == "Nid yw rhai pethau y mae pobl yn eu credu am gaethwasiaeth fodern yn wir.");
    CHECK(entries.count("myths/borders/explanation") == 0);
    CHECK(entries.at("myths/done/text").msgstr == "Da iawn.");

    std::string text = tmp.Read("locales/cy/myths.po");
    // The translator sees the English the translation was made for...
    CHECK(text.find("#| msgid \"Trafficking always means crossing a border.\"") != std::string::npos);
    // ...and the removed text is still there, translation and all.
    CHECK(text.find("#~ msgctxt \"myths/borders/explanation\"") != std::string::npos);
    CHECK(text.find("#~ \"Mae symud rhywun o un dref i un arall i'w hecsbloetio yn fasnachu pobl ") != std::string::npos);

    // The pack still compiles: the edited text shows the old translation, marked for review.
    auto after = author::Compile({tmp.dir, "c", ""});
    REQUIRE(after.pack);
    CHECK(after.diagnostics.ErrorCount() == 0);
    const auto& welsh = after.pack->strings.at("myths/borders/prompt").at("cy");
    CHECK(welsh.text == "Mae masnachu pobl bob amser yn golygu croesi ffin.");
    CHECK(welsh.fuzzy);
    auto codes = Codes(after);
    CHECK(std::count(codes.begin(), codes.end(), "W081") == 1);
    CHECK(std::count(codes.begin(), codes.end(), "W083") == 0);  // obsolete entries are not stale keys

    // A second edit keeps the English the translation was made for, not the intermediate one.
    REQUIRE(tmp.Replace("modules/myths/module.toml", "Human trafficking always means taking someone across a border.",
                        "Trafficking always means taking someone across a border."));
    Extract(tmp);
    CHECK(tmp.Read("locales/cy/myths.po").find("#| msgid \"Trafficking always means crossing a border.\"") != std::string::npos);

    // Putting the removed text back brings its translation back, as it was.
    REQUIRE(tmp.Replace("modules/myths/module.toml", "answer = false\n",
                        "answer = false\nexplanation = \"Moving someone from one town to another to exploit them is trafficking too.\"\n"));
    author::ExtractResult restored = Extract(tmp);
    CHECK(FileReport(restored, "myths.po")->revived == 1);
    auto back = Entries(tmp, "locales/cy/myths.po").at("myths/borders/explanation");
    CHECK(back.msgstr == "Mae symud rhywun o un dref i un arall i'w hecsbloetio yn fasnachu pobl hefyd.");
    CHECK_FALSE(back.fuzzy);
}

// Marks entries fuzzy as a translator's PO editor does for a draft.
void MarkDraft(const test::ScratchContent& tmp, const std::string& rel, const std::string& key) {
    author::Diagnostics diags;
    author::PoFile file = author::OpenPoFile(tmp.dir / rel, rel, diags);
    REQUIRE(file);
    po_message_iterator_t it = po_message_iterator(file.get(), nullptr);
    while (po_message_t m = po_next_message(it))
        if (po_message_msgctxt(m) && key == po_message_msgctxt(m)) po_message_set_fuzzy(m, 1);
    po_message_iterator_free(it);
    std::string error;
    REQUIRE_MESSAGE(author::WritePoFile(file.get(), tmp.dir / rel, error), error);
}

TEST_CASE("i18n extract: undoing an English edit clears the fuzzy flag the edit set - a translator's draft stays a draft") {
    test::ScratchContent tmp(kFixture);
    Extract(tmp);
    Translate(tmp, "locales/cy/myths.po", {{"myths/done/text", "Da iawn."}});
    MarkDraft(tmp, "locales/cy/myths.po", "myths/borders/prompt");  // reviewed: done/text; a draft: borders/prompt

    REQUIRE(tmp.Replace("modules/myths/module.toml", "Well done.", "Well done!"));
    REQUIRE(tmp.Replace("modules/myths/module.toml", "Trafficking always means crossing a border.",
                        "Trafficking always means taking someone across a border."));
    Extract(tmp);
    auto edited = Entries(tmp, "locales/cy/myths.po");
    CHECK(edited.at("myths/done/text").fuzzy);
    CHECK(edited.at("myths/borders/prompt").fuzzy);

    // The trainer changes both back: the reviewed translation is reviewed again, the draft is still a draft.
    REQUIRE(tmp.Replace("modules/myths/module.toml", "Well done!", "Well done."));
    REQUIRE(tmp.Replace("modules/myths/module.toml", "Trafficking always means taking someone across a border.",
                        "Trafficking always means crossing a border."));
    author::ExtractResult r = Extract(tmp);
    REQUIRE(FileReport(r, "myths.po"));
    CHECK(FileReport(r, "myths.po")->restored == 1);
    auto back = Entries(tmp, "locales/cy/myths.po");
    CHECK_FALSE(back.at("myths/done/text").fuzzy);
    CHECK(back.at("myths/done/text").msgstr == "Da iawn.");
    CHECK(back.at("myths/borders/prompt").fuzzy);
    std::string text = tmp.Read("locales/cy/myths.po");
    CHECK(text.find("#| msgid \"Well done.\"") == std::string::npos);  // no stale previous English left
    CHECK(text.find("kiosk-author: fuzzy because") == std::string::npos);
    // And the compiler agrees: no warning about the restored text.
    auto compiled = author::Compile({tmp.dir, "c", ""});
    REQUIRE(compiled.pack);
    CHECK_FALSE(compiled.pack->strings.at("myths/done/text").at("cy").fuzzy);

    // A second extract changes nothing.
    author::ExtractResult again = Extract(tmp);
    CHECK_FALSE(FileReport(again, "myths.po")->written);

    // Edited again, and this time the translator rewrites the Welsh for the new English (still fuzzy):
    // undoing the edit must not pass the new words off as reviewed for the old English.
    REQUIRE(tmp.Replace("modules/myths/module.toml", "Well done.", "Well done!"));
    Extract(tmp);
    Translate(tmp, "locales/cy/myths.po", {{"myths/done/text", "Da iawn!"}});
    REQUIRE(tmp.Replace("modules/myths/module.toml", "Well done!", "Well done."));
    Extract(tmp);
    CHECK(Entries(tmp, "locales/cy/myths.po").at("myths/done/text").fuzzy);
}

TEST_CASE("i18n status: lists each text still to do - with its state and scene and line") {
    test::ScratchContent tmp(kFixture);
    Extract(tmp);
    MarkDraft(tmp, "locales/cy/myths.po", "myths/borders/prompt");
    author::TranslationStatus status = author::CountTranslations(tmp.dir, "c");
    const author::TranslationCount& myths = status.counts[0];
    REQUIRE(myths.file == "myths.po");
    REQUIRE(myths.pending.size() == myths.missing + myths.fuzzy);
    auto find = [&](const std::string& key) -> const author::PendingText* {
        for (const auto& p : myths.pending)
            if (p.key == key) return &p;
        return nullptr;
    };
    const author::PendingText* draft = find("myths/borders/prompt");
    REQUIRE(draft);
    CHECK(draft->state == "fuzzy");
    CHECK(draft->english == "Trafficking always means crossing a border.");
    CHECK(draft->file == "modules/myths/module.toml");
    CHECK(tmp.Read("modules/myths/module.toml").find("Trafficking always means crossing a border.") != std::string::npos);
    CHECK(draft->line > 0);
    REQUIRE(find("myths/done/text"));
    CHECK(find("myths/done/text")->state == "missing");
    CHECK(find("myths/welcome/text") == nullptr);  // translated and reviewed: nothing to do
}

TEST_CASE("i18n status: counts translated - fuzzy and missing per language and file") {
    test::ScratchContent tmp(kFixture);
    author::TranslationStatus before = author::CountTranslations(tmp.dir, "c");
    REQUIRE(before.counts.size() == 2);
    CHECK(before.counts[0].file == "myths.po");
    CHECK(before.counts[0].translated == 5);
    CHECK(before.counts[0].missing == 2);
    CHECK(before.counts[1].file == "pack.po");
    CHECK_FALSE(before.counts[1].exists);
    CHECK(before.counts[1].missing == 2);

    REQUIRE(tmp.Replace("modules/myths/module.toml", "Welcome", "Hello"));
    Extract(tmp);
    REQUIRE(tmp.Replace("modules/myths/module.toml", "Well done.", "Well done!"));  // not extracted: msgid is stale
    Translate(tmp, "locales/cy/myths.po", {{"myths/welcome/title", "Helo"}});
    author::TranslationStatus after = author::CountTranslations(tmp.dir, "c");
    CHECK(after.counts[0].translated == 6);
    CHECK(after.counts[0].fuzzy == 0);
    CHECK(after.counts[0].missing == 1);  // done/text: untranslated (a stale msgid does not make it translated)
    REQUIRE(tmp.Replace("modules/myths/module.toml", "Three common myths", "Four common myths"));
    after = author::CountTranslations(tmp.dir, "c");
    CHECK(after.counts[0].translated == 5);
    CHECK(after.counts[0].fuzzy == 1);  // made for older English: shown, but to be reviewed
}

TEST_CASE("i18n extract: leaves every PO file alone when a TOML file cannot be parsed - and a broken PO file alone") {
    test::ScratchContent tmp(kFixture);
    std::string original = tmp.Read("locales/cy/myths.po");
    SUBCASE("a TOML syntax error would make a module's strings look removed") {
        tmp.Write("modules/myths/module.toml", tmp.Read("modules/myths/module.toml") + "oops = = 1\n");
        author::ExtractResult r = author::ExtractTranslations(tmp.dir, "c");
        CHECK_FALSE(r.errors.empty());
        CHECK(r.files.empty());
        CHECK(r.diagnostics.ErrorCount() >= 1);
        CHECK(tmp.Read("locales/cy/myths.po") == original);
        CHECK_FALSE(fs::exists(tmp.dir / "locales/cy/pack.po"));
    }
    SUBCASE("a PO file with a syntax error is reported and kept; the others are still updated") {
        std::string broken = original + "\nmsgctxt \"x\"\nmsgid \"unclosed\nmsgstr \"\"\n";
        tmp.Write("locales/cy/myths.po", broken);
        author::ExtractResult r = author::ExtractTranslations(tmp.dir, "c");
        CHECK(r.errors.size() == 1);
        CHECK(r.diagnostics.ErrorCount() >= 1);
        CHECK(tmp.Read("locales/cy/myths.po") == broken);
        CHECK(fs::exists(tmp.dir / "locales/cy/pack.po"));
    }
}
