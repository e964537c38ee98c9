// The kiosk application (see kiosk_app.h). App's code is split by concern, one file each; this file keeps
// construction, start-up and Run, and the others are named in the index below.
//
// [SECTION] Start-up        this file: script, pack, site, staff key, records DB, window, fonts, services
// [SECTION] Clock and state kiosk_app_state.cpp: the only code that changes the session state; records go
//                           out after each step
// [SECTION] Film            kiosk_app_film.cpp: the player follows the session's film state
// [SECTION] Frame loop      kiosk_app_loop.cpp: wait for events or the next deadline; draw only when something
//                           changed (its opening table says when the loop draws)
// [SECTION] Scripted mode   kiosk_app_script.cpp: the same loop and input path, driven by a script
//
// Also App's: kiosk_app_pack.cpp (which pack runs), kiosk_app_preview.cpp (kiosk-author preview),
// kiosk_app_inbox.cpp (a pack kiosk-sync fetched), kiosk_app_usb.cpp (the admin's USB stick). What these
// files share is in kiosk_app_internal.h.
#include "app/kiosk_app.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>

#include "app/kiosk_app_internal.h"
#include "core/pack/pack_io.h"
#include "core/control/preview_session.h"
#include "core/util/uuid.h"
#include "sync/sync_status_text.h"
#include "platform/fonts.h"
#include "core/trust/admin_credential.h"
#include "core/session/webvtt.h"
#include "ui/ui_text.h"

namespace kiosk::app {
namespace {

constexpr std::size_t kMaxScriptBytes = 1 << 20;

}  // namespace

App::App(Options options) : m_options(std::move(options)), m_clockStart(std::chrono::steady_clock::now()) {}

App::~App() {
    // GL objects go while the context still exists (m_window is destroyed after these members anyway,
    // but say it plainly).
    m_film.reset();
    m_textures.reset();
    m_speech.reset();
}

//-----------------------------------------------------------------------------
// [SECTION] Start-up
//-----------------------------------------------------------------------------

// Bakes the font atlas again, with the fonts in `full` whole, and uploads it (even after an error: the
// old texture no longer matches whatever the atlas now holds). The theme is applied again before the
// next frame, since it holds pointers to the old fonts.
std::optional<std::string> App::RebakeFonts(unsigned full) {
    auto fonts = platform::LoadFonts(m_pack, ui::AllInterfaceText(), m_window.MaxTextureSize(), full);
    const bool uploaded = m_window.ReuploadFonts();
    m_themeApplied.reset();
    if (const auto* error = std::get_if<std::string>(&fonts)) return *error;
    if (!uploaded) return std::string("cannot upload the new font atlas to the GPU");
    return std::nullopt;
}

// Everything Start reads before the window: the pack (its signature checked), the staff key, the
// records DB and the admin gate. It touches no SDL or GL, so Start runs it beside Window::Open.
std::optional<int> App::OpenPackAndRecords() {
    // A kiosk opens its records DB before its pack: the DB records which signed pack is installed and
    // the oldest version it may run (kiosk_app_pack.cpp). --dev and --preview read --pack first, so a
    // pack that cannot be read leaves no files behind.
    if (m_options.dev) {
        if (auto code = LoadPack()) return code;
    }
    if (!m_options.preview) {
        auto key = core::LoadOrCreateStaffKey(m_options.staff_key);
        if (const auto* error = std::get_if<std::string>(&key)) {
            Log("staff key " + m_options.staff_key + ": " + *error);
            return 2;
        }
        m_staffKey.emplace(std::move(std::get<core::StaffKey>(key)));

        auto db = core::RecordsDb::Open(m_options.db, m_dbReport);
        if (const auto* error = std::get_if<std::string>(&db)) {
            Log("cannot open the records database: " + *error);  // the message names the file
            return 2;
        }
        m_db.emplace(std::move(std::get<core::RecordsDb>(db)));
        // Sittings a kill or a power cut left open would stay "in progress" in every report for ever.
        auto closed = m_db->CloseInterruptedSittings();
        if (auto* n = std::get_if<std::int64_t>(&closed); n && *n > 0)
            Log("closed " + std::to_string(*n) + " sitting" + (*n == 1 ? "" : "s") +
                " cut off when the kiosk last stopped (recorded as abandoned, ended at the last answer)");
        else if (auto* e = std::get_if<std::string>(&closed))
            Log("could not close sittings cut off when the kiosk last stopped: " + *e);
        UpdateClockFloor(true);
    }
    StartAdminGate();
    if (!m_options.dev) {
        if (auto code = LoadPack()) return code;
    }
    if (m_options.preview) PreparePreviewPack(m_pack);
    if (m_pack.sites.empty()) {
        Log("the pack " + m_options.pack + " has no site config; add one under content/sites/ and rebuild it");
        return 2;
    }
    if (m_options.site.empty()) {
        m_site = &m_pack.sites.front();
    } else {
        for (const core::Site& site : m_pack.sites) {
            if (site.id == m_options.site) m_site = &site;
        }
        if (!m_site) {
            std::string ids;
            for (const core::Site& site : m_pack.sites) ids += (ids.empty() ? "" : ", ") + site.id;
            Log("site '" + m_options.site + "' is not in the pack; its sites are: " + ids);
            return 2;
        }
    }

    if (m_options.preview) {
        // A preview opens no records DB and no key file at all: nothing of it can reach a kiosk's records.
        if (auto code = StartPreview()) return code;
    }
    return std::nullopt;
}

std::optional<int> App::Start() {
    // The script first: a script that cannot run is the only thing said, before any pack or DB is touched.
    if (!m_options.script.empty()) {
        std::ifstream in(m_options.script, std::ios::binary);
        if (!in) {
            Log("cannot read the script " + m_options.script);
            return 2;
        }
        std::string text;
        text.resize(kMaxScriptBytes + 1);
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxScriptBytes) {
            Log(m_options.script + ": larger than 1 MiB; is this really a script?");
            return 2;
        }
        core::ParsedScript parsed = core::ParseScript(text, m_options.script);
        for (const std::string& error : parsed.errors) std::fprintf(stderr, "%s\n", error.c_str());
        if (!parsed.errors.empty()) return 2;
        m_script = std::move(parsed.commands);
        bool has_screenshots = std::any_of(m_script.begin(), m_script.end(), [](const core::ScriptCommand& c) {
            return c.kind == core::ScriptCommand::Kind::Screenshot || c.kind == core::ScriptCommand::Kind::DumpText;
        });
        if (has_screenshots) {
            if (m_options.screenshot_dir.empty()) {
                Log(m_options.script + " takes screenshots: add --screenshot-dir DIR");
                return 2;
            }
            std::error_code ec;
            std::filesystem::create_directories(m_options.screenshot_dir, ec);
            if (ec) {
                Log("cannot create " + m_options.screenshot_dir + ": " + ec.message());
                return 2;
            }
        }
    }

    // The pack and the records DB are read, and the pack's signature checked, on a second thread while
    // this one opens the window: neither needs the other, and the window's library loading and GL set-up
    // (about 70 ms) then hide them, so a pack ten times the sample starts about as fast. Nothing is drawn
    // before both are done; a pack or DB that fails still says why first, and the window closes with App.
    auto loading = std::async(std::launch::async, [this] {
        auto code = OpenPackAndRecords();
        m_packLoadMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_clockStart).count();
        return code;
    });
    platform::WindowOptions window_options;
    window_options.fullscreen = !m_options.windowed;
    window_options.width = m_options.width;
    window_options.height = m_options.height;
    if (m_options.preview) window_options.title = "Preview (nothing is recorded)";
    auto window_error = m_window.Open(window_options);
    MarkStartup("window and GL");
    // While the pack may still be loading, bake the fonts for every character the screens and the usual
    // languages need (Latin-1, Latin Extended-A, typographic marks). A pack that uses no other character,
    // as English and Welsh packs do, gets exactly the atlas it would have got after it was read; one that
    // does (another script) has its atlas baked again below. Whole only the fonts the first screens draw
    // with at the starting text size (DrawFrame bakes the rest when a learner chooses another size).
    const unsigned first_fonts = platform::FontsFor(m_state.accessibility.text_size);
    std::variant<platform::FontReport, std::string> fonts = std::string();
    if (!window_error)
        fonts = platform::LoadFonts(core::PackData{}, ui::AllInterfaceText(), m_window.MaxTextureSize(), first_fonts);
    MarkStartup("fonts");
    if (auto code = loading.get()) return code;
    if (window_error) {
        Log(*window_error);
        return 2;
    }
    MarkStartup("then pack and records");
    if (m_db) {
        std::string line = "records " + m_options.db + (m_dbReport.created ? " (new)" : "") + ", schema v" +
                           std::to_string(m_dbReport.schema_version);
        if (!m_dbReport.quarantined_to.empty()) {
            line += "; QUARANTINED a damaged DB to " + m_dbReport.quarantined_to + " (" + m_dbReport.quarantine_reason +
                    ")";
        }
        Log(line);
    }

    if (std::holds_alternative<platform::FontReport>(fonts) && !platform::AtlasCovers(m_pack))
        fonts = platform::LoadFonts(m_pack, ui::AllInterfaceText(), m_window.MaxTextureSize(), first_fonts);
    if (const auto* error = std::get_if<std::string>(&fonts)) {
        Log(*error);
        return 2;
    }
    const auto& report = std::get<platform::FontReport>(fonts);
    if (!m_window.UploadFonts()) {
        Log("cannot upload the font atlas to the GPU");
        return 2;
    }
    MarkStartup("the pack's characters checked, atlas uploaded");
    Log("fonts " + std::filesystem::path(report.body_file).filename().string() + " / " +
        std::filesystem::path(report.heading_file).filename().string() + ", " + std::to_string(report.fonts) +
        " sizes (" + std::to_string(report.full_fonts) + " with every character), " + std::to_string(report.glyphs) + " characters" +
        (report.missing ? " (" + std::to_string(report.missing) + " not in the font)" : "") + ", atlas " +
        std::to_string(report.atlas_width) + "x" + std::to_string(report.atlas_height) + " (" +
        std::to_string(m_window.FontTextureBytes() / 1024) + " KiB on the GPU; max texture " +
        std::to_string(m_window.MaxTextureSize()) + ")");

    m_textures = std::make_unique<platform::TextureCache>(m_options.pack, m_window.MaxTextureSize());
    m_speech = std::make_unique<platform::Speech>(m_options.audio, m_options.speech_to);
    Log("window " + std::to_string(m_window.Width()) + "x" + std::to_string(m_window.Height()) + " on " +
        m_window.VideoDriver() + " (" + m_window.GlRenderer() + "), vsync " + (m_window.HasVsync() ? "on" : "off") +
        "; read aloud " + m_speech->Status());

    m_services.image = [this](const std::string& path) { return m_textures->Image(path); };
    m_services.qr = [this](const std::string& text) { return m_textures->Qr(text); };
    if (m_speech->Available()) {  // left empty otherwise, so the display settings show no read aloud
        m_services.speak = [this](const std::string& text, const std::string& language) {
            m_speech->Speak(text, language);
        };
    }
    m_services.admin_summary = [this] { return AdminSummary(); };
    m_services.export_records = [this] { ExportRecords(); };
    if (!m_options.preview) {
        m_services.usb_export = [this] { StartUsbAction(UsbAction::Export); };
        m_services.usb_install = [this] { StartUsbAction(UsbAction::Install); };
    }
    m_services.usb_outcome = [this] { return m_usbOutcome; };
    m_services.transcript = [this](const std::string& asset) { return Transcript(asset); };
    m_services.captions = [this](const std::string& asset) { return Captions(asset); };
    m_services.film_frame = [this] { return m_film ? m_film->Texture() : ui::Texture{}; };
    m_wakeEvent = SDL_RegisterEvents(1);
    m_services.quit = [this] {
        m_adminGate->Record(core::AdminEventKind::Quit, "");
        m_quit = true;
    };

    m_recordContext = core::RecordContext{m_options.kiosk_id, m_site->id,     m_site->agency,      m_site->region,
                                          m_pack.id,          m_pack.version, m_pack.content_hash, {}};
    // Reports roll up by partnership; its name is the same in every language, so take the pack's first.
    if (auto name = m_pack.strings.find(core::SiteKey(m_site->id, "partnership")); name != m_pack.strings.end()) {
        auto text = m_pack.languages.empty() ? name->second.end() : name->second.find(m_pack.languages.front());
        if (text == name->second.end()) text = name->second.begin();
        if (text != name->second.end()) m_recordContext.partnership = text->second.text;
    }
    m_config.pack = &m_pack;
    m_config.site = m_site;
    m_config.hash_staff_number = &core::HashStaffNumberThunk;
    m_config.hash_context = &*m_staffKey;
    m_config.new_uuid = &core::NewUuidV4Thunk;
    m_config.uuid_context = nullptr;
    m_config.admin_status = &core::AdminGate::StatusThunk;
    m_config.admin_try = &core::AdminGate::TryThunk;
    m_config.admin_context = m_adminGate.get();
    m_config.preview = m_options.preview;
    m_config.find_resume = &App::FindResumeThunk;
    m_config.resume_context = this;
    if (!m_site->admin_pin_hash.empty())
        Log("the pack's site '" + m_site->id + "' carries an admin PIN hash (an old pack); it is ignored: the admin "
            "passcode is set on each kiosk (tools/deploy/install --admin-passcode)");
    m_state = core::InitialState(m_config, Now());
    if (m_options.preview) {
        if (m_pack.modules.empty()) {
            Log("the pack " + m_options.pack + " has no modules to preview");
            return 2;
        }
        const std::string& module = m_options.start_module.empty() ? m_pack.modules.front().id : m_options.start_module;
        auto start = core::PreviewStart(m_config, module, m_options.start_scene, Now(), m_options.start_language);
        if (const auto* error = std::get_if<std::string>(&start)) {
            Log(*error);
            return 2;
        }
        m_state = std::move(std::get<core::SessionState>(start));
        m_state.outbox.clear();  // "about you" was skipped, not answered: nothing to record
        m_state.unsaved = 0;
        m_lastScene = core::CurrentScene(m_state, m_config);
        if (m_options.preview_fd >= 0) {
            std::uint32_t wake = m_wakeEvent;
            m_previewLink = std::make_unique<PreviewLink>(m_options.preview_fd, [wake] {
                SDL_Event event{};
                event.type = wake;
                SDL_PushEvent(&event);  // thread-safe: this runs on the link's reader thread
            });
        }
    }
    m_framesWanted = kFramesAfterChange;
    Log("pack " + m_pack.id + " v" + std::to_string(m_pack.version) + " (" + m_pack.content_hash.substr(0, 12) +
        "), site " + m_site->id + ", kiosk " + m_options.kiosk_id);
    if (!m_adminStartLine.empty()) Log(m_adminStartLine);
    return std::nullopt;
}

int App::Run() {
    int code = 0;
    if (m_script.empty() && m_options.script.empty()) {
        LoopUntil(std::nullopt);
    } else {
        code = RunScript();
    }
    // A last try for anything a failed write left waiting; say plainly if it is still not saved.
    FlushRecords();
    if (m_queue.Pending() > 0) Log(std::to_string(m_queue.Pending()) + " record events could NOT be saved");
    if (m_speech) m_speech->Stop();
    if (m_options.stats) PrintStats();
    return code;
}

void App::StartAdminGate() {
    std::string hash;
    if (!m_options.preview) {  // a preview has no admin screen worth opening: its pad says no passcode is set
        auto credential = core::ReadAdminCredential(m_options.admin_passcode);
        // Said once start-up has gone well (after the pack line), so a start that fails says why first.
        if (auto* c = std::get_if<core::AdminCredential>(&credential)) {
            hash = c->hash;
            m_adminWarning = c->warning;
            m_adminStartLine = "admin passcode from " + m_options.admin_passcode + (c->warning.empty() ? "" : "; WARNING: " + c->warning);
        } else {
            m_adminStartLine = std::get<std::string>(credential);
        }
    }
    m_adminGate = std::make_unique<core::AdminGate>(hash, m_db ? &*m_db : nullptr, m_options.kiosk_id, [this] { return WallSeconds(); },
                                              [this](const std::string& line) { Log(line); });
}

std::string App::AdminSummary() {
    core::RowCounts counts = m_db ? m_db->Counts() : core::RowCounts{};
    std::string out;
    // First, so an admin cannot miss it: a new pack was refused, or this kiosk runs an unverified pack.
    if (!m_packWarning.empty()) out += m_packWarning + "\n";
    if (!m_clockWarning.empty()) out += m_clockWarning + "\n";
    out += "Pack: " + m_pack.id + " version " + std::to_string(m_pack.version) + " (" +
           m_pack.content_hash.substr(0, 12) + ")" + (m_packSigner.empty() ? "" : ", signed by " + m_packSigner) + "\n";
    out += "Site: " + m_site->id + ", kiosk " + m_options.kiosk_id + "\n";
    out += "Records: " + (m_options.preview ? std::string("none (a preview records nothing)") : m_options.db) + "\n";
    out += "Rows: " + std::to_string(counts.sittings) + " sittings, " + std::to_string(counts.answers) + " answers, " +
           std::to_string(counts.completions) + " completions\n";
    if (m_queue.Pending() > 0) {
        out += "NOT SAVED: " + std::to_string(m_queue.Pending()) + " events waiting (" + m_lastWriteError + ")\n";
    }
    if (!m_dbReport.quarantined_to.empty()) {
        out += "Quarantined damaged DB: " + m_dbReport.quarantined_to + " (" + m_dbReport.quarantine_reason + ")\n";
    }
    if (m_db) {
        out += "Last sittings:\n";
        for (const core::SittingSummary& s : m_db->LastSittings(5))
            out += "  " + s.started_at + "  " + (s.role.empty() ? "-" : s.role) + "  " +
                   (s.outcome ? core::ToString(*s.outcome) : "in progress") + "\n";
    }
    if (!m_lastExport.empty()) out += m_lastExport + "\n";

    if (!m_inboxOutcome.empty()) out += m_inboxOutcome + "\n";
    if (!m_options.preview && !m_options.db.empty()) {
        // The records leave by kiosk-sync, a separate process with network; this one only reads its state.
        auto now = std::chrono::steady_clock::now();
        if (m_syncText.empty() || now - m_syncTextAt > std::chrono::seconds(5)) {
            m_syncText = sync::DescribeSyncState(
                (std::filesystem::path(m_options.db).parent_path() / "sync.db").string(), std::time(nullptr));
            m_syncTextAt = now;
        }
        out += m_syncText + "\n";
    }
    if (!m_retentionText.empty()) out += m_retentionText + "\n";
    if (!m_adminWarning.empty()) out += "WARNING: " + m_adminWarning + "\n";
    if (m_db) {
        // Who did what when, without anyone's name: sign-ins, lockouts, exports, installs, quits.
        std::vector<core::AdminEvent> trail = m_db->LastAdminEvents(6);
        out += trail.empty() ? "Admin trail: empty\n" : "Admin trail (newest first):\n";
        for (const core::AdminEvent& event : trail)
            out += "  " + event.at + "  " + core::ToString(event.kind) + (event.detail.empty() ? "" : "  " + event.detail) + "\n";
    }
    return out;
}

std::string App::Transcript(const std::string& captions_asset) {
    // Read and parsed once per film: the screen asks every frame it draws.
    auto cached = m_transcripts.find(captions_asset);
    if (cached != m_transcripts.end()) return cached->second;
    std::string words;
    auto bytes = core::ReadPackAsset(m_options.pack, captions_asset);
    if (auto* data = std::get_if<std::vector<std::uint8_t>>(&bytes)) {
        core::WebVtt vtt = core::ParseWebVtt(std::string_view(reinterpret_cast<const char*>(data->data()), data->size()));
        words = core::Transcript(vtt);
    } else {
        Log(std::get<std::string>(bytes));
    }
    m_transcripts.emplace(captions_asset, words);
    return words;
}

const core::WebVtt* App::Captions(const std::string& captions_asset) {
    auto cached = m_captions.find(captions_asset);
    if (cached == m_captions.end()) {
        std::optional<core::WebVtt> vtt;
        auto bytes = core::ReadPackAsset(m_options.pack, captions_asset);
        if (auto* data = std::get_if<std::vector<std::uint8_t>>(&bytes)) {
            vtt = core::ParseWebVtt(std::string_view(reinterpret_cast<const char*>(data->data()), data->size()));
        } else {
            Log(std::get<std::string>(bytes) + "; the film plays without captions");
        }
        cached = m_captions.emplace(captions_asset, std::move(vtt)).first;
    }
    return cached->second ? &*cached->second : nullptr;
}

void App::ExportRecords() {
    if (!m_db) {
        m_lastExport = "Export failed: the records database is not open";
        return;
    }
    // Beside the DB, named by kiosk and time, so exports from many kiosks can sit in one folder.
    std::string stamp = WallTimeUtc();
    std::replace(stamp.begin(), stamp.end(), ':', '-');
    std::filesystem::path dir = std::filesystem::path(m_options.db).parent_path() / "exports";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::string path = (dir / ("records-" + m_options.kiosk_id + "-" + stamp + ".db")).string();
    if (auto error = m_db->ExportTo(path)) {
        m_lastExport = "Export failed: " + *error;
    } else {
        m_lastExport = "Exported to " + path;
        m_adminGate->Record(core::AdminEventKind::Export, std::filesystem::path(path).filename().string());
    }
    Log(m_lastExport);
}

}  // namespace kiosk::app
