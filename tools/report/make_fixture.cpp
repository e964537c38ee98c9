// kiosk-report-fixture: writes seeded records DBs for tests, demos and tools/bench/report, through the
// kiosk's own writer. One DB holding every kiosk, or (--split) one DB per kiosk as kiosks export them;
// with --statements also the DB's xAPI statements as kiosk-sync sends them (tests of kiosk-report pull).
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "report/fixture.h"
#include "xapi/records_rows.h"
#include "xapi/statements.h"

namespace {

const char* kUsage =
    "Usage: kiosk-report-fixture OUT [--seed N] [--kiosks N] [--sittings N] [--months N] [--split] [--uniform]\n"
    "                            [--statements FILE]\n"
    "       kiosk-report-fixture --pack PACK\n"
    "  OUT is a records DB, or with --split a folder that gets kiosk-NNN.db per kiosk.\n"
    "  --uniform gives every kiosk about the same number of sittings (no small kiosks).\n"
    "  --pack writes a content pack with the generator's questions and their text (for --pack).\n"
    "  --statements writes every row of OUT as xAPI statements, a JSON array, one a line, made as kiosk-sync\n"
    "  makes them (the staff hash as a pseudonymous account, nothing withheld; base https://partnership.example.org/msht).\n";

bool Number(const std::string& text, int& value) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && value >= 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 2 && args[0] == "--pack") {
        if (auto e = report::fixture::WritePack(args[1])) {
            std::fprintf(stderr, "kiosk-report-fixture: %s\n", e->c_str());
            return 1;
        }
        return 0;
    }
    report::fixture::Options options;
    std::string out, statements;
    bool split = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        int* field = a == "--kiosks" ? &options.kiosks : a == "--sittings" ? &options.sittings_per_kiosk
                   : a == "--months" ? &options.months : nullptr;
        int value = 0;
        bool has_value = i + 1 < args.size() && Number(args[i + 1], value);
        if (a == "--split") {
            split = true;
        } else if (a == "--uniform") {
            options.small_kiosks = false;
        } else if (a == "--statements" && i + 1 < args.size()) {
            statements = args[++i];
        } else if ((field || a == "--seed") && has_value && (a != "--months" || value > 0)) {
            if (field) *field = value;
            else options.seed = static_cast<std::uint64_t>(value);
            ++i;
        } else if (out.empty() && !a.empty() && a[0] != '-') {
            out = a;
        } else {
            std::fprintf(stderr, "kiosk-report-fixture: bad argument '%s'\n%s", a.c_str(), kUsage);
            return 2;
        }
    }
    if (out.empty() || (split && !statements.empty())) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    std::error_code ec;
    if (split) {
        std::filesystem::create_directories(out, ec);
        if (ec || !std::filesystem::is_directory(out, ec)) {
            std::fprintf(stderr, "kiosk-report-fixture: %s: cannot make the folder (%s)\n", out.c_str(),
                         ec ? ec.message().c_str() : "a file is in the way");
            return 1;
        }
    } else if (std::filesystem::is_directory(out, ec)) {
        std::fprintf(stderr, "kiosk-report-fixture: %s: is a folder; give a records DB file name, or add --split\n", out.c_str());
        return 2;
    }
    long long sittings = 0, answers = 0;
    int status = 0;
    // One DB for every kiosk is opened once: opening runs quick_check over the whole (growing) file.
    std::optional<kiosk::core::RecordsDb> shared;
    if (!split) {
        kiosk::core::OpenReport report;
        auto opened = kiosk::core::RecordsDb::Open(out, report);
        if (auto* e = std::get_if<std::string>(&opened)) {
            std::fprintf(stderr, "kiosk-report-fixture: %s\n", e->c_str());
            return 1;
        }
        shared.emplace(std::move(std::get<kiosk::core::RecordsDb>(opened)));
    }
    report::fixture::ForEachKiosk(options, [&](const report::fixture::Kiosk& kiosk, std::size_t,
                                               const std::vector<report::fixture::Sitting>& rows) {
        if (status != 0) return;
        auto e = shared ? report::fixture::WriteKiosk(*shared, kiosk, rows)
                        : report::fixture::WriteKiosk(out + "/" + kiosk.id + ".db", kiosk, rows);
        if (e) {
            std::fprintf(stderr, "kiosk-report-fixture: %s\n", e->c_str());
            status = 1;
        }
        sittings += static_cast<long long>(rows.size());
        for (const auto& s : rows) answers += static_cast<long long>(s.answers.size());
    });
    std::printf("%d kiosks, %lld sittings, %lld answers\n", options.kiosks, sittings, answers);
    if (status == 0 && !statements.empty()) {
        auto rows = kiosk::xapi::ReadRecords(shared->Connection());
        if (auto* e = std::get_if<std::string>(&rows)) {
            std::fprintf(stderr, "kiosk-report-fixture: %s: %s\n", out.c_str(), e->c_str());
            return 1;
        }
        const kiosk::xapi::MapOptions map{"https://partnership.example.org/msht", kiosk::xapi::ActorKind::Pseudonymous};
        std::string json = "[";
        std::size_t n = 0;
        for (const std::string& st : kiosk::xapi::AllStatements(std::get<kiosk::xapi::Records>(rows), map))
            json += (n++ ? ",\n" : "\n") + st;
        json += "\n]\n";
        std::FILE* f = std::fopen(statements.c_str(), "wb");
        if (!f || std::fwrite(json.data(), 1, json.size(), f) != json.size() || std::fclose(f) != 0) {
            std::fprintf(stderr, "kiosk-report-fixture: %s: cannot write the statements\n", statements.c_str());
            return 1;
        }
        std::printf("%zu statements\n", n);
    }
    return status;
}
