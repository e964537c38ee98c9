// Installing a signed content pack on a kiosk, with rollback protection. The kiosk runs its own copy of
// the pack, kept in a folder beside the records DB ("packs/"), never the file it was given (a USB stick
// can be pulled or its file swapped after the check). The records DB's pack_installs table is the
// commit point: the copy and its .sig are written and synced first, then one transaction records the
// install, so a power cut at any moment leaves either the old install or the new one, whole.
//
// A new pack is refused when its signature is missing, damaged or not from a trusted key, when it is
// not a readable pack, or when its version is below the highest version of the same pack id this
// kiosk has ever installed (rollback). A refused pack changes nothing: the installed one keeps running.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/pack/pack_data.h"
#include "core/pack/pack_signature.h"
#include "core/records/records_db.h"
#include "core/trust/trusted_keys.h"

namespace kiosk::core {

// One row of pack_installs: what the kiosk recorded when it installed a pack.
struct InstallRecord {
    std::int64_t seq = 0;     // install order; the highest is the installed pack
    std::string pack_id;
    int pack_version = 0;
    std::string content_hash;
    std::string file;         // file name inside the packs folder (its signature is file + ".sig")
    std::string key_id;       // 16 hex digits: the signer's key id
    std::string installed_at; // UTC, ISO 8601
};

// A pack that passed every check, ready to run.
struct VerifiedPack {
    InstallRecord record;
    std::string path;  // the installed copy: packs folder / record.file
    PublicKey signer;
    PackData pack;     // read from the installed copy, without asset bytes
};

struct InstallResult {
    bool already_installed = false;  // the same signed pack was installed before: nothing was copied
    VerifiedPack installed;
};

// The pack recorded as installed (no file is read), nullopt if none ever was; error on an SQL failure.
std::variant<std::optional<InstallRecord>, std::string> CurrentInstall(RecordsDb& db);

// The highest version of `pack_id` ever installed, nullopt if none; error on an SQL failure.
std::variant<std::optional<int>, std::string> HighestInstalledVersion(RecordsDb& db, const std::string& pack_id);

// Verifies `new_pack` (signature by a trusted key, read from raw bytes; then ReadPack of the copy),
// checks it is not older than what was installed before, copies it with its signature into `packs_dir`
// (created if missing) and records it in `db` as the installed pack; then removes the previous copy.
// A pack identical to the installed one (same signature) is not copied again. On any refusal, one line
// naming `new_pack` and the reason; nothing installed changes.
std::variant<InstallResult, std::string> InstallPack(const std::string& new_pack, const TrustedKeys& trusted,
                                                     const std::string& packs_dir, RecordsDb& db);

// The version under which exactly this signed file (`pack_path` and its .sig: the same signer and
// signature) was installed before, when a newer install has replaced it since; nullopt otherwise. A
// deployed kiosk is started with the pack it was set up with at every boot, long after an update came
// from the inbox or a USB stick: that is not an attempt to go back. Reads only the .sig, so it costs
// nothing at boot; the answer only ever keeps the installed pack running.
std::optional<int> ReplacedEarlierInstall(const std::string& pack_path, RecordsDb& db);

// The installed pack, verified again (signature from a trusted key, then ReadPack, then the same id,
// version and hash as recorded), and temporary files of an interrupted install removed (a copy that was
// renamed into place stays until the next install succeeds: a failed COMMIT may yet name it). nullopt when no pack
// was ever installed; an error naming the installed file when it fails a check.
std::variant<std::optional<VerifiedPack>, std::string> LoadInstalledPack(const std::string& packs_dir,
                                                                         const TrustedKeys& trusted, RecordsDb& db);

}  // namespace kiosk::core
