// Small text files that carry keys and signatures (trusted-keys, NAME.key, NAME.pub, PACK.sig): read
// with a size cap and without following symlinks, and written durably (temporary file, fsync, rename or
// link, fsync of the folder), so a power cut never leaves half a key or half a signature.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <sys/types.h>
#include <variant>

namespace kiosk::core {

struct SmallFile {
    std::string text;
    mode_t mode = 0;  // permission bits (st_mode & 07777)
};

// Why a read failed, so callers can word "missing" differently from "damaged".
enum class SmallFileError { Missing, NotRegular, TooLarge, Unreadable };

struct SmallFileFailure {
    SmallFileError kind = SmallFileError::Unreadable;
    std::string detail;  // "it is a directory", "Permission denied", "larger than 64 KiB" ...
};

// Reads the whole of `path` if it is a regular file of at most `max_bytes`. Refuses a symbolic link
// as the last component (a key or trust file must be where it says it is).
std::variant<SmallFile, SmallFileFailure> ReadSmallFile(const std::string& path, std::size_t max_bytes);

// Writes `text` to `path` with permissions `mode`: to a temporary file in the same folder, fsync,
// then into place, then fsync of the folder. With `exclusive`, an existing `path` is never replaced
// (the call fails with a message saying it exists); otherwise it is replaced atomically.
// Error message naming the file, or nullopt.
std::optional<std::string> WriteSmallFile(const std::string& path, const std::string& text, mode_t mode,
                                          bool exclusive);

// fsync of the folder holding `path`, so a new or renamed entry survives a power cut. False on failure
// (some file systems refuse fsync on a folder; callers decide whether that matters).
bool SyncFolderOf(const std::string& path);

// Writes all `size` bytes to `fd`, going on after short writes and EINTR. False on any other failure
// (errno says why).
bool WriteAll(int fd, const void* data, std::size_t size);

// "0644" for a mode, for messages.
std::string ModeText(mode_t mode);

}  // namespace kiosk::core
