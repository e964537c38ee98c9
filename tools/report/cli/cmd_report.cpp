// `kiosk-report summary|items|kiosks DB...`: open the inputs, build the report, protect it, format,
// write. The commands differ only in the report they build and the formats they offer.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>

#include "commands.h"
#include "core/util/utc_time.h"
#include "options.h"
#include "report/formats.h"
#include "report/records_source.h"
#include "report/tabulate.h"
#include "report/xapi.h"
#include "terminal.h"

namespace report::cli {

namespace {

// Opens the inputs as one source, naming each input skipped (and noting it in `some_failed` and
// `problems`); nullopt, after saying why, when nothing could be read.
std::optional<RecordsSource> OpenInputs(const std::vector<std::string>& inputs, bool& some_failed,
                                        std::vector<std::string>& problems) {
    auto source = RecordsSource::Open(inputs, problems, TerminalProgress());
    EndProgress();
    for (const std::string& p : problems) Error(p + " (skipped)");
    some_failed = !problems.empty();
    if (auto* e = std::get_if<std::string>(&source)) {
        Error(*e);
        return std::nullopt;
    }
    return std::move(std::get<RecordsSource>(source));
}

// A failure while reading the merged records names no file (SQLite sees one database): say which
// inputs it came from, so the line still names the file (or files) to look at.
std::string NamingInputs(const std::string& error, const std::vector<std::string>& inputs) {
    for (const std::string& input : inputs)
        if (error.find(input) != std::string::npos) return error;
    std::string names = inputs.front();
    if (inputs.size() == 2) names += " or " + inputs[1];
    if (inputs.size() > 2) names += " or one of the " + std::to_string(inputs.size() - 1) + " other inputs";
    return names + ": " + error;
}

bool SameFile(const std::string& a, const std::string& b) {
    std::error_code ec;
    return std::filesystem::exists(a, ec) && std::filesystem::equivalent(a, b, ec);
}

HtmlParts PartsOf(const SummaryReport& r) { return HtmlParts{&r, nullptr, nullptr}; }
HtmlParts PartsOf(const ItemsReport& r) { return HtmlParts{nullptr, &r, nullptr}; }
HtmlParts PartsOf(const KiosksReport& r) { return HtmlParts{nullptr, nullptr, &r}; }

template <class Report>
std::string Render(const Report& report, const ReportMeta& meta, Format format) {
    switch (format) {
        case Format::Csv: return RenderCsv(Sheet(report));
        case Format::Json: return RenderJson(report, meta);
        case Format::Html: return RenderHtml(PartsOf(report), meta);
        default: return RenderText(DisplayTables(report), meta);
    }
}

// The whole board pack: summary, items and kiosks on one page.
struct BoardReport {
    SummaryReport summary;
    ItemsReport items;
    KiosksReport kiosks;
};

bool PeopleByStaffNumber(const SummaryReport& r) { return r.people_by_staff_number; }
bool PeopleByStaffNumber(const ItemsReport& r) { return r.people_by_staff_number; }
bool PeopleByStaffNumber(const KiosksReport& r) { return r.people_by_staff_number; }
bool PeopleByStaffNumber(const BoardReport& r) { return r.summary.people_by_staff_number; }

Coverage CoverageOf(const SummaryReport& r) { return r.coverage; }
Coverage CoverageOf(const ItemsReport& r) { return r.coverage; }
Coverage CoverageOf(const KiosksReport& r) { return r.coverage; }
Coverage CoverageOf(const BoardReport& r) { return r.summary.coverage; }

std::string Render(const BoardReport& report, const ReportMeta& meta, Format) {
    return RenderBoard(HtmlParts{&report.summary, &report.items, &report.kiosks, true}, meta);
}

// The item analysis, scanned with every core, with the pack's text if --pack was given.
std::variant<ItemsReport, std::string> MakeItems(RecordsSource& source, const Options& options) {
    auto items = AnalyseItems(source.Db(), options.filters, ScanSplit{source.Reader()});
    if (auto* report = std::get_if<ItemsReport>(&items); report && !options.pack.empty())
        if (auto e = AddQuestionText(*report, options.pack)) return *e;
    return items;
}

std::variant<BoardReport, std::string> MakeBoard(RecordsSource& source, const Options& options) {
    BoardReport board;
    kiosk::core::Database& db = source.Db();
    const Filters& filters = options.filters;
    auto summary = Summarise(db, filters, ScanSplit{source.Reader()});
    if (auto* e = std::get_if<std::string>(&summary)) return *e;
    auto items = MakeItems(source, options);
    if (auto* e = std::get_if<std::string>(&items)) return *e;
    auto kiosks = ListKiosks(db, filters, ScanSplit{source.Reader()});
    if (auto* e = std::get_if<std::string>(&kiosks)) return *e;
    board.summary = std::move(std::get<SummaryReport>(summary));
    board.items = std::move(std::get<ItemsReport>(items));
    board.kiosks = std::move(std::get<KiosksReport>(kiosks));
    return board;
}

// The shared body of every reading command. `build` turns the open records and the options into a
// report; only commands that show question text take --pack.
template <class Build>
int RunReport(const Args& args, const char* command, const char* about, Build build,
              const std::vector<Format>& formats = {Format::Table, Format::Csv, Format::Json, Format::Html},
              bool takes_pack = false) {
    std::string usage = std::string("Usage: kiosk-report ") + command + " [options] RECORDS.db...\n";
    std::string error;
    auto options = Parse(args, formats, error);
    if (!options) {
        Error(error + "\n" + usage + "Run 'kiosk-report " + command + " --help' for the options.");
        return kExitUsage;
    }
    if (options->help) {
        const char* pack_help =
            "  --pack PACK            the content pack the kiosks ran: questions and options show their text\n";
        std::printf("%s\n%s\n\n%s%s", usage.c_str(), about, kFilterHelp, takes_pack ? pack_help : "");
        return kExitOk;
    }
    if (options->inputs.empty()) {
        std::fputs(usage.c_str(), stderr);
        return kExitUsage;
    }
    if (options->filters.idle_days > 0 && std::string(command) != "kiosks") {
        Error(std::string("--idle-since is for the kiosks command, not ") + command);
        return kExitUsage;
    }
    if (!options->filters.by_slice.empty() && std::string(command) != "items") {
        Error("--by " + options->filters.by_slice + " is for the items command; " + command + " takes --by month, quarter or year");
        return kExitUsage;
    }
    if (!options->pack.empty() && !takes_pack) {
        Error(std::string("--pack is for the items and board commands, not ") + command);
        return kExitUsage;
    }
    // Before a million answers are read: a mistyped pack name is the likelier mistake.
    std::error_code ec;
    if (!options->pack.empty() && !std::filesystem::is_regular_file(options->pack, ec)) {
        Error(options->pack + ": no such file (the content pack for --pack)");
        return kExitUsage;
    }
    for (const std::string& input : options->inputs)
        if (!options->output.empty() && SameFile(input, options->output)) {
            Error(options->output + ": is an input; choose another output file");
            return kExitUsage;
        }
    bool some_failed = false;
    std::vector<std::string> problems;
    std::optional<RecordsSource> source = OpenInputs(options->inputs, some_failed, problems);
    if (!source) return kExitUsage;
    if (auto e = CheckFilterValues(source->Db(), options->filters)) {
        Error(*e);
        return kExitUsage;
    }
    ReportMeta meta = MakeMeta(command, options->inputs, kiosk::core::Iso8601Utc(std::time(nullptr)), options->filters);
    meta.inputs_read = source->InputsRead();
    meta.problems = problems;
    auto made = build(*source, *options);
    if (auto* e = std::get_if<std::string>(&made)) {
        bool names_pack = !options->pack.empty() && e->find(options->pack) != std::string::npos;
        Error(names_pack ? *e : NamingInputs(*e, options->inputs));
        return kExitUsage;
    }
    meta.people_by_staff_number = PeopleByStaffNumber(std::get<0>(made));
    // What the sittings cover comes from the report's own pass over them (a query of its own cost a
    // second on a million answers).
    const Coverage coverage = CoverageOf(std::get<0>(made));
    meta.first_month = coverage.first_month;
    meta.last_month = coverage.last_month;
    meta.kiosks = coverage.kiosks;
    std::string text = Render(std::get<0>(made), meta, options->format);
    if (std::string e = WriteOutput(options->output, text); !e.empty()) {
        Error(e);
        return kExitUsage;
    }
    return some_failed ? kExitSomeInputsFailed : kExitOk;
}

}  // namespace

int Summary(const Args& args) {
    return RunReport(args, "summary",
                     "Sittings, completions, pass rate and median time, rolled up national > region >\n"
                     "partnership > agency > kiosk, and by module, role category and period.",
                     [](RecordsSource& s, const Options& o) { return Summarise(s.Db(), o.filters, ScanSplit{s.Reader()}); });
}

int Items(const Args& args) {
    return RunReport(args, "items",
                     "Item analysis per question: facility, discrimination, the options chosen, and\n"
                     "facility by role category and by region.",
                     MakeItems, {Format::Table, Format::Csv, Format::Json, Format::Html}, true);
}

int Board(const Args& args) {
    return RunReport(args, "board",
                     "The partnership board's page: summary, item analysis and kiosks in one HTML file\n"
                     "(headline figures, charts, tables, the filters used and the date). Use -o report.html.",
                     MakeBoard, {Format::Html}, true);
}

int Xapi(const Args& args) {
    std::string error;
    auto options = Parse(args, {Format::Xapi}, error);
    const char* usage = "Usage: kiosk-report xapi [options] [--homepage URL] RECORDS.db...\n";
    if (!options) {
        Error(error + "\n" + usage);
        return kExitUsage;
    }
    if (options->help) {
        std::printf("%s\nxAPI 1.0.3 statements (a JSON array) for a learning record store: each sitting's start and\n"
                    "end, answered, completed, passed and failed, with the records' own ids (the mapping kiosk-sync\n"
                    "uses, kiosk/xapi/statements.h), anonymous per-sitting accounts under\n"
                    "--homepage (default %s), and no statements for a cohort (region, partnership, agency,\n"
                    "role) of fewer than --min-cell sittings.\n\n%s",
                    usage, Options{}.homepage.c_str(), kFilterHelp);
        return kExitOk;
    }
    if (!options->pack.empty()) {
        Error("--pack is for the items and board commands, not xapi");
        return kExitUsage;
    }
    if (options->inputs.empty() || options->homepage.rfind("https://", 0) != 0) {
        Error(options->inputs.empty() ? std::string(usage) : "--homepage must be an https:// URL");
        return kExitUsage;
    }
    bool some_failed = false;
    std::vector<std::string> problems;
    std::optional<RecordsSource> source = OpenInputs(options->inputs, some_failed, problems);
    if (!source) return kExitUsage;
    if (auto e = CheckFilterValues(source->Db(), options->filters)) {
        Error(*e);
        return kExitUsage;
    }
    auto made = BuildStatements(source->Db(), options->filters, options->homepage);
    if (auto* e = std::get_if<std::string>(&made)) {
        Error(NamingInputs(*e, options->inputs));
        return kExitUsage;
    }
    const XapiExport& x = std::get<XapiExport>(made);
    if (std::string e = WriteOutput(options->output, x.json); !e.empty()) {
        Error(e);
        return kExitUsage;
    }
    if (x.withheld > 0)
        Error(std::to_string(x.withheld) + " statements withheld: their cohort has fewer than " +
              std::to_string(options->filters.min_cell) + " learners");
    return some_failed ? kExitSomeInputsFailed : kExitOk;
}

int Kiosks(const Args& args) {
    return RunReport(args, "kiosks",
                     "Per kiosk: pack version in use, last sitting, sittings, idle resets and leaves.\n"
                     "With --idle-since DAYS: the kiosks with no sitting in the DAYS days up to --to (default\n"
                     "today), including kiosks never used (known from their admin trail), and when each was last used.",
                     [](RecordsSource& s, const Options& o) { return ListKiosks(s.Db(), o.filters, ScanSplit{s.Reader()}); });
}

}  // namespace report::cli
