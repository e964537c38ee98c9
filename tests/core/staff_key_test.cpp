// The staff key (0600 file, refused when unsafe) and its HMAC of a staff number, and the privacy
// canary: a staff number never reaches the records DB, its WAL or an export, only its hash does.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "core/records/records_db.h"
#include "core/trust/staff_key.h"
#include "core/util/uuid.h"

#include "support/files.h"
#include "support/records.h"

namespace {

using namespace kiosk::core;
using namespace test_support::records;
namespace fs = std::filesystem;
using test_support::ReadFile;
using test_support::WriteFile;
using test_support::FileNames;

}  // namespace

TEST_CASE("staff key: created 0600 on first start and then loaded unchanged") {
    TempDir dir;
    std::string path = dir.File("kiosk/staff.key");  // the folder does not exist yet
    auto created = LoadOrCreateStaffKey(path);
    REQUIRE(std::holds_alternative<StaffKey>(created));
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(st.st_size == 32);
    std::string bytes = ReadFile(path);

    auto loaded = LoadOrCreateStaffKey(path);
    REQUIRE(std::holds_alternative<StaffKey>(loaded));
    CHECK(ReadFile(path) == bytes);  // never rewritten
    CHECK(HashStaffNumber(std::get<StaffKey>(created), "12345") ==
          HashStaffNumber(std::get<StaffKey>(loaded), "12345"));
    CHECK(FileNames(dir.Path() / "kiosk") == std::vector<std::string>{"staff.key"});  // no temporary left

    // Two deployments have different keys, so their hashes of one number differ.
    auto other = LoadOrCreateStaffKey(dir.File("other.key"));
    REQUIRE(std::holds_alternative<StaffKey>(other));
    CHECK(HashStaffNumber(std::get<StaffKey>(other), "12345") != HashStaffNumber(std::get<StaffKey>(loaded), "12345"));
}

TEST_CASE("staff key: refused when others can read it or the size is wrong and never overwritten") {
    TempDir dir;
    std::string path = dir.File("staff.key");
    std::string key(32, '\x11');

    SUBCASE("world-readable") {
        WriteFile(path, key);
        ::chmod(path.c_str(), 0644);
        auto result = LoadOrCreateStaffKey(path);
        REQUIRE(std::holds_alternative<std::string>(result));
        CHECK(std::get<std::string>(result).find("0644") != std::string::npos);
        CHECK(std::get<std::string>(result).find("chmod 600") != std::string::npos);
        CHECK(ReadFile(path) == key);
    }
    SUBCASE("group-readable") {
        WriteFile(path, key);
        ::chmod(path.c_str(), 0640);
        CHECK(std::holds_alternative<std::string>(LoadOrCreateStaffKey(path)));
    }
    SUBCASE("wrong size") {
        WriteFile(path, key.substr(0, 31));
        ::chmod(path.c_str(), 0600);
        auto result = LoadOrCreateStaffKey(path);
        REQUIRE(std::holds_alternative<std::string>(result));
        CHECK(std::get<std::string>(result).find("31 bytes") != std::string::npos);
        CHECK(ReadFile(path) == key.substr(0, 31));
    }
    SUBCASE("empty") {
        WriteFile(path, "");
        ::chmod(path.c_str(), 0600);
        CHECK(std::holds_alternative<std::string>(LoadOrCreateStaffKey(path)));
        CHECK(ReadFile(path).empty());
    }
    SUBCASE("a symbolic link") {
        std::string target = dir.File("elsewhere.key");
        WriteFile(target, key);
        ::chmod(target.c_str(), 0600);
        fs::create_symlink(target, path);
        auto result = LoadOrCreateStaffKey(path);
        REQUIRE(std::holds_alternative<std::string>(result));
        CHECK(std::get<std::string>(result).find("symbolic link") != std::string::npos);
    }
    SUBCASE("a 0600 key of the right size is accepted") {
        WriteFile(path, key);
        ::chmod(path.c_str(), 0600);
        CHECK(std::holds_alternative<StaffKey>(LoadOrCreateStaffKey(path)));
    }
}

TEST_CASE("staff key: HMAC-SHA256 of the normalised number as stable lower-case hex") {
    std::array<std::uint8_t, 32> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
    StaffKey key = StaffKey::FromBytes(bytes);
    // Expected values from Python: hmac.new(bytes(range(32)), b"12345", hashlib.sha256).hexdigest()
    const std::string expected = "36e295174c2947fbba5ff2d280b635a4b2eaa3106e07c7f1f3d2b72cba861447";
    CHECK(HashStaffNumber(key, "12345") == expected);
    CHECK(HashStaffNumber(key, "12 34-5") == expected);
    CHECK(HashStaffNumber(key, " 1-2-3-4-5 ") == expected);
    CHECK(HashStaffNumber(key, "ab12345") == "06e7583edc151dc4f6df618fdbe42bae5d74acdf8f567d1c2c33fa6d166f278b");
    CHECK(HashStaffNumber(key, "AB 12345") == HashStaffNumber(key, "ab-12345"));
    CHECK(HashStaffNumber(key, "12346") != expected);
    CHECK(HashStaffNumber(key, "").empty());
    CHECK(HashStaffNumber(key, " - ").empty());
    CHECK(HashStaffNumberThunk("12 34-5", &key) == expected);

    // A moved key still hashes the same (and the moved-from one is wiped).
    StaffKey moved = std::move(key);
    CHECK(HashStaffNumber(moved, "12345") == expected);
}

TEST_CASE("privacy: the canary staff number never reaches the DB or its WAL or an export but its hash does") {
    const std::string canary = "98765432";
    TempDir dir;
    auto key = LoadOrCreateStaffKey(dir.File("staff.key"));
    REQUIRE(std::holds_alternative<StaffKey>(key));
    // The way the session hashes it (SessionConfig::hash_staff_number).
    std::string hash = HashStaffNumberThunk(canary, &std::get<StaffKey>(key));
    REQUIRE(hash.size() == 64);
    REQUIRE(hash.find(canary) == std::string::npos);

    std::string path = dir.File("records.db");
    std::string exported = dir.File("export.db");
    {
        RecordsDb db = MustOpen(path);
        REQUIRE(db.Write(WholeSitting(NewUuidV4(), hash), Context()) == std::nullopt);
        // While open, the rows live in the WAL.
        std::string live = ReadFile(path) + ReadFile(path + "-wal");
        CHECK(live.find(canary) == std::string::npos);
        CHECK(live.find(hash) != std::string::npos);
        REQUIRE(db.ExportTo(exported) == std::nullopt);
    }
    CHECK(ReadFile(exported).find(canary) == std::string::npos);
    CHECK(ReadFile(exported).find(hash) != std::string::npos);
    CHECK(ReadFile(path).find(hash) != std::string::npos);
    for (const auto& entry : fs::recursive_directory_iterator(dir.Path())) {
        INFO(entry.path().string());
        CHECK(ReadFile(entry.path().string()).find(canary) == std::string::npos);
    }
}
