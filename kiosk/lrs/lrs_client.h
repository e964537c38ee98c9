// An xAPI 1.0.3 learning record store's statements resource over HTTP(S), through libcurl: the one
// client that kiosk-sync (sending) and kiosk-report pull (reading) share. Certificates are always checked
// (a partnership's own CA with ca_file); every request has a connect and a total timeout and a bounded
// response, so a stalled or endless server cannot hold a kiosk-sync for ever or fill its memory.
// Credentials go into the Authorization header only: never into a URL, a message or a log line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace kiosk::lrs {

struct Credentials {
    std::string key, secret;  // HTTP Basic user and password
};

// Reads "KEY:SECRET" from the first line of `path`. Refused, with a message naming the file and what to
// do: a file that group or others may read (it must be 0600 or 0400), an empty file, a line without ':'.
std::variant<Credentials, std::string> ReadCredentials(const std::string& path);

struct ClientOptions {
    std::string endpoint;              // the LRS's xAPI root, e.g. https://lrs.example.org/xAPI (no trailing '/')
    Credentials credentials;
    std::string ca_file;               // PEM CAs to trust instead of the system's (a partnership's own CA); "" = the system's
    long connect_timeout_ms = 10'000;
    long total_timeout_ms = 60'000;
    std::size_t max_response_bytes = 16u << 20;  // a longer body is cut off there and the request fails
};

struct Response {
    long status = 0;            // the HTTP status; 0 when no complete answer came (see error)
    std::string error;          // why there was no answer: refused, timed out, cut off, too long (never a secret)
    bool too_long = false;      // the body passed max_response_bytes: reading stopped there
    std::string body;
    // Headers this project acts on, when the server sent them.
    std::optional<std::string> retry_after;         // Retry-After (seconds or an HTTP date)
    std::optional<std::string> date;                // Date: the LRS's clock, for the kiosk's clock skew
    std::optional<std::string> consistent_through;  // X-Experience-API-Consistent-Through
    std::optional<std::string> content_type;
    std::optional<std::string> etag;                // ETag, for If-None-Match on the next poll
};

// A GET streamed into a file (a published pack), hashed as it arrives and cut off past a length.
struct FileDownload {
    long status = 0;            // 0: no complete answer (see error)
    std::string error;
    std::uint64_t bytes = 0;    // bytes written to the file
    bool too_long = false;      // the server sent more than max_bytes: reading stopped there
    std::string sha256;         // lower-case hex of the bytes written
    std::optional<std::string> date;
};

class Client {
public:
    explicit Client(ClientOptions options);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // POST endpoint/statements with a JSON array of statements (the exact bytes given).
    Response PostStatements(std::string_view json_array);
    // GET endpoint/statements?statementId=ID (one statement, for comparing after a 409).
    Response GetStatement(const std::string& id);
    // GET a statements query: "statements?since=...&ascending=true" (relative to the endpoint) or a
    // server-absolute path such as the "more" link an LRS returns ("/xAPI/statements?cursor=...").
    Response Get(const std::string& relative_or_absolute_path);

    // GET an absolute URL (a published manifest), with If-None-Match when an ETag is given. No
    // credentials are sent when ClientOptions has none (a pack server is public).
    Response GetUrl(const std::string& url, const std::optional<std::string>& if_none_match = std::nullopt);
    // GET an absolute URL into `path` (created or truncated, fsynced before returning): at most
    // `max_bytes` are written (a longer answer fails with too_long), and a transfer slower than
    // `min_bytes_per_s` for `slow_for_s` seconds gives up, so neither endless nor trickling data can hold it.
    // `max_seconds` (0: none) bounds the whole transfer, so a server that trickles just above the speed
    // limit still cannot hold it for days.
    FileDownload GetToFile(const std::string& url, const std::string& path, std::uint64_t max_bytes,
                           long min_bytes_per_s = 1024, long slow_for_s = 30, long max_seconds = 0);

    const ClientOptions& options() const { return options_; }

private:
    struct Impl;
    ClientOptions options_;
    std::unique_ptr<Impl> impl_;
};

// Seconds to wait from a Retry-After value (delta seconds, or an HTTP date compared with `now_unix`);
// nullopt when it is neither.
std::optional<long> RetryAfterSeconds(const std::string& value, long long now_unix);
// Unix seconds of an HTTP date ("Sun, 06 Dec 2026 14:10:26 GMT"); nullopt when it is not one.
std::optional<long long> ParseHttpDate(const std::string& value);

}  // namespace kiosk::lrs
