// What the parts of kiosk-report's merge share (merge.cpp holds Merge and the overview; merge_input.cpp,
// merge_check.cpp and merge_staging.cpp the parts below). Not part of the report library's interface.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "core/util/sqlite_db.h"
#include "report/merge.h"
#include "report/records_input.h"
#include "report/scratch_dir.h"

namespace report {

// [SECTION] One input (merge_input.cpp)

// Everything from the attached input, in one transaction. Returns how many rows of the copy it added
// or changed; nullopt, with input.error set, if it failed part-way (the copy is then unusable).
std::optional<std::int64_t> MergeOne(kiosk::core::Database& db, MergeInput& input);

// A fresh kiosk's rows appended as they are, in one transaction (see Merge for when). Returns the rows
// added; nullopt, with input.error set, if it failed part-way (a row broke one of OUT's CHECKs).
std::optional<std::int64_t> AppendOne(kiosk::core::Database& db, MergeInput& input);

// [SECTION] Checking the inputs ahead (merge_check.cpp)

// An input that passed its checks, and what Merge needs to know to append it without lookups.
struct CheckedInput {
    RecordsInput input;
    std::set<std::string> kiosks;  // the kiosk ids of its sittings
    bool self_contained = false;   // every answer and completion has its sitting in the same file
};

// Runs AttachRecords with its full check (quick_check reads every page) for each input in turn, on
// its own connection and thread, while the merge works on the inputs before it; the merge then only
// attaches an input again. A check's result is kept, so a second pass of the merge does not redo it.
// If no thread can be started, each check runs when it is asked for.
class InputChecker {
public:
    InputChecker(const std::vector<std::string>& inputs, ScratchDir& scratch);
    ~InputChecker();
    InputChecker(const InputChecker&) = delete;
    InputChecker& operator=(const InputChecker&) = delete;

    // Input i as checked (its URI to attach), or why it cannot be merged; waits for the check if needed.
    std::variant<CheckedInput, std::string> Get(std::size_t i);

private:
    void Run();
    // Checks input m_done; only one thread ever calls this.
    void CheckNext();

    // Kiosks and self-containment of the attached input. A query that fails leaves it not
    // self-contained, so the merge takes the per-row path, which reports any real damage.
    CheckedInput Profile(RecordsInput input);

    const std::vector<std::string>& m_inputs;
    ScratchDir& m_scratch;       // only the checking thread uses it while the checker lives
    kiosk::core::Database m_db;  // the checking thread's connection
    std::vector<std::optional<std::variant<CheckedInput, std::string>>> m_results;
    std::atomic<std::size_t> m_done = 0;  // results [0, m_done) are ready
    bool m_stop = false;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::thread m_thread;  // last: starts after everything above exists
};

// [SECTION] Staging copy (merge_staging.cpp)

// Removes what a killed merge into `out` left beside it (its "<out>.merging-XXXXXX" staging files). Only
// while holding OUT's lock.
void RemoveLeftovers(const std::string& out);

// Where the staging copy is built. In memory when it fits comfortably: then an input's commit writes
// nothing, and the finished copy is written out once, in page order. A file beside OUT otherwise.
enum class Place { Memory, File };

// A quarter of the physical memory, for building the staging copy in memory.
std::uintmax_t MemoryBudget();

// About how big OUT will be: itself plus every input (a merged DB is about the sum of its parts).
std::uintmax_t ExpectedSize(const std::string& out, const std::vector<std::string>& inputs);

// The staging copy of OUT. Its file is created empty beside OUT (same file system, so the final rename
// is atomic) and removed by the destructor unless it has been renamed into place.
class Staging {
public:
    Staging() = default;
    ~Staging();
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;

    // Creates the file and copies `from` (OUT's connection) into the copy, set up for a bulk load.
    std::optional<std::string> Start(const std::string& out, kiosk::core::Database& from, Place place);

    kiosk::core::Database& Db() { return m_db; }

    // Drops the UNIQUE id indexes too, for appending rows that cannot be there yet.
    std::optional<std::string> DropUnique();
    // Builds them again (sorted, in one go); on failure, `duplicate` says whether some id is there twice.
    std::optional<std::string> BuildUnique(bool& duplicate);

    // Builds the dropped indexes, writes the copy to its file (WAL, like every records DB), closes it and
    // syncs it to disk. After this only Publish is left.
    std::optional<std::string> Finish();

    // Renames the finished copy over `out`. The caller holds OUT's lock and has closed its connection.
    std::optional<std::string> Publish(const std::string& out);

private:
    static void Secure(kiosk::core::Database& db, bool defensive);
    // Every page of `from` into `to` (the backup API: a consistent copy, whatever the journal mode).
    static std::optional<std::string> Copy(kiosk::core::Database& from, kiosk::core::Database& to);
    static std::optional<std::string> SetJournal(kiosk::core::Database& db, const char* pragma, const char* expected);
    // DROP INDEX main."name" (see the definition for why the name may be written into the SQL).
    std::optional<std::string> DropIndex(const std::string& name);
    // One statement, nothing after it.
    std::optional<std::string> RunSchemaStatement(const std::string& sql, int* step_code = nullptr);

    std::string m_path;                  // "" once renamed into place (or never created)
    Place m_place = Place::File;
    kiosk::core::Database m_db;
    std::vector<std::string> m_indexes;  // CREATE INDEX statements to run again at the end
    std::vector<std::string> m_unique, m_unique_names;  // the UNIQUE id indexes: CREATE statements, names
};

}  // namespace report
