// FaultVfs (fault_vfs.h): every call goes to the wrapped default VFS; what this adds is a journal per
// file path of the writes and truncations since that file's last successful xSync, with the bytes they
// replaced. A power loss is applied at Reboot, on the real files with plain POSIX calls: Drop undoes
// the journal newest first; Tear undoes it all, then replays a seeded choice of whole, missing and
// sector-cut writes (SQLite's own model: unsynced writes may land in any subset, and a write may be cut;
// bytes outside a write never change, which is the powersafe-overwrite property the unix VFS claims).
//
// The journal is kept per path, not per open file, because closing a file does not make it durable.
#include "fault_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <vector>

namespace crash_test {

namespace {

struct Op {
    bool truncate = false;      // a truncation (else a write of `data` at `offset`)
    std::int64_t offset = 0;    // write: where; truncate: the new size
    std::string data;           // write: the new bytes
    std::int64_t old_size = 0;  // the file's size before this op
    std::string old;            // the bytes this op overwrote or cut off, from `offset` (within old_size)
};

struct Journal {
    std::vector<Op> ops;  // since the last sync, oldest first
};

struct State {
    sqlite3_vfs* base = nullptr;
    sqlite3_vfs vfs{};
    std::map<std::string, Journal> journals;
    int syncs = 0, writes = 0, fired = 0, open_files = 0;
    bool power_off = false;
    int cut_at_sync = 0;  // 0: none armed
    PowerLoss mode = PowerLoss::Keep;
    std::uint32_t seed = 0;
    std::function<void()> on_power_off;
    int fail_write_at = 0, fail_write_code = 0;
    bool fail_write_persistent = false;
    int fail_sync_at = 0, fail_sync_code = 0;
    bool fail_sync_persistent = false;
};

State& S() {
    static State state;
    return state;
}

struct File {
    sqlite3_file base;
    sqlite3_file* real;
    const char* path;  // SQLite keeps the name alive while the file is open; null for temp files
    bool journaled;    // main DB, WAL or rollback journal: what must survive a power loss
};

sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }
File* Me(sqlite3_file* f) { return reinterpret_cast<File*>(f); }

// Reads [offset, offset+n) clipped to the file's current size.
std::string ReadOld(sqlite3_file* real, std::int64_t offset, std::int64_t n, std::int64_t size) {
    std::int64_t end = std::min(offset + n, size);
    if (end <= offset) return {};
    std::string bytes(static_cast<std::size_t>(end - offset), '\0');
    int rc = real->pMethods->xRead(real, bytes.data(), static_cast<int>(bytes.size()), offset);
    assert(rc == SQLITE_OK && "fault VFS: cannot read the bytes a write replaces");
    (void)rc;
    return bytes;
}

std::int64_t SizeOf(sqlite3_file* real) {
    sqlite3_int64 size = 0;
    if (real->pMethods->xFileSize(real, &size) != SQLITE_OK) return 0;
    return size;
}

// [io methods]

int Close(sqlite3_file* f) {
    int rc = Real(f)->pMethods ? Real(f)->pMethods->xClose(Real(f)) : SQLITE_OK;
    --S().open_files;
    return rc;
}

int Read(sqlite3_file* f, void* buffer, int n, sqlite3_int64 offset) {
    if (S().power_off) return SQLITE_IOERR_READ;
    return Real(f)->pMethods->xRead(Real(f), buffer, n, offset);
}

int Write(sqlite3_file* f, const void* buffer, int n, sqlite3_int64 offset) {
    State& s = S();
    if (s.power_off) return SQLITE_IOERR_WRITE;
    File* me = Me(f);
    if (me->journaled) {
        ++s.writes;
        if (s.fail_write_at > 0 &&
            (s.writes == s.fail_write_at || (s.fail_write_persistent && s.writes > s.fail_write_at))) {
            ++s.fired;
            return s.fail_write_code;
        }
        Op op;
        op.offset = offset;
        op.data.assign(static_cast<const char*>(buffer), static_cast<std::size_t>(n));
        op.old_size = SizeOf(me->real);
        op.old = ReadOld(me->real, offset, n, op.old_size);
        s.journals[me->path].ops.push_back(std::move(op));
    }
    return me->real->pMethods->xWrite(me->real, buffer, n, offset);
}

int Truncate(sqlite3_file* f, sqlite3_int64 size) {
    State& s = S();
    if (s.power_off) return SQLITE_IOERR_TRUNCATE;
    File* me = Me(f);
    if (me->journaled) {
        Op op;
        op.truncate = true;
        op.offset = size;
        op.old_size = SizeOf(me->real);
        op.old = ReadOld(me->real, size, op.old_size - size, op.old_size);
        s.journals[me->path].ops.push_back(std::move(op));
    }
    return me->real->pMethods->xTruncate(me->real, size);
}

int Sync(sqlite3_file* f, int flags) {
    State& s = S();
    if (s.power_off) return SQLITE_IOERR_FSYNC;
    File* me = Me(f);
    if (!me->journaled) return me->real->pMethods->xSync(me->real, flags);
    ++s.syncs;
    if (s.cut_at_sync > 0 && s.syncs == s.cut_at_sync) {
        s.power_off = true;  // the sync never completes: this file's writes stay unsynced too
        if (s.on_power_off) s.on_power_off();
        return SQLITE_IOERR_FSYNC;
    }
    if (s.fail_sync_at > 0 && (s.syncs == s.fail_sync_at || (s.fail_sync_persistent && s.syncs > s.fail_sync_at))) {
        ++s.fired;
        return s.fail_sync_code;
    }
    int rc = me->real->pMethods->xSync(me->real, flags);
    if (rc == SQLITE_OK) s.journals[me->path].ops.clear();
    return rc;
}

int FileSize(sqlite3_file* f, sqlite3_int64* size) {
    if (S().power_off) return SQLITE_IOERR_FSTAT;
    return Real(f)->pMethods->xFileSize(Real(f), size);
}

int Lock(sqlite3_file* f, int level) {
    if (S().power_off) return SQLITE_IOERR_LOCK;
    return Real(f)->pMethods->xLock(Real(f), level);
}

// Unlocking touches no data; letting it through lets the dead connection close cleanly.
int Unlock(sqlite3_file* f, int level) { return Real(f)->pMethods->xUnlock(Real(f), level); }

int CheckReservedLock(sqlite3_file* f, int* out) { return Real(f)->pMethods->xCheckReservedLock(Real(f), out); }

int FileControl(sqlite3_file* f, int op, void* arg) {
    if (S().power_off) return SQLITE_NOTFOUND;
    return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}

int SectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int DeviceCharacteristics(sqlite3_file* f) { return Real(f)->pMethods->xDeviceCharacteristics(Real(f)); }

// The -shm file is shared memory, not data: SQLite rebuilds it from the WAL after a crash.
int ShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return Real(f)->pMethods->xShmMap(Real(f), page, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
    return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int ShmUnmap(sqlite3_file* f, int delete_flag) {
    return Real(f)->pMethods->xShmUnmap(Real(f), S().power_off ? 0 : delete_flag);
}

int Fetch(sqlite3_file* f, sqlite3_int64 offset, int n, void** out) {
    if (S().power_off) {
        *out = nullptr;
        return SQLITE_OK;  // "no mapping": SQLite falls back to xRead, which fails
    }
    return Real(f)->pMethods->xFetch(Real(f), offset, n, out);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) { return Real(f)->pMethods->xUnfetch(Real(f), offset, p); }

const sqlite3_io_methods kMethods = {
    3,     Close,    Read,     Write,  Truncate, Sync,     FileSize,  Lock,  Unlock,
    CheckReservedLock, FileControl, SectorSize, DeviceCharacteristics, ShmMap, ShmLock, ShmBarrier, ShmUnmap,
    Fetch, Unfetch,
};

// [vfs methods]

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    State& s = S();
    File* me = Me(f);
    me->base.pMethods = nullptr;
    if (s.power_off) return SQLITE_CANTOPEN;
    me->real = reinterpret_cast<sqlite3_file*>(me + 1);
    me->path = name;
    me->journaled = name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL));
    int rc = s.base->xOpen(s.base, name, me->real, flags, out_flags);
    if (rc != SQLITE_OK) return rc;
    me->base.pMethods = &kMethods;
    ++s.open_files;
    return SQLITE_OK;
}

int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
    State& s = S();
    if (s.power_off) return SQLITE_IOERR_DELETE;
    // A deletion is treated as durable (SQLite syncs the folder where that matters).
    s.journals.erase(name);
    return s.base->xDelete(s.base, name, sync_dir);
}

int Access(sqlite3_vfs*, const char* name, int flags, int* out) {
    if (S().power_off) return SQLITE_IOERR_ACCESS;
    return S().base->xAccess(S().base, name, flags, out);
}

int FullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
    return S().base->xFullPathname(S().base, name, n, out);
}
void* DlOpen(sqlite3_vfs*, const char* name) { return S().base->xDlOpen(S().base, name); }
void DlError(sqlite3_vfs*, int n, char* out) { S().base->xDlError(S().base, n, out); }
void (*DlSym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
    return S().base->xDlSym(S().base, handle, symbol);
}
void DlClose(sqlite3_vfs*, void* handle) { S().base->xDlClose(S().base, handle); }
int Randomness(sqlite3_vfs*, int n, char* out) { return S().base->xRandomness(S().base, n, out); }
int Sleep(sqlite3_vfs*, int us) { return S().base->xSleep(S().base, us); }
int CurrentTime(sqlite3_vfs*, double* out) { return S().base->xCurrentTime(S().base, out); }
int GetLastError(sqlite3_vfs*, int n, char* out) { return S().base->xGetLastError(S().base, n, out); }
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) { return S().base->xCurrentTimeInt64(S().base, out); }
int SetSystemCall(sqlite3_vfs*, const char* name, sqlite3_syscall_ptr p) {
    return S().base->xSetSystemCall(S().base, name, p);
}
sqlite3_syscall_ptr GetSystemCall(sqlite3_vfs*, const char* name) { return S().base->xGetSystemCall(S().base, name); }
const char* NextSystemCall(sqlite3_vfs*, const char* name) { return S().base->xNextSystemCall(S().base, name); }

// [applying a power loss to the real files]

void Die(const std::string& what) {
    std::fprintf(stderr, "fault VFS: %s\n", what.c_str());
    std::abort();
}

void PWrite(int fd, const std::string& bytes, std::int64_t offset, const std::string& path) {
    if (bytes.empty()) return;
    if (::pwrite(fd, bytes.data(), bytes.size(), offset) != static_cast<ssize_t>(bytes.size()))
        Die("cannot write " + path);
}

void Resize(int fd, std::int64_t size, const std::string& path) {
    if (::ftruncate(fd, size) != 0) Die("cannot resize " + path);
}

void ApplyLoss(const std::string& path, const Journal& journal, PowerLoss mode, std::mt19937& random) {
    if (mode == PowerLoss::Keep || journal.ops.empty()) return;
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return;  // deleted since (deletions are durable)
    // Undo, newest first: each op's old bytes and old size give back the file as it was before it.
    for (auto op = journal.ops.rbegin(); op != journal.ops.rend(); ++op) {
        PWrite(fd, op->old, op->offset, path);
        Resize(fd, op->old_size, path);
    }
    if (mode == PowerLoss::Tear) {
        // Replay in order a seeded subset: whole, missing, or cut at a 512-byte sector (or inside the
        // only sector of a short write). Truncations land or not.
        for (const Op& op : journal.ops) {
            unsigned pick = random() % 3;
            if (op.truncate) {
                if (pick != 0) Resize(fd, op.offset, path);
                continue;
            }
            if (pick == 0) continue;
            std::size_t length = op.data.size();
            if (pick == 2 && length > 1) {
                std::size_t sectors = length / 512;
                length = sectors > 1 ? 512 * (1 + random() % (sectors - 1)) : 1 + random() % (length - 1);
            }
            PWrite(fd, op.data.substr(0, length), op.offset, path);
        }
    }
    ::close(fd);
}

}  // namespace

const char* ToString(PowerLoss mode) {
    switch (mode) {
        case PowerLoss::Keep: return "keep";
        case PowerLoss::Drop: return "drop";
        case PowerLoss::Tear: return "tear";
    }
    return "?";
}

FaultVfs& FaultVfs::Install() {
    static FaultVfs instance;
    State& s = S();
    if (!s.base) {
        sqlite3_initialize();
        s.base = sqlite3_vfs_find(nullptr);
        if (!s.base || s.base->iVersion < 3) Die("no default VFS of version 3 to wrap");
        s.vfs.iVersion = 3;
        // Our header, then the real file, 8-byte aligned as SQLite aligns its own allocations.
        static_assert(sizeof(File) % 8 == 0);
        s.vfs.szOsFile = static_cast<int>(sizeof(File)) + s.base->szOsFile;
        s.vfs.mxPathname = s.base->mxPathname;
        s.vfs.zName = "fault";
        s.vfs.xOpen = Open;
        s.vfs.xDelete = Delete;
        s.vfs.xAccess = Access;
        s.vfs.xFullPathname = FullPathname;
        s.vfs.xDlOpen = DlOpen;
        s.vfs.xDlError = DlError;
        s.vfs.xDlSym = DlSym;
        s.vfs.xDlClose = DlClose;
        s.vfs.xRandomness = Randomness;
        s.vfs.xSleep = Sleep;
        s.vfs.xCurrentTime = CurrentTime;
        s.vfs.xGetLastError = GetLastError;
        s.vfs.xCurrentTimeInt64 = CurrentTimeInt64;
        s.vfs.xSetSystemCall = SetSystemCall;
        s.vfs.xGetSystemCall = GetSystemCall;
        s.vfs.xNextSystemCall = NextSystemCall;
        if (sqlite3_vfs_register(&s.vfs, 1) != SQLITE_OK) Die("cannot register the VFS");
    }
    return instance;
}

void FaultVfs::Reset() {
    State& s = S();
    s.journals.clear();
    s.syncs = s.writes = s.fired = 0;
    s.power_off = false;
    s.cut_at_sync = 0;
    ClearFaults();
}

void FaultVfs::CutPowerAtSync(int k, PowerLoss mode, std::uint32_t seed) {
    State& s = S();
    s.cut_at_sync = s.syncs + k;
    s.mode = mode;
    s.seed = seed;
}

void FaultVfs::CutPowerNow(PowerLoss mode, std::uint32_t seed) {
    State& s = S();
    s.power_off = true;
    s.mode = mode;
    s.seed = seed;
    if (s.on_power_off) s.on_power_off();
}

void FaultVfs::OnPowerOff(std::function<void()> callback) { S().on_power_off = std::move(callback); }

bool FaultVfs::PowerIsOff() const { return S().power_off; }

void FaultVfs::Reboot() {
    State& s = S();
    if (s.open_files != 0) Die("Reboot with " + std::to_string(s.open_files) + " file(s) still open");
    if (s.power_off) {
        std::mt19937 random(s.seed);
        for (const auto& [path, journal] : s.journals) ApplyLoss(path, journal, s.mode, random);
    }
    Reset();
}

void FaultVfs::FailWrite(int n, int sqlite_code, bool persistent) {
    State& s = S();
    s.fail_write_at = s.writes + n;
    s.fail_write_code = sqlite_code;
    s.fail_write_persistent = persistent;
}

void FaultVfs::FailSync(int n, int sqlite_code, bool persistent) {
    State& s = S();
    s.fail_sync_at = s.syncs + n;
    s.fail_sync_code = sqlite_code;
    s.fail_sync_persistent = persistent;
}

void FaultVfs::ClearFaults() {
    State& s = S();
    s.fail_write_at = s.fail_sync_at = 0;
    s.fail_write_persistent = s.fail_sync_persistent = false;
}

int FaultVfs::Syncs() const { return S().syncs; }
int FaultVfs::Writes() const { return S().writes; }
int FaultVfs::FaultsFired() const { return S().fired; }
int FaultVfs::OpenFiles() const { return S().open_files; }

}  // namespace crash_test
