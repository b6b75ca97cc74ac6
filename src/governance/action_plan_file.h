// Action plans as partnerships keep them: tables in CSV, TSV or XLSX in the layouts of the
// seeds (DOMAIN.md §8; docs/action-plans.md), read into an ActionPlan, and a plan written
// back out as XLSX with its log and Safer's suggested RAG.
//
// Import rule: bad rows and bad log entries are reported (file, row, reason, the text as
// written), set aside and counted; good rows still load. An action without an owner or a
// due date is set aside; a log entry whose date does not parse, comes before the plan's
// year or lies in the future is set aside and its action kept; one dated before the entry
// above it is imported and reported to be checked.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/action_plan.h"
#include "domain/calendar.h"
#include "domain/status.h"

namespace safer {

struct PlanImportOptions {
  std::string partnership;
  std::string title;
  std::string recorded_by;            // the Safer user importing, written on every log entry
  std::optional<Date> default_due;    // for actions with no due date written (seed 004 has no column)
  std::optional<Date> earliest;       // entries dated before it are set aside; see PlanYearStart
  Date today;                         // entries dated after it are set aside: give Today()
  std::string sheet;                  // XLSX: the sheet to read; the first when empty
};

struct PlanImportProblem {
  std::string file;
  int row = 0;          // the line of a CSV/TSV, the row of a sheet
  std::string reason;
  std::string text;     // what was set aside (or is to be checked), as written
  bool set_aside = true;  // false: imported as written, reported to be checked
};

struct PlanImportResult {
  ActionPlan plan;      // the actions that can be saved
  std::vector<PlanImportProblem> problems;
  int actions_read = 0;
  int actions_set_aside = 0;
  int entries_read = 0;
  int entries_set_aside = 0;
};

// Reads the file by its extension (.csv, .tsv/.txt, .xlsx). A Status error only when the
// file cannot be read at all or has no header row; everything else is a problem in *result.
Status ReadActionPlanFile(const std::string& path, const PlanImportOptions& options, PlanImportResult* result);

// The first day of the plan's year when the title names one: "… Action Plan 2024/25" or
// "2024-25" → 1 April 2024 (the financial year partnership plans run on).
std::optional<Date> PlanYearStart(std::string_view title);

// The plan as an XLSX workbook: one row per action with its log and the suggested RAG and
// why, and a sheet with one row per log entry. Re-importable: the columns use the names
// the importer recognises.
Status WriteActionPlanXlsx(const ActionPlan& plan, const Date& today, const std::optional<Date>& last_meeting,
                           const std::string& path);

}  // namespace safer
