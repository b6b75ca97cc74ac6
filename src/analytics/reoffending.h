// Proven re-offending cohorts, after the Ministry of Justice's method (docs/reoffending.md):
//   - a cohort is everyone with an index disposal (caution, conviction, release from
//     custody…) in its period; a person's first such disposal in the period is the index date;
//   - a re-offence is an offence committed after the index date and no later than 12 months
//     after it, proven by a disposal no later than 18 months after it (the 12-month follow-up
//     plus a 6-month waiting period for cases to reach court);
//   - binary rate = re-offenders / cohort (%); frequency = re-offences / cohort; and the
//     seed's re-offences / re-offender.
// A cohort is reportable only once its last member's waiting period has ended within what
// the extract covers: last day of the period + 18 months ≤ the extract's last day and the
// as-of date. Pure: no files, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/status.h"
#include "ingest/offender_extract.h"

namespace safer {

constexpr int kFollowUpMonths = 12;
constexpr int kWaitingMonths = 6;

enum class CohortLength {
  kQuarter,  // calendar quarters, as the MoJ publishes since 2017
  kYear,     // 12 months starting each calendar quarter, overlapping, as the seed's table
};

struct CohortOptions {
  CohortLength length = CohortLength::kQuarter;
  Date first_day;  // what the extract covers: cohorts start on or after first_day
  Date last_day;
  Date as_of;      // nothing after it is known
  // Disposal types that can be an index disposal, compared case-insensitively; empty: any.
  // Every disposal proves a re-offence whatever its type.
  std::vector<std::string> index_disposal_types;
};

struct Cohort {
  Date first, last;   // the period, inclusive
  std::string label;  // "Apr 13 to Mar 14"
  Date waiting_ends;  // last + 18 months: when its last member's follow-up and waiting end
  bool reportable = false;
  std::string not_reportable_reason;  // "follow-up and waiting period end on 2017-03-30, after …"
  // Only when reportable (never shown as zero when not known).
  int64_t size = 0, reoffenders = 0, reoffences = 0;
  std::optional<double> binary_rate;                 // percent; absent for an empty cohort
  std::optional<double> reoffences_per_offender;     // frequency
  std::optional<double> reoffences_per_reoffender;   // the seed's column; absent with none
};

// Every cohort period starting in [first_day, last_day], oldest first, reportable or not.
// InvalidInput when last_day is before first_day.
Status BuildCohorts(const std::vector<ProvenOffence>& offences, const CohortOptions& options,
                    std::vector<Cohort>* out);

// What an extract covers, for CohortOptions: [from, to] when given; else whole months, from
// the first day of its earliest disposal's month to the last day of its latest's, and never
// past `as_of`. InvalidInput when `to` is before `from`.
Status ExtractCoverage(const OffenderExtract& extract, std::optional<Date> from, std::optional<Date> to,
                       const Date& as_of, Date* first_day, Date* last_day);

// The cohort a change is measured against: the reportable one covering the same months a
// year earlier (not the overlapping one a quarter earlier), so seasons and members differ
// only by the year. Null when there is none.
const Cohort* YearEarlier(const std::vector<Cohort>& cohorts, const Cohort& cohort);

// A sentence on the latest reportable cohort with members and its change in the binary rate
// from YearEarlier, in percentage points: "Latest reportable cohort, Jul 14 to Jun 15: 46.1%
// re-offended (41 of 89), 222 re-offences, 5.41 per re-offender; up 4.4 percentage points
// from 41.7% in Jul 13 to Jun 14." Empty when no cohort is reportable.
std::string LatestCohortSentence(const std::vector<Cohort>& cohorts);

// The same calendar day `months` later; the 29th–31st become the month's last day.
Date AddMonths(const Date& date, int months);
// "Apr 13 to Mar 14": the months of the first and last day, two-digit years.
std::string CohortLabel(const Date& first, const Date& last);

}  // namespace safer
