// Reading an LRS's HTTP Basic credentials (lrs_client.h). The file is refused unless only its owner can
// read it: a key anyone on the kiosk can read is a key anyone can use to write into the partnership's store.
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "lrs/lrs_client.h"

namespace kiosk::lrs {

std::variant<Credentials, std::string> ReadCredentials(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return path + ": cannot read the LRS credentials (no such file); write KEY:SECRET into it, mode 0600";
    if (!S_ISREG(st.st_mode)) return path + ": the LRS credentials must be a file holding KEY:SECRET";
    // systemd's LoadCredential= copy is guarded by systemd itself (newer versions show it 0440 with an ACL
    // for the service's user only), so a file inside $CREDENTIALS_DIRECTORY is trusted as it is.
    const char* credentials_dir = std::getenv("CREDENTIALS_DIRECTORY");
    const bool from_systemd = credentials_dir && *credentials_dir &&
                              path.rfind(std::string(credentials_dir) + "/", 0) == 0;
    if (!from_systemd && (st.st_mode & (S_IRWXG | S_IRWXO))) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return path + ": refused: the LRS credentials file is mode " + mode +
               ", so others can read it; make it readable by its owner only (chmod 600 " + path + ")";
    }
    std::ifstream in(path, std::ios::binary);
    if (!in.is_open())
        return path + ": cannot read the LRS credentials (" + std::strerror(errno) + "); kiosk-sync's user must own it";
    std::string line;
    if (!std::getline(in, line)) return path + ": the LRS credentials file is empty; write KEY:SECRET on its first line";
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::size_t colon = line.find(':');
    if (line.empty()) return path + ": the LRS credentials file is empty; write KEY:SECRET on its first line";
    if (colon == std::string::npos || colon == 0 || colon + 1 == line.size())
        return path + ": the first line must be KEY:SECRET (the LRS client's key and secret, joined by ':')";
    Credentials c{line.substr(0, colon), line.substr(colon + 1)};
    std::fill(line.begin(), line.end(), '\0');
    return c;
}

}  // namespace kiosk::lrs
