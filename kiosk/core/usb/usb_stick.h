// USB sticks, for kiosks with no network (issue 17): the admin copies the records onto a stick for the
// coordinator, and installs a new pack from one. A stick is a removable drive that the system mounts at
// a fixed folder (tools/deploy: udev + systemd-mount, FAT or exFAT). Sticks get pulled out half-way, fill
// up, have their lock switch on or hold junk: every one of those ends in a sentence an admin can act on,
// and never changes or loses anything on the kiosk. A copy counts only once it is whole on the stick.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "core/install/pack_install.h"
#include "core/records/records_db.h"
#include "core/trust/trusted_keys.h"

namespace kiosk::core {

// What is at the stick folder now.
struct StickCheck {
    bool present = false;           // a file system of its own is mounted at the folder
    bool read_only = false;
    std::uint64_t free_bytes = 0;
    std::string problem;            // when not present: why, in plain words
};
StickCheck CheckStick(const std::string& folder);

struct StickExport {
    std::string file;               // the copy's name on the stick
    std::int64_t sittings = 0;      // counted in the copy, after it was checked
    std::uint64_t bytes = 0;
};

// Copies the records to the stick as "records-<kiosk>-<stamp>.db": VACUUM INTO a hidden temporary name,
// synced, checked (PRAGMA quick_check of the copy), then renamed and the folder synced. On any failure
// the temporary file is removed where the stick still allows it and a sentence says what to do.
std::variant<StickExport, std::string> ExportRecordsToStick(RecordsDb& db, const std::string& folder,
                                                            const std::string& kiosk_id, const std::string& stamp);

// Installs the newest pack on the stick (a *.pack with its .sig, at the top or one folder down, as
// kiosk-author sign or publish leaves them) through InstallPack: the same signature, version and rollback
// checks as any other install, the pack copied off the stick before it runs. Packs that fail (a forged
// one, junk) are passed over for the next newest; when none installs, the first refusal is said.
std::variant<InstallResult, std::string> InstallPackFromStick(const std::string& folder, const TrustedKeys& trusted,
                                                              const std::string& packs_dir, RecordsDb& db);

}  // namespace kiosk::core
