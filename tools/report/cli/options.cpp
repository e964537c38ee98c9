// Parse (options.h): one pass over the arguments; every value is checked before any file is opened.
#include "options.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>

namespace report::cli {

const char* kFilterHelp = R"(Filters and options:
  --from YYYY-MM-DD      sittings started on or after this day
  --to YYYY-MM-DD        sittings started on or before this day
  --by month|quarter|year  the step of the trend (default month)
  --by role|region|agency  (items) one table: each question's facility for each role, region or agency
  --module ID  --role ROLE  --region NAME  --partnership NAME  --agency NAME  --kiosk ID
                         (give one again for several: --region wales --region london)
  --min-cell K           list no group of fewer than K people (default 5, at least 2)
  --idle-since DAYS      (kiosks) only the kiosks with no sitting in the DAYS days up to --to (default today)
  --format FORMAT        table (default), csv, json, html or xapi (where the command has it)
  -o FILE                write to FILE instead of standard output
)";

const char* ToString(Format format) {
    switch (format) {
        case Format::Table: return "table";
        case Format::Csv: return "csv";
        case Format::Json: return "json";
        case Format::Html: return "html";
        case Format::Xapi: return "xapi";
    }
    return "?";
}

namespace {

// `text` as a whole number from `lo` to `hi`, all of it digits; nullopt otherwise.
std::optional<int> WholeNumber(const std::string& text, int lo, int hi) {
    int n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < lo || n > hi) return std::nullopt;
    return n;
}

}  // namespace

bool IsDay(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::optional<Options> Parse(const std::vector<std::string>& args, const std::vector<Format>& formats,
                             std::string& error) {
    Options o;
    o.format = formats.front();
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            o.help = true;
            continue;
        }
        if (a.size() > 1 && a[0] == '-') {
            if (i + 1 >= args.size()) {
                error = a + " needs a value";
                return std::nullopt;
            }
            const std::string& v = args[++i];
            FilterValues* names = nullptr;
            if (a == "--from" || a == "--to") {
                if (!IsDay(v)) {
                    error = a + " wants a day as YYYY-MM-DD, not '" + v + "'";
                    return std::nullopt;
                }
                (a == "--from" ? o.filters.from : o.filters.to) = v;
            } else if (a == "--by") {
                if (v == "month") o.filters.period = Period::Month;
                else if (v == "quarter") o.filters.period = Period::Quarter;
                else if (v == "year") o.filters.period = Period::Year;
                else if (v == "role" || v == "region" || v == "agency") o.filters.by_slice = v;
                else {
                    error = "--by wants month, quarter or year (or, for items, role, region or agency), not '" + v + "'";
                    return std::nullopt;
                }
            } else if (a == "--min-cell") {
                auto k = WholeNumber(v, 2, 1000);
                if (!k) {
                    error = "--min-cell wants a whole number from 2 to 1000, not '" + v + "'";
                    return std::nullopt;
                }
                o.filters.min_cell = *k;
            } else if (a == "--idle-since") {
                auto days = WholeNumber(v, 1, 3650);
                if (!days) {
                    error = "--idle-since wants a number of days from 1 to 3650, not '" + v + "'";
                    return std::nullopt;
                }
                o.filters.idle_days = *days;
            } else if (a == "--format") {
                auto it = std::find_if(formats.begin(), formats.end(), [&](Format f) { return v == ToString(f); });
                if (it == formats.end()) {
                    error = "--format '" + v + "' is not one this command writes (";
                    for (std::size_t f = 0; f < formats.size(); ++f) error += (f ? ", " : "") + std::string(ToString(formats[f]));
                    error += ")";
                    return std::nullopt;
                }
                o.format = *it;
            } else if (a == "-o" || a == "--output") {
                o.output = v;
            } else if (a == "--homepage") {
                o.homepage = v;
            } else if (a == "--pack") {
                o.pack = v;
            } else if (a == "--module") names = &o.filters.module;
            else if (a == "--role") names = &o.filters.role;
            else if (a == "--region") names = &o.filters.region;
            else if (a == "--partnership") names = &o.filters.partnership;
            else if (a == "--agency") names = &o.filters.agency;
            else if (a == "--kiosk") names = &o.filters.kiosk;
            else {
                error = "unknown option " + a;
                return std::nullopt;
            }
            // Given again, a filter takes several values: --region wales --region london.
            if (names && std::find(names->begin(), names->end(), v) == names->end()) names->push_back(v);
            continue;
        }
        o.inputs.push_back(a);
    }
    if (o.filters.idle_days > 0) {
        // The window is the DAYS days that end on --to (default today, UTC).
        if (!o.filters.from.empty()) {
            error = "--idle-since sets the start of the window itself; give --to (the last day) but not --from";
            return std::nullopt;
        }
        std::time_t end = std::time(nullptr);
        if (!o.filters.to.empty()) {
            std::tm day{};
            day.tm_year = std::stoi(o.filters.to.substr(0, 4)) - 1900;
            day.tm_mon = std::stoi(o.filters.to.substr(5, 2)) - 1;
            day.tm_mday = std::stoi(o.filters.to.substr(8, 2));
            day.tm_hour = 12;
            end = timegm(&day);
        }
        auto day_of = [](std::time_t t) {
            std::tm tm{};
            gmtime_r(&t, &tm);
            char text[16];
            std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
            return std::string(text);
        };
        if (o.filters.to.empty()) o.filters.to = day_of(end);
        o.filters.from = day_of(end - static_cast<std::time_t>(o.filters.idle_days - 1) * 86400);
    }
    if (o.filters.from.size() && o.filters.to.size() && o.filters.to < o.filters.from) {
        error = "--to " + o.filters.to + " is before --from " + o.filters.from;
        return std::nullopt;
    }
    return o;
}

}  // namespace report::cli
