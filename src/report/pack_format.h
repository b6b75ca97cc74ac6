// What the pack writers share: how a figure reads to a person (thousands separators, one
// decimal for rates and percentages, "pts" for a difference of two percentages), the unit
// it carries as data, how periods are named, and the shape of district-table rows. The
// HTML, the workbook and the CSV all call these, so they never disagree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/indicator.h"
#include "domain/period.h"
#include "performance/pack.h"

namespace safer::report {

// The footnote every significance marker points to; the level is the test's default.
inline constexpr std::string_view kSignificanceNote = "change unlikely to be chance, p < 0.05";

// Decimals shown for a value of the unit: counts 0, rates and percentages 1, ratios 2.
int DecimalsOf(IndicatorUnit unit);

// "10,769", "4.2", "-1,234.5"; never "-0" or "-0.0". A count that is not whole gets 1 decimal.
std::string FormatNumber(double value, int decimals);
std::string FormatValue(double value, IndicatorUnit unit);  // percentages end in "%"
std::string FormatSigned(double value, int decimals);       // "+427", "-8", "0"
// A difference in the indicator's unit: "+427", "+0.8 pts" (in_points), "-1.3".
std::string FormatDifference(double difference, IndicatorUnit unit, bool in_points);
std::string FormatPercentChange(double percent);  // "+16.4%"
std::string FormatPValue(double p);                // "p = 0.031", "p < 0.001"
// The parts of a percentage ("39 of 638"), a ratio or a rate ("44 / 39"); empty for a
// count or a figure without both parts.
std::string FormatParts(const Figure& f, IndicatorUnit unit);

std::string_view UnitCode(IndicatorUnit unit);   // "count", "per_1000_population", … (CSV)
std::string_view UnitWords(IndicatorUnit unit);  // "number", "rate per 1,000 population", …
std::string TargetText(const Target& target, IndicatorUnit unit);  // "Reduce", "12% (TBC)"
std::string_view YearToDateWords(YearToDateRule rule);

std::string MonthRangeCode(const MonthRange& r);   // "2018-07..2018-09"
std::string MonthRangeLabel(const MonthRange& r);  // "Jul – Sep 2018", "Nov 2017 – Jan 2018"
// "2017/18" when r is exactly one financial year, else MonthRangeLabel.
std::string YearLabel(const MonthRange& r);
// "quarter" when r is one financial quarter, "period" otherwise: "Same quarter last year".
std::string_view PeriodNoun(const MonthRange& r);
// Trend points are labelled "2018/19-Q2" (or "2018-07..2018-09" when not a quarter).
std::optional<MonthRange> TrendPeriod(std::string_view label);
std::string TrendLabel(std::string_view label);  // "Q2 2018/19"

// What a missing figure says in its cell: its reason, or "Not available" when it gave none.
std::string MissingText(const Figure& f);
// Why a change has no difference: which of its two figures is missing, and why.
std::string NoChangeReason(const Figure& before, const Figure& after);
inline constexpr std::string_view kZeroBase = "n/a";
inline constexpr std::string_view kZeroBaseReason = "n/a: % change from a zero base";

// A district table carries only categories; its shape follows from the tree: a row is
// indented under a row above it that contains it, is a parent when it contains a row below
// it, and is a total when it contains a row above it (or has no category).
struct RowShape {
  int depth = 0;
  bool parent = false;
  bool total = false;
};
std::vector<RowShape> DistrictRowShapes(const DistrictTable& table);

// The label a district table uses for a count column: "Crimes" or "Incidents" for ASB.
std::string CountNoun(const DistrictTable& table);

}  // namespace safer::report
