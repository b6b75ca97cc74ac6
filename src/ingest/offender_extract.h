// An offender–offence extract: one row per proven offence — who committed it, when, and
// the disposal that proved it (caution, conviction, release from custody…). It carries
// personal identifiers: it is read for one analysis and never stored (docs/reoffending.md).
//
// CSV with a header naming its columns, any order, any case, spaces or underscores:
//   person id     (person_id, personid, person, offender id, offender, nominal id, pnc id, id)
//   offence date  (offense date, date of offence, offence committed, committed date)
//   disposal date (outcome date, date of disposal, sentence date, conviction date, proven date)
//   disposal type (disposal, outcome, outcome type, sentence type) — optional column
//   offence reference (offence id, crime reference, crime id, charge id) — optional: two
//     offences of one person with the same dates and disposal are told apart only by it
// Dates: ISO 2016-01-31, British 31/01/2016 or written 31 January 2016 (domain/calendar.h).
//
// Rows that cannot be used are set aside with their line and reason, never silently:
// a date missing or not a date, a disposal before its offence, a disposal outside the
// window or after the as-of date, no person id, an exact repeat of an earlier row (the offence is counted once).
// A person's rows in neither offence-date nor disposal-date order in the file are not an
// error — the file's order carries no meaning to the method — but they are counted in
// `people_out_of_order` so the caller can say so (a merged or hand-edited extract).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/status.h"

namespace safer {

// One proven offence: committed on `offence`, proven by a disposal on `disposal`.
struct ProvenOffence {
  std::string person;
  Date offence;
  Date disposal;
  std::string disposal_type;  // as written; empty when the extract has no such column
  int64_t line = 0;           // in the file; the header is line 1
};

struct OffenderRowSetAside {
  int64_t line = 0;
  std::string reason;  // never the row itself: it names a person
};

struct OffenderExtract {
  std::string file;
  bool has_disposal_type = false;
  std::vector<ProvenOffence> offences;          // rows kept, in file order
  std::vector<OffenderRowSetAside> set_aside;   // rows not kept, in file order
  int64_t rows_read = 0;                        // = offences.size() + set_aside.size()
  int64_t duplicates = 0;                       // of set_aside: exact repeats of a kept row
  int64_t people = 0;                           // distinct person ids among the rows kept
  int64_t people_out_of_order = 0;              // people whose rows follow neither date order
  std::optional<Date> first_disposal, last_disposal;  // over the rows kept
};

struct OffenderExtractOptions {
  // Disposals outside [from, to] are set aside ("outside the window"); offences may be older.
  std::optional<Date> from, to;
  // Disposals after it are set aside too: not known on that day.
  std::optional<Date> as_of;
};

// Reads a whole extract held in memory; `file` names it in messages. InvalidInput when the
// header lacks a person, offence date or disposal date column, or when no row is usable.
Status ParseOffenderExtract(std::string_view contents, const std::string& file,
                            const OffenderExtractOptions& options, OffenderExtract* out);
// The same from a file; IOError when it cannot be read.
Status ReadOffenderExtract(const std::string& path, const OffenderExtractOptions& options, OffenderExtract* out);

}  // namespace safer
