// Admin access that holds up (issue 26): the lockout policy, the credential file on the kiosk, and the gate
// over a real records DB on disk, so that neither a new long press nor a reopened DB (a restart) starts the
// count of wrong passcodes again, and every sign-in, lockout and action leaves a line in the admin trail.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>
#include <variant>

#include "core/admin/admin_gate.h"
#include "core/records/records_db.h"
#include "core/trust/admin_credential.h"
#include "core/trust/admin_guard.h"
#include "support/temp_dir.h"

using namespace kiosk::core;
using test_support::TempDir;

namespace {

constexpr const char* kPasscode = "48151623";

// One credential for the file's tests (Argon2id takes a moment; hash once).
const std::string& Hash() {
    static const std::string hash = [] {
        TempDir dir;
        REQUIRE(WriteAdminCredential(dir.File("p"), kPasscode) == std::nullopt);
        auto read = ReadAdminCredential(dir.File("p"));
        REQUIRE(std::holds_alternative<AdminCredential>(read));
        return std::get<AdminCredential>(read).hash;
    }();
    return hash;
}

RecordsDb OpenDb(const std::string& path) {
    OpenReport report;
    auto db = RecordsDb::Open(path, report);
    REQUIRE(std::holds_alternative<RecordsDb>(db));
    return std::move(std::get<RecordsDb>(db));
}

struct Clock {
    std::int64_t now = 1'800'000'000;  // Unix seconds
};

AdminGate MakeGate(RecordsDb* db, Clock& clock, std::vector<std::string>* log = nullptr) {
    return AdminGate(Hash(), db, "kiosk-7", [&clock] { return clock.now; },
                     [log](const std::string& line) { if (log) log->push_back(line); });
}

}  // namespace

TEST_CASE("admin lockout: three tries then a wait of 1 then 2 then 4 minutes after every three more up to an hour") {
    CHECK(AdminLockoutSeconds(0) == 0);
    CHECK(AdminLockoutSeconds(2) == 0);
    CHECK(AdminLockoutSeconds(3) == 60);
    CHECK(AdminLockoutSeconds(4) == 0);  // the lock is over: three more tries
    CHECK(AdminLockoutSeconds(6) == 120);
    CHECK(AdminLockoutSeconds(9) == 240);
    CHECK(AdminLockoutSeconds(18) == 1920);
    CHECK(AdminLockoutSeconds(21) == 3600);
    CHECK(AdminLockoutSeconds(3000) == 3600);
    CHECK(AdminLockoutLeft(3, 1000, 1000) == 60);
    CHECK(AdminLockoutLeft(3, 1000, 1059) == 1);
    CHECK(AdminLockoutLeft(3, 1000, 1060) == 0);
    // A clock set back a day never makes the wait longer than the lockout.
    CHECK(AdminLockoutLeft(6, 1000, 1000 - 86400) == 120);
}

TEST_CASE("admin passcode: 6 to 12 digits - not a repeated digit or a run - the file holds a hash - never the passcode") {
    CHECK(AdminPasscodeProblem("24682468") == std::nullopt);
    CHECK(AdminPasscodeProblem("2468").has_value());           // too short for a kiosk left alone
    CHECK(AdminPasscodeProblem("1234567890123").has_value());  // longer than the pad takes
    CHECK(AdminPasscodeProblem("24a82468").has_value());
    CHECK(AdminPasscodeProblem("000000").has_value());
    CHECK(AdminPasscodeProblem("123456").has_value());
    CHECK(AdminPasscodeProblem("987654").has_value());

    TempDir dir;
    std::string path = dir.File("admin-passcode");
    REQUIRE(WriteAdminCredential(path, kPasscode) == std::nullopt);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.rfind("$argon2id$", 0) == 0);
    CHECK(text.find(kPasscode) == std::string::npos);
    CHECK(WriteAdminCredential(dir.File("easy"), "111111").has_value());

    // Missing, not a hash, writable by others: each refused with what to do; readable by all: a warning.
    auto missing = ReadAdminCredential(dir.File("none"));
    REQUIRE(std::holds_alternative<std::string>(missing));
    CHECK(std::get<std::string>(missing).find("tools/deploy/install --admin-passcode") != std::string::npos);
    std::ofstream(dir.File("junk")) << "2468\n";
    ::chmod(dir.File("junk").c_str(), 0600);
    CHECK(std::holds_alternative<std::string>(ReadAdminCredential(dir.File("junk"))));
    ::chmod(path.c_str(), 0666);
    auto writable = ReadAdminCredential(path);
    REQUIRE(std::holds_alternative<std::string>(writable));
    CHECK(std::get<std::string>(writable).find("changed by users other than its owner") != std::string::npos);
    ::chmod(path.c_str(), 0644);
    auto readable = ReadAdminCredential(path);
    REQUIRE(std::holds_alternative<AdminCredential>(readable));
    CHECK(std::get<AdminCredential>(readable).warning.find("readable by every user") != std::string::npos);
}

TEST_CASE("admin gate: wrong passcodes lock the pad - and the count survives a new gate and a reopened DB") {
    TempDir dir;
    std::string path = dir.File("records.db");
    Clock clock;
    {
        RecordsDb db = OpenDb(path);
        AdminGate gate = MakeGate(&db, clock);
        AdminGateState status = gate.Status();
        CHECK(status.available);
        CHECK(status.failures == 0);
        CHECK(gate.Try("11111111").failures == 1);
        CHECK(gate.Try("22222222").locked_for_ms == 0);
        AdminGateState third = gate.Try("33333333");
        CHECK_FALSE(third.right);
        CHECK(third.failures == 3);
        CHECK(third.locked_for_ms == 60'000);
        // Locked: even the right passcode is not checked (nor counted) until the minute is over.
        clock.now += 30;
        AdminGateState locked = gate.Try(kPasscode);
        CHECK_FALSE(locked.right);
        CHECK(locked.locked_for_ms == 30'000);
        CHECK(std::get<AdminAttempts>(db.AdminAttemptsSinceSignIn()).failures == 3);
    }
    // A restart: a new DB connection and a new gate; the lock and the count are where they were.
    {
        RecordsDb db = OpenDb(path);
        AdminGate gate = MakeGate(&db, clock);
        AdminGateState status = gate.Status();
        CHECK(status.failures == 3);
        CHECK(status.locked_for_ms == 30'000);
        clock.now += 30;
        CHECK(gate.Status().locked_for_ms == 0);
        gate.Try("44444444");
        gate.Try("55555555");
        AdminGateState sixth = gate.Try("66666666");
        CHECK(sixth.locked_for_ms == 120'000);  // doubled
        clock.now += 120;
        AdminGateState right = gate.Try(kPasscode);
        CHECK(right.right);
        CHECK(right.failures == 0);
        CHECK(gate.Status().failures == 0);
        gate.Record(AdminEventKind::Export, "records-kiosk-7-2027-01-15T08-00-00Z.db");
        gate.Record(AdminEventKind::Quit, "");

        // The trail, newest first, without the attempts themselves; nothing in it is a passcode.
        std::vector<AdminEvent> trail = db.LastAdminEvents(10);
        std::vector<std::string> kinds;
        for (const AdminEvent& e : trail) kinds.push_back(ToString(e.kind));
        CHECK(kinds == std::vector<std::string>{"quit", "export", "sign-in", "lockout", "lockout"});
        CHECK(trail[2].detail == "after 6 wrong passcodes");
        CHECK(trail[3].detail == "locked for 2 minutes after 6 wrong passcodes");
        CHECK(trail[4].detail == "locked for 1 minute after 3 wrong passcodes");
        CHECK(trail[0].at.size() == 20);
        for (const AdminEvent& e : trail) CHECK(e.detail.find(kPasscode) == std::string::npos);
    }
    RecordsDb db = OpenDb(path);
    Statement count;
    REQUIRE_FALSE(count.Prepare(db.Connection(), "SELECT count(*) FROM admin_events WHERE kind = 'attempt' AND kiosk_id = 'kiosk-7'"));
    REQUIRE(count.Step() == StepResult::Row);
    CHECK(count.ColumnInt64(0) == 7);  // six wrong and one right: every passcode tried is counted first
}

TEST_CASE("admin gate: with no passcode set the pad is unavailable - with no records DB it still locks") {
    Clock clock;
    AdminGate none("", nullptr, "k", [&clock] { return clock.now; }, [](const std::string&) {});
    CHECK_FALSE(none.Status().available);
    CHECK_FALSE(none.Try(kPasscode).right);

    AdminGate memory = MakeGate(nullptr, clock);
    for (int i = 0; i < 2; ++i) CHECK(memory.Try("11111111").locked_for_ms == 0);
    CHECK(memory.Try("11111111").locked_for_ms == 60'000);
    CHECK(memory.Status().locked_for_ms == 60'000);
    clock.now += 60;
    CHECK(memory.Try(kPasscode).right);
}
