// A film scene's [[scenes.chapters]] and `pauses` (see module_loader.cpp): each entry's keys, and its `at`
// time, which must be a clock time later than the entry above it.
#include <optional>
#include <string>

#include "loaders.h"
#include "module_loader_internal.h"

namespace author {

//-----------------------------------------------------------------------------
// [SECTION] film chapters and pauses
//-----------------------------------------------------------------------------

namespace {

// Parses "mm:ss" or "hh:mm:ss" into milliseconds.
std::optional<int> ParseClock(const std::string& text) {
    int parts[3] = {0, 0, 0};
    int count = 0;
    std::size_t i = 0;
    while (i <= text.size() && count < 3) {
        std::size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        if (i == start || i - start > 2) return std::nullopt;
        parts[count++] = std::stoi(text.substr(start, i - start));
        if (i == text.size()) break;
        if (text[i] != ':') return std::nullopt;
        ++i;
    }
    if (i != text.size() || count < 2) return std::nullopt;
    int h = count == 3 ? parts[0] : 0, m = parts[count - 2], s = parts[count - 1];
    if (m > 59 || s > 59) return std::nullopt;
    return ((h * 60 + m) * 60 + s) * 1000;
}

// Reads a chapter's or pause's `at`: E073 unless it is a clock time later than `previous` (the one above
// it, -1 for the first). Returns the time in ms; `previous` moves on only for a valid time, so one typo
// is reported once rather than again on the entry below it.
std::optional<int> ReadTime(SceneContext& ctx, TableReader& reader, const char* what, int& previous,
                            const std::string& previous_text) {
    auto at = reader.String("at", Need::Required);
    if (!at) return std::nullopt;
    auto ms = ParseClock(*at);
    Location where = reader.ValueLocation("at");
    if (!ms) {
        ctx.diags.Add("E073", where, "'" + *at + "' is not a time; write \"mm:ss\" or \"hh:mm:ss\" with minutes and seconds from 00 to 59");
        return std::nullopt;
    }
    if (*ms == previous) {
        ctx.diags.Add("E073", where, std::string(what) + " at " + *at + " is at the same time as an earlier " + what +
                                         "; give each " + what + " its own time");
        return std::nullopt;
    }
    if (*ms < previous) {
        ctx.diags.Add("E073", where, std::string(what) + " at " + *at + " comes before the " + what + " above it (" +
                                         previous_text + "); list them in time order");
        return std::nullopt;
    }
    previous = *ms;
    return ms;
}

}  // namespace

void LoadChapters(SceneContext& ctx, TableReader& named, kiosk::core::Scene& scene, SceneSource& source, const std::string& sid) {
    const toml::array* chapters = named.Array("chapters", Need::Optional);
    if (!chapters) return;
    int previous = -1;
    std::string previous_text;
    for (const toml::node& node : *chapters) {
        if (!node.is_table()) {
            named.WrongType("chapters", node, "a table ([[scenes.chapters]])");
            continue;
        }
        TableReader reader(*node.as_table(), named.File(), ctx.diags, "a chapter of scene '" + sid + "'");
        reader.CheckKeys({"at", "title"});
        std::size_t ci = scene.chapters.size();
        ReadString(reader, "title", Need::Required, ctx.content, kiosk::core::ChapterKey(ctx.module_id, sid, ci));
        kiosk::core::Chapter chapter;
        if (auto ms = ReadTime(ctx, reader, "chapter", previous, previous_text)) {
            chapter.at_ms = *ms;
            previous_text = reader.String("at", Need::Optional).value_or("");
            source.chapter_at.push_back(reader.ValueLocation("at"));
        } else {
            chapter.at_ms = -1;  // invalid: reported above; later checks skip it
            source.chapter_at.push_back(Location{});
        }
        scene.chapters.push_back(chapter);
    }
}

void LoadPauses(SceneContext& ctx, TableReader& named, kiosk::core::Scene& scene, SceneSource& source, const std::string& sid) {
    const toml::array* pauses = named.Array("pauses", Need::Optional);
    if (!pauses) return;
    int previous = -1;
    std::string previous_text;
    for (const toml::node& node : *pauses) {
        if (!node.is_table()) {
            named.WrongType("pauses", node, "a table: { at = \"01:12\", question = \"scene-id\" }");
            continue;
        }
        TableReader reader(*node.as_table(), named.File(), ctx.diags, "a pause of scene '" + sid + "'");
        reader.CheckKeys({"at", "question"});
        kiosk::core::FilmPause pause;
        PauseSource psrc;
        pause.question = reader.Id("question", Need::Required).value_or("");
        psrc.question_loc = reader.ValueLocation("question");
        if (auto ms = ReadTime(ctx, reader, "pause", previous, previous_text)) {
            pause.at_ms = *ms;
            psrc.at_text = previous_text = reader.String("at", Need::Optional).value_or("");
            psrc.at_loc = reader.ValueLocation("at");
        } else {
            pause.at_ms = -1;  // invalid: reported above; the question is still resolved, so no knock-on warnings
        }
        scene.pauses.push_back(std::move(pause));
        source.pauses.push_back(std::move(psrc));
    }
}

}  // namespace author
