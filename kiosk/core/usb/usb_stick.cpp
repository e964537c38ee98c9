// USB sticks for offline kiosks: records out, packs in (see usb_stick.h). The messages are for a site's
// admin at the touchscreen, so they say what happened to the stick and what to do, and always whether
// the kiosk itself was touched (it never is by a failure).
#include "core/usb/usb_stick.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <system_error>
#include <vector>

#include <sqlite3.h>

#include "core/pack/pack_io.h"
#include "core/util/sqlite_db.h"

namespace kiosk::core {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUntouched = "Nothing on the kiosk was changed or lost.";

std::string Megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

// FAT and exFAT refuse : * ? " < > | in names, and a kiosk id is the admin's own words.
std::string SafeForFat(const std::string& text) {
    std::string out = text;
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '-';
    return out;
}

bool Gone(int error) { return error == ENOTCONN || error == EIO || error == ENODEV || error == ENXIO; }

std::string GoneMessage() {
    return std::string("The USB stick stopped answering: it may have been taken out. Put it back, wait a few "
                       "seconds and try again. ") + kUntouched;
}

// Removes what a failed copy left on the stick, if the stick still lets us.
void RemoveQuietly(const std::string& path) {
    std::error_code ec;
    fs::remove(path, ec);
}

// Why a copy failed, judged by the stick as it is now rather than by SQLite's words alone: a pulled stick
// and a full one both surface as I/O errors in the middle of VACUUM INTO.
std::string ExplainCopyFailure(const std::string& folder, const std::string& reason, std::uint64_t needed) {
    StickCheck now = CheckStick(folder);
    if (!now.present) return "The USB stick was taken out before the copy finished. " + std::string(kUntouched) +
                             " Put the stick back and export again.";
    if (now.read_only) return "The USB stick became read-only during the copy (it may be failing). " +
                              std::string(kUntouched) + " Try another stick.";
    if (reason.find("full") != std::string::npos || now.free_bytes < needed)
        return "The USB stick is full: it has " + Megabytes(now.free_bytes) + " free and the records need about " +
               Megabytes(needed) + ". Make room on it or use another stick. " + kUntouched;
    return "The copy to the USB stick failed (" + reason + "). " + kUntouched + " Try again, or try another stick.";
}

// The copy as the coordinator will open it: whole (quick_check) and holding the sittings.
std::variant<std::int64_t, std::string> CheckCopy(const std::string& path) {
    Database copy;
    if (auto e = copy.Open(path, SQLITE_OPEN_READONLY)) return *e;
    Statement check;
    if (auto e = check.Prepare(copy, "PRAGMA quick_check")) return *e;
    if (check.Step() != StepResult::Row) return check.ErrorMessage();
    if (check.ColumnText(0) != "ok") return "quick_check says " + check.ColumnText(0);
    Statement count;
    if (auto e = count.Prepare(copy, "SELECT count(*) FROM sittings")) return *e;
    if (count.Step() != StepResult::Row) return count.ErrorMessage();
    return count.ColumnInt64(0);
}

std::optional<std::string> SyncFolder(const std::string& folder) {
    int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return std::string(std::strerror(errno));
    int rc = ::fsync(dir);
    int error = errno;
    ::close(dir);
    // FAT drivers and FUSE may not sync a folder (EINVAL); the rename is then as durable as they make it.
    if (rc != 0 && error != EINVAL && error != ENOSYS) return std::string(std::strerror(error));
    return std::nullopt;
}

struct Candidate {
    std::string path;
    int version = -1;  // -1: not a readable pack
};

// *.pack files with a .sig beside them, at the top of the stick or one folder down (a copied publish
// folder). Bounded: a stick full of someone's photos must not stall the admin screen.
std::vector<Candidate> FindPacks(const std::string& folder) {
    std::vector<Candidate> found;
    std::vector<fs::path> folders{fs::path(folder)};
    std::size_t looked = 0;
    for (std::size_t i = 0; i < folders.size(); ++i) {
        std::error_code ec;
        for (fs::directory_iterator it(folders[i], ec), end; !ec && it != end && looked < 2000; it.increment(ec), ++looked) {
            const fs::path& path = it->path();
            const std::string name = path.filename().string();
            if (name.empty() || name[0] == '.') continue;
            std::error_code type_ec;
            if (i == 0 && it->is_directory(type_ec)) {
                folders.push_back(path);
                continue;
            }
            if (!name.ends_with(".pack") || !it->is_regular_file(type_ec)) continue;
            if (!fs::exists(path.string() + ".sig", type_ec)) continue;
            found.push_back({path.string(), -1});
        }
    }
    for (Candidate& candidate : found) {
        auto pack = ReadPack(candidate.path, false);
        if (auto* data = std::get_if<PackData>(&pack)) candidate.version = data->version;
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Candidate& a, const Candidate& b) { return a.version > b.version; });
    return found;
}

}  // namespace

StickCheck CheckStick(const std::string& folder) {
    StickCheck check;
    const std::string none = "No USB stick was found. Put one in, wait a few seconds and try again.";
    struct stat here {}, parent {};
    if (::stat(folder.c_str(), &here) != 0) {
        check.problem = Gone(errno) ? GoneMessage() : none + " (" + folder + ": " + std::strerror(errno) + ")";
        return check;
    }
    // Reading the folder makes an automount mount the stick; a pulled stick fails here.
    if (DIR* dir = ::opendir(folder.c_str())) {
        errno = 0;
        ::readdir(dir);
        int error = errno;
        ::closedir(dir);
        if (error != 0 && Gone(error)) {
            check.problem = GoneMessage();
            return check;
        }
        ::stat(folder.c_str(), &here);
    } else {
        check.problem = Gone(errno) ? GoneMessage() : none + " (" + folder + ": " + std::strerror(errno) + ")";
        return check;
    }
    const std::string up = (fs::path(folder) / "..").string();
    if (::stat(up.c_str(), &parent) != 0 || parent.st_dev == here.st_dev) {
        check.problem = none;
        return check;
    }
    struct statvfs space {};
    if (::statvfs(folder.c_str(), &space) != 0) {
        check.problem = Gone(errno) ? GoneMessage() : "The USB stick cannot be read (" + std::string(std::strerror(errno)) + ").";
        return check;
    }
    check.present = true;
    check.read_only = (space.f_flag & ST_RDONLY) != 0;
    check.free_bytes = static_cast<std::uint64_t>(space.f_bavail) * space.f_frsize;
    return check;
}

std::variant<StickExport, std::string> ExportRecordsToStick(RecordsDb& db, const std::string& folder,
                                                            const std::string& kiosk_id, const std::string& stamp) {
    StickCheck stick = CheckStick(folder);
    if (!stick.present) return stick.problem;
    if (stick.read_only)
        return "The USB stick is read-only: if it has a small lock switch, slide it to unlock, then try again. "
               "Nothing was copied.";
    // The copy is at most the DB and its WAL together (VACUUM INTO drops free pages).
    std::error_code ec;
    std::uint64_t needed = 0;
    for (const char* suffix : {"", "-wal"}) {
        auto size = fs::file_size(db.Path() + suffix, ec);
        if (!ec) needed += size;
    }
    if (stick.free_bytes < needed)
        return "The USB stick is full: it has " + Megabytes(stick.free_bytes) + " free and the records need about " +
               Megabytes(needed) + ". Make room on it or use another stick. Nothing was copied.";

    const std::string name = "records-" + SafeForFat(kiosk_id) + "-" + SafeForFat(stamp) + ".db";
    const std::string final_path = (fs::path(folder) / name).string();
    const std::string temp_path = (fs::path(folder) / ("." + name + ".partial")).string();
    if (fs::exists(final_path, ec)) return "The USB stick already has " + name + ". Wait a second and export again.";
    // Hidden copies left by exports that were cut short (a pulled stick) are ours to tidy.
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string left = it->path().filename().string();
        if (left.starts_with(".records-") && left.ends_with(".db.partial")) RemoveQuietly(it->path().string());
    }
    if (auto error = db.ExportTo(temp_path)) {
        RemoveQuietly(temp_path);
        return ExplainCopyFailure(folder, *error, needed);
    }
    auto checked = CheckCopy(temp_path);
    if (const auto* error = std::get_if<std::string>(&checked)) {
        std::string why = ExplainCopyFailure(folder, *error, needed);
        RemoveQuietly(temp_path);
        return why;
    }
    if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
        std::string why = ExplainCopyFailure(folder, std::strerror(errno), needed);
        RemoveQuietly(temp_path);
        return why;
    }
    if (auto error = SyncFolder(folder)) {
        // The data is synced; only its name may not be. Saying "safe to remove" now would be a guess.
        return ExplainCopyFailure(folder, "the stick did not confirm the file's name: " + *error, needed);
    }
    StickExport done;
    done.file = name;
    done.sittings = std::get<std::int64_t>(checked);
    done.bytes = fs::file_size(final_path, ec);
    return done;
}

std::variant<InstallResult, std::string> InstallPackFromStick(const std::string& folder, const TrustedKeys& trusted,
                                                              const std::string& packs_dir, RecordsDb& db) {
    StickCheck stick = CheckStick(folder);
    if (!stick.present) return stick.problem;
    std::vector<Candidate> packs = FindPacks(folder);
    if (packs.empty())
        return std::string("There is no content pack on the USB stick. Put the .pack file and its .sig file (from "
                           "kiosk-author publish or sign) at the top of the stick and try again. ") + kUntouched;
    std::string first_refusal;
    for (const Candidate& candidate : packs) {
        auto installed = InstallPack(candidate.path, trusted, packs_dir, db);
        if (std::holds_alternative<InstallResult>(installed)) return installed;
        if (first_refusal.empty()) first_refusal = std::get<std::string>(installed);
    }
    // Paths as the admin sees the stick: from its top folder, not from where the kiosk mounts it.
    const std::string prefix = (fs::path(folder) / "").string();
    for (std::size_t at; (at = first_refusal.find(prefix)) != std::string::npos;) first_refusal.erase(at, prefix.size());
    StickCheck after = CheckStick(folder);
    if (!after.present) return "The USB stick was taken out before the pack was read. " + std::string(kUntouched);
    return "The pack on the USB stick was not installed: " + first_refusal + ".";
}

}  // namespace kiosk::core
