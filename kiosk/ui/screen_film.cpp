// A film scene: the picture scaled to fit, captions drawn by the kiosk itself (so they follow the text
// size and contrast settings), touch-sized controls, progress, and the chapter list. Jumps ahead are
// offered only as far as must_watch allows; a film that cannot play shows its transcript instead.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <vector>

#include "screens.h"
#include "theme.h"
#include "widgets.h"

namespace kiosk::ui {
namespace {

std::string Clock(std::int64_t ms) {
    long long s = std::max<std::int64_t>(0, ms) / 1000;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", s / 60, s % 60);
    return buffer;
}

template <class Map>
const std::string* ForLanguage(const Map& by_language, const std::string& language) {
    if (by_language.empty()) return nullptr;
    auto it = by_language.find(language);
    return &(it != by_language.end() ? it->second : by_language.begin()->second);
}

// White on a solid black box, in the body font: the convention for captions, readable over any picture,
// and the same in the high-contrast theme. Solid and square, nothing of the picture shows through it, so
// while the same caption stays up the kiosk redraws only the picture around it (App::DrawPictureOnly).
void DrawCaption(const std::string& text, ImVec2 video_min, ImVec2 video_max) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImFont* font = BodyFont();
    float size = font->FontSize;
    float wrap = (video_max.x - video_min.x) * 0.9f;
    ImVec2 text_size = font->CalcTextSizeA(size, FLT_MAX, wrap, text.c_str());
    float pad = 10.0f * Scale();
    // On whole pixels, so the box's edge rows are wholly inside it or wholly outside.
    ImVec2 box_max(std::round((video_min.x + video_max.x + text_size.x) * 0.5f + pad), std::round(video_max.y - pad));
    ImVec2 box_min(std::round(box_max.x - text_size.x - 2 * pad), std::round(box_max.y - text_size.y - 2 * pad));
    // Its own clip rectangle makes it a draw command of its own, which a redraw of the picture around it
    // can leave out.
    draw->PushClipRect(box_min, box_max, true);
    draw->AddRectFilled(box_min, box_max, IM_COL32(0, 0, 0, 255));
    draw->AddText(font, size, ImVec2(box_min.x + pad, box_min.y + pad), IM_COL32_WHITE, text.c_str(), nullptr, wrap);
    draw->PopClipRect();
    // Scripts check captions by this id; the text is not tappable.
    RegisterWidget("film.caption", box_min, box_max, false, text);
}

// The picture, or a placeholder until the first frame arrives. Tapping it plays or pauses.
void DrawPicture(Context& ctx, const core::Scene& scene, const core::FilmState& film, float avail, float max_height) {
    Texture frame = ctx.frame.services.film_frame ? ctx.frame.services.film_frame() : Texture{};
    float aspect = frame.id && frame.height > 0 ? static_cast<float>(frame.width) / frame.height : 16.0f / 9.0f;
    float width = std::min(avail, max_height * aspect);
    float height = width / aspect;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - width) * 0.5f);
    ImVec2 min = ImGui::GetCursorScreenPos();
    ImVec2 max(min.x + width, min.y + height);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(min, max, IM_COL32(0, 0, 0, 255));
    if (frame.id) {
        draw->AddImage(frame.id, min, max);
    } else {
        const char* loading = ctx.Ui(UiText::FilmLoading);
        ImVec2 size = ImGui::CalcTextSize(loading, nullptr, false, width - 16.0f);
        ImGui::PushClipRect(min, max, true);  // a small picture (a short screen, the largest text) wraps it
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(std::max(min.x + 8.0f, (min.x + max.x - size.x) * 0.5f),
                      (min.y + max.y - size.y) * 0.5f), IM_COL32_WHITE, loading, nullptr, width - 16.0f);
        ImGui::PopClipRect();
    }
    ImGui::InvisibleButton("##film-picture", ImVec2(width, height));
    core::Intent toggle = film.playing ? core::Intent{core::intent::FilmPause{}} : core::Intent{core::intent::FilmPlay{}};
    bool allowed = ctx.Allowed(toggle);
    RegisterWidget("film.video", min, max, allowed);
    if (ImGui::IsItemClicked() && allowed) ctx.Emit(toggle);

    if (ctx.State().accessibility.captions) {
        const std::string* captions = ForLanguage(scene.captions, ctx.Lang());
        const core::WebVtt* vtt = captions && ctx.frame.services.captions ? ctx.frame.services.captions(*captions) : nullptr;
        if (vtt) {
            if (const core::Cue* cue = core::CueAt(*vtt, static_cast<int>(film.position_ms))) DrawCaption(cue->text, min, max);
        }
    }
}

// Progress: how far the film is, and (shaded) how far it has been watched. It moves in whole seconds,
// like the clock beside it, so between seconds a new film picture is the only change on screen (and
// the app can redraw just the picture).
void DrawProgress(const core::FilmState& film, float width) {
    std::string time = Clock(film.position_ms) + " / " + (film.duration_ms > 0 ? Clock(film.duration_ms) : "-:--");
    float text_w = ImGui::CalcTextSize(time.c_str()).x;
    float bar_w = width - text_w - kSpace5;
    float bar_h = 14.0f * Scale();
    ImVec2 at = ImGui::GetCursorScreenPos();
    float line_h = ImGui::GetTextLineHeight();
    ImVec2 min(at.x, at.y + (line_h - bar_h) * 0.5f);
    ImVec2 max(min.x + bar_w, min.y + bar_h);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(min, max, Colors().surface, bar_h * 0.5f);
    draw->AddRect(min, max, Colors().border, bar_h * 0.5f);
    if (film.duration_ms > 0) {
        auto x_at = [&](std::int64_t ms) {
            ms = std::clamp<std::int64_t>(ms / 1000 * 1000, 0, film.duration_ms);
            return std::floor(min.x + bar_w * static_cast<float>(ms) / static_cast<float>(film.duration_ms));
        };
        draw->AddRectFilled(min, ImVec2(x_at(film.watched_ms), max.y), Colors().selected, bar_h * 0.5f);
        draw->AddRectFilled(min, ImVec2(x_at(film.position_ms), max.y), Colors().accent, bar_h * 0.5f);
    }
    ImGui::Dummy(ImVec2(bar_w, line_h));
    ImGui::SameLine(0, kSpace5);
    ImGui::TextUnformatted(time.c_str());
    // Not tappable: the app redraws just this row and the picture while a film plays (and tests read it).
    RegisterWidget("film.progress", at, ImVec2(at.x + width, at.y + line_h), false, time);
}

// The row of film controls: play or pause, back, again, captions, quieter, louder.
struct Control {
    const char* id;
    std::string label;
    float units;  // its share of room to spare: play, back, again 1.4 each; captions 1.8; quieter, louder 0.5
    core::Intent intent;
    ButtonStyle style = ButtonStyle::Secondary;
    const char* mark = nullptr;
};
constexpr float kControlGap = kSpace4;

std::vector<Control> Controls(Context& ctx, const core::FilmState& film) {
    std::vector<Control> row;
    if (film.playing) row.push_back({"film.pause", ctx.Ui(UiText::FilmPause), 1.4f, core::intent::FilmPause{}, ButtonStyle::Primary});
    else row.push_back({"film.play", ctx.Ui(UiText::FilmPlay), 1.4f, core::intent::FilmPlay{}, ButtonStyle::Primary, "\xE2\x96\xB6"});
    row.push_back({"film.back", ctx.Ui(UiText::FilmBack), 1.4f, core::intent::FilmBack{}});
    row.push_back({"film.replay", ctx.Ui(UiText::FilmReplay), 1.4f, core::intent::FilmReplay{}});
    const bool captions = ctx.State().accessibility.captions;
    row.push_back({"film.captions", std::string(ctx.Ui(UiText::Captions)) + ": " + ctx.Ui(captions ? UiText::On : UiText::Off),
                   1.8f, core::intent::ToggleCaptions{}, captions ? ButtonStyle::OptionSelected : ButtonStyle::Option,
                   captions ? "\xE2\x98\x91" : "\xE2\x98\x90"});
    const int volume = ctx.State().accessibility.volume;
    row.push_back({"film.quieter", "\xE2\x88\x92", 0.5f, core::intent::SetVolume{std::max(0, volume - 20)}});
    row.push_back({"film.louder", "+", 0.5f, core::intent::SetVolume{std::min(100, volume + 20)}});
    return row;
}

// The volume level, between quieter and louder: in the row rather than on a line of its own under it,
// which the picture needs at 1280x720. "Volume 80%" where the row has room for the word, else "80%".
std::string VolumeLevel(Context& ctx, bool word) {
    return (word ? std::string(ctx.Ui(UiText::Volume)) + " " : std::string()) +
           std::to_string(ctx.State().accessibility.volume) + "%";
}
float LevelWidth(Context& ctx, bool word) { return ImGui::CalcTextSize(VolumeLevel(ctx, word).c_str()).x + 8.0f; }

bool HasVolume(const std::vector<Control>& row) {
    return std::any_of(row.begin(), row.end(), [](const Control& c) { return std::string(c.id) == "film.louder"; });
}

// What a row's labels need to stay on one line with `pad` pixels a side (TouchButton's 28, or the 12 it
// gives up to before it wraps), and the room a row `width` wide has for them.
float NeededWidth(const std::vector<Control>& row, float pad) {
    float need = 0;
    for (const Control& c : row) need += OneLineButtonWidth(c.label, c.mark, pad);
    return need;
}
float RoomFor(Context& ctx, const std::vector<Control>& row, float width, bool word = false) {
    return width - kControlGap * static_cast<float>(row.size()) - (HasVolume(row) ? LevelWidth(ctx, word) : 0.0f);
}
// Whether the level can say "Volume": where the buttons' labels still fit one line beside it, squeezed to
// the least padding; in a `snug` row (the compact film's column, sized for its labels' own padding) only
// where they keep that padding, or the word takes the room a label needs and the label wraps.
bool LevelWord(Context& ctx, const std::vector<Control>& row, float width, bool snug = false) {
    return HasVolume(row) && NeededWidth(row, snug ? 28.0f : 12.0f) <= RoomFor(ctx, row, width, true);
}

// The controls in one row, or in two where one row would wrap their labels (portrait at the largest
// text size wrapped them onto four lines): play, back and again; then captions and the volume.
std::vector<std::vector<Control>> ControlRows(Context& ctx, const core::FilmState& film, float width) {
    std::vector<Control> all = Controls(ctx, film);
    if (NeededWidth(all, 12.0f) <= RoomFor(ctx, all, width)) return {all};
    return {std::vector<Control>(all.begin(), all.begin() + 3), std::vector<Control>(all.begin() + 3, all.end())};
}

// Each control's width in a row `width` wide: what its label needs on one line, with the room left
// shared out by weight; where the row is too narrow for that, in proportion (labels then wrap).
std::vector<float> ControlWidths(Context& ctx, const std::vector<Control>& row, float width, bool snug = false) {
    const float room = RoomFor(ctx, row, width, LevelWord(ctx, row, width, snug)), need = NeededWidth(row, 28.0f);
    float weights = 0;
    for (const Control& c : row) weights += c.units;
    std::vector<float> widths;
    for (const Control& c : row) {
        const float own = OneLineButtonWidth(c.label, c.mark);
        widths.push_back(need <= room ? own + (room - need) * c.units / weights : own * room / need);
    }
    return widths;
}

float RowHeight(Context& ctx, const std::vector<Control>& row, float width, bool snug = false) {
    const std::vector<float> widths = ControlWidths(ctx, row, width, snug);
    float tallest = kMinTouch;
    for (std::size_t i = 0; i < row.size(); ++i)
        tallest = std::max(tallest, TouchButtonSize(row[i].label, widths[i], row[i].mark).y);
    return tallest;
}

// The rows' height: the picture takes only what is left (at 1280x720 a fixed guess put Play below the
// fold).
float ControlsHeight(Context& ctx, const core::FilmState& film, float width) {
    float height = 0;
    for (const auto& row : ControlRows(ctx, film, width))
        height += (height > 0 ? ImGui::GetStyle().ItemSpacing.y : 0.0f) + RowHeight(ctx, row, width);
    return height;
}

void DrawControlRow(Context& ctx, const std::vector<Control>& row, float width, bool snug = false) {
    {
        const std::vector<float> widths = ControlWidths(ctx, row, width, snug);
        const float height = RowHeight(ctx, row, width, snug);
        for (std::size_t i = 0; i < row.size(); ++i) {
            const Control& c = row[i];
            if (i) ImGui::SameLine(0, kControlGap);
            if (std::string(c.id) == "film.louder") {
                // The level, muted, centred in its slot; read aloud with the buttons' words.
                const bool word = LevelWord(ctx, row, width, snug);
                const std::string level = VolumeLevel(ctx, word);
                const ImVec2 at = ImGui::GetCursorScreenPos();
                const ImVec2 size = ImGui::CalcTextSize(level.c_str());
                ImGui::GetWindowDrawList()->AddText(
                    ImVec2(at.x + (LevelWidth(ctx, word) - size.x) * 0.5f, at.y + (height - size.y) * 0.5f), Colors().muted,
                    level.c_str());
                ImGui::Dummy(ImVec2(LevelWidth(ctx, word), height));
                ctx.Say(VolumeLevel(ctx, true));
                ImGui::SameLine(0, kControlGap);
            }
            if (TouchButton(c.id, c.label, ImVec2(widths[i], height), c.style, ctx.Allowed(c.intent), c.mark))
                ctx.Emit(c.intent);
        }
    }
}

void DrawControls(Context& ctx, const core::FilmState& film, float width) {
    for (const auto& row : ControlRows(ctx, film, width)) DrawControlRow(ctx, row, width);
}

// A short screen where the controls take two rows (1280x720 at the larger text sizes): the picture came
// out 100 pixels tall and Play still fell below the fold. There the second row (captions and the volume)
// and the progress line go in a column beside the picture, in the width a small picture leaves empty
// anyway: the width that row needs on one line, if the picture keeps a fifth of the width. 0 where the
// usual layout stays.
float SideColumnWidth(Context& ctx, const core::FilmState& film, float full_width) {
    if (!ShortScreen()) return 0.0f;
    const auto rows = ControlRows(ctx, film, full_width);
    if (rows.size() != 2) return 0.0f;
    const std::vector<Control>& side = rows[1];
    // Room for the labels on one line with a button's own padding (less, and ControlWidths wraps them),
    // and the level without its word if need be.
    const float width = NeededWidth(side, 28.0f) + kControlGap * static_cast<float>(side.size()) +
                        (HasVolume(side) ? LevelWidth(ctx, false) : 0.0f);
    return width <= full_width * 0.8f ? width : 0.0f;
}

// Chapters as a column of buttons beside the picture, so picture, controls and chapters fit one screen.
void DrawChapters(Context& ctx, const core::Module& module, const core::Scene& scene, const core::FilmState& film,
                  float width) {
    Note(ctx.Ui(UiText::Chapters), width);
    std::size_t current = 0;
    for (std::size_t i = 0; i < scene.chapters.size(); ++i)
        if (scene.chapters[i].at_ms <= film.position_ms) current = i;
    for (std::size_t i = 0; i < scene.chapters.size(); ++i) {
        const std::string& title = ctx.Content(core::ChapterKey(module.id, scene.id, i));
        core::Intent jump = core::intent::FilmChapter{static_cast<int>(i)};
        if (TouchButton("film.chapter." + std::to_string(i), Clock(scene.chapters[i].at_ms) + "  " + title,
                        ImVec2(width, kMinTouch), i == current ? ButtonStyle::OptionSelected : ButtonStyle::Option,
                        ctx.Allowed(jump), nullptr, false))
            ctx.Emit(jump);
        ctx.Say(title);
    }
}

}  // namespace

// The compact layout (SideColumnWidth): the picture at the left; the captions, the volume, the progress
// line and "Watch to the end to continue." (if it applies) in a column beside it; play, back and again
// across the width under both. The chapters are left out: below the controls they made the page scroll,
// and the "More below" strip that brought pushed Play under the fold; back and again still move about.
void DrawFilmCompact(Context& ctx, const core::Scene& scene, const core::FilmState& film, float full_width,
                     float full_height, float side, bool must_watch_note) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float gap = kSpace5;
    const auto rows = ControlRows(ctx, film, full_width);
    const float left_width = full_width - side - gap;
    const char* note = ctx.Ui(UiText::FilmMustWatchShort);  // one line in the column
    const float note_height = must_watch_note ? ImGui::CalcTextSize(note, nullptr, false, side).y + style.ItemSpacing.y : 0.0f;
    // Under the picture: the row of play, back and again, spacing, the area's padding, EndContent's foot.
    const float below = RowHeight(ctx, rows[0], full_width) + 3 * style.ItemSpacing.y + style.WindowPadding.y + kContentFoot;
    const float column_height =
        RowHeight(ctx, rows[1], side, true) + style.ItemSpacing.y + ImGui::GetTextLineHeightWithSpacing() + note_height;
    const float max_height = std::max(column_height, full_height - below);

    const ImVec2 top = ImGui::GetCursorScreenPos();
    DrawPicture(ctx, scene, film, left_width, max_height);
    const float picture_bottom = ImGui::GetItemRectMax().y;
    ImGui::SetCursorScreenPos(ImVec2(top.x + left_width + gap, top.y));
    ImGui::BeginGroup();
    DrawControlRow(ctx, rows[1], side, true);
    DrawProgress(film, side);
    if (must_watch_note) Note(note, side);
    ImGui::EndGroup();
    const float column_bottom = ImGui::GetItemRectMax().y;
    ImGui::SetCursorScreenPos(ImVec2(top.x, std::max(picture_bottom, column_bottom) + style.ItemSpacing.y));
    DrawControlRow(ctx, rows[0], full_width);
}

void DrawFilm(Context& ctx, const core::Module& module, const core::Scene& scene) {
    const core::FilmState& film = ctx.State().run->film;
    if (!film.available) {
        DrawFilmFallback(ctx, module, scene);
        return;
    }
    // The picture and its progress line, with the chapters in a column beside them that scrolls when a
    // long film has many; the controls under both, across the whole width, so their labels keep to one
    // line where they can. The picture takes the height the rest leaves: at 1280x720 a fixed allowance
    // put Play below the fold. "Watch to the end" heads the chapters' column where there is one (a line
    // above the picture is a line less of picture), else it goes above the picture.
    const bool must_watch = !core::FilmMayContinue(film, scene);
    if (must_watch) ctx.Say(ctx.Ui(UiText::FilmMustWatch));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float gap = kSpace5;
    const float full_width = ImGui::GetContentRegionAvail().x;
    // The column only where it is wide enough for a chapter's words (in portrait at the largest text
    // size it was not); else the chapters follow the controls, where the page scrolls to them.
    const float column = std::max(260.0f, full_width * 0.24f);
    const bool beside = !scene.chapters.empty() && column >= 8.0f * ImGui::GetFontSize();
    // Without the column, above the picture on a tall screen; under the controls on a short one, where
    // the picture needs the line (Continue, which it explains, is under them too).
    const bool note_above = must_watch && !beside && !(ShortScreen() && Scale() > 1.0f);
    if (note_above) Note(ctx.Ui(UiText::FilmMustWatch));
    const float full_height = ImGui::GetContentRegionAvail().y;
    if (const float side = beside ? 0.0f : SideColumnWidth(ctx, film, full_width); side > 0) {
        DrawFilmCompact(ctx, scene, film, full_width, full_height, side, must_watch && !note_above);
        return;
    }
    const float chapters_width = beside ? column : 0.0f;
    const float left_width = full_width - chapters_width - (beside ? gap : 0.0f);
    // Under the picture: two gaps (Gap(0.3f): a fraction of a line), the progress line, the controls,
    // each item's spacing and the area's padding.
    const float below = line + 2 * ImGui::GetFontSize() * 0.9f * 0.3f + 4 * style.ItemSpacing.y +
                        style.WindowPadding.y + ControlsHeight(ctx, film, full_width);
    const float max_height = std::max(100.0f, full_height - below);

    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::BeginGroup();
    DrawPicture(ctx, scene, film, left_width, max_height);
    Gap(0.3f);
    DrawProgress(film, left_width);
    ImGui::EndGroup();
    const float upper_height = ImGui::GetItemRectSize().y;
    if (beside) {
        const float chapters_height = std::max(upper_height, kMinTouch * 2);
        ImGui::SetCursorScreenPos(ImVec2(top.x + left_width + gap, top.y));
        BeginScrollArea("##film-chapters", ImVec2(chapters_width, chapters_height));
        const float inner = chapters_width - style.ScrollbarSize;
        if (must_watch) {
            Note(ctx.Ui(UiText::FilmMustWatch), inner);
            Gap(0.5f);
        }
        DrawChapters(ctx, module, scene, film, inner);
        EndScrollArea();
        // Under the column, its "More below" strip included (it needs more than a short column gives).
        const float column_bottom = ImGui::GetCursorScreenPos().y;
        ImGui::SetCursorScreenPos(ImVec2(top.x, std::max(top.y + chapters_height + style.ItemSpacing.y, column_bottom)));
    }
    Gap(0.3f);
    DrawControls(ctx, film, full_width);
    if (must_watch && !beside && !note_above) Note(ctx.Ui(UiText::FilmMustWatch));
    if (!beside && !scene.chapters.empty()) {
        Gap();
        DrawChapters(ctx, module, scene, film, full_width);
    }
}

// Whenever a film cannot play, the learner reads what the film says instead: the transcript built from
// its captions in their language, or the first language's.
void DrawFilmFallback(Context& ctx, const core::Module& module, const core::Scene& scene) {
    Note(ctx.Ui(UiText::FilmUnavailable));
    ctx.Say(ctx.Ui(UiText::FilmUnavailable));
    const std::string* captions = ForLanguage(scene.captions, ctx.Lang());
    if (captions && ctx.frame.services.transcript) {
        std::string words = ctx.frame.services.transcript(*captions);
        if (!words.empty()) {
            Gap(0.5f);
            ImVec2 start = ImGui::GetCursorScreenPos();
            float width = ImGui::GetContentRegionAvail().x;
            Body(words);
            RegisterWidget("film.transcript", start, ImVec2(start.x + width, ImGui::GetCursorScreenPos().y), false, words);
            ctx.Say(words);
            return;
        }
    }
    for (std::size_t i = 0; i < scene.chapters.size(); ++i) {
        const std::string& chapter = ctx.Content(core::ChapterKey(module.id, scene.id, i));
        Body("\xE2\x80\xA2 " + chapter);
        ctx.Say(chapter);
    }
}

}  // namespace kiosk::ui
