// The LRS client (lrs_client.h) on libcurl's easy interface. One easy handle per Client, reused, so the
// TLS session and the connection stay warm across a sync cycle's batches.
#include "lrs/lrs_client.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <mutex>

namespace kiosk::lrs {

namespace {

// curl_global_init is not thread-safe in libcurl 7.88; both programs call it once, before any thread.
void GlobalInit() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
    std::string* body;
    std::size_t limit;
    bool too_long = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    size_t n = size * count;
    if (sink->body->size() + n > sink->limit) {
        sink->too_long = true;
        return 0;  // makes libcurl stop reading: an endless body ends here
    }
    sink->body->append(data, n);
    return n;
}

std::string Trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    return s.substr(i);
}

size_t ReadHeader(char* data, size_t size, size_t count, void* user) {
    auto* response = static_cast<Response*>(user);
    std::string line(data, size * count);
    std::size_t colon = line.find(':');
    if (line.rfind("HTTP/", 0) == 0) {
        // A new response (after a redirect or a 100 Continue): forget the previous one's headers.
        response->retry_after.reset();
        response->date.reset();
        response->consistent_through.reset();
        response->content_type.reset();
        response->etag.reset();
    } else if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = Trim(line.substr(colon + 1));
        if (name == "retry-after") response->retry_after = value;
        else if (name == "date") response->date = value;
        else if (name == "x-experience-api-consistent-through") response->consistent_through = value;
        else if (name == "content-type") response->content_type = value;
        else if (name == "etag") response->etag = value;
    }
    return size * count;
}

// The scheme and authority of an endpoint ("https://lrs.example.org:8443"), for server-absolute paths.
std::string Origin(const std::string& endpoint) {
    std::size_t scheme = endpoint.find("://");
    if (scheme == std::string::npos) return endpoint;
    std::size_t slash = endpoint.find('/', scheme + 3);
    return slash == std::string::npos ? endpoint : endpoint.substr(0, slash);
}

}  // namespace

struct Client::Impl {
    CURL* curl = nullptr;
    std::string userpwd;
};

Client::Client(ClientOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
    GlobalInit();
    impl_->curl = curl_easy_init();
    impl_->userpwd = options_.credentials.key + ":" + options_.credentials.secret;
}

Client::~Client() {
    if (impl_->curl) curl_easy_cleanup(impl_->curl);
    // The password's copy is wiped, not just freed.
    std::fill(impl_->userpwd.begin(), impl_->userpwd.end(), '\0');
}

namespace {

// Everything a request shares: timeouts, certificate checks, no redirects, Basic auth when there are
// credentials, the header callback. The caller sets the body sink and the method.
void Common(CURL* curl, const ClientOptions& options, const std::string& userpwd, const std::string& url,
            curl_slist* headers, Response* response, char* error_buffer) {
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (!options.credentials.key.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl, CURLOPT_USERPWD, userpwd.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect must not carry the credentials elsewhere
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, ReadHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, response);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "msht-kiosk (libcurl)");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
}

Response Perform(CURL* curl, const ClientOptions& options, const std::string& userpwd, const std::string& url,
                 const std::string_view* post_body, const std::optional<std::string>& if_none_match = std::nullopt) {
    Response response;
    if (!curl) {
        response.error = "libcurl could not start";
        return response;
    }
    curl_easy_reset(curl);
    Sink sink{&response.body, options.max_response_bytes};
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "X-Experience-API-Version: 1.0.3");
    headers = curl_slist_append(headers, "Accept: application/json");
    if (if_none_match) headers = curl_slist_append(headers, ("If-None-Match: " + *if_none_match).c_str());
    if (post_body) headers = curl_slist_append(headers, "Content-Type: application/json");
    // No "Expect: 100-continue": a batch is small, and the wait for 100 only adds a round trip.
    headers = curl_slist_append(headers, "Expect:");
    char error_buffer[CURL_ERROR_SIZE] = {0};
    Common(curl, options, userpwd, url, headers, &response, error_buffer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options.total_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    if (post_body) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        if (sink.too_long) {
            response.too_long = true;
            response.error = "the answer was longer than " + std::to_string(options.max_response_bytes) + " bytes";
        } else {
            // libcurl's own words (host and reason); it never includes the user name or password.
            response.error = error_buffer[0] ? error_buffer : curl_easy_strerror(rc);
        }
        response.status = 0;
        return response;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

// The file sink of GetToFile: writes, hashes and counts, and stops one byte past the limit.
struct FileSink {
    int fd = -1;
    std::uint64_t limit = 0, written = 0;
    bool too_long = false, write_failed = false;
    crypto_hash_sha256_state sha;
};

size_t WriteFile(char* data, size_t size, size_t count, void* user) {
    auto* sink = static_cast<FileSink*>(user);
    size_t n = size * count;
    if (sink->written + n > sink->limit) {
        sink->too_long = true;
        return 0;
    }
    for (size_t done = 0; done < n;) {
        ssize_t w = ::write(sink->fd, data + done, n - done);
        if (w < 0) {
            if (errno == EINTR) continue;
            sink->write_failed = true;
            return 0;
        }
        done += static_cast<size_t>(w);
    }
    crypto_hash_sha256_update(&sink->sha, reinterpret_cast<const unsigned char*>(data), n);
    sink->written += n;
    return n;
}

}  // namespace

Response Client::GetUrl(const std::string& url, const std::optional<std::string>& if_none_match) {
    return Perform(impl_->curl, options_, impl_->userpwd, url, nullptr, if_none_match);
}

FileDownload Client::GetToFile(const std::string& url, const std::string& path, std::uint64_t max_bytes,
                               long min_bytes_per_s, long slow_for_s, long max_seconds) {
    FileDownload out;
    CURL* curl = impl_->curl;
    if (!curl || sodium_init() < 0) {
        out.error = "libcurl could not start";
        return out;
    }
    FileSink sink;
    sink.limit = max_bytes;
    sink.fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (sink.fd < 0) {
        out.error = "cannot write " + path + " (" + std::strerror(errno) + ")";
        return out;
    }
    crypto_hash_sha256_init(&sink.sha);
    curl_easy_reset(curl);
    Response headers_seen;
    char error_buffer[CURL_ERROR_SIZE] = {0};
    Common(curl, options_, impl_->userpwd, url, nullptr, &headers_seen, error_buffer);
    // A trickle is cut off by the speed limit; the caller's total bound sizes itself to the file.
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, min_bytes_per_s);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, slow_for_s);
    if (max_seconds > 0) curl_easy_setopt(curl, CURLOPT_TIMEOUT, max_seconds);
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_bytes));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteFile);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    CURLcode rc = curl_easy_perform(curl);
    out.bytes = sink.written;
    out.date = headers_seen.date;
    bool synced = ::fsync(sink.fd) == 0;
    ::close(sink.fd);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&sink.sha, digest);
    static const char* kHex = "0123456789abcdef";
    for (unsigned char b : digest) {
        out.sha256 += kHex[b >> 4];
        out.sha256 += kHex[b & 15];
    }
    if (rc == CURLE_FILESIZE_EXCEEDED || sink.too_long) {
        out.too_long = true;
        out.error = "the server sent more than the " + std::to_string(max_bytes) + " bytes expected";
        return out;
    }
    if (rc != CURLE_OK) {
        out.error = sink.write_failed ? "cannot write " + path + " (the disk may be full)"
                    : error_buffer[0]  ? std::string(error_buffer)
                                       : std::string(curl_easy_strerror(rc));
        return out;
    }
    if (!synced) {
        out.error = "cannot sync " + path + " to disk";
        return out;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
    return out;
}

Response Client::PostStatements(std::string_view json_array) {
    return Perform(impl_->curl, options_, impl_->userpwd, options_.endpoint + "/statements", &json_array);
}

Response Client::GetStatement(const std::string& id) {
    char* escaped = curl_easy_escape(impl_->curl, id.c_str(), static_cast<int>(id.size()));
    std::string url = options_.endpoint + "/statements?statementId=" + (escaped ? escaped : "");
    curl_free(escaped);
    return Perform(impl_->curl, options_, impl_->userpwd, url, nullptr);
}

Response Client::Get(const std::string& path) {
    std::string url = !path.empty() && path[0] == '/' ? Origin(options_.endpoint) + path : options_.endpoint + "/" + path;
    return Perform(impl_->curl, options_, impl_->userpwd, url, nullptr);
}

std::optional<long long> ParseHttpDate(const std::string& value) {
    std::time_t t = curl_getdate(value.c_str(), nullptr);
    if (t == static_cast<std::time_t>(-1)) return std::nullopt;
    return static_cast<long long>(t);
}

std::optional<long> RetryAfterSeconds(const std::string& value, long long now_unix) {
    std::string v = Trim(value);
    if (!v.empty() && std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
        if (v.size() > 9) return 999'999'999L;
        return std::stol(v);
    }
    auto when = ParseHttpDate(v);
    if (!when) return std::nullopt;
    return static_cast<long>(std::max<long long>(0, *when - now_unix));
}

}  // namespace kiosk::lrs
