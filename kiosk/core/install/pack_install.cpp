// Installing and loading the kiosk's content pack (pack_install.h). The order of an install is what
// makes it crash-safe:
//   1. verify the given pack in place (cheap refusal, nothing written)
//   2. copy it into packs/ under a temporary name, verifying the bytes as they are copied; fsync
//   3. ReadPack the copy; compare its version with the highest installed (rollback)
//   4. rename the copy to its final name, write its .sig; fsync the folder
//   5. one transaction INSERTs the pack_installs row         <- the commit point
//   6. remove the previous copy and any leftovers (best effort), only after COMMIT returned OK
// A crash before 5 leaves the old row, whose files are untouched; after 5, the new files are durable.
// A COMMIT that returns an error may still be replayed from the WAL at the next start, so its files
// are kept too; LoadInstalledPack clears only temporary files, and the next good install the rest.
#include "core/install/pack_install.h"

#include <sqlite3.h>

#include <ctime>
#include <filesystem>
#include <system_error>

#include "core/pack/pack_io.h"
#include "core/util/small_file.h"
#include "core/util/utc_time.h"
#include "core/util/sqlite_db.h"
#include "core/util/uuid.h"

namespace kiosk::core {

namespace fs = std::filesystem;

namespace {

constexpr const char* kIncomingPrefix = ".incoming-";

// A file name from a pack id: the compiler allows only [a-z0-9-]; anything else becomes '_'.
std::string SafeName(const std::string& id) {
    std::string name;
    for (char c : id.substr(0, 64)) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        name += plain ? c : '_';
    }
    return name.empty() ? "pack" : name;
}

// Messages from ReadPack name the file it read; for the admin, name the file they gave instead.
std::string Renamed(std::string message, const std::string& from, const std::string& to) {
    for (std::size_t at = message.find(from); at != std::string::npos; at = message.find(from, at + to.size()))
        message.replace(at, from.size(), to);
    return message;
}

// Which leftovers to remove from the packs folder.
enum class Sweep {
    Temporary,  // only files no DB row can ever name: .incoming-* copies and .sig.tmp-* files
    AllButKeep, // also every other pack and .sig: only once a COMMIT naming `keep` has returned OK
};

// Removes leftovers from `packs_dir`. Only names this code makes are touched, so nothing an admin put
// there is lost. A renamed pack whose COMMIT failed is NOT temporary: SQLite may still replay that
// commit from the WAL at the next start, and the pack it names must then be there.
void RemoveLeftovers(const std::string& packs_dir, Sweep sweep, const std::string& keep = {}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(packs_dir, ec)) {
        std::string name = entry.path().filename().string();
        bool temporary = name.rfind(kIncomingPrefix, 0) == 0 || name.find(".pack.sig.tmp-") != std::string::npos;
        bool pack = (name.size() > 5 && name.compare(name.size() - 5, 5, ".pack") == 0) ||
                    (name.size() > 9 && name.compare(name.size() - 9, 9, ".pack.sig") == 0);
        bool remove = temporary || (sweep == Sweep::AllButKeep && pack && name != keep && name != keep + ".sig");
        if (remove) fs::remove(entry.path(), ec);
    }
}

std::string SqlError(RecordsDb& db, const std::string& what, const std::string& message) {
    return db.Path() + ": " + what + " (SQLite: " + message + ")";
}

}  // namespace

std::variant<std::optional<InstallRecord>, std::string> CurrentInstall(RecordsDb& db) {
    Statement query;
    if (auto e = query.Prepare(db.Connection(),
                               "SELECT seq, pack_id, pack_version, content_hash, file, key_id, installed_at "
                               "FROM pack_installs ORDER BY seq DESC LIMIT 1"))
        return SqlError(db, "cannot read the installed pack", *e);
    StepResult step = query.Step();
    if (step == StepResult::Error) return SqlError(db, "cannot read the installed pack", query.ErrorMessage());
    if (step == StepResult::Done) return std::optional<InstallRecord>{};
    InstallRecord record;
    record.seq = query.ColumnInt64(0);
    record.pack_id = query.ColumnText(1);
    record.pack_version = static_cast<int>(query.ColumnInt64(2));
    record.content_hash = query.ColumnText(3);
    record.file = query.ColumnText(4);
    record.key_id = query.ColumnText(5);
    record.installed_at = query.ColumnText(6);
    return std::optional<InstallRecord>{std::move(record)};
}

std::variant<std::optional<int>, std::string> HighestInstalledVersion(RecordsDb& db, const std::string& pack_id) {
    Statement query;
    if (auto e = query.Prepare(db.Connection(), "SELECT max(pack_version) FROM pack_installs WHERE pack_id = ?1"))
        return SqlError(db, "cannot read the installed versions", *e);
    query.Bind(1, std::string_view(pack_id));
    if (query.Step() != StepResult::Row) return SqlError(db, "cannot read the installed versions", query.ErrorMessage());
    if (query.ColumnIsNull(0)) return std::optional<int>{};
    return std::optional<int>{static_cast<int>(query.ColumnInt64(0))};
}

std::optional<int> ReplacedEarlierInstall(const std::string& pack_path, RecordsDb& db) {
    auto sig_file = ReadSmallFile(SignaturePathFor(pack_path), 4096);
    const auto* file = std::get_if<SmallFile>(&sig_file);
    if (!file) return std::nullopt;
    auto parsed = ParsePackSignature(file->text, SignaturePathFor(pack_path));
    const auto* signature = std::get_if<PackSignature>(&parsed);
    if (!signature) return std::nullopt;
    // Every installed copy is named by its signature's first bytes (InstallPack, step 4).
    Statement earlier;
    if (earlier.Prepare(db.Connection(),
                        "SELECT e.pack_version FROM pack_installs e, (SELECT seq, pack_id, pack_version FROM pack_installs "
                        "ORDER BY seq DESC LIMIT 1) AS now WHERE e.key_id = ?1 AND e.file LIKE ?2 AND e.seq < now.seq "
                        "AND e.pack_id = now.pack_id AND e.pack_version < now.pack_version ORDER BY e.seq DESC LIMIT 1"))
        return std::nullopt;
    earlier.Bind(1, HexOf(signature->key_id));
    earlier.Bind(2, "%-" + HexOf(signature->bytes.data(), 8) + ".pack");
    if (earlier.Step() != StepResult::Row) return std::nullopt;
    return static_cast<int>(earlier.ColumnInt64(0));
}

std::variant<InstallResult, std::string> InstallPack(const std::string& new_pack, const TrustedKeys& trusted,
                                                     const std::string& packs_dir, RecordsDb& db) {
    // 1. In place first: an untrusted or damaged pack is refused before anything is written.
    auto checked = VerifyPack(new_pack, trusted);
    if (const auto* error = std::get_if<std::string>(&checked)) return *error;

    auto current = CurrentInstall(db);
    if (const auto* error = std::get_if<std::string>(&current)) return *error;
    if (const auto& record = std::get<std::optional<InstallRecord>>(current)) {
        // Ed25519 signatures are deterministic: the same key over the same bytes gives the same
        // signature, and both files verified. So an equal .sig means the same pack: do not copy again.
        std::string installed_sig = (fs::path(packs_dir) / (record->file + ".sig")).string();
        auto old_sig = ReadSmallFile(installed_sig, 4096);
        if (const auto* file = std::get_if<SmallFile>(&old_sig);
            file && file->text == FormatPackSignature(std::get<Verified>(checked).signature)) {
            // If the installed copy has since been damaged, fall through: the good new file repairs it.
            auto loaded = LoadInstalledPack(packs_dir, trusted, db);
            if (auto* pack = std::get_if<std::optional<VerifiedPack>>(&loaded); pack && *pack)
                return InstallResult{true, std::move(**pack)};
        }
    }

    // 2. The copy, verified as it is written.
    std::error_code ec;
    fs::create_directories(packs_dir, ec);
    if (ec) return packs_dir + ": cannot create the folder for installed packs (" + ec.message() + ")";
    std::string incoming = (fs::path(packs_dir) / (kIncomingPrefix + NewUuidV4())).string();
    auto copied = VerifyPack(new_pack, trusted, incoming);
    if (const auto* error = std::get_if<std::string>(&copied)) return *error;
    const Verified& verified = std::get<Verified>(copied);
    auto drop_incoming = [&] { fs::remove(incoming, ec); };

    // 3. Now, and only now, SQLite reads it: a signed file from a trusted signer.
    auto read = ReadPack(incoming, false, false);  // every byte verified just above
    if (const auto* error = std::get_if<std::string>(&read)) {
        drop_incoming();
        return new_pack + ": signed, but not a pack this kiosk can read: " + Renamed(*error, incoming, new_pack);
    }
    PackData pack = std::move(std::get<PackData>(read));
    auto highest = HighestInstalledVersion(db, pack.id);
    if (const auto* error = std::get_if<std::string>(&highest)) {
        drop_incoming();
        return *error;
    }
    if (const auto& floor = std::get<std::optional<int>>(highest); floor && pack.version < *floor) {
        drop_incoming();
        return new_pack + ": version " + std::to_string(pack.version) + " of pack '" + pack.id +
               "' is older than version " + std::to_string(*floor) +
               " already installed on this kiosk; a kiosk never goes back to an older pack (rollback): give it a pack "
               "with version " + std::to_string(*floor) + " or higher";
    }

    // 4. Final names: the signature's first bytes tell apart two builds of one version, or one build
    // signed by two keys, so the new copy never lands on the installed one's name.
    InstallRecord record;
    record.pack_id = pack.id;
    record.pack_version = pack.version;
    record.content_hash = pack.content_hash;
    record.key_id = HexOf(verified.signature.key_id);
    record.installed_at = Iso8601Utc(std::time(nullptr));
    record.file = SafeName(pack.id) + "-v" + std::to_string(pack.version) + "-" +
                  HexOf(verified.signature.bytes.data(), 8) + ".pack";
    std::string final_path = (fs::path(packs_dir) / record.file).string();
    fs::rename(incoming, final_path, ec);
    if (ec) {
        drop_incoming();
        return final_path + ": cannot install the pack here (" + ec.message() + ")";
    }
    auto drop_new = [&] {
        fs::remove(final_path, ec);
        fs::remove(final_path + ".sig", ec);
    };
    if (auto error = WriteSmallFile(final_path + ".sig", FormatPackSignature(verified.signature), 0644, false)) {
        drop_new();
        return *error;
    }
    if (!SyncFolderOf(final_path)) {
        drop_new();
        return packs_dir + ": cannot write the installed pack to disk (fsync of the folder failed)";
    }

    // 5. The commit point.
    Database& connection = db.Connection();
    auto fail = [&](const std::string& message) -> std::variant<InstallResult, std::string> {
        if (!sqlite3_get_autocommit(connection.Handle())) connection.Exec("ROLLBACK");
        drop_new();
        return SqlError(db, "cannot record the installed pack " + final_path, message);
    };
    // A COMMIT that reports an error may still have reached the WAL (a failed fsync after the write), so
    // the next start can find this install recorded: the new files stay; only an OK COMMIT clears files.
    auto commit_failed = [&](const std::string& message) -> std::variant<InstallResult, std::string> {
        if (!sqlite3_get_autocommit(connection.Handle())) connection.Exec("ROLLBACK");
        return SqlError(db, "cannot record the installed pack " + final_path, message);
    };
    if (auto e = connection.Exec("BEGIN IMMEDIATE")) return fail(*e);
    Statement insert;
    if (auto e = insert.Prepare(connection,
                                "INSERT INTO pack_installs (pack_id, pack_version, content_hash, file, key_id, "
                                "installed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"))
        return fail(*e);
    insert.Bind(1, std::string_view(record.pack_id))
        .Bind(2, record.pack_version)
        .Bind(3, std::string_view(record.content_hash))
        .Bind(4, std::string_view(record.file))
        .Bind(5, std::string_view(record.key_id))
        .Bind(6, std::string_view(record.installed_at));
    if (insert.Step() != StepResult::Done) return fail(insert.ErrorMessage());
    record.seq = sqlite3_last_insert_rowid(connection.Handle());
    insert = Statement();
    if (auto e = connection.Exec("COMMIT")) return commit_failed(*e);

    // 6. The previous copy is no longer needed.
    RemoveLeftovers(packs_dir, Sweep::AllButKeep, record.file);
    return InstallResult{false, VerifiedPack{std::move(record), final_path, verified.signer, std::move(pack)}};
}

std::variant<std::optional<VerifiedPack>, std::string> LoadInstalledPack(const std::string& packs_dir,
                                                                         const TrustedKeys& trusted, RecordsDb& db) {
    auto current = CurrentInstall(db);
    if (const auto* error = std::get_if<std::string>(&current)) return *error;
    auto& record = std::get<std::optional<InstallRecord>>(current);
    if (!record) return std::optional<VerifiedPack>{};
    std::string path = (fs::path(packs_dir) / record->file).string();
    const std::string installed = "the installed pack " + record->pack_id + " version " +
                                  std::to_string(record->pack_version) + " failed its check: ";
    auto verified = VerifyPack(path, trusted);
    if (const auto* error = std::get_if<std::string>(&verified)) return installed + *error;
    auto read = ReadPack(path, false, false);  // every byte verified just above
    if (const auto* error = std::get_if<std::string>(&read)) return installed + *error;
    PackData& pack = std::get<PackData>(read);
    if (pack.id != record->pack_id || pack.version != record->pack_version || pack.content_hash != record->content_hash)
        return installed + path + " holds pack " + pack.id + " version " + std::to_string(pack.version) +
               ", not the pack recorded in " + db.Path() + "; give the kiosk the pack again with --pack";
    RemoveLeftovers(packs_dir, Sweep::Temporary);
    return std::optional<VerifiedPack>{
        VerifiedPack{std::move(*record), path, std::get<Verified>(verified).signer, std::move(pack)}};
}

}  // namespace kiosk::core
