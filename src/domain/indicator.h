// The Community Safety Plan's performance framework: strategic objectives, their
// indicators, how each indicator is measured and what it is aiming for (DOMAIN.md §1, §4).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/category.h"
#include "domain/period.h"

namespace safer {

enum class IndicatorUnit {
  kCount,
  kPer1000Population,
  kPer1000Households,
  kPer100000Population,
  kPercentage,  // differences between two percentages are in percentage points
  kRatio,       // numerator / denominator, e.g. re-offences per re-offender
};

// How the year to date is formed from the quarters in it. Counts add; a snapshot or a
// cumulative measure (Troubled Families "engaged with") does not, and a percentage or a
// ratio is recomputed from its summed numerator and denominator.
enum class YearToDateRule { kSum, kLatest, kRecompute };

enum class Direction { kReduce, kIncrease };

struct Target {
  std::optional<Direction> direction;     // "Reduce", "Increase"
  std::optional<double> relative_change;  // "3% increase" → 0.03 (with direction kIncrease)
  std::optional<double> value;            // "12%" → 12, "1000" → 1000, in the indicator's unit
  bool provisional = false;               // "(TBC)"
  std::string text;                       // as the plan writes it
};

// Where an indicator's values come from: counted from incidents, or supplied by a partner.
enum class IndicatorSource { kIncidents, kSupplied };

struct Indicator {
  std::string id;  // stable key, e.g. "residential-burglary"; supplied values refer to it
  std::string name;
  IndicatorUnit unit = IndicatorUnit::kCount;
  IndicatorSource source = IndicatorSource::kIncidents;
  std::vector<CategoryId> categories;  // kIncidents: counted with their subtrees
  YearToDateRule year_to_date = YearToDateRule::kSum;
  Target target;
  std::string definition;  // one line a councillor can read
};

struct StrategicObjective {
  std::string name;
  std::vector<Indicator> indicators;
};

// The thresholds of the RAG status (docs/plan-file.md), set in the plan's `status:` section.
struct StatusRule {
  double significance = 0.05;  // a change with p below this is unlikely to be chance
  double amber_margin = 0.10;  // a value target missed by at most this share is Amber, not Red
};

struct CommunitySafetyPlan {
  std::string title;
  StatusRule status_rule;
  std::string partnership;
  std::string vision;
  std::vector<std::string> priorities;
  std::vector<StrategicObjective> objectives;
};

// Why a supplied value is missing. Missing is never zero.
enum class ValueStatus { kReported, kAwaiting, kUnavailable, kNotPublished };
std::string_view ValueStatusText(ValueStatus status);  // "Awaiting info", …

// A value a partner supplies for an indicator, an area and a period.
struct IndicatorValue {
  std::string indicator_id;
  std::string area_code;
  MonthRange period;
  std::optional<double> value;
  std::optional<double> numerator, denominator;
  ValueStatus status = ValueStatus::kReported;
  std::optional<int> survey_year;
  std::string note;
};

}  // namespace safer
