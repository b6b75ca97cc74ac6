#include "report/pack_format.h"

#include <cmath>

#include <fmt/format.h>

#include "domain/category.h"

namespace safer::report {
namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string MonthName(Month m) { return kMonths[m.month() - 1]; }

}  // namespace

int DecimalsOf(IndicatorUnit unit) {
  switch (unit) {
    case IndicatorUnit::kCount: return 0;
    case IndicatorUnit::kRatio: return 2;
    case IndicatorUnit::kPer1000Population:
    case IndicatorUnit::kPer1000Households:
    case IndicatorUnit::kPer100000Population:
    case IndicatorUnit::kPercentage: return 1;
  }
  return 1;
}

std::string FormatNumber(double value, int decimals) {
  // Halves round away from zero, as Excel shows them (33.25 reads 33.3, not 33.2).
  double scale = std::pow(10.0, decimals);
  std::string digits = fmt::format("{:.{}f}", std::round(std::fabs(value) * scale) / scale, decimals);
  bool zero = digits.find_first_not_of("0.") == std::string::npos;  // "-0.0" reads as "0.0"
  size_t point = digits.find('.');
  size_t int_len = point == std::string::npos ? digits.size() : point;
  std::string out = (value < 0 && !zero) ? "-" : "";
  for (size_t i = 0; i < int_len; ++i) {
    if (i > 0 && (int_len - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += digits.substr(int_len);
  return out;
}

std::string FormatValue(double value, IndicatorUnit unit) {
  int decimals = DecimalsOf(unit);
  if (unit == IndicatorUnit::kCount && value != std::floor(value)) decimals = 1;
  std::string text = FormatNumber(value, decimals);
  return unit == IndicatorUnit::kPercentage ? text + "%" : text;
}

std::string FormatSigned(double value, int decimals) {
  std::string text = FormatNumber(value, decimals);
  bool zero = text.find_first_not_of("0.,") == std::string::npos;
  return (text[0] == '-' || zero) ? text : "+" + text;
}

std::string FormatDifference(double difference, IndicatorUnit unit, bool in_points) {
  int decimals = DecimalsOf(unit);
  if (unit == IndicatorUnit::kCount && difference != std::floor(difference)) decimals = 1;
  std::string text = FormatSigned(difference, decimals);
  return in_points ? text + " pts" : text;
}

std::string FormatPercentChange(double percent) { return FormatSigned(percent, 1) + "%"; }

std::string FormatPValue(double p) {
  if (p < 0.001) return "p < 0.001";
  return fmt::format("p = {:.3f}", p);
}

std::string FormatParts(const Figure& f, IndicatorUnit unit) {
  if (!f.numerator || !f.denominator || unit == IndicatorUnit::kCount) return "";
  auto whole = [](double v) { return FormatNumber(v, v == std::floor(v) ? 0 : 1); };
  return whole(*f.numerator) + (unit == IndicatorUnit::kPercentage ? " of " : " / ") + whole(*f.denominator);
}

std::string_view UnitCode(IndicatorUnit unit) {
  switch (unit) {
    case IndicatorUnit::kCount: return "count";
    case IndicatorUnit::kPer1000Population: return "per_1000_population";
    case IndicatorUnit::kPer1000Households: return "per_1000_households";
    case IndicatorUnit::kPer100000Population: return "per_100000_population";
    case IndicatorUnit::kPercentage: return "percentage";
    case IndicatorUnit::kRatio: return "ratio";
  }
  return "count";
}

std::string_view UnitWords(IndicatorUnit unit) {
  switch (unit) {
    case IndicatorUnit::kCount: return "number";
    case IndicatorUnit::kPer1000Population: return "rate per 1,000 population";
    case IndicatorUnit::kPer1000Households: return "rate per 1,000 households";
    case IndicatorUnit::kPer100000Population: return "rate per 100,000 population";
    case IndicatorUnit::kPercentage: return "percentage";
    case IndicatorUnit::kRatio: return "ratio";
  }
  return "number";
}

std::string TargetText(const Target& target, IndicatorUnit unit) {
  std::string text = target.text;
  if (text.empty()) {
    if (target.relative_change)
      text = FormatNumber(std::fabs(*target.relative_change) * 100, 0) + "% " +
             (*target.relative_change < 0 ? "reduction" : "increase");
    else if (target.value)
      text = FormatValue(*target.value, unit);
    else if (target.direction)
      text = *target.direction == Direction::kReduce ? "Reduce" : "Increase";
    else
      text = "No target";
  }
  if (target.provisional && text.find("TBC") == std::string::npos &&
      text.find("rovisional") == std::string::npos)
    text += " (provisional)";
  return text;
}

std::string_view YearToDateWords(YearToDateRule rule) {
  switch (rule) {
    case YearToDateRule::kSum: return "sum of the months";
    case YearToDateRule::kLatest: return "latest value (a snapshot, not summed)";
    case YearToDateRule::kRecompute: return "recomputed from numerator and denominator";
  }
  return "";
}

std::string MonthRangeCode(const MonthRange& r) { return r.first.ToString() + ".." + r.last.ToString(); }

std::string MonthRangeLabel(const MonthRange& r) {
  if (r.first == r.last) return fmt::format("{} {}", MonthName(r.first), r.first.year());
  if (r.first.year() == r.last.year())
    return fmt::format("{} – {} {}", MonthName(r.first), MonthName(r.last), r.last.year());
  return fmt::format("{} {} – {} {}", MonthName(r.first), r.first.year(), MonthName(r.last), r.last.year());
}

std::string YearLabel(const MonthRange& r) {
  FinancialYear year = FinancialYear::Containing(r.first);
  return year.months() == r ? year.ToString() : MonthRangeLabel(r);
}

std::string_view PeriodNoun(const MonthRange& r) {
  return FinancialQuarter::Containing(r.first).months() == r ? "quarter" : "period";
}

std::optional<MonthRange> TrendPeriod(std::string_view label) {
  if (auto q = FinancialQuarter::Parse(label)) return q->months();
  size_t dots = label.find("..");
  if (dots == std::string_view::npos) return std::nullopt;
  auto first = Month::Parse(label.substr(0, dots)), last = Month::Parse(label.substr(dots + 2));
  if (!first || !last || *last < *first) return std::nullopt;
  return MonthRange{*first, *last};
}

std::string TrendLabel(std::string_view label) {
  if (auto q = FinancialQuarter::Parse(label)) return fmt::format("Q{} {}", q->quarter(), q->year().ToString());
  if (auto r = TrendPeriod(label)) return MonthRangeLabel(*r);
  return std::string(label);
}

std::string MissingText(const Figure& f) { return f.missing.empty() ? "Not available" : f.missing; }

std::string NoChangeReason(const Figure& before, const Figure& after) {
  if (!after.value) return "Not available: no figure this period (" + MissingText(after) + ")";
  if (!before.value) return "Not available: no figure for the same period last year (" + MissingText(before) + ")";
  return "Not available";
}

std::vector<RowShape> DistrictRowShapes(const DistrictTable& table) {
  std::vector<RowShape> shapes(table.row_labels.size());
  for (size_t r = 0; r < shapes.size(); ++r) {
    auto cat = r < table.row_categories.size() ? table.row_categories[r] : std::nullopt;
    if (!cat) {
      shapes[r].total = true;
      continue;
    }
    for (size_t other = 0; other < shapes.size(); ++other) {
      auto c = other < table.row_categories.size() ? table.row_categories[other] : std::nullopt;
      if (!c || *c == *cat || !IsWithin(*c, *cat)) continue;
      if (other < r) shapes[r].total = true;
      else shapes[r].parent = true;
    }
    for (size_t above = 0; above < r; ++above) {
      auto c = table.row_categories[above];
      if (c && *c != *cat && IsWithin(*cat, *c)) ++shapes[r].depth;
    }
  }
  return shapes;
}

std::string CountNoun(const DistrictTable& table) {
  bool any = false;
  for (const auto& c : table.row_categories) {
    if (!c) continue;
    if (!IsAntiSocialBehaviour(*c)) return "Crimes";
    any = true;
  }
  return any ? "Incidents" : "Crimes";
}

}  // namespace safer::report
