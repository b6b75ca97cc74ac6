// Change that matters (docs/change.md): is a month's count outside the range its previous
// 24 months lead us to expect, given the season; and is a change between two periods of the
// same length more than chance. Pure: monthly counts in, no store.
//
// The expected range of month t comes from the 24 months t-24 … t-1, laid out as two rolling
// years (t-24 … t-13 and t-12 … t-1) whose columns are calendar months. A Poisson log-linear
// model with a year effect and a calendar-month effect is fitted to that 2 × 12 table (its
// fit is closed-form: row total × column total / grand total), and month t is forecast at the
// recent year's level in its own calendar month:
//     expected = (recent 12 months' total) × (t's calendar month in both years) / (24 months' total)
// that is, the last 12 months' mean times a seasonal index estimated from the 24 months.
// The range is a prediction interval on the 2/3-power scale (Farrington et al. 1996) with
// over-dispersion φ = max(1, Pearson χ² / 11) from the fit's residuals, and the fit's own
// uncertainty included: var(log expected) ≈ φ (1/column + 1/recent year − 1/grand total).
// Its quantile is the normal's when φ = 1, Student's t with 11 degrees of freedom when φ is
// estimated (so over-dispersed series are not flagged more often than the level says).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/period.h"
#include "domain/status.h"
#include "query/count_query.h"

namespace safer {

constexpr int kExceedanceHistory = 24;  // months of history a flag needs

// Consecutive months from `first`; an empty count is a month with no data held (missing,
// never zero).
struct MonthlySeries {
  Month first;
  std::vector<std::optional<int64_t>> counts;
};

enum class ExceedanceFlag {
  kWithin,
  kAbove,             // count > high
  kBelow,             // count < low
  kNotEnoughHistory,  // fewer than 24 of the previous 24 months held: no flag
  kNoData,            // the month itself has no data held
};
std::string_view ExceedanceFlagName(ExceedanceFlag flag);  // "within", "above", …

struct ExpectedRange {
  double expected = 0;
  double low = 0, high = 0;  // the prediction interval; a count outside it is flagged
  double dispersion = 1;     // φ, at least 1
};

// The range for the month after `history`, which holds exactly 24 counts, oldest first (so
// history[0] and history[12] are the same calendar month as the month assessed). `level` is
// the two-sided coverage, e.g. 0.95. A calendar month (or recent year, or whole history)
// with no incidents at all counts as half an incident, so one incident after none is not
// called exceptional.
ExpectedRange ExpectFromHistory(const std::vector<int64_t>& history, double level);

struct MonthExceedance {
  Month month;
  std::optional<int64_t> count;
  std::optional<ExpectedRange> range;  // empty when there is not enough history
  ExceedanceFlag flag = ExceedanceFlag::kNotEnoughHistory;
  int history_held = 0;                // of the 24 previous months, how many have data
  std::vector<Month> history_missing;  // those that do not, oldest first
};

// Assesses every month of `series` from `from` to its end; the months before `from` serve as
// history only. InvalidInput when `from` lies outside the series or level is not in (0, 1).
Status AssessExceedance(const MonthlySeries& series, Month from, double level, std::vector<MonthExceedance>* out);

// A period-on-period change: counts over two periods of the same length.
struct PeriodChange {
  int64_t before = 0, after = 0;
  int64_t change = 0;                     // after - before
  std::optional<double> percent_change;   // empty from zero: a rise from nothing has no percentage
  double p_value = 1;                     // exact conditional test (analytics/significance.h)
  bool significant = false;               // p_value < alpha
};

PeriodChange ComparePeriods(int64_t before, int64_t after, double alpha = 0.05);

// What the CLI and the API share, so that both give the same numbers.

// One monthly series per category, or one for every category asked (category "").
struct NamedSeries {
  std::string category;
  MonthlySeries series;
};

// From a count by month (and, when by_category, category) over `window`: every month of the
// window, empty where `missing_months` (YYYY-MM) says no data is held, zero where data is held
// and nothing was counted. By category, only categories with at least one incident are listed.
std::vector<NamedSeries> SeriesFromCounts(const CountTable& counted, MonthRange window,
                                          const std::vector<std::string>& missing_months, bool by_category);

// The months of `window` with no police data held for an area below a force, from the
// incidents each force recorded in the area over the window and the months each force has
// data for. The area's forces are those that recorded at least a tenth of its incidents (its
// territorial force, not British Transport Police's few); a month is missing when one of them
// has no data for it, whatever other forces hold. Empty forces: nothing to decide from, so
// nothing is added (the caller keeps the store's own answer). Applied where no lookup names
// the area's force (analysis/change_study.h AddAreaMissingMonths); with one, the store's
// MissingMonths already uses that force's months.
std::vector<std::string> AreaMissingMonths(MonthRange window, const std::map<std::string, int64_t>& incidents_by_force,
                                           const std::map<std::string, std::set<Month>>& months_by_force);

// The period compared and what it is compared against.
struct Comparison {
  std::string against;  // "previous", "last-year", or the range as given ("2017-07..2017-09")
  MonthRange before;
};

// The period: a quarter ("2018/19-Q2"), financial year ("2018/19") or month, or from/to months;
// against: "previous" (the same length just before), "last-year" (the same months a year
// earlier) or FIRST..LAST; none means previous and last-year. InvalidInput for a period that
// does not parse or runs backwards, and for a comparison of another length or overlapping it.
Status ParseChangePeriods(const std::string& period, const std::string& from, const std::string& to,
                          const std::vector<std::string>& against, MonthRange* current,
                          std::vector<Comparison>* comparisons);

// "2018-07..2018-09", or "2018-09" for one month.
std::string RangeText(MonthRange range);

// The total over `range` of a series covering it, or empty when a month of it has no data
// held; those months are appended to `missing`.
std::optional<int64_t> TotalOver(const MonthlySeries& series, MonthRange range, std::vector<std::string>* missing);

}  // namespace safer
