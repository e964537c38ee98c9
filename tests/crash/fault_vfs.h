// A test VFS that wraps the default one through the public sqlite3_vfs API and simulates what a kiosk's
// disk can do to SQLite: lose power at the k-th sync (keeping, dropping or tearing every write made
// since each file's last sync, then failing every call: "the machine is off"), or fail the n-th write
// or sync with an I/O error or a full disk, once or until cleared. Installed as the process's default
// VFS, so the real kiosk_core code (RecordsDb::Open) uses it without any hook in the kiosk.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace crash_test {

// What happens to the writes that no sync had made durable when the power goes.
enum class PowerLoss {
    Keep,  // they all reached the disk (the OS flushed its cache just in time)
    Drop,  // none did: every file is back as it was at its last sync
    Tear,  // some did, some did not, one may be cut inside a sector (seeded, reproducible)
};
const char* ToString(PowerLoss mode);

// The fault VFS of this process (one per process: it is SQLite's default VFS once installed).
class FaultVfs {
public:
    // Registers the VFS "fault" as the default, wrapping the default VFS before it. Idempotent.
    static FaultVfs& Install();

    // Everything on disk now counts as durable; counters zero; power on; no faults armed.
    void Reset();

    // Power goes off at the k-th xSync from now (1-based): that sync fails and everything after it.
    void CutPowerAtSync(int k, PowerLoss mode, std::uint32_t seed);
    // Power goes off now (e.g. just after a COMMIT returned).
    void CutPowerNow(PowerLoss mode, std::uint32_t seed);
    bool PowerIsOff() const;
    // Called once when the power goes off, so a test can freeze files that SQLite does not write (the
    // process runs on after a simulated cut, a real machine would not). Empty: none. Kept until changed.
    void OnPowerOff(std::function<void()> callback);
    // Brings the machine back: applies the loss to the real files (every connection must be closed
    // first; asserted), then behaves like Reset().
    void Reboot();

    // Fails the n-th xWrite (or xSync) from now with `sqlite_code` (SQLITE_IOERR_WRITE, SQLITE_FULL...);
    // `persistent`: that one and every later one, until ClearFaults().
    void FailWrite(int n, int sqlite_code, bool persistent);
    void FailSync(int n, int sqlite_code, bool persistent);
    void ClearFaults();

    // Calls counted since the last Reset/Reboot (writes and syncs to the DB, WAL and journal files).
    int Syncs() const;
    int Writes() const;
    // Faults that have fired since the last Reset/Reboot.
    int FaultsFired() const;
    // Files of this VFS still open (Reboot needs 0).
    int OpenFiles() const;

private:
    FaultVfs() = default;
};

}  // namespace crash_test
