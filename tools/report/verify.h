// `kiosk-report verify CODE... --db RECORDS.db...`: the completion code on a kiosk's end screen, checked.
// A learner shows a line manager the code; verify finds it in the records and says which module it is
// for, the result, the day, and where (agency, site, kiosk). Nothing about the person: no staff-number
// hash, no time of day. The records are only read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace report {

// A code as people type it, made canonical: upper case, no spaces, the dash put back ("7k2m 9qxa" ->
// "7K2M-9QXA"), and the letters that look like digits read as the digits (O -> 0, I and L -> 1), as in
// Crockford's base 32, which the codes use. nullopt when it cannot be a code (not 8 such characters).
std::optional<std::string> NormaliseCompletionCode(std::string_view typed);

struct CodeMatch {
    std::string module_id;
    int percent = 0;
    bool passed = false;
    std::string day;  // YYYY-MM-DD the module was completed
    std::string agency, site, kiosk, region;
};

struct CodeCheck {
    std::string typed;                 // as given
    std::optional<std::string> code;   // canonical; nullopt: not a code at all
    std::vector<CodeMatch> matches;    // empty: unknown in these records (the same completion once only)
};

struct VerifyResult {
    std::vector<CodeCheck> codes;      // in the order given
    std::vector<std::string> problems; // inputs that could not be read, each naming its file
    bool any_input_read = false;
};

VerifyResult VerifyCodes(const std::vector<std::string>& codes, const std::vector<std::string>& inputs);

}  // namespace report
