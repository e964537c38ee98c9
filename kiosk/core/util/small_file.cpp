// Reading and durably writing the small key, trust and signature files (small_file.h). POSIX calls
// rather than iostreams, because the checks that matter here (no symlink, regular file, permissions,
// fsync before the rename) are not expressible through a stream.
#include "core/util/small_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/util/uuid.h"

namespace kiosk::core {

bool WriteAll(int fd, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const char*>(data);
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(fd, bytes + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

std::string ModeText(mode_t mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

bool SyncFolderOf(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    int fd = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

std::variant<SmallFile, SmallFileFailure> ReadSmallFile(const std::string& path, std::size_t max_bytes) {
    // O_NONBLOCK: a FIFO given by mistake must not hang the kiosk at start.
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        int error = errno;
        if (error == ENOENT) return SmallFileFailure{SmallFileError::Missing, "it does not exist"};
        if (error == ELOOP) return SmallFileFailure{SmallFileError::NotRegular, "it is a symbolic link"};
        return SmallFileFailure{SmallFileError::Unreadable, std::strerror(error)};
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int error = errno;
        ::close(fd);
        return SmallFileFailure{SmallFileError::Unreadable, std::strerror(error)};
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return SmallFileFailure{SmallFileError::NotRegular,
                                S_ISDIR(st.st_mode) ? "it is a folder, not a file" : "it is not a regular file"};
    }
    if (static_cast<std::size_t>(st.st_size) > max_bytes) {
        ::close(fd);
        return SmallFileFailure{SmallFileError::TooLarge, "it is " + std::to_string(st.st_size) +
                                                              " bytes, far too large; at most " +
                                                              std::to_string(max_bytes) + " expected"};
    }
    SmallFile file;
    file.mode = st.st_mode & 07777;
    // Read up to one byte past the cap: the file may have grown since fstat.
    file.text.resize(max_bytes + 1);
    std::size_t done = 0;
    while (done < file.text.size()) {
        ssize_t n = ::read(fd, file.text.data() + done, file.text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int error = errno;
            ::close(fd);
            return SmallFileFailure{SmallFileError::Unreadable, std::strerror(error)};
        }
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (done > max_bytes)
        return SmallFileFailure{SmallFileError::TooLarge, "larger than " + std::to_string(max_bytes) + " bytes"};
    file.text.resize(done);
    return file;
}

std::optional<std::string> WriteSmallFile(const std::string& path, const std::string& text, mode_t mode,
                                          bool exclusive) {
    std::string tmp = path + ".tmp-" + NewUuidV4();
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) return path + ": cannot create it (" + std::strerror(errno) + ")";
    // The umask may have removed bits from `mode`; a public key file should still be readable by all.
    bool ok = ::fchmod(fd, mode) == 0 && WriteAll(fd, text.data(), text.size()) && ::fsync(fd) == 0;
    int write_error = errno;
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        return path + ": cannot write it (" + std::strerror(write_error) + ")";
    }
    // link() refuses to replace an existing file, which rename() cannot: the property `exclusive` needs.
    int rc = exclusive ? ::link(tmp.c_str(), path.c_str()) : ::rename(tmp.c_str(), path.c_str());
    int place_error = errno;
    if (exclusive || rc != 0) ::unlink(tmp.c_str());
    if (rc != 0) {
        if (place_error == EEXIST) return path + ": already exists; it is not replaced (move it away first)";
        return path + ": cannot put it in place (" + std::strerror(place_error) + ")";
    }
    SyncFolderOf(path);
    return std::nullopt;
}

}  // namespace kiosk::core
