// Reading a published table (CSV or tab-separated text) into a grid of cells. A cell keeps
// the text as shown and, when it is a figure, its value, the decimals shown and whether it
// carried "%", so that every check allows exactly the rounding the table shows.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace safer::check {

// A figure as printed: "1,256" is 1256 with 0 decimals; "-13.9%" is -13.9, 1 decimal, percent.
struct Figure {
  double value = 0;
  int decimals = 0;
  bool percent = false;  // printed with "%" (a "pts" or "pp" suffix is read as a plain number)

  // Half a unit of the last decimal shown: how far rounding can have moved the value.
  double half_unit() const;
  // Whole numbers without "%" are counts and exact; anything else was rounded.
  double uncertainty() const { return decimals == 0 && !percent ? 0 : half_unit(); }
};

// Parses one printed figure; empty when the text is not exactly one figure. A survey year in
// brackets may follow ("30% (2008)"); any other note makes the cell text.
std::optional<Figure> ParseFigure(std::string_view text);

enum class CellKind {
  kBlank,
  kFigure,
  kNotApplicable,  // "n/a", "-"
  kMissing,        // a stated reason ("Awaiting info", "Data unavailable", "TBC") or suppressed ("<5")
  kText,
  kMalformed,      // digits that do not make a figure: "1,2345", "12..5"
};

struct Cell {
  CellKind kind = CellKind::kBlank;
  std::string text;  // trimmed, markup removed: what the reader of the table sees
  Figure figure;     // when kind == kFigure
  bool bold = false; // <b>, <strong> or **: the seeds mark parent rows this way
};

Cell ClassifyCell(std::string_view raw);

struct GridRow {
  int line = 0;  // 1-based line where the row starts in the file
  std::vector<Cell> cells;
  int indent = 0;  // nesting shown before the first cell's text: '>' marks, else leading spaces

  // The cell at `column`, or a blank one past the end of the row.
  const Cell& at(size_t column) const;
};

// Every line of the file except comments ('#' in the first column), blank lines included.
struct Grid {
  char delimiter = '\t';
  std::vector<GridRow> rows;
};

// Tab-separated when the name ends in .tsv or .txt, comma-separated when it ends in .csv,
// otherwise tab-separated if any line holds a tab. CSV fields may be quoted (RFC 4180).
Grid ParseGrid(std::string_view text, std::string_view file_name);

}  // namespace safer::check
