// A film scene: the picture scaled to fit, captions drawn by the kiosk itself (so they follow the text
// size and contrast settings), touch-sized controls, progress, and the chapter list. Jumps ahead are
// offered only as far as must_watch allows; a film that cannot play shows its transcript instead.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

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

// White on black, in the body font: the convention for captions, readable over any picture, and the
// same in the high-contrast theme.
void DrawCaption(const std::string& text, ImVec2 video_min, ImVec2 video_max) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    ImFont* font = BodyFont();
    float size = font->FontSize;
    float wrap = (video_max.x - video_min.x) * 0.9f;
    ImVec2 text_size = font->CalcTextSizeA(size, FLT_MAX, wrap, text.c_str());
    float pad = 10.0f * Scale();
    ImVec2 box_max((video_min.x + video_max.x + text_size.x) * 0.5f + pad, video_max.y - pad);
    ImVec2 box_min(box_max.x - text_size.x - 2 * pad, box_max.y - text_size.y - 2 * pad);
    draw->AddRectFilled(box_min, box_max, IM_COL32(0, 0, 0, 235), 6.0f);
    draw->AddText(font, size, ImVec2(box_min.x + pad, box_min.y + pad), IM_COL32_WHITE, text.c_str(), nullptr, wrap);
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
        ImVec2 size = ImGui::CalcTextSize(loading);
        draw->AddText(ImVec2((min.x + max.x - size.x) * 0.5f, (min.y + max.y - size.y) * 0.5f), IM_COL32_WHITE, loading);
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
    float bar_w = width - text_w - 24.0f;
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
    ImGui::SameLine(0, 24.0f);
    ImGui::TextUnformatted(time.c_str());
    // Not tappable: the app redraws just this row and the picture while a film plays (and tests read it).
    RegisterWidget("film.progress", at, ImVec2(at.x + width, at.y + line_h), false, time);
}

void DrawControls(Context& ctx, const core::FilmState& film, float width) {
    const float gap = 16.0f;
    const float unit = (width - gap * 5) / 7.0f;  // play, back, again 1.4 each; captions 1.8; quieter, louder 0.5
    auto button = [&](const char* id, const std::string& label, float units, const core::Intent& intent,
                      ButtonStyle style = ButtonStyle::Secondary, const char* mark = nullptr) {
        if (TouchButton(id, label, ImVec2(unit * units, kMinTouch), style, ctx.Allowed(intent), mark)) ctx.Emit(intent);
        ImGui::SameLine(0, gap);
    };
    if (film.playing) button("film.pause", ctx.Ui(UiText::FilmPause), 1.4f, core::intent::FilmPause{}, ButtonStyle::Primary);
    else button("film.play", ctx.Ui(UiText::FilmPlay), 1.4f, core::intent::FilmPlay{}, ButtonStyle::Primary, "\xE2\x96\xB6");
    button("film.back", ctx.Ui(UiText::FilmBack), 1.4f, core::intent::FilmBack{});
    button("film.replay", ctx.Ui(UiText::FilmReplay), 1.4f, core::intent::FilmReplay{});
    const bool captions = ctx.State().accessibility.captions;
    button("film.captions", std::string(ctx.Ui(UiText::Captions)) + ": " + ctx.Ui(captions ? UiText::On : UiText::Off),
           1.8f, core::intent::ToggleCaptions{}, captions ? ButtonStyle::OptionSelected : ButtonStyle::Option,
           captions ? "\xE2\x98\x91" : "\xE2\x98\x90");
    const int volume = ctx.State().accessibility.volume;
    button("film.quieter", "\xE2\x88\x92", 0.5f, core::intent::SetVolume{std::max(0, volume - 20)});
    if (TouchButton("film.louder", "+", ImVec2(unit * 0.5f, kMinTouch), ButtonStyle::Secondary,
                    ctx.Allowed(core::intent::SetVolume{std::min(100, volume + 20)})))
        ctx.Emit(core::intent::SetVolume{std::min(100, volume + 20)});
    // The level, right-aligned under the volume buttons.
    std::string level = std::string(ctx.Ui(UiText::Volume)) + " " + std::to_string(volume) + "%";
    float level_w = ImGui::CalcTextSize(level.c_str()).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, width - level_w));
    Note(level);
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

void DrawFilm(Context& ctx, const core::Module& module, const core::Scene& scene) {
    const core::FilmState& film = ctx.State().run->film;
    if (!film.available) {
        DrawFilmFallback(ctx, module, scene);
        return;
    }
    if (!core::FilmMayContinue(film, scene)) {
        Note(ctx.Ui(UiText::FilmMustWatch));
        ctx.Say(ctx.Ui(UiText::FilmMustWatch));
    }
    // Picture, progress and controls on the left fit one screen; the chapters are a column on the right
    // that scrolls when a long film has many. The picture takes the height the rest leaves (control
    // labels wrap at larger text sizes, hence the allowance).
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float gap = 24.0f;
    const float full_width = ImGui::GetContentRegionAvail().x;
    const float full_height = ImGui::GetContentRegionAvail().y;
    const float chapters_width = scene.chapters.empty() ? 0.0f : std::max(260.0f, full_width * 0.24f);
    const float left_width = full_width - chapters_width - (chapters_width > 0 ? gap : 0.0f);
    const float below = line * 2.5f + kMinTouch * 1.5f + line;
    const float max_height = std::max(180.0f, full_height - below);

    const ImVec2 top = ImGui::GetCursorScreenPos();
    ImGui::BeginGroup();
    DrawPicture(ctx, scene, film, left_width, max_height);
    Gap(0.3f);
    DrawProgress(film, left_width);
    Gap(0.3f);
    DrawControls(ctx, film, left_width);
    ImGui::EndGroup();
    const float left_height = ImGui::GetItemRectSize().y;
    if (!scene.chapters.empty()) {
        ImGui::SetCursorScreenPos(ImVec2(top.x + left_width + gap, top.y));
        BeginScrollArea("##film-chapters", ImVec2(chapters_width, std::max(left_height, kMinTouch * 2)));
        DrawChapters(ctx, module, scene, film, chapters_width - ImGui::GetStyle().ScrollbarSize);
        EndScrollArea();
        ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + std::max(left_height, ImGui::GetItemRectSize().y)));
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
