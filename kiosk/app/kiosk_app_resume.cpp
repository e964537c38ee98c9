// App's resume (kiosk_app.h): looks up where a returning staff number stopped, for the session's
// ConfirmAboutYou, and deletes points the site's resume_days no longer allows. The session decides
// everything else (core/session/session_resume.cpp); the points live in the records DB.
#include "app/kiosk_app.h"
#include "app/kiosk_app_internal.h"
#include <filesystem>

#include "core/util/utc_time.h"
#include "sync/sync_store.h"

namespace kiosk::app {
namespace {

// The oldest saved_at a point may have and still be offered (or kept).
std::string ResumeCutoff(std::int64_t now_s, int resume_days) {
    return core::Iso8601Utc(static_cast<std::time_t>(now_s - static_cast<std::int64_t>(std::max(0, resume_days)) * 86400));
}

}  // namespace

std::vector<core::ResumePoint> App::FindResumeThunk(void* context, const std::string& staff_hash) {
    App& app = *static_cast<App*>(context);
    if (!app.m_db || !app.m_site || app.m_site->resume_days <= 0) return {};
    const std::string cutoff = ResumeCutoff(app.WallSeconds(), app.m_site->resume_days);
    std::vector<core::ResumePoint> local = app.m_db->ResumePoints(staff_hash, cutoff);
    std::map<std::string, std::string> finished = app.m_db->LastFinished(staff_hash);
    // What kiosk-sync --share-progress read from the partnership's other kiosks, if it runs here.
    std::vector<core::ResumePoint> shared;
    const std::string sync_path = (std::filesystem::path(app.m_options.db).parent_path() / "sync.db").string();
    std::error_code ec;
    if (std::filesystem::exists(sync_path, ec)) {
        auto store = sync::SyncStore::OpenReadOnly(sync_path);
        if (auto* opened = std::get_if<sync::SyncStore>(&store)) {
            auto found = opened->SharedProgressFor(staff_hash, cutoff);
            if (auto* e = std::get_if<std::string>(&found)) {
                Log("resume: cannot read the points shared by other kiosks (" + *e + ")");
            } else {
                auto& f = std::get<sync::SharedFor>(found);
                shared = std::move(f.points);
                for (auto& [module, at] : f.finished)
                    if (at > finished[module]) finished[module] = at;
            }
        } else {
            Log("resume: cannot read the points shared by other kiosks (" + std::get<std::string>(store) + ")");
        }
    }
    return core::MergeResumePoints(std::move(local), std::move(shared), finished);
}

void App::ForgetOldResumePoints() {
    // resume_days 0 keeps none: a site that turned resume off leaves no progress behind.
    auto deleted = m_db->DeleteResumePointsBefore(ResumeCutoff(WallSeconds(), m_site->resume_days));
    if (const auto* error = std::get_if<std::string>(&deleted))
        Log("resume: cannot delete old resume points: " + *error);
    else if (std::get<std::int64_t>(deleted) > 0)
        Log("resume: deleted " + std::to_string(std::get<std::int64_t>(deleted)) + " resume points older than " +
            std::to_string(m_site->resume_days) + " days");
}

}  // namespace kiosk::app
