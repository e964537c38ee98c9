// The kiosk as kiosk-author preview runs it (see App in kiosk_app.h, and options.h): no records DB and
// no staff key, a sitting that opens on the scene being edited, and packs rebuilt on every save that
// replace the one on screen while the frame loop runs.
//
// A reload swaps m_pack in place (SessionConfig keeps pointing at the member), so everything that
// refers into the old pack or its file is let go first: the film player and the image textures read
// the old file, the caption caches hold its cues, m_lastScene and m_site point into it, and the
// session's module and scene indices are re-found by id (core/control/preview_session.h).
#include <array>
#include <chrono>
#include <cstdio>
#include <random>

#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"
#include "core/pack/pack_io.h"
#include "core/control/preview_session.h"
#include "platform/fonts.h"
#include "ui/ui_text.h"

namespace kiosk::app {
namespace {

constexpr int kPreviewIdleSeconds = 24 * 3600;  // a trainer reading their TOML is not a learner walking away

std::int64_t NowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

long Ms(std::int64_t ns) { return static_cast<long>((ns + 500'000) / 1'000'000); }

}  // namespace

void App::PreparePreviewPack(core::PackData& pack) {
    if (pack.sites.empty()) {
        // Sites are deployment files a trainer may not have: a stand-in lets the content be seen.
        core::Site site;
        site.id = "preview";
        site.languages = pack.languages;
        pack.sites.push_back(std::move(site));
    }
    for (core::Site& site : pack.sites) site.idle_timeout_s = kPreviewIdleSeconds;
}

std::optional<int> App::StartPreview() {
    // The hash of a staff number typed in a preview (after "Finish", a new sitting asks for one) goes
    // nowhere; a key made up now and never stored keeps the real one out of a trainer's machine.
    std::array<std::uint8_t, core::StaffKey::kSize> bytes{};
    std::random_device random;
    for (std::uint8_t& byte : bytes) byte = static_cast<std::uint8_t>(random());
    m_staffKey.emplace(core::StaffKey::FromBytes(bytes));
    Log("preview: nothing is recorded (no records database, no staff key)");
    return std::nullopt;
}

void App::TakePreviewUpdates() {
    std::vector<core::PreviewUpdate> updates = m_previewLink->Take();
    // Only the newest pack matters, and kiosk-author deletes packs two builds old: a kiosk that fell
    // behind must not try to open one of those.
    std::size_t from = 0;
    for (std::size_t i = 0; i < updates.size(); ++i)
        if (!updates[i].pack.empty()) from = i;
    m_previewUpdates += from;
    for (std::size_t i = from; i < updates.size(); ++i) {
        const core::PreviewUpdate& update = updates[i];
        if (!update.pack.empty()) {
            ReloadPack(update);
        } else {
            m_previewErrors = update.errors;
        }
        ++m_previewUpdates;
        m_previewTiming = PreviewTiming{core::PreviewUpdate{update.changed, update.changed_ns, update.build_ns,
                                                            update.sent_ns, {}, {}},
                                        NowNs(), m_previewErrors.size()};
        m_framesWanted = std::max(m_framesWanted, kFramesAfterChange);
        m_fullRedraw = true;
    }
    if (std::string closed = m_previewLink->Closed(); !closed.empty() && !m_quit) {
        Log("preview: " + closed + "; closing the preview");
        m_quit = true;
    }
}

void App::ReloadPack(const core::PreviewUpdate& update) {
    auto read = core::ReadPack(update.pack, false);
    if (const auto* error = std::get_if<std::string>(&read)) {
        // kiosk-author wrote it a moment ago: this is a bug or a full disk, and the trainer should see it.
        m_previewErrors = {core::PreviewError{"cannot open the rebuilt pack: " + *error, {}, 0, 0, {}}};
        Log("preview: cannot open the rebuilt pack: " + *error);
        return;
    }
    core::PackData fresh = std::move(std::get<core::PackData>(read));
    PreparePreviewPack(fresh);
    const bool fonts_cover = platform::AtlasCovers(fresh);
    // Where the learner is, by id, while the old pack is still there to say.
    const core::PreviewPlace place = core::PreviewWhere(m_state, m_config);
    const std::string site_id = m_site ? m_site->id : std::string();

    // Let go of everything that refers into the old pack or reads its file.
    if (m_film) m_film->Unload();
    if (m_textures) m_textures->Clear();
    m_textures = std::make_unique<platform::TextureCache>(update.pack, m_window.MaxTextureSize());
    m_transcripts.clear();
    m_captions.clear();
    m_lastScene = nullptr;

    m_pack = std::move(fresh);  // m_config.pack points at this member, so it sees the new pack
    m_options.pack = update.pack;
    m_site = &m_pack.sites.front();
    for (const core::Site& site : m_pack.sites)
        if (site.id == site_id) m_site = &site;
    m_config.site = m_site;
    core::PreviewFound found = core::PreviewFound::Same;
    m_state = core::PreviewRestore(std::move(m_state), m_config, place, Now(), &found);
    m_state.outbox.clear();  // re-entering an end scene finishes the module again: nothing to record
    m_state.unsaved = 0;
    m_lastScene = core::CurrentScene(m_state, m_config);
    if (found == core::PreviewFound::SceneGone) {
        Log("preview: scene '" + place.scene + "' is no longer in module '" + place.module + "'; showing its start");
    } else if (found == core::PreviewFound::ModuleGone) {
        Log("preview: module '" + place.module + "' is no longer in the content; showing the menu");
    }

    if (!fonts_cover) {
        // New characters (a Welsh ŵ, a curly quote): the atlas is rebuilt, which takes longer than a reload.
        if (auto error = RebakeFonts(platform::FullFonts())) Log("preview: " + *error);
        else Log("preview: new characters in the content: fonts rebuilt");
    }
    m_previewErrors.clear();
}

void App::ReportPreviewTiming() {
    const PreviewTiming timing = std::move(*m_previewTiming);
    m_previewTiming.reset();
    const core::PreviewUpdate& u = timing.update;
    const std::int64_t shown = NowNs();
    const long total = Ms(shown - u.changed_ns);
    char line[512];
    if (timing.errors == 0) {
        std::snprintf(line, sizeof line,
                      "reloaded in %ld ms (%s; waiting for the save to settle %ld, compiling %ld, loading %ld, drawing %ld)",
                      total, u.changed.empty() ? "content" : u.changed.c_str(), Ms(u.build_ns - u.changed_ns),
                      Ms(u.sent_ns - u.build_ns), Ms(timing.applied_ns - u.sent_ns), Ms(shown - timing.applied_ns));
        m_previewStatus = "reloaded in " + std::to_string(total) + " ms";
    } else {
        std::snprintf(line, sizeof line, "%zu error%s shown in %ld ms (%s)", timing.errors, timing.errors == 1 ? "" : "s",
                      total, u.changed.empty() ? "content" : u.changed.c_str());
        m_previewStatus = std::to_string(timing.errors) + (timing.errors == 1 ? " error" : " errors");
    }
    Log("preview: " + std::string(line));
    m_framesWanted = std::max(m_framesWanted, 1);  // the banner's new words
}

}  // namespace kiosk::app
