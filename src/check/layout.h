// Recognising the tables in a grid: where each starts (its heading rows), what its columns
// hold, and how its rows nest. Three shapes come from the seed packs:
//   two periods   Category | <period A> | <period B> | Change | % Change
//   districts     Category | <district> Crime | Per 1,000 pop | ... | <force> Crime | Per 1,000 pop
//   plain         any other table of figures
// Consecutive tables of one shape (victim-based, then police-generated crime) form one
// section, so a grand total below the second can be checked against the totals of both.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/grid.h"
#include "check/name_tree.h"
#include "check/periods.h"

namespace safer::check {

enum class Shape { kTwoPeriods, kDistricts, kPlain };

enum class Role {
  kLabel,          // the row names
  kFigures,        // counts: parts add up to their parent
  kChange,         // later period minus earlier
  kPercentChange,  // change relative to the earlier period
  kRate,           // per 1,000 of the district's population
  kOther,          // targets, percentages and anything not additive: not checked
};

// One district (or the force) of a district table: its count and rate columns.
struct ColumnGroup {
  std::string name;
  int count = -1;
  int rate = -1;
};

struct TableHead {
  int line = 0;                      // first heading row
  std::string title;                 // the nearest title above the table, if any
  std::vector<std::string> labels;   // per column, for messages
  std::vector<int> label_lines;      // per column: the heading row its label came from
  std::vector<std::optional<NamedPeriod>> periods;  // per column, when its heading names one
  std::vector<int> unheaded;         // columns holding figures under no heading
};

struct TableRow {
  const GridRow* grid = nullptr;
  std::string name;
  int table = 0;                 // index into Section::tables
  bool total = false;            // "Total ...": adds up the rows above it
  int parent = -1;               // index into Section::rows
  std::vector<int> parts;        // the rows that must add up to this one
  const Cell& at(int column) const { return grid->at(static_cast<size_t>(column)); }
};

struct Section {
  Shape shape = Shape::kPlain;
  std::vector<Role> roles;           // per column
  std::vector<ColumnGroup> groups;   // districts, then (has_force) the force
  int earlier = -1, later = -1;      // the two periods compared (two-period shape)
  int change = -1, percent = -1;
  std::vector<TableHead> tables;
  std::vector<TableRow> rows;
  bool has_force = false;            // the last group is the force total (--no-force-column)
  std::optional<int> quarter;        // named by a title above, or --quarter

  int width() const { return static_cast<int>(roles.size()); }
  const std::string& label(const TableRow& row, int column) const { return tables[row.table].labels[column]; }
  bool IsForce(int column) const;
};

// A single-cell line: a table's title, a section heading or prose.
struct TitleLine {
  int line = 0;
  std::string text;
};

struct LayoutOptions {
  const NameTree* tree = nullptr;     // from --tree; else markup in the table, else the ONS tree
  std::optional<int> quarter;         // from --quarter
  bool force_column = true;           // the last district group is the force total
};

struct Layout {
  std::vector<Section> sections;
  std::vector<TitleLine> titles;
  std::vector<const GridRow*> unnamed;  // rows holding figures but no name
};

Layout Recognise(const Grid& grid, const LayoutOptions& options);

}  // namespace safer::check
