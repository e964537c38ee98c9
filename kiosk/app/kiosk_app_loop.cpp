// App's frame loop (kiosk_app.h; index in kiosk_app.cpp): sleeps until input or a deadline, then draws a
// whole frame, only the film's picture, or nothing. A file of its own because when and what it draws decides
// the kiosk's CPU cost on software GL; the --stats figures that measure it are here too.

// When the loop draws (everything else it sleeps in SDL_WaitEventTimeout):
//   input arrived (touch, click, pointer move, key) -> applied as a Touch, then 2 frames
//   a session deadline passed (idle warning, each countdown second, reset, attract fact) -> Tick, 1 frame
//                                                      (2 when the screen or the idle overlay changes)
//   the UI emitted intents in a frame -> applied, then 2 more frames (ImGui lays out a new screen in one)
//   a press or release still queued in Input -> one frame each, so ImGui sees down, then up
//   the window was exposed or resized -> 2 frames
//   a scroll area is moving (a flick slowing down, a page from "More below") -> a frame at a time
//   (preview) kiosk-author sent a rebuilt pack or errors -> applied, then 2 frames

#include <imgui.h>

#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"
#include "platform/fonts.h"
#include "platform/screenshot.h"

namespace kiosk::app {
namespace {

constexpr core::TimeMs kMaxSleepMs = 60000;       // wake at least once a minute even with nothing due
constexpr core::TimeMs kInboxEveryMs = 5000;      // a new pack in the inbox is taken within seconds on attract
constexpr core::TimeMs kRetentionEveryMs = 3600 * 1000;  // records age by days: hourly is prompt enough
constexpr std::size_t kMaxFrameSamples = 1 << 20;

std::string Percentiles(std::vector<double> values) {
    if (values.empty()) return "none";
    std::sort(values.begin(), values.end());
    auto at = [&](double p) { return values[std::min(values.size() - 1, static_cast<std::size_t>(p * values.size()))]; };
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, "p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu)", at(0.50), at(0.99),
                  values.back(), values.size());
    return buffer;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Frame loop
//-----------------------------------------------------------------------------

void App::HandleEvent(const SDL_Event& event) {
    switch (event.type) {
        case SDL_QUIT:
            m_quit = true;
            return;
        case SDL_WINDOWEVENT:
            switch (event.window.event) {
                case SDL_WINDOWEVENT_EXPOSED:
                case SDL_WINDOWEVENT_SHOWN:
                case SDL_WINDOWEVENT_RESTORED:
                case SDL_WINDOWEVENT_SIZE_CHANGED:
                    m_framesWanted = std::max(m_framesWanted, kFramesAfterChange);
                    m_fullRedraw = true;  // the window system may have lost our pixels
                    break;
                default:
                    break;
            }
            break;
        case SDL_KEYDOWN:
            // Only a developer's window closes with Escape; a full-screen kiosk has no keyboard way out.
            if (m_options.windowed && event.key.keysym.sym == SDLK_ESCAPE) m_quit = true;
            break;
        default:
            break;
    }
    if (event.type == SDL_FINGERUP || (event.type == SDL_MOUSEBUTTONUP && event.button.which != SDL_TOUCH_MOUSEID)) {
        // When the finger left the glass (SDL stamps its events in ms), not when the loop got to it.
        const Uint32 age = SDL_GetTicks() - event.common.timestamp;
        m_tapAt = std::chrono::steady_clock::now() - std::chrono::milliseconds(age < 10000 ? age : 0);
        m_tapAnswered = false;
    }
    m_window.ProcessEvent(event);
    if (m_input.HandleEvent(event, m_window.Width(), m_window.Height())) {
        ApplyIntent(core::intent::Touch{});  // someone is there: resets the idle timer, cancels the countdown
    }
}

void App::PumpEvents(int timeout_ms) {
    SDL_Event event;
    if (timeout_ms > 0 && SDL_WaitEventTimeout(&event, timeout_ms)) HandleEvent(event);
    while (!m_quit && SDL_PollEvent(&event)) HandleEvent(event);
}

// How long the loop may sleep: until the session's next deadline or a records retry, at most a minute.
// `due` is when the session deadline falls, fixed now so that waking late still counts as due.
int App::WaitTimeoutMs(core::TimeMs& due) const {
    core::TimeMs now = Now();
    core::TimeMs wait = core::NextDeadline(m_state, m_config, now);
    if (wait <= 0 && m_deadlineStuck) wait = 250;  // never spin on a deadline that does not move
    wait = std::clamp<core::TimeMs>(wait, 0, kMaxSleepMs);
    due = now + wait;
    if (m_queue.Pending() > 0) wait = std::min(wait, std::max<core::TimeMs>(0, m_retryAt - now));
    if (m_state.screen == core::Screen::Attract) wait = std::min(wait, std::max<core::TimeMs>(0, m_inboxCheckAt - now));
    if (m_usbPending != UsbAction::None) wait = 0;
    return static_cast<int>(wait);
}

void App::RunTimers(core::TimeMs due) {
    core::TimeMs now = Now();
    if (now >= due) {
        ApplyIntent(core::intent::Tick{});
        bool stuck = core::NextDeadline(m_state, m_config, Now()) <= 0;
        if (stuck && !m_deadlineStuck) Log("the session's next deadline did not move after a tick; slowing down");
        m_deadlineStuck = stuck;
    }
    if (m_queue.Pending() > 0 && now >= m_retryAt) FlushRecords();
    if (now >= m_inboxCheckAt) {
        m_inboxCheckAt = now + kInboxEveryMs;
        CheckInbox();
    }
    if (now >= m_retentionAt && m_state.screen == core::Screen::Attract) {
        m_retentionAt = now + kRetentionEveryMs;
        ApplyRetention();
    }
    RunUsbAction();
}

void App::DrawFrame(const std::string* screenshot_path, const std::string& crop_widget) {
    auto started = std::chrono::steady_clock::now();
    const unsigned wanted = platform::FontsFor(m_state.accessibility.text_size);
    if ((wanted & ~platform::FullFonts()) && !m_fontsStuck) {
        // A text size the atlas was baked lean for (see Start): bake its fonts whole before drawing with
        // them. Should that fail (an atlas too large for the GPU), the atlas that worked is baked again.
        const auto baking = std::chrono::steady_clock::now();
        const unsigned before = platform::FullFonts();
        if (auto error = RebakeFonts(before | wanted)) {
            Log(*error + "; this text size keeps the characters baked so far");
            m_fontsStuck = true;
            if (auto again = RebakeFonts(before)) Log(*again);
        }
        m_fullRedraw = true;
        m_fontBakeMs.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - baking).count());
    }
    if (!m_themeApplied || !(*m_themeApplied == m_state.accessibility)) {
        ui::ApplyTheme(m_state.accessibility);
        m_themeApplied = m_state.accessibility;
    }
    m_window.BeginBackendFrame();
    m_input.ApplyToImGui();  // after the backend, which writes the real pointer over io.Mouse*
    ImGui::NewFrame();
    std::vector<core::Intent> intents;
    ui::DrawKiosk(ui::Frame{m_state, m_config, Now(), m_services}, intents);
    if (m_options.preview) ui::DrawPreviewOverlay(m_previewStatus, m_previewErrors);
    // Software GL pays for every pixel: when the screen would look exactly as it did, draw nothing, and
    // when only the film's picture is new, draw only the picture's rectangle (if the back buffer keeps
    // the rest across a swap). Screenshots always get a whole frame.
    const std::uint64_t look = m_window.EndImGuiFrame();
    const auto laid_out = std::chrono::steady_clock::now();
    const std::uint64_t layout = LayoutKey();
    const bool same_layout = layout == m_lastLayout;
    m_lastLayout = layout;
    const bool same_look = look == m_lastLook && !m_fullRedraw && !screenshot_path;
    m_lastLook = look;
    m_fullRedraw = false;
    const ui::WidgetRect* picture = m_filmPictureDirty ? ui::FindWidget("film.video") : nullptr;
    bool render = true;
    // A tap asked for something: the state it makes replaces this frame at once, so draw that next frame
    // instead of this one (a whole frame of software GL is about 20 ms at 1920x1080, and the tap's answer
    // reaches the glass that much sooner). Once per tap: a screen that asks for something by itself is
    // still drawn.
    const bool answering_tap = !intents.empty() && m_tapAt && !m_tapAnswered && !screenshot_path && m_firstFrameShown;
    std::optional<platform::Region> region;
    std::optional<platform::Region> row_region;  // a second, separate region: the film's progress row
    if (answering_tap) {
        // What is on glass is now not this frame's look or layout: the next frame is drawn whole.
        render = false;
        m_lastLook = 0;
        m_lastLayout = 0;
        m_fullRedraw = true;
    } else if (same_look && !m_filmPictureDirty) {
        render = false;
    } else if (same_look && picture && m_window.KeepsBackBuffer()) {
        region = platform::Region{picture->min.x, picture->min.y, picture->max.x, picture->max.y};
    } else if (m_filmRowsOnly && same_layout && !screenshot_path && m_window.KeepsBackBuffer()) {
        // Only the film's clock, progress or caption moved: redraw the picture (caption included) and the
        // progress row, each as its own region, and nothing around them.
        const ui::WidgetRect* video = ui::FindWidget("film.video");
        const ui::WidgetRect* row = ui::FindWidget("film.progress");
        if (video && row) {
            picture = video;
            region = platform::Region{video->min.x, video->min.y, video->max.x, video->max.y};
            row_region = platform::Region{row->min.x, row->min.y, row->max.x, row->max.y};
        }
    }
    m_filmRowsOnly = false;
    m_filmPictureDirty = false;
    // A USB action waits until the screen says "do not take the stick out" (kiosk_app_usb.cpp).
    const bool usb_busy_drawn = m_usbPending != UsbAction::None && ui::FindWidget("admin.usb.busy");
    if (!render) {
        // A frame left undrawn for a tap's answer was never on glass: the next one must be drawn.
        if (usb_busy_drawn && !answering_tap) m_usbShown = true;
        if (answering_tap) m_framesWanted = std::max(m_framesWanted, 1);
        else if (m_framesWanted > 0) --m_framesWanted;
        m_intentsLastFrame = intents.size();
        ApplyTapIntents(intents);
        return;
    }
    if (m_openPending) {
        // The screen a tap opened is laid out: its work is done, and what is left is software GL's.
        const double layout_ms = std::chrono::duration<double, std::milli>(laid_out - started).count();
        if (m_openPending->what == Opened::Module) m_moduleOpenMs.push_back(m_openPending->apply_ms + layout_ms);
        if (m_openPending->what == Opened::Scene) m_sceneOpenMs.push_back(m_openPending->apply_ms + layout_ms);
        m_openPending.reset();
    }
    const platform::OpaquePicture film_texture =
        m_film ? platform::OpaquePicture{m_film->Texture().id, m_film->TextureWidth(), m_film->TextureHeight()}
               : platform::OpaquePicture{};
    // A region is either the whole screen or exactly the picture, which then hides what lies under it.
    m_window.RenderDrawData(region, film_texture, region.has_value());
    if (row_region) m_window.RenderDrawData(row_region, film_texture, false);
    // Later pictures come scaled to the size the layout gives the picture, so they can be copied 1:1.
    if (m_film) m_film->ShowAt(m_window.PictureShownWidth(), m_window.PictureShownHeight());
    if (region) ++m_partialFrames;
    if (screenshot_path) {
        std::optional<platform::PixelRect> crop;
        if (const ui::WidgetRect* widget = crop_widget.empty() ? nullptr : ui::FindWidget(crop_widget)) {
            // Widget rectangles are in window points; the back buffer is in pixels (HiDPI may differ).
            float sx = static_cast<float>(m_window.DrawableWidth()) / std::max(1, m_window.Width());
            float sy = static_cast<float>(m_window.DrawableHeight()) / std::max(1, m_window.Height());
            crop = platform::PixelRect{static_cast<int>(widget->min.x * sx), static_cast<int>(widget->min.y * sy),
                                       static_cast<int>((widget->max.x - widget->min.x) * sx),
                                       static_cast<int>((widget->max.y - widget->min.y) * sy)};
        }
        if (auto error = platform::SaveBackBufferPng(*screenshot_path, m_window.DrawableWidth(),
                                                     m_window.DrawableHeight(), crop)) {
            Log("screenshot " + *screenshot_path + ": " + *error);
        }
    }
    // A frame drawn as regions (the film's picture and progress row) shows as just those regions.
    std::vector<platform::Region> changed;
    if (region && !screenshot_path) changed.push_back(*region);
    if (row_region && !changed.empty()) changed.push_back(*row_region);
    m_window.Swap(changed);
    if (m_tapAt) {
        // The first frame drawn from the state a tap's intents made is the next screen on glass. A tap
        // that asked for nothing (a tap beside every button) is not counted.
        const auto now = std::chrono::steady_clock::now();
        if (m_tapAnswered) m_tapToScreenMs.push_back(std::chrono::duration<double, std::milli>(now - *m_tapAt).count());
        if (m_tapAnswered || now - *m_tapAt > std::chrono::seconds(2)) m_tapAt.reset();
    }
    if (usb_busy_drawn) m_usbShown = true;
    if (m_previewTiming) ReportPreviewTiming();
    if (!m_firstFrameShown) {
        m_firstFrameShown = true;
        // tools/bench/vs-web times a cold start by this line: it goes out the moment the first frame is up.
        if (m_options.stats) {
            MarkStartup("first frame");
            std::string phases;
            double before = 0;
            for (const auto& [name, ms] : m_startupMarks) {
                phases += (phases.empty() ? "" : ", ") + std::string(name) + " " + std::to_string(std::lround(ms - before));
                before = ms;
            }
            std::printf("startup: first frame on screen %.0f ms after main() (%s ms; pack and records on a second "
                        "thread, done %.0f ms after main())\n", before, phases.c_str(), m_packLoadMs);
            std::fflush(stdout);
        }
        m_window.FinishOpening();
        // Start-up's passing buffers (font files, the atlas before upload, the pack's rows, shader
        // compiles) are freed by now, but glibc keeps the pages of freed chunks below the heap's top, and
        // of the loader thread's own arena: give them back once the first screen is up.
        malloc_trim(0);
    }
    m_textures->EndFrame();
    if (m_framesWanted > 0) --m_framesWanted;
    if (ui::ScrollMoving()) m_framesWanted = std::max(m_framesWanted, 1);  // a flick or page still moving
    RecordFrameTime(started);
    m_intentsLastFrame = intents.size();
    ApplyTapIntents(intents);
}

// Applies a frame's intents; when they answer a tap, also times them and notes what they opened (a
// module, or another scene of the same module) for the open figures DrawFrame completes.
void App::ApplyTapIntents(const std::vector<core::Intent>& intents) {
    const bool tap = m_tapAt && !intents.empty() && !m_tapAnswered;
    if (m_tapAt && !intents.empty()) m_tapAnswered = true;
    if (!tap || !m_options.stats) {
        for (const core::Intent& intent : intents) ApplyIntent(intent);
        return;
    }
    auto where = [this]() -> std::optional<std::pair<std::size_t, std::size_t>> {
        if (!m_state.run) return std::nullopt;
        return std::pair{m_state.run->module_index, m_state.run->scene_index};
    };
    const auto before = where();
    const auto applying = std::chrono::steady_clock::now();
    for (const core::Intent& intent : intents) ApplyIntent(intent);
    const auto after = where();
    PendingOpen pending;
    pending.apply_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - applying).count();
    if (after && (!before || before->first != after->first)) pending.what = Opened::Module;
    else if (after && before && before->second != after->second) pending.what = Opened::Scene;
    m_openPending = pending;
}

// Where every widget is (and what it says, except the film's caption and clock, which may change in a
// frame that redraws only them): equal keys mean nothing else moved, not even by a scrollbar coming or going.
std::uint64_t App::LayoutKey() const {
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const void* bytes, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(bytes);
        for (std::size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
    };
    for (const ui::WidgetRect& w : ui::Widgets()) {
        if (w.id == "film.caption") continue;  // drawn inside the picture, which is redrawn with it
        mix(w.id.data(), w.id.size());
        mix(&w.min, sizeof w.min);
        mix(&w.max, sizeof w.max);
        mix(&w.enabled, sizeof w.enabled);
        if (w.id != "film.progress") mix(w.label.data(), w.label.size());
    }
    return h;
}

std::tuple<std::int64_t, std::int64_t, bool, const void*> App::FilmLook() {
    const core::Scene* scene = core::CurrentScene(m_state, m_config);
    if (!scene || scene->kind != core::SceneKind::Film) return {};
    const core::FilmState& film = m_state.run->film;
    const void* cue = nullptr;
    if (m_state.accessibility.captions && !scene->captions.empty()) {
        auto captions = scene->captions.find(m_state.language);
        if (captions == scene->captions.end()) captions = scene->captions.begin();
        if (const core::WebVtt* vtt = Captions(captions->second))
            cue = core::CueAt(*vtt, static_cast<int>(film.position_ms));
    }
    return {film.position_ms / 1000, film.watched_ms / 1000, film.playing, cue};
}

void App::DrawPictureOnly() {
    m_filmPictureDirty = false;
    const ui::WidgetRect* picture = ui::FindWidget("film.video");
    if (!picture || !m_film || !m_window.KeepsBackBuffer()) {
        // No way to draw just the picture here: draw the whole frame (its picture is already uploaded).
        m_filmPictureDirty = true;
        DrawFrame();
        return;
    }
    // ImGui's last frame is still valid (no NewFrame since), and nothing but the picture has changed. So
    // the caption on it has not changed either: the caption box is solid, and what lies inside it stays
    // as the last frame left it. Only the picture around it is redrawn.
    auto started = std::chrono::steady_clock::now();
    const platform::Region whole{picture->min.x, picture->min.y, picture->max.x, picture->max.y};
    std::vector<platform::Region> regions{whole};
    // On a HiDPI screen the box's whole points need not be whole pixels: the picture is redrawn whole there.
    const bool one_to_one = m_window.DrawableWidth() == m_window.Width();
    if (const ui::WidgetRect* caption = one_to_one ? ui::FindWidget("film.caption") : nullptr) {
        // Whole pixels inside the box, so no pixel is left half drawn.
        const platform::Region hole{std::ceil(caption->min.x), std::ceil(caption->min.y), std::floor(caption->max.x),
                                    std::floor(caption->max.y)};
        regions = platform::RegionsAround(whole, hole);
        if (regions.empty()) return;  // the caption hides all of the picture
    }
    const platform::OpaquePicture film{m_film->Texture().id, m_film->TextureWidth(), m_film->TextureHeight()};
    for (const platform::Region& region : regions) m_window.RenderDrawData(region, film);
    m_window.Swap(regions);
    ++m_partialFrames;
    RecordFrameTime(started);
}

void App::LoopUntil(std::optional<std::chrono::steady_clock::time_point> until) {
    while (!m_quit) {
        core::TimeMs due = 0;
        int timeout = WaitTimeoutMs(due);
        if (until) {
            auto left = std::chrono::ceil<std::chrono::milliseconds>(*until - std::chrono::steady_clock::now()).count();
            if (left <= 0) return;
            timeout = static_cast<int>(std::min<core::TimeMs>(timeout, left));
        }
        if (WantsFrame()) timeout = 0;
        // A playing film wakes the loop with each picture; this only bounds the wait if pictures stop.
        if (FilmPlaying()) timeout = std::min(timeout, 250);
        PumpEvents(timeout);
        if (m_previewLink) TakePreviewUpdates();
        RunTimers(due);
        SyncFilm();
        TrackFilmPlaying();
        if (WantsFrame()) DrawFrame();
        else if (m_filmPictureDirty) DrawPictureOnly();
    }
}

void App::MarkStartup(const char* phase) {
    m_startupMarks.emplace_back(
        phase, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_clockStart).count());
}

void App::PrintStats() {
    TrackFilmPlaying(true);  // still playing at exit: close the last stretch
    if (m_playingWallS > 0) {
        std::printf("film: tap to first frame %s\n", Percentiles(m_tapToFrameMs).c_str());
        if (!m_tapToFrameWarmMs.empty())
            std::printf("film: tap to first frame, later plays %s\n", Percentiles(m_tapToFrameWarmMs).c_str());
        std::printf("film: frame time while playing %s\n", Percentiles(m_filmFrameMs).c_str());
        std::printf("film: cpu while playing %.1f %% of one core over %.1f s (%zu frames drawn, %zu of them only "
                    "the picture)\n",
                    m_playingCpuS / m_playingWallS * 100.0, m_playingWallS, m_filmFrameMs.size(), m_partialFrames);
        std::printf("film: frames shown by copying only what changed to the screen %llu\n",
                    static_cast<unsigned long long>(m_window.PartialPresents()));
        if (m_film)
            std::printf("film: pictures converted from VLC's 4:2:0 planes to BGRA by libyuv %llu (%llu of them scaled "
                        "to the size shown), uploaded to the texture %llu\n",
                        static_cast<unsigned long long>(m_film->FramesConverted()),
                        static_cast<unsigned long long>(m_film->FramesScaled()),
                        static_cast<unsigned long long>(m_film->FramesUploaded()));
        std::printf("film: pictures put on screen by a 1:1 copy %llu, by drawing them scaled %llu\n",
                    m_window.PicturesCopied(), m_window.PicturesDrawn());
    }
    std::printf("frames: frame time %s\n", Percentiles(m_frameMs).c_str());
    if (!m_tapToScreenMs.empty())
        std::printf("taps: tap to the next screen on glass %s\n", Percentiles(m_tapToScreenMs).c_str());
    // tools/bench/large-pack reads these: the kiosk's own work to open a module or a scene, before GL.
    if (!m_moduleOpenMs.empty()) std::printf("open: a module's first screen, work %s\n", Percentiles(m_moduleOpenMs).c_str());
    if (!m_sceneOpenMs.empty()) std::printf("open: the next scene, work %s\n", Percentiles(m_sceneOpenMs).c_str());
    if (!m_fontBakeMs.empty())
        std::printf("fonts: baked whole for a new text size %s\n", Percentiles(m_fontBakeMs).c_str());
}

void App::RecordFrameTime(std::chrono::steady_clock::time_point started) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (m_frameMs.size() < kMaxFrameSamples) m_frameMs.push_back(ms);
    if (FilmPlaying() && m_filmFrameMs.size() < kMaxFrameSamples) m_filmFrameMs.push_back(ms);
}

}  // namespace kiosk::app
