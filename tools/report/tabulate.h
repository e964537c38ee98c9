// The reports as plain tables: several titled tables for reading (text, HTML) and one rectangular
// sheet per report for CSV, where a spreadsheet wants one header row and one row per record.
#pragma once

#include <string>
#include <vector>

#include "report/items.h"
#include "report/kiosks.h"
#include "report/summary.h"
#include "report/table_model.h"

namespace report {

// How an empty region or partnership reads ("" = not recorded by an older kiosk).
std::string Label(const std::string& name);

std::vector<Table> DisplayTables(const SummaryReport& report);
std::vector<Table> DisplayTables(const ItemsReport& report);
std::vector<Table> DisplayTables(const KiosksReport& report);

Table Sheet(const SummaryReport& report);
Table Sheet(const ItemsReport& report);
Table Sheet(const KiosksReport& report);

}  // namespace report
