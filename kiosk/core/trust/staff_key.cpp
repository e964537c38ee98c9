// Loading, creating and using the staff-number key (staff_key.h). Creation writes a temporary file and
// hard-links it into place, so a crash never leaves a half-written key and an existing key (perhaps
// made by a kiosk started at the same moment) is never replaced: replacing it would silently break
// the link between a person's earlier and later sittings.
#include "core/trust/staff_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include "core/util/small_file.h"
#include "core/util/uuid.h"

namespace kiosk::core {

namespace {

void EnsureSodium() { [[maybe_unused]] static const int init = sodium_init(); }

std::string ErrnoText(int error) { return std::strerror(error); }

// Reads exactly `size` bytes; false on a short file or an error (errno says which, 0 for short).
bool ReadAll(int fd, std::uint8_t* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = ::read(fd, data + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = 0;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// Makes a new directory entry durable; some file systems refuse fsync on a directory, which is not fatal.
void SyncDirectoryOf(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    int fd = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

enum class LoadStatus { Loaded, Missing, Refused };

// Opens and checks an existing key. Missing only when there is no file at all.
LoadStatus LoadExisting(const std::string& path, std::uint8_t* key, std::string& message) {
    // O_NOFOLLOW: a symlink could point the kiosk at a key someone else controls.
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT) return LoadStatus::Missing;
        message = path + ": cannot read the staff key file (" +
                  (errno == ELOOP ? std::string("it is a symbolic link") : ErrnoText(errno)) + ")";
        return LoadStatus::Refused;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        message = path + ": cannot read the staff key file (" + ErrnoText(errno) + ")";
        ::close(fd);
        return LoadStatus::Refused;
    }
    if (!S_ISREG(st.st_mode)) {
        message = path + ": the staff key is not a regular file";
        ::close(fd);
        return LoadStatus::Refused;
    }
    // Other users must not read the key (they could then test guessed staff numbers against the
    // hashes) nor write it (they could swap it). Refuse rather than chmod: the admin should know.
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        message = path + ": the staff key file can be read or changed by other users (permissions " + mode +
                  "); run `chmod 600 " + path + "` and start the kiosk again";
        ::close(fd);
        return LoadStatus::Refused;
    }
    if (st.st_size != static_cast<off_t>(StaffKey::kSize)) {
        message = path + ": the staff key file is " + std::to_string(st.st_size) + " bytes, not " +
                  std::to_string(StaffKey::kSize) +
                  "; restore it from a backup (a new key would stop earlier staff hashes matching)";
        ::close(fd);
        return LoadStatus::Refused;
    }
    bool ok = ReadAll(fd, key, StaffKey::kSize);
    int read_error = errno;
    ::close(fd);
    if (!ok) {
        message = path + ": cannot read the staff key file (" +
                  (read_error ? ErrnoText(read_error) : std::string("it is shorter than it says")) + ")";
        return LoadStatus::Refused;
    }
    return LoadStatus::Loaded;
}

// Writes a new random key to a private temporary file, then links it to `path`. Sets `exists` when
// another process made `path` first (its key is the one to use).
std::optional<std::string> CreateKey(const std::string& path, const std::uint8_t* key, bool& exists) {
    exists = false;
    std::error_code ec;
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
        std::filesystem::create_directories(parent, ec);
        if (ec) return path + ": cannot create the folder for the staff key (" + ec.message() + ")";
    }
    std::string tmp = path + ".tmp-" + NewUuidV4();
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return path + ": cannot create the staff key file (" + ErrnoText(errno) + ")";
    // The umask can only remove bits from 0600, but say it explicitly rather than rely on that.
    bool ok = ::fchmod(fd, 0600) == 0 && WriteAll(fd, key, StaffKey::kSize) && ::fsync(fd) == 0;
    int write_error = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        return path + ": cannot write the staff key file (" + ErrnoText(write_error) + ")";
    }
    // link() fails with EEXIST instead of replacing: the one property rename() lacks here.
    int rc = ::link(tmp.c_str(), path.c_str());
    int link_error = errno;
    ::unlink(tmp.c_str());
    if (rc != 0) {
        if (link_error == EEXIST) {
            exists = true;
            return std::nullopt;
        }
        return path + ": cannot create the staff key file (" + ErrnoText(link_error) + ")";
    }
    SyncDirectoryOf(path);
    return std::nullopt;
}

}  // namespace

StaffKey StaffKey::FromBytes(std::span<const std::uint8_t, kSize> bytes) {
    StaffKey key;
    std::memcpy(key.m_bytes.data(), bytes.data(), kSize);
    return key;
}

StaffKey::~StaffKey() { sodium_memzero(m_bytes.data(), m_bytes.size()); }

StaffKey::StaffKey(StaffKey&& other) noexcept : m_bytes(other.m_bytes) {
    sodium_memzero(other.m_bytes.data(), other.m_bytes.size());
}

StaffKey& StaffKey::operator=(StaffKey&& other) noexcept {
    if (this != &other) {
        m_bytes = other.m_bytes;
        sodium_memzero(other.m_bytes.data(), other.m_bytes.size());
    }
    return *this;
}

std::variant<StaffKey, std::string> LoadOrCreateStaffKey(const std::string& path) {
    EnsureSodium();
    StaffKey key;
    std::string message;
    // Two rounds at most: if another process creates the key between our look and our link, use theirs.
    for (int round = 0; round < 2; ++round) {
        switch (LoadExisting(path, key.m_bytes.data(), message)) {
            case LoadStatus::Loaded: return key;
            case LoadStatus::Refused: return message;
            case LoadStatus::Missing: break;
        }
        randombytes_buf(key.m_bytes.data(), key.m_bytes.size());
        bool exists = false;
        if (auto error = CreateKey(path, key.m_bytes.data(), exists)) return *error;
        if (!exists) return key;
    }
    return path + ": the staff key file keeps appearing and disappearing; is another program using it?";
}

std::string HashStaffNumber(const StaffKey& key, const std::string& number) {
    EnsureSodium();
    std::string normalised;
    normalised.reserve(number.size());
    for (char c : number) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        normalised += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    if (normalised.empty()) return {};
    static_assert(crypto_auth_hmacsha256_KEYBYTES == StaffKey::kSize);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(normalised.data()), normalised.size(),
                           key.m_bytes.data());
    // The normalised copy is the staff number itself: do not leave it in freed memory.
    sodium_memzero(normalised.data(), normalised.size());
    char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    return hex;
}

std::string HashStaffNumberThunk(const std::string& digits, const void* key) {
    assert(key && "SessionConfig::hash_context must point at the StaffKey");
    if (!key) return {};
    return HashStaffNumber(*static_cast<const StaffKey*>(key), digits);
}

}  // namespace kiosk::core
