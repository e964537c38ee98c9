// Fuzz target: `kiosk-report merge` reading a hostile records DB (tools/report/merge.h): the fuzzed bytes
// are the input file, merged into a copy of a small real records DB (tests/fuzz/records_out.db, so the
// duplicate and conflict paths run too). Checked: OUT itself never fails; a refused input adds nothing
// and is named in one line; after any merge OUT passes integrity_check and holds the counts reported.
#include "core/util/sqlite_db.h"
#include "fuzz_support.h"
#include "report/merge.h"

#include <sqlite3.h>

#ifndef KIOSK_FUZZ_RECORDS_OUT
#error "KIOSK_FUZZ_RECORDS_OUT must name tests/fuzz/records_out.db"
#endif

namespace {

std::int64_t Count(kiosk::core::Database& db, const char* sql, std::string& text) {
    kiosk::core::Statement st;
    FUZZ_CHECK(!st.Prepare(db, sql), "OUT can be queried after the merge");
    FUZZ_CHECK(st.Step() == kiosk::core::StepResult::Row, "the query gives a row");
    text = st.ColumnText(0);
    return st.ColumnInt64(0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path dir = fuzz::ScratchDir();
    const std::string input = (dir / "input.db").string();
    const std::string out = (dir / "out.db").string();
    fuzz::WriteFile(input, data, size);
    std::error_code ec;
    std::filesystem::copy_file(KIOSK_FUZZ_RECORDS_OUT, out, std::filesystem::copy_options::overwrite_existing, ec);
    FUZZ_CHECK(!ec, "the fixed OUT can be copied");

    report::MergeResult result = report::Merge(out, {input});
    FUZZ_CHECK(result.error.empty(), "a bad input never makes OUT fail");
    FUZZ_CHECK(result.inputs.size() == 1, "one result per input");
    const report::MergeInput& in = result.inputs[0];
    if (!in.error.empty()) {
        FUZZ_CHECK(in.error.rfind(input, 0) == 0, "a refused input is named");
        FUZZ_CHECK(fuzz::IsPrintableLine(in.error), "a refusal is one printable line");
        FUZZ_CHECK(in.sittings_added == 0 && in.answers_added == 0 && in.completions_added == 0,
                   "a refused input adds nothing");
    }

    kiosk::core::Database db;
    FUZZ_CHECK(!db.Open(out, SQLITE_OPEN_READONLY), "OUT opens after the merge");
    std::string text;
    Count(db, "PRAGMA integrity_check", text);
    FUZZ_CHECK(text == "ok", "OUT passes integrity_check after the merge");
    FUZZ_CHECK(Count(db, "SELECT count(*) FROM sittings", text) == result.sittings, "OUT holds the sittings reported");
    FUZZ_CHECK(Count(db, "SELECT count(*) FROM answers", text) == result.answers, "OUT holds the answers reported");
    FUZZ_CHECK(Count(db, "SELECT count(*) FROM completions", text) == result.completions,
               "OUT holds the completions reported");
    return 0;
}
