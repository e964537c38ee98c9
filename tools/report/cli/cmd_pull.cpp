// `kiosk-report pull --lrs URL --credentials FILE [--ca-file PEM] OUT.db`: reads the credentials, talks to
// the LRS through the shared client (kiosk/lrs), and prints one line of what the pull did. Exit 2 when
// nothing was pulled (OUT unchanged), 1 when statements contradicted each other or were refused.
#include <cstdio>

#include "commands.h"
#include "core/util/one_line.h"
#include "lrs/lrs_client.h"
#include "report/pull.h"
#include "terminal.h"

namespace report::cli {

namespace {

const char* kUsage = "Usage: kiosk-report pull --lrs URL --credentials FILE [--ca-file PEM] OUT.db\n";

// The host part of an http(s) URL, without a port ("" if there is none).
std::string Host(const std::string& url) {
    std::size_t start = url.find("://");
    if (start == std::string::npos) return "";
    start += 3;
    std::string authority = url.substr(start, url.find_first_of("/?#", start) - start);
    if (!authority.empty() && authority[0] == '[') return authority.substr(0, authority.find(']') + 1);
    return authority.substr(0, authority.find(':'));
}

// Why `url` is not an LRS endpoint this command will send credentials to; "" if it is.
std::string CheckUrl(const std::string& url) {
    bool https = url.rfind("https://", 0) == 0, http = url.rfind("http://", 0) == 0;
    if (!https && !http) return "--lrs wants the LRS's xAPI address, like https://lrs.example.org/xAPI";
    std::string host = Host(url);
    if (host.empty()) return "--lrs " + kiosk::core::Quoted(url) + " names no server";
    // A key in the URL would end up in OUT (which remembers the address) and in messages.
    if (url.substr(0, url.find_first_of("/?#", url.find("://") + 3)).find('@') != std::string::npos)
        return "--lrs must not hold a user name or password; put KEY:SECRET in the --credentials file";
    // Plain HTTP would send the secret readable to anyone on the way: only to this machine (a test LRS).
    if (http && host != "localhost" && host != "127.0.0.1" && host != "[::1]")
        return "--lrs " + kiosk::core::Quoted(url) + " is plain http, which would send the credentials unencrypted; use https";
    return "";
}

}  // namespace

int Pull(const Args& args) {
    std::string url, credentials_path, ca_file, out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            std::printf("%s\nReads this project's xAPI statements from a learning record store (LRS) into OUT.db, a\n"
                        "records DB that summary, items, kiosks, board and verify read like any other (created if\n"
                        "missing). Incremental: OUT.db remembers for each LRS where the last pull got to, and a pull\n"
                        "asks only for what the LRS stored since; pulling again when nothing is new changes nothing.\n"
                        "A sitting pulled while still open gets its end on a later pull. Statements made by anyone\n"
                        "else are counted and left out.\n\n"
                        "  --lrs URL          the LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI\n"
                        "  --credentials FILE KEY:SECRET on its first line; the file must be readable by you only\n"
                        "                     (chmod 600). The secret is never printed or stored in OUT.db.\n"
                        "  --ca-file PEM      also trust this CA (a partnership's own); the system's are trusted\n\n"
                        "Exit status: 0 pulled; 1 pulled, but some statements contradicted others or could not be\n"
                        "records (named on stderr, left out); 2 nothing pulled (OUT.db unchanged): a usage problem,\n"
                        "the LRS unreachable or refusing, an answer that is not statements.\n",
                        kUsage);
            return kExitOk;
        }
        if (a == "--lrs" || a == "--credentials" || a == "--ca-file") {
            if (i + 1 >= args.size()) {
                Error(a + " needs a value\n" + kUsage);
                return kExitUsage;
            }
            (a == "--lrs" ? url : a == "--credentials" ? credentials_path : ca_file) = args[++i];
        } else if (a.size() > 1 && a[0] == '-') {
            Error("unknown option " + a + "\n" + kUsage);
            return kExitUsage;
        } else if (out.empty()) {
            out = a;
        } else {
            Error("pull writes one records DB; " + kiosk::core::Quoted(a) + " is a second\n" + kUsage);
            return kExitUsage;
        }
    }
    if (url.empty() || credentials_path.empty() || out.empty()) {
        Error(std::string(url.empty() ? "no --lrs" : credentials_path.empty() ? "no --credentials" : "no OUT.db") + "\n" + kUsage);
        return kExitUsage;
    }
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (std::string e = CheckUrl(url); !e.empty()) {
        Error(e);
        return kExitUsage;
    }
    auto credentials = kiosk::lrs::ReadCredentials(credentials_path);
    if (auto* e = std::get_if<std::string>(&credentials)) {
        Error(*e);
        return kExitUsage;
    }
    kiosk::lrs::ClientOptions client_options;
    client_options.endpoint = url;
    client_options.credentials = std::move(std::get<kiosk::lrs::Credentials>(credentials));
    client_options.ca_file = ca_file;
    kiosk::lrs::Client client(std::move(client_options));

    PullOptions options;
    options.endpoint = url;
    PullResult result = report::Pull(out, options, [&](const std::string& path) { return client.Get(path); },
                                     TerminalProgress());
    EndProgress();
    if (!result.error.empty()) {
        if (result.http_status == 401 || result.http_status == 403)
            Error("the LRS refused the credentials in " + credentials_path + " (HTTP " + std::to_string(result.http_status) +
                  "): check the key and secret with the LRS's administrator; nothing pulled, " + out + " unchanged");
        else
            Error(result.error + "; nothing pulled, " + out + " unchanged");
        return kExitUsage;
    }
    // Contradictions and refused rows, each once; a long list is cut, with the count.
    constexpr std::size_t kShown = 20;
    for (std::size_t i = 0; i < result.problems.size() && i < kShown; ++i) Error(result.problems[i]);
    if (result.problems.size() > kShown)
        Error("... and " + std::to_string(result.problems.size() - kShown) + " more statements with problems");

    std::string next = result.since_after.empty() ? "the start" : "statements stored after " + result.since_after;
    if (result.stopped_at_consistent) next += " (the LRS was still storing newer ones)";
    std::printf("%s: read %lld statements from %s (%lld ours, %lld others'): +%lld sittings, +%lld answers, "
                "+%lld completions, %lld sittings ended%s; now %lld sittings, %lld answers, %lld completions; next pull "
                "from %s\n",
                out.c_str(), static_cast<long long>(result.statements), url.c_str(), static_cast<long long>(result.ours),
                static_cast<long long>(result.others), static_cast<long long>(result.sittings_added),
                static_cast<long long>(result.answers_added), static_cast<long long>(result.completions_added),
                static_cast<long long>(result.sittings_ended), result.changed ? "" : " (nothing new)",
                static_cast<long long>(result.sittings), static_cast<long long>(result.answers),
                static_cast<long long>(result.completions), next.c_str());
    return result.problems.empty() ? kExitOk : kExitSomeInputsFailed;
}

}  // namespace report::cli
