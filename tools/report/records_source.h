// What every report reads: one or more records DBs behind one read-only connection, as the TEMP views
// r_sittings, r_answers, r_completions and r_admin_events in the current schema's shape. One input is read in place
// (see records_input.h); several are merged first into a private scratch DB, so a sitting exported
// twice counts once. r_sittings has no staff_hash column: no report can select one by mistake.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/progress.h"
#include "report/scratch_dir.h"

namespace report {

// Opens another read-only connection to the same records with the same r_* views, for a scan split
// across threads; nullptr (or an empty function) when the records cannot be shared that way.
using ReaderOpener = std::function<std::unique_ptr<kiosk::core::Database>()>;

// How a report may split a big scan (the sittings, the answers) into row ranges read by threads at
// once, each on its own connection from `open_reader`. The figures are the same however it is split.
struct ScanSplit {
    ReaderOpener open_reader;         // empty, or returning nullptr: one thread
    int threads = 0;                  // 0: one per core, at most 4
    std::int64_t min_rows = 100000;   // a table with fewer rows is read by one thread

    // How many threads for a table of `rows` rows.
    int ThreadsFor(std::int64_t rows) const;
};

class RecordsSource {
public:
    // Opens `inputs`. An input that cannot be read is described in `problems` and left out; the
    // result is an error only when no input could be read at all.
    static std::variant<RecordsSource, std::string> Open(const std::vector<std::string>& inputs,
                                                         std::vector<std::string>& problems,
                                                         const Progress& progress = {});

    kiosk::core::Database& Db() { return *m_db; }
    // How many of the inputs given to Open were read (the others are named in its problems).
    std::size_t InputsRead() const { return m_inputsRead; }

    // More connections like Db(), for scans split across threads. Only for a file nobody else is
    // writing (an export, or the merged scratch DB), attached immutable: a live DB read through its
    // WAL copy gives nullptr. The opener must not outlive this source.
    ReaderOpener Reader() const;

private:
    std::unique_ptr<ScratchDir> m_scratch;         // declared first: removed after the connection closes
    std::unique_ptr<kiosk::core::Database> m_db;
    std::string m_shareableUri;  // the immutable URI Db() attached; "" if it read a private WAL copy
    int m_version = 0;           // the records schema version
    std::size_t m_inputsRead = 1;
};

}  // namespace report
