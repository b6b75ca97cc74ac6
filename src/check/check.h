// Checking a published table: the totals, differences, percentages and rates that
// partnership analysts type into Word tables by hand, recomputed from the table's own figures
// and reported where they disagree (DOMAIN.md §4, "Errors in the published tables").
//
// src/check/ owns `safer check table`: reading the text into a grid (grid.h), recognising the
// tables and how their rows nest (layout.h), and the checks, one registered entry each
// (checks.h). It depends only on domain/ (the category tree and periods): never on the store.
// A check reports only what the figures shown contradict within their printed rounding.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/name_tree.h"
#include "domain/status.h"

namespace safer::check {

struct Finding {
  int line = 0;               // 1-based line of the file
  int column = 0;             // 1-based column; 0 when the finding is about a whole row or line
  std::string column_label;   // the column's heading, as the table shows it
  std::string row;            // the row's name, when the finding is about a row
  std::string check;          // id of the check that found it (checks.h)
  std::string message;
  std::string expected, found;  // the figures in question, as printed; may be empty
};

struct CheckOptions {
  const NameTree* tree = nullptr;   // --tree: how rows nest; else markup, else the ONS tree
  std::optional<int> quarter;       // --quarter: the quarter the table reports (1–4)
  bool force_column = true;         // the last column pair of a district table is the force
};

// Checks the table text; `file_name` decides the delimiter (grid.h). Findings by line.
std::vector<Finding> CheckTable(std::string_view text, std::string_view file_name, const CheckOptions& options);

// Reads and checks a file; fails only when the file cannot be read.
Status CheckTableFile(const std::string& path, const CheckOptions& options, std::vector<Finding>* findings);

// FILE:LINE: column "X": message (expected N, found M)
std::string FormatFinding(std::string_view file, const Finding& finding);

}  // namespace safer::check
