// A force extract of individual events — one row per crime, incident or call, with its date
// and, when the force gives them, a place and the people involved (docs/extract.md). Unlike
// police.uk open data it has days, and it may carry personal identifiers: it is read for one
// analysis and not stored. Two layouts:
//   - CSV with a header naming its columns (any order, any case; unknown columns ignored):
//     date (required), and any of id, time, x, y (projected metres, e.g. British National
//     Grid), latitude, longitude, location_id, victim_id, caller_id, category — each under
//     its common force-extract names too ("Committed Date", "Easting", "Victim ID", …);
//   - the Near Repeat Calculator's input: no header, three columns X, Y, date.
// Dates: ISO 2016-01-31, British 31/01/2016, or NRC's US m/d/yyyy when `us_dates` is set;
// a time after the date ("2016-01-31 14:05", "2016-01-31T14:05:00") is allowed and ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/status.h"

namespace safer {

struct ExtractEvent {
  int64_t line = 0;  // in the file, from 1 (the header is line 1 when there is one)
  std::string id;
  Date date;
  std::optional<double> x, y;  // metres; from latitude/longitude when only those are given
  std::string location_id, victim_id, caller_id, category;  // empty when absent
};

struct ExtractProblem {
  int64_t line = 0;
  std::string reason;  // "date \"31/02/2016\" is not a date", "no x/y or latitude/longitude"
  std::string raw;     // the row as it was, at most 500 bytes
};

struct EventExtract {
  std::string file;
  bool has_header = false;
  bool has_place = false;  // the layout carries x/y or latitude/longitude
  std::vector<ExtractEvent> events;         // rows that parsed, in file order
  std::vector<ExtractProblem> set_aside;    // rows that did not, in file order
  int64_t rows_read = 0;                    // = events.size() + set_aside.size()
};

struct ExtractOptions {
  bool us_dates = false;             // m/d/yyyy, as the NRC's own input files
  std::optional<Date> from, to;      // rows outside are set aside with the reason
  bool need_place = false;           // rows without coordinates are set aside (near repeats)
  // Rows outside [min, max] (x, y metres) are set aside as "outside the area"; unset: no check.
  std::optional<double> min_x, min_y, max_x, max_y;
  int64_t max_rows = 0;              // > 0: a file with more data rows is refused (InvalidInput)
};

// IOError when the file cannot be read; InvalidInput when the header names no date column, the
// file has no rows or more than max_rows, or every row is bad (`out` then still holds them). A bad row never stops the read: it is set aside with its line and reason.
// Latitude/longitude are projected about their mean (analytics/projection.h) when no x/y.
Status ReadEventExtract(const std::string& path, const ExtractOptions& options, EventExtract* out);

}  // namespace safer
