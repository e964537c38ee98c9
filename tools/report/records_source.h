// What every report reads: one or more records DBs behind one read-only connection, as the TEMP views
// r_sittings, r_answers and r_completions in the current schema's shape. One input is read in place
// (see records_input.h); several are merged first into a private scratch DB, so a sitting exported
// twice counts once. r_sittings has no staff_hash column: no report can select one by mistake.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/sqlite_db.h"
#include "report/progress.h"
#include "report/scratch_dir.h"

namespace report {

class RecordsSource {
public:
    // Opens `inputs`. An input that cannot be read is described in `problems` and left out; the
    // result is an error only when no input could be read at all.
    static std::variant<RecordsSource, std::string> Open(const std::vector<std::string>& inputs,
                                                         std::vector<std::string>& problems,
                                                         const Progress& progress = {});

    kiosk::core::Database& Db() { return *m_db; }

private:
    std::unique_ptr<ScratchDir> m_scratch;         // declared first: removed after the connection closes
    std::unique_ptr<kiosk::core::Database> m_db;
};

}  // namespace report
