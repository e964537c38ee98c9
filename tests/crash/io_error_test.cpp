// I/O errors and a full disk under the kiosk's record path: the fault VFS fails the n-th write or sync
// of a save (once, then persistently), for every n; then a real full disk (a small tmpfs filled by a
// file). Each time: RecordsDb::Write returns a plain message (never throws or aborts), the DB is
// unchanged and sound, RecordsQueue keeps every event, and once the fault clears the next Flush saves
// them all exactly once. Also: failed writes in the checkpoint at close, a failed sync in a pack install
// followed by a kill, and a kiosk starting on a full disk (never a quarantine).
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/install/pack_install.h"
#include "core/records/records_db.h"
#include "core/records/records_queue.h"
#include "fault_vfs.h"
#include "records_fixture.h"
#include "support/signed_pack.h"
#include "support/temp_dir.h"

namespace {

using namespace crash_test;
namespace fs = std::filesystem;

struct TempDir : test_support::TempDir {
    TempDir() : test_support::TempDir("kiosk-io-error") {}
};

RecordsDb MustOpen(const std::string& path) {
    OpenReport report;
    auto opened = RecordsDb::Open(path, report);
    if (auto* e = std::get_if<std::string>(&opened)) FAIL("open failed: " << *e);
    REQUIRE(report.quarantined_to.empty());
    return std::move(std::get<RecordsDb>(opened));
}

constexpr int kEarlierSittings = 5;

std::string Counts(RecordsDb& db) {
    RowCounts c = db.Counts();
    return std::to_string(c.sittings) + "/" + std::to_string(c.answers) + "/" + std::to_string(c.completions);
}

std::string CountsAfter(int sittings) {
    return std::to_string(sittings) + "/" + std::to_string(2 * sittings) + "/" + std::to_string(sittings);
}

std::string Fixture(TempDir& dir) {
    std::string path = dir.File("fixture/records.db");
    RecordsDb db = MustOpen(path);
    for (int i = 0; i < kEarlierSittings; ++i) REQUIRE(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
    return path;
}

std::string FreshCopy(TempDir& dir, const std::string& fixture, const std::string& name) {
    fs::create_directories(dir.File(name));
    std::string path = dir.File(name + "/records.db");
    fs::copy_file(fixture, path);
    return path;
}

enum class Target { Write, Sync };

struct Fault {
    Target target;
    int code;
    const char* message;  // what Write must say
};

// The n-th write or sync of a save fails, once or until cleared, for every n the save has.
void SweepSaveFaults(const Fault& fault) {
    FaultVfs& vfs = FaultVfs::Install();
    vfs.Reset();
    TempDir dir;
    std::string fixture = Fixture(dir);

    // How many writes and syncs one save of a whole sitting makes.
    int points = 0;
    {
        RecordsDb db = MustOpen(FreshCopy(dir, fixture, "count"));
        RecordsQueue queue;
        queue.Push(WholeSitting(NewUuidV4()));
        int before = fault.target == Target::Write ? vfs.Writes() : vfs.Syncs();
        REQUIRE(queue.Flush(db, Context()).Ok());
        points = (fault.target == Target::Write ? vfs.Writes() : vfs.Syncs()) - before;
    }
    REQUIRE(points > 0);

    int cases = 0, retries_saved = 0;
    for (bool persistent : {false, true}) {
        for (int n = 1; n <= points; ++n) {
            ++cases;
            INFO((fault.target == Target::Write ? "write " : "sync ") << n << " of " << points << " fails "
                                                                      << (persistent ? "persistently" : "once"));
            std::string path = FreshCopy(dir, fixture, "case-" + std::to_string(cases));
            vfs.Reset();
            {
                RecordsDb db = MustOpen(path);
                std::string sitting = NewUuidV4();
                RecordsQueue queue;
                queue.Push({Started(sitting), Answered(sitting, NewUuidV4(), "q1")});
                queue.Push({Answered(sitting, NewUuidV4(), "q2"), Finished(sitting, NewUuidV4()), Ended(sitting)});
                if (fault.target == Target::Write)
                    vfs.FailWrite(n, fault.code, persistent);
                else
                    vfs.FailSync(n, fault.code, persistent);

                WriteResult failed = queue.Flush(db, Context());
                CHECK(vfs.FaultsFired() >= 1);
                REQUIRE_FALSE(failed.Ok());
                CHECK(*failed.error == fault.message);
                CHECK(failed.saved == 0);
                CHECK(queue.Pending() == 5);
                if (persistent) {
                    WriteResult again = queue.Flush(db, Context());
                    CHECK_FALSE(again.Ok());
                    CHECK(queue.Pending() == 5);
                    vfs.ClearFaults();  // space is back, the cable is pushed in again
                }
                // Nothing of the failed save is visible, and the file is sound.
                CHECK(Counts(db) == CountsAfter(kEarlierSittings));
                CHECK(IntegrityCheck(db.Connection()) == "ok");

                WriteResult saved = queue.Flush(db, Context());
                REQUIRE_MESSAGE(saved.Ok(), *saved.error);
                CHECK(saved.saved == 5);
                CHECK(queue.Pending() == 0);
                if (saved.Ok()) ++retries_saved;
                CHECK(Counts(db) == CountsAfter(kEarlierSittings + 1));
                CHECK(Query(db.Connection(), "SELECT outcome FROM sittings WHERE id = ?1", sitting) == "completed");
            }
            // After a restart, exactly once, and nothing to quarantine.
            RecordsDb db = MustOpen(path);
            CHECK(Counts(db) == CountsAfter(kEarlierSittings + 1));
            CHECK(IntegrityCheck(db.Connection()) == "ok");
        }
    }
    std::printf("I/O errors: %s %s: %d %s points in one save, %d cases (once and persistent), every save "
                "refused with \"%s\" and then saved exactly once by a later Flush: %d\n",
                fault.target == Target::Write ? "write" : "sync", sqlite3_errstr(fault.code), points,
                fault.target == Target::Write ? "write" : "sync", cases, fault.message, retries_saved);
    std::fflush(stdout);
}

}  // namespace

TEST_CASE("io errors: a failed write in a save keeps the events and a later Flush saves them once") {
    SweepSaveFaults({Target::Write, SQLITE_IOERR_WRITE, "the records file could not be written (disk I/O error)"});
}

TEST_CASE("io errors: a full disk in a save keeps the events and a later Flush saves them once") {
    SweepSaveFaults({Target::Write, SQLITE_FULL, "the disk is full"});
}

TEST_CASE("io errors: a failed sync in a save keeps the events and a later Flush saves them once") {
    SweepSaveFaults({Target::Sync, SQLITE_IOERR_FSYNC, "the records file could not be written (disk I/O error)"});
}

// The checkpoint at close writes the main file; failing any of its writes must lose nothing.
TEST_CASE("io errors: a failed write while closing (checkpoint) loses nothing") {
    FaultVfs& vfs = FaultVfs::Install();
    vfs.Reset();
    TempDir dir;
    std::string fixture = Fixture(dir);
    int points = 0;
    {
        std::string path = FreshCopy(dir, fixture, "count");
        RecordsDb db = MustOpen(path);
        REQUIRE(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
        int before = vfs.Writes();
        db = RecordsDb();
        points = vfs.Writes() - before;
    }
    REQUIRE(points > 0);
    for (bool persistent : {false, true}) {
        for (int n = 1; n <= points; ++n) {
            INFO("checkpoint write " << n << " of " << points << (persistent ? " fails persistently" : " fails once"));
            std::string path = FreshCopy(dir, fixture, "case-" + std::to_string(n) + (persistent ? "p" : "o"));
            vfs.Reset();
            {
                RecordsDb db = MustOpen(path);
                REQUIRE(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
                vfs.FailWrite(n, SQLITE_IOERR_WRITE, persistent);
            }
            vfs.ClearFaults();
            CHECK(vfs.FaultsFired() >= 1);
            RecordsDb db = MustOpen(path);
            CHECK(Counts(db) == CountsAfter(kEarlierSittings + 1));
            CHECK(IntegrityCheck(db.Connection()) == "ok");
        }
    }
    std::printf("I/O errors: checkpoint at close: %d write points, %d cases, lost 0\n", points, 2 * points);
}

namespace {

// A tmpfs of `size` mounted on `dir` for the life of this object; Mounted() is false (with the reason)
// where mounting is not allowed (not root, or a container without CAP_SYS_ADMIN).
class SmallTmpfs {
public:
    SmallTmpfs(const std::string& dir, const std::string& size) : m_dir(dir) {
        fs::create_directories(dir);
        std::string options = "size=" + size + ",mode=0700";
        if (::mount("kiosk-full-disk-test", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0)
            m_mounted = true;
        else
            m_reason = std::strerror(errno);
    }
    ~SmallTmpfs() {
        if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
    }
    bool Mounted() const { return m_mounted; }
    const std::string& Reason() const { return m_reason; }

private:
    std::string m_dir;
    bool m_mounted = false;
    std::string m_reason;
};

// Writes a file until the file system says ENOSPC; true if it did.
bool FillDisk(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    std::vector<char> block(4096, 'x');
    bool full = false;
    for (int i = 0; i < 1 << 20 && !full; ++i) {
        if (std::fwrite(block.data(), 1, block.size(), f) != block.size() || std::fflush(f) != 0) full = errno == ENOSPC;
    }
    std::fclose(f);
    return full;
}

}  // namespace

TEST_CASE("io errors: a real full disk (tmpfs) says the disk is full and saves everything once space is back") {
    TempDir dir;
    SmallTmpfs volume(dir.File("volume"), "1m");
    if (!volume.Mounted()) {
        std::printf("SKIPPED: the real full-disk check needs to mount a tmpfs (%s); run it as root\n",
                    volume.Reason().c_str());
        return;
    }
    std::string path = dir.File("volume/records.db");
    std::string filler = dir.File("volume/filler");
    int pending_max = 0;
    {
        RecordsDb db = MustOpen(path);
        for (int i = 0; i < 3; ++i) REQUIRE(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
        REQUIRE(FillDisk(filler));

        // Sittings keep happening while the disk is full: every save fails, plainly, and nothing goes.
        RecordsQueue queue;
        for (int i = 0; i < 4; ++i) {
            queue.Push(WholeSitting(NewUuidV4()));
            WriteResult r = queue.Flush(db, Context());
            REQUIRE_FALSE(r.Ok());
            CHECK(*r.error == "the disk is full");
            CHECK(queue.Pending() == static_cast<std::size_t>(5 * (i + 1)));
        }
        pending_max = static_cast<int>(queue.Pending());
        CHECK(Counts(db) == CountsAfter(3));
        CHECK(IntegrityCheck(db.Connection()) == "ok");

        fs::remove(filler);
        WriteResult saved = queue.Flush(db, Context());
        REQUIRE_MESSAGE(saved.Ok(), *saved.error);
        CHECK(saved.saved == 20);
        CHECK(Counts(db) == CountsAfter(7));
        CHECK(queue.Flush(db, Context()).saved == 0);
    }
    RecordsDb db = MustOpen(path);
    CHECK(Counts(db) == CountsAfter(7));
    CHECK(IntegrityCheck(db.Connection()) == "ok");
    std::printf("full disk (1 MiB tmpfs filled by a file): 4 saves refused with \"the disk is full\", %d events "
                "kept in memory, all saved once after the filler was deleted; integrity ok\n",
                pending_max);
}

// An install whose COMMIT reports an I/O error may still have reached the WAL (the frames were
// written; only their sync failed). If the kiosk then stops before it writes again (killed, or the
// power goes: Keep loses nothing), SQLite's recovery at the next start replays that commit, so the
// pack it names must still be there: whatever InstallPack said, the kiosk must load a whole pack.
// (An InstallPack that deleted its new copy when COMMIT reported an error failed this at sync 2.)
TEST_CASE("io errors: a failed sync while installing a pack and then a kill still leave a pack that loads") {
    FaultVfs& vfs = FaultVfs::Install();
    vfs.Reset();
    TempDir dir;
    SigningKey key = test_support::KeyFromByte(9);
    TrustedKeys trusted = test_support::Trust({&key});
    fs::create_directories(dir.File("fixture/usb"));
    std::string v1 = test_support::MakeTestPack(dir.File("fixture/usb/v1.pack"), "training", 1);
    std::string v2 = test_support::MakeTestPack(dir.File("fixture/usb/v2.pack"), "training", 2);
    test_support::MustSign(v1, key);
    test_support::MustSign(v2, key);
    {
        RecordsDb db = MustOpen(dir.File("fixture/records.db"));
        REQUIRE(std::holds_alternative<InstallResult>(InstallPack(v1, trusted, dir.File("fixture/packs"), db)));
    }
    int points = 0;
    {
        fs::copy(dir.File("fixture"), dir.File("count"), fs::copy_options::recursive);
        RecordsDb db = MustOpen(dir.File("count/records.db"));
        int before = vfs.Syncs();
        REQUIRE(std::holds_alternative<InstallResult>(
            InstallPack(dir.File("count/usb/v2.pack"), trusted, dir.File("count/packs"), db)));
        points = vfs.Syncs() - before;
    }
    REQUIRE(points > 0);
    int refused = 0;
    for (int n = 1; n <= points; ++n) {
        INFO("sync " << n << " of " << points << " fails once, then the kiosk is killed");
        std::string name = "case-" + std::to_string(n);
        fs::copy(dir.File("fixture"), dir.File(name), fs::copy_options::recursive);
        std::string packs = dir.File(name + "/packs");
        vfs.Reset();
        {
            RecordsDb db = MustOpen(dir.File(name + "/records.db"));
            vfs.FailSync(n, SQLITE_IOERR_FSYNC, false);
            auto installed = InstallPack(dir.File(name + "/usb/v2.pack"), trusted, packs, db);
            if (auto* error = std::get_if<std::string>(&installed)) {
                ++refused;
                MESSAGE("InstallPack said: " << *error);
            }
            vfs.CutPowerNow(PowerLoss::Keep, 0);  // a kill: no checkpoint, nothing more written
        }
        vfs.Reboot();
        RecordsDb db = MustOpen(dir.File(name + "/records.db"));
        auto loaded = LoadInstalledPack(packs, trusted, db);
        if (auto* error = std::get_if<std::string>(&loaded)) FAIL_CHECK("the kiosk cannot load its pack: " << *error);
        else CHECK(std::get<std::optional<VerifiedPack>>(loaded).has_value());
    }
    std::printf("I/O errors: install a pack: %d sync points, each failing once then a kill; InstallPack refused "
                "%d; the kiosk loads a whole pack after each\n",
                points, refused);
}

// A kiosk restarting while its disk is full (after a power cut, say): its DB must not be taken for a
// damaged one and moved aside. Open either works (and saves fail plainly until there is room) or says
// what is wrong; either way the file keeps its rows and, once there is room, everything saves.
TEST_CASE("io errors: a kiosk that starts on a full disk neither quarantines its DB nor loses rows") {
    TempDir dir;
    SmallTmpfs volume(dir.File("volume"), "1m");
    if (!volume.Mounted()) {
        std::printf("SKIPPED: starting on a full disk needs to mount a tmpfs (%s); run it as root\n",
                    volume.Reason().c_str());
        return;
    }
    std::string path = dir.File("volume/records.db");
    {
        RecordsDb db = MustOpen(path);
        for (int i = 0; i < 3; ++i) REQUIRE(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
    }
    REQUIRE_FALSE(fs::exists(path + "-wal"));
    REQUIRE(FillDisk(dir.File("volume/filler")));
    std::string opened_how;
    {
        OpenReport report;
        auto opened = RecordsDb::Open(path, report);
        CHECK(report.quarantined_to.empty());
        CHECK_FALSE(report.created);
        if (auto* error = std::get_if<std::string>(&opened)) {
            opened_how = "refused: " + *error;
            CHECK(error->find(path) != std::string::npos);
            CHECK(error->find("the disk holding it is full") != std::string::npos);  // not a bare "I/O error"
        } else {
            RecordsDb& db = std::get<RecordsDb>(opened);
            opened_how = "opened";
            CHECK(Counts(db) == CountsAfter(3));
            auto refused = db.Write(WholeSitting(NewUuidV4()), Context());
            REQUIRE(refused);
            CHECK(*refused == "the disk is full");
        }
    }
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.File("volume"))) names.push_back(entry.path().filename());
    for (const std::string& name : names) CHECK_MESSAGE(name.find(".corrupt-") == std::string::npos, name);
    fs::remove(dir.File("volume/filler"));
    RecordsDb db = MustOpen(path);
    CHECK(Counts(db) == CountsAfter(3));
    CHECK(db.Write(WholeSitting(NewUuidV4()), Context()) == std::nullopt);
    CHECK(IntegrityCheck(db.Connection()) == "ok");
    std::printf("full disk at start: RecordsDb::Open %s; nothing quarantined, rows kept, saves work once there is "
                "room\n",
                opened_how.c_str());
}
