// Reading a worksheet of an XLSX workbook as rows of cell text, for importing the tables
// partnerships keep in Excel (action plans). Only what a table needs: shared and inline
// strings, numbers as written, booleans, and dates stored as serial numbers (ISO text when
// the cell's style is a date format). Merged cells, formulas (their cached values are read)
// and formatting are ignored. Bounded: archives over kMaxXlsxBytes uncompressed are refused.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/status.h"

namespace safer {

constexpr uint64_t kMaxXlsxBytes = 50ull * 1024 * 1024;

struct XlsxRow {
  int number = 0;                  // 1-based, as Excel shows it
  std::vector<std::string> cells;  // column A first; trailing empty cells dropped
};

// The worksheet named `sheet` (the first in the workbook when empty). InvalidInput for a
// file that is not an XLSX workbook, has no such sheet, or is too large; IOError when it
// cannot be read.
Status ReadXlsxSheet(const std::string& path, const std::string& sheet, std::vector<XlsxRow>* rows);

}  // namespace safer
