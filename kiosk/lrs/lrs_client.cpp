// The LRS client (lrs_client.h) on libcurl's easy interface. One easy handle per Client, reused, so the
// TLS session and the connection stay warm across a sync cycle's batches.
#include "lrs/lrs_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
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
    } else if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = Trim(line.substr(colon + 1));
        if (name == "retry-after") response->retry_after = value;
        else if (name == "date") response->date = value;
        else if (name == "x-experience-api-consistent-through") response->consistent_through = value;
        else if (name == "content-type") response->content_type = value;
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

Response Perform(CURL* curl, const ClientOptions& options, const std::string& userpwd, const std::string& url,
                 const std::string_view* post_body) {
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
    if (post_body) headers = curl_slist_append(headers, "Content-Type: application/json");
    // No "Expect: 100-continue": a batch is small, and the wait for 100 only adds a round trip.
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl, CURLOPT_USERPWD, userpwd.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect must not carry the credentials elsewhere
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options.total_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, ReadHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "msht-kiosk (libcurl)");
    if (post_body) {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post_body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
    }
    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        if (sink.too_long) {
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

}  // namespace

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
