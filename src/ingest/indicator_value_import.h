// Importing the values partners supply for indicators Safer cannot count from incidents:
// treatment completions, hospital admissions, repeat MARAC rate, Troubled Families, survey
// results (see docs/indicator-values.md). Columns, by header name, any order:
//   indicator,area,period,value,numerator,denominator,status,note[,survey_year]
// Bad rows are set aside as rejections and the good rows load, in one transaction; a value
// for the same indicator, area and period replaces the one held, so a re-run changes nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/status.h"
#include "store/store.h"

namespace safer {

struct IndicatorValueImportReport {
  int64_t import_id = 0;
  int64_t read = 0, imported = 0, rejected = 0;
  std::vector<std::string> rejections;  // "file:line: reason"
};

// Fails (and changes nothing) when the file cannot be read or its header is not the one above.
Status ImportIndicatorValues(Store& store, const std::string& path, IndicatorValueImportReport* report);

}  // namespace safer
