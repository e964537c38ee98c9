// kiosk-report's command-line options, shared by every command: the filters, --format, --min-cell,
// -o and the input files. Parsing returns a message naming the bad option rather than guessing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/filters.h"

namespace report::cli {

enum class Format { Table, Csv, Json, Html, Xapi };

struct Options {
    Filters filters;
    Format format = Format::Table;  // the first of the command's formats when not given
    std::string output;               // -o FILE; "" = standard output
    std::vector<std::string> inputs;  // positional: records DBs
    std::string homepage = "https://kiosk.invalid";  // xAPI: the actor accounts' homePage and activity ids
    std::string pack;                 // --pack: content pack for question and option text (items, board)
    bool help = false;
};

// Parses `args` (after the command name). `formats` lists the formats the command accepts.
// nullopt and `error` set on a bad option.
std::optional<Options> Parse(const std::vector<std::string>& args, const std::vector<Format>& formats,
                             std::string& error);

const char* ToString(Format format);

// Whether `s` is a day written YYYY-MM-DD (month 1-12, day 1-31).
bool IsDay(const std::string& s);

// The options text for --help.
extern const char* kFilterHelp;

}  // namespace report::cli
