// The quarterly performance pack (DOMAIN.md §4; seed 000 l.647–797 is the model): every
// figure computed from the store, each with the reason it is missing or the rows it came
// from, every total the sum of the lines above it. Writers (src/report/) only lay it out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analytics/significance.h"
#include "domain/area.h"
#include "domain/indicator.h"
#include "domain/period.h"
#include "domain/status.h"
#include "store/store.h"

namespace safer {

// A value, or why there is none; with its parts when it is a ratio or a percentage, and a
// line saying where it came from.
struct Figure {
  std::optional<double> value;
  std::string missing;  // non-empty exactly when value is empty: "Awaiting info", …
  std::optional<double> numerator, denominator;
  std::string provenance;  // e.g. "police.uk, Cleveland Police, 2018-07..2018-09, editions #2"
};

// This period against the same period a year earlier.
struct Change {
  std::optional<double> difference;  // in the indicator's unit; percentage points for percentages
  bool in_points = false;            // label the difference "pts"
  std::optional<double> percent;     // relative change, %; empty from a zero base ("n/a")
  std::optional<ChangeTest> test;    // for counts: is the change more than chance?
};

enum class Rag { kNone, kGreen, kAmber, kRed };
std::string_view RagName(Rag rag);  // "", "Green", "Amber", "Red"

struct IndicatorLine {
  Indicator indicator;
  Figure baseline;               // the previous financial year
  Figure same_period_last_year;
  Figure this_period;
  Figure year_to_date;
  Change change;
  Rag status = Rag::kNone;
  std::string status_reason;     // why that status, in words
  std::vector<std::pair<std::string, Figure>> trend;  // oldest first: "2016/17-Q3" → figure
};

struct ObjectiveTable {
  std::string objective;
  std::vector<IndicatorLine> lines;
};

// One row of a crime or ASB table. Rows the source cannot split (police.uk has no
// "Violence with injury") are present with a missing figure saying so.
struct CategoryLine {
  std::string label;
  std::optional<CategoryId> category;  // empty for total rows
  int depth = 0;                       // 0 top level, 1 child, …
  bool total = false;                  // a sum of the lines at depth 0 above it
  Figure previous, current;
  Change change;
};

struct CategoryTable {
  std::string title;     // "Victim-based crime"
  std::string previous_label, current_label;  // "Jul 17 – Sep 17"
  std::vector<CategoryLine> lines;
};

// Districts of the force side by side, counts and rates per 1,000, force total last.
struct DistrictTable {
  std::string title;
  std::vector<Area> columns;             // the local authorities, then the force
  std::vector<std::string> row_labels;   // category names; last row "Total"
  std::vector<std::optional<CategoryId>> row_categories;
  std::vector<std::vector<Figure>> counts;  // [row][column]
  std::vector<std::vector<Figure>> rates;   // per 1,000 population (households for residential burglary)
  std::vector<std::string> rate_bases;      // per row: "population" or "households"
};

struct PackPeriod {
  MonthRange current;
  MonthRange previous;      // the same months a year earlier
  MonthRange year_to_date;  // April to the end of current
  MonthRange baseline;      // the whole previous financial year
  std::string label;        // "Quarter 2 2018/19 (July – September 2018)"
};

// From a quarter ("2018/19-Q2") or an explicit month range.
PackPeriod PeriodForQuarter(FinancialQuarter quarter);
PackPeriod PeriodForMonths(MonthRange months);
// From what a user typed: a quarter ("2018/19-Q2"), or a first and last month (YYYY-MM);
// not both. Messages name the parameters as `quarter`, `from` and `to`.
Status ParsePackPeriod(const std::string& quarter, const std::string& from, const std::string& to,
                       PackPeriod* period);

struct PerformancePack {
  std::string plan_title;
  Area area;
  PackPeriod period;
  std::vector<ObjectiveTable> objectives;
  std::vector<CategoryTable> crime;  // victim-based, other crimes against society, all recorded crime
  DistrictTable crime_districts;
  CategoryTable asb;
  DistrictTable asb_districts;
  std::string status_rule;           // the rule used, in words
  std::vector<std::string> notes;    // notes on the data: sources, editions, what cannot be split, missing values
};

Status BuildPack(Store& store, const CommunitySafetyPlan& plan, const Area& area, const PackPeriod& period,
                 PerformancePack* pack);

}  // namespace safer
