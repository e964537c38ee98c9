// Installing signed packs on real files and a real records DB: a good pack is copied beside the DB and
// recorded; the same pack again copies nothing; a newer one replaces it; an older one (rollback), an
// unsigned, damaged or untrusted one, or a signed file that is not a pack is refused and the installed
// pack stays as it was and still loads. Also: a damaged installed copy is caught at load and repaired by
// installing the good pack again, and leftovers of an interrupted install are cleared.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/install/pack_install.h"
#include "core/records/records_db.h"

#include "support/signed_pack.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace {

using namespace kiosk::core;
using test_support::KeyFromByte;
using test_support::MakeTestPack;
using test_support::MustSign;
using test_support::Trust;
namespace fs = std::filesystem;
using test_support::ReadFile;
using test_support::WriteFile;
using test_support::FileNames;

struct TempDir : test_support::TempDir {
    TempDir() : test_support::TempDir("kiosk-install-test") {}
};

RecordsDb MustOpen(const std::string& path) {
    OpenReport report;
    auto opened = RecordsDb::Open(path, report);
    if (auto* e = std::get_if<std::string>(&opened)) FAIL("open failed: " << *e);
    return std::move(std::get<RecordsDb>(opened));
}

// A kiosk's data folder: the records DB and, beside it, packs/.
struct Kiosk {
    TempDir dir;
    std::string packs = dir.File("data/packs");
    RecordsDb db = MustOpen(dir.File("data/records.db"));
};

InstallResult MustInstall(const std::string& pack, const TrustedKeys& trusted, Kiosk& kiosk) {
    auto result = InstallPack(pack, trusted, kiosk.packs, kiosk.db);
    if (const auto* error = std::get_if<std::string>(&result)) FAIL("install failed: " << *error);
    return std::move(std::get<InstallResult>(result));
}

std::string Refusal(const std::string& pack, const TrustedKeys& trusted, Kiosk& kiosk) {
    auto result = InstallPack(pack, trusted, kiosk.packs, kiosk.db);
    if (const auto* error = std::get_if<std::string>(&result)) return *error;
    return "";
}

// The installed pack as the kiosk would load it at start: "id vN", or the error.
std::string Loaded(const TrustedKeys& trusted, Kiosk& kiosk) {
    auto loaded = LoadInstalledPack(kiosk.packs, trusted, kiosk.db);
    if (const auto* error = std::get_if<std::string>(&loaded)) return *error;
    const auto& pack = std::get<std::optional<VerifiedPack>>(loaded);
    return pack ? pack->pack.id + " v" + std::to_string(pack->pack.version) : "none";
}

std::size_t Installs(Kiosk& kiosk) {
    Statement count;
    REQUIRE(count.Prepare(kiosk.db.Connection(), "SELECT count(*) FROM pack_installs") == std::nullopt);
    REQUIRE(count.Step() == StepResult::Row);
    return static_cast<std::size_t>(count.ColumnInt64(0));
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("install: a good signed pack is copied beside the DB with its .sig and recorded") {
    Kiosk kiosk;
    SigningKey key = KeyFromByte(1);
    TrustedKeys trusted = Trust({&key});
    fs::create_directories(kiosk.dir.File("usb"));
    std::string given = MakeTestPack(kiosk.dir.File("usb/training.pack"), "training", 3);
    MustSign(given, key);
    CHECK(Loaded(trusted, kiosk) == "none");

    InstallResult result = MustInstall(given, trusted, kiosk);
    CHECK_FALSE(result.already_installed);
    CHECK(result.installed.pack.id == "training");
    CHECK(result.installed.pack.version == 3);
    CHECK(result.installed.signer.name == "key-1");
    CHECK(fs::path(result.installed.path).parent_path() == fs::path(kiosk.packs));
    CHECK(ReadFile(result.installed.path) == ReadFile(given));
    CHECK(ReadFile(result.installed.path + ".sig") == ReadFile(given + ".sig"));
    CHECK(FileNames(kiosk.packs) ==
          std::vector<std::string>{result.installed.record.file, result.installed.record.file + ".sig"});
    CHECK(result.installed.record.file.rfind("training-v3-", 0) == 0);
    CHECK(result.installed.record.key_id == HexOf(KeyIdOf(key.Public())));
    CHECK(result.installed.record.content_hash == result.installed.pack.content_hash);
    CHECK(Installs(kiosk) == 1);

    // The kiosk no longer needs the given file: pull the stick, and the installed copy still loads.
    fs::remove_all(kiosk.dir.File("usb"));
    CHECK(Loaded(trusted, kiosk) == "training v3");
}

TEST_CASE("install: the same pack again copies nothing and adds no row") {
    Kiosk kiosk;
    SigningKey key = KeyFromByte(2);
    TrustedKeys trusted = Trust({&key});
    std::string given = MakeTestPack(kiosk.dir.File("training.pack"), "training", 1);
    MustSign(given, key);
    InstallResult first = MustInstall(given, trusted, kiosk);
    auto mtime = fs::last_write_time(first.installed.path);
    InstallResult second = MustInstall(given, trusted, kiosk);
    CHECK(second.already_installed);
    CHECK(second.installed.path == first.installed.path);
    CHECK(fs::last_write_time(first.installed.path) == mtime);
    CHECK(Installs(kiosk) == 1);
}

TEST_CASE("install: a newer version replaces the installed one and an older one is refused changing nothing") {
    Kiosk kiosk;
    SigningKey key = KeyFromByte(3);
    TrustedKeys trusted = Trust({&key});
    std::string v1 = MakeTestPack(kiosk.dir.File("v1.pack"), "training", 1, 1);
    std::string v2 = MakeTestPack(kiosk.dir.File("v2.pack"), "training", 2, 2);
    MustSign(v1, key);
    MustSign(v2, key);
    InstallResult one = MustInstall(v1, trusted, kiosk);
    InstallResult two = MustInstall(v2, trusted, kiosk);
    CHECK_FALSE(two.already_installed);
    CHECK(two.installed.pack.version == 2);
    CHECK_FALSE(fs::exists(one.installed.path));  // the previous copy is removed once v2 is recorded
    std::vector<std::string> files = FileNames(kiosk.packs);
    CHECK(files == std::vector<std::string>{two.installed.record.file, two.installed.record.file + ".sig"});

    std::string message = Refusal(v1, trusted, kiosk);
    CHECK(message ==
          v1 + ": version 1 of pack 'training' is older than version 2 already installed on this kiosk; a kiosk never "
               "goes back to an older pack (rollback): give it a pack with version 2 or higher");
    CHECK(FileNames(kiosk.packs) == files);
    CHECK(Installs(kiosk) == 2);
    CHECK(Loaded(trusted, kiosk) == "training v2");
    // v1 is the very file installed before and replaced since (the deployed unit passes it at every boot):
    // that is told apart, by its signature, from an older pack never installed here.
    CHECK(ReplacedEarlierInstall(v1, kiosk.db) == std::optional<int>(1));
    CHECK(ReplacedEarlierInstall(v2, kiosk.db) == std::nullopt);  // the one that runs
    std::string other_v1 = MakeTestPack(kiosk.dir.File("other-v1.pack"), "training", 1, 9);
    MustSign(other_v1, key);
    CHECK(ReplacedEarlierInstall(other_v1, kiosk.db) == std::nullopt);
    CHECK(ReplacedEarlierInstall(kiosk.dir.File("missing.pack"), kiosk.db) == std::nullopt);
}

TEST_CASE("install: the rollback floor is the highest version ever installed even after another pack") {
    Kiosk kiosk;
    SigningKey key = KeyFromByte(4);
    TrustedKeys trusted = Trust({&key});
    std::string a5 = MakeTestPack(kiosk.dir.File("a5.pack"), "pack-a", 5);
    std::string b1 = MakeTestPack(kiosk.dir.File("b1.pack"), "pack-b", 1);
    std::string a3 = MakeTestPack(kiosk.dir.File("a3.pack"), "pack-a", 3);
    for (const std::string& p : {a5, b1, a3}) MustSign(p, key);
    MustInstall(a5, trusted, kiosk);
    MustInstall(b1, trusted, kiosk);  // another pack id: allowed, it has its own versions
    CHECK(Loaded(trusted, kiosk) == "pack-b v1");
    CHECK(Has(Refusal(a3, trusted, kiosk), "version 3 of pack 'pack-a' is older than version 5"));
    CHECK(Loaded(trusted, kiosk) == "pack-b v1");
}

TEST_CASE("install: the same version with other content is installed (only older versions are refused)") {
    Kiosk kiosk;
    SigningKey key = KeyFromByte(5);
    TrustedKeys trusted = Trust({&key});
    std::string first = MakeTestPack(kiosk.dir.File("first.pack"), "training", 4, 1);
    std::string rebuilt = MakeTestPack(kiosk.dir.File("rebuilt.pack"), "training", 4, 2);
    MustSign(first, key);
    MustSign(rebuilt, key);
    InstallResult a = MustInstall(first, trusted, kiosk);
    InstallResult b = MustInstall(rebuilt, trusted, kiosk);
    CHECK_FALSE(b.already_installed);
    CHECK(a.installed.record.file != b.installed.record.file);
    CHECK(b.installed.pack.content_hash != a.installed.pack.content_hash);
    CHECK(ReadFile(b.installed.path) == ReadFile(rebuilt));
}

TEST_CASE("install: unsigned or damaged or untrusted or unreadable packs are refused and the installed one stays") {
    Kiosk kiosk;
    SigningKey key = KeyFromByte(6), stranger = KeyFromByte(7);
    TrustedKeys trusted = Trust({&key});
    std::string good = MakeTestPack(kiosk.dir.File("good.pack"), "training", 1);
    MustSign(good, key);
    MustInstall(good, trusted, kiosk);
    const std::vector<std::string> files = FileNames(kiosk.packs);

    std::string unsigned_pack = MakeTestPack(kiosk.dir.File("unsigned.pack"), "training", 2);
    CHECK(Has(Refusal(unsigned_pack, trusted, kiosk), unsigned_pack + ": not signed"));

    std::string damaged = MakeTestPack(kiosk.dir.File("damaged.pack"), "training", 2);
    MustSign(damaged, key);
    std::string bytes = ReadFile(damaged);
    bytes[bytes.size() - 1] ^= 0x01;
    WriteFile(damaged, bytes);
    CHECK(Has(Refusal(damaged, trusted, kiosk), damaged + ": the pack does not match its signature"));

    std::string foreign = MakeTestPack(kiosk.dir.File("foreign.pack"), "training", 2);
    MustSign(foreign, stranger);
    CHECK(Has(Refusal(foreign, trusted, kiosk), foreign + ": signed by key " + HexOf(KeyIdOf(stranger.Public()))));

    // Signed by the trusted key, but not a pack: SQLite reads it only after the signature passed, and the
    // message names the file the admin gave, not the kiosk's temporary copy.
    std::string garbage = kiosk.dir.File("garbage.pack");
    WriteFile(garbage, std::string(5000, 'x'));
    MustSign(garbage, key);
    std::string message = Refusal(garbage, trusted, kiosk);
    CHECK(Has(message, garbage + ": signed, but not a pack this kiosk can read: " + garbage));
    CHECK_FALSE(Has(message, ".incoming-"));

    CHECK(FileNames(kiosk.packs) == files);  // no copies or temporary files left behind
    CHECK(Installs(kiosk) == 1);
    CHECK(Loaded(trusted, kiosk) == "training v1");
}

TEST_CASE("install: a pack signed with the next key replaces one signed with the current key (rotation)") {
    Kiosk kiosk;
    SigningKey current = KeyFromByte(8), next = KeyFromByte(9);
    std::string pack = MakeTestPack(kiosk.dir.File("training.pack"), "training", 1);
    MustSign(pack, current);
    MustInstall(pack, Trust({&current, &next}), kiosk);
    // The same bytes signed again with the next key: a new signature, so a new install.
    MustSign(pack, next);
    InstallResult result = MustInstall(pack, Trust({&current, &next}), kiosk);
    CHECK_FALSE(result.already_installed);
    CHECK(result.installed.signer.name == "key-2");
    // Once the current key is retired from the trust file, the installed pack still loads.
    CHECK(Loaded(Trust({&next}), kiosk) == "training v1");
    // But a kiosk that trusts only the retired key refuses it.
    CHECK(Has(Loaded(Trust({&current}), kiosk), "which is not trusted"));
}

TEST_CASE("install: a damaged installed copy fails at load and installing the good pack again repairs it") {
    Kiosk kiosk;
    SigningKey key = KeyFromByte(10);
    TrustedKeys trusted = Trust({&key});
    std::string given = MakeTestPack(kiosk.dir.File("training.pack"), "training", 2);
    MustSign(given, key);
    InstallResult result = MustInstall(given, trusted, kiosk);
    std::string bytes = ReadFile(result.installed.path);
    bytes[100] ^= 0x04;
    WriteFile(result.installed.path, bytes);
    std::string message = Loaded(trusted, kiosk);
    CHECK(Has(message, "the installed pack training version 2 failed its check: " + result.installed.path +
                           ": the pack does not match its signature"));
    InstallResult repaired = MustInstall(given, trusted, kiosk);
    CHECK_FALSE(repaired.already_installed);
    CHECK(Loaded(trusted, kiosk) == "training v2");
    CHECK(ReadFile(repaired.installed.path) == ReadFile(given));
}

TEST_CASE("install: leftovers of an interrupted install are removed and other files are kept") {
    Kiosk kiosk;
    SigningKey key = KeyFromByte(11);
    TrustedKeys trusted = Trust({&key});
    std::string given = MakeTestPack(kiosk.dir.File("training.pack"), "training", 1);
    MustSign(given, key);
    InstallResult result = MustInstall(given, trusted, kiosk);
    // What a power cut between the copy and the commit leaves: a temporary copy, a half-written .sig,
    // and a renamed copy that no row names (yet: had its COMMIT failed, the WAL could still name it).
    const std::string unrecorded = "training-v2-0011223344556677.pack";
    WriteFile(kiosk.packs + "/.incoming-0b5c", "half a pack");
    WriteFile(kiosk.packs + "/" + unrecorded + ".sig.tmp-9f", "half a sig");
    WriteFile(kiosk.packs + "/" + unrecorded, "unrecorded");
    WriteFile(kiosk.packs + "/" + unrecorded + ".sig", "unrecorded");
    WriteFile(kiosk.packs + "/README.txt", "an admin's note");
    CHECK(Loaded(trusted, kiosk) == "training v1");
    const std::string file = result.installed.record.file;
    CHECK(FileNames(kiosk.packs) ==
          std::vector<std::string>{"README.txt", file, file + ".sig", unrecorded, unrecorded + ".sig"});
    // The next install that commits clears every other copy (and only ours).
    std::string v2 = MakeTestPack(kiosk.dir.File("v2.pack"), "training", 2);
    MustSign(v2, key);
    InstallResult two = MustInstall(v2, trusted, kiosk);
    CHECK(FileNames(kiosk.packs) ==
          std::vector<std::string>{"README.txt", two.installed.record.file, two.installed.record.file + ".sig"});
}
