#include "analytics/exceedance.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>

#include <fmt/format.h>

#include "analytics/significance.h"

namespace safer {
namespace {

constexpr int kResidualDf = 11;  // 24 cells less 13 parameters (2 years + 12 months − 1)

// The standard normal quantile, by bisection on erfc: exact to double precision, and it is
// computed once per assessment.
double NormalQuantile(double p) {
  double lo = -40, hi = 40;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// P(T <= x) for Student's t with an odd number `df` (> 1) of degrees of freedom, x >= 0:
// the closed form of Abramowitz and Stegun 26.7.3, θ = atan(x / √df).
double StudentCdf(double x, int df) {
  const double theta = std::atan(x / std::sqrt(static_cast<double>(df)));
  const double c = std::cos(theta);
  double term = c, sum = c;
  for (int k = 2; k <= df - 3; k += 2) {
    term *= c * c * k / (k + 1);
    sum += term;
  }
  return 0.5 + (theta + std::sin(theta) * sum) / std::numbers::pi;
}

double StudentQuantile(double p, int df) {
  double lo = 0, hi = 100;
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    if (StudentCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// The quantiles a range uses: z when φ is 1 (a Poisson count's variance is known), Student's
// t with 11 degrees of freedom when φ is estimated from the history's residuals.
struct Quantiles {
  double z, t;
};

// ExpectFromHistory with the quantiles worked out.
ExpectedRange RangeFromHistory(const std::vector<int64_t>& history, Quantiles q) {
  double rows[2] = {0, 0}, columns[12] = {};
  for (int i = 0; i < kExceedanceHistory; ++i) {
    const auto y = static_cast<double>(history[static_cast<size_t>(i)]);
    rows[i / 12] += y;
    columns[i % 12] += y;
  }
  const double total = rows[0] + rows[1];
  // Pearson χ² of the 2 × 12 independence fit: 24 cells, 13 parameters, 11 degrees of freedom.
  double chi2 = 0;
  if (total > 0) {
    for (int i = 0; i < kExceedanceHistory; ++i) {
      const double fitted = rows[i / 12] * columns[i % 12] / total;
      if (fitted > 0) chi2 += std::pow(static_cast<double>(history[static_cast<size_t>(i)]) - fitted, 2) / fitted;
    }
  }
  ExpectedRange r;
  r.dispersion = std::max(1.0, chi2 / kResidualDf);
  const double column = std::max(columns[0], 0.5), recent = std::max(rows[1], 0.5), all = std::max(total, 0.5);
  r.expected = recent * column / all;
  const double var_log = r.dispersion * std::max(0.0, 1 / column + 1 / recent - 1 / all);
  // On the 2/3-power scale a Poisson count is nearly symmetric; its variance is
  // (4/9) φ μ^(1/3), and the estimate's (4/9) μ^(4/3) var(log μ).
  const double mu = r.expected;
  const double tau = 4.0 / 9.0 * (r.dispersion * std::cbrt(mu) + std::pow(mu, 4.0 / 3.0) * var_log);
  const double centre = std::pow(mu, 2.0 / 3.0);
  const double z = r.dispersion > 1 ? q.t : q.z;
  r.high = std::pow(centre + z * std::sqrt(tau), 1.5);
  r.low = std::pow(std::max(0.0, centre - z * std::sqrt(tau)), 1.5);
  return r;
}

}  // namespace

std::string_view ExceedanceFlagName(ExceedanceFlag flag) {
  switch (flag) {
    case ExceedanceFlag::kWithin: return "within";
    case ExceedanceFlag::kAbove: return "above";
    case ExceedanceFlag::kBelow: return "below";
    case ExceedanceFlag::kNotEnoughHistory: return "not enough history";
    case ExceedanceFlag::kNoData: return "no data";
  }
  return "";
}

ExpectedRange ExpectFromHistory(const std::vector<int64_t>& history, double level) {
  return RangeFromHistory(history, {NormalQuantile(0.5 + level / 2), StudentQuantile(0.5 + level / 2, kResidualDf)});
}

Status AssessExceedance(const MonthlySeries& series, Month from, double level, std::vector<MonthExceedance>* out) {
  if (!(level > 0 && level < 1)) return Status::InvalidInput(fmt::format("level {} is not between 0 and 1", level));
  const int start = from.index() - series.first.index();
  const int size = static_cast<int>(series.counts.size());
  if (start < 0 || start >= size)
    return Status::InvalidInput(fmt::format("{} is outside the series of months given", from.ToString()));
  out->clear();
  const Quantiles q{NormalQuantile(0.5 + level / 2), StudentQuantile(0.5 + level / 2, kResidualDf)};
  for (int t = start; t < size; ++t) {
    MonthExceedance m;
    m.month = series.first.plus(t);
    m.count = series.counts[static_cast<size_t>(t)];
    std::vector<int64_t> history;
    for (int i = t - kExceedanceHistory; i < t; ++i) {
      if (i >= 0 && series.counts[static_cast<size_t>(i)]) history.push_back(*series.counts[static_cast<size_t>(i)]);
      else m.history_missing.push_back(series.first.plus(i));
    }
    m.history_held = static_cast<int>(history.size());
    if (m.history_held == kExceedanceHistory) m.range = RangeFromHistory(history, q);
    if (!m.count) m.flag = ExceedanceFlag::kNoData;
    else if (!m.range) m.flag = ExceedanceFlag::kNotEnoughHistory;
    else if (static_cast<double>(*m.count) > m.range->high) m.flag = ExceedanceFlag::kAbove;
    else if (static_cast<double>(*m.count) < m.range->low) m.flag = ExceedanceFlag::kBelow;
    else m.flag = ExceedanceFlag::kWithin;
    out->push_back(std::move(m));
  }
  return Status::Ok();
}

PeriodChange ComparePeriods(int64_t before, int64_t after, double alpha) {
  PeriodChange c;
  c.before = before;
  c.after = after;
  c.change = after - before;
  if (before > 0) c.percent_change = 100.0 * static_cast<double>(c.change) / static_cast<double>(before);
  const ChangeTest test = TestCountChange(before, after, alpha);
  c.p_value = test.p_value;
  c.significant = test.significant;
  return c;
}

std::vector<NamedSeries> SeriesFromCounts(const CountTable& counted, MonthRange window,
                                          const std::vector<std::string>& missing_months, bool by_category) {
  const std::set<std::string> missing(missing_months.begin(), missing_months.end());
  std::map<std::string, std::map<std::string, int64_t>> by_series;  // category → month → count
  if (!by_category) by_series[""];
  for (const auto& row : counted.rows) by_series[by_category ? row.keys.at(1) : ""][row.keys.at(0)] += row.count;
  std::vector<NamedSeries> out;
  for (const auto& [category, months] : by_series) {
    NamedSeries named{category, {window.first, {}}};
    for (Month m = window.first; m <= window.last; m = m.next()) {
      const std::string key = m.ToString();
      if (missing.count(key)) named.series.counts.emplace_back();
      else named.series.counts.emplace_back(months.count(key) ? months.at(key) : 0);
    }
    out.push_back(std::move(named));
  }
  return out;
}

std::vector<std::string> AreaMissingMonths(MonthRange window, const std::map<std::string, int64_t>& incidents_by_force,
                                           const std::map<std::string, std::set<Month>>& months_by_force) {
  int64_t total = 0;
  for (const auto& [force, n] : incidents_by_force) total += n;
  std::vector<const std::set<Month>*> forces;
  static const std::set<Month> kNone;
  for (const auto& [force, n] : incidents_by_force) {
    if (n <= 0 || 10 * n < total) continue;
    auto held = months_by_force.find(force);
    forces.push_back(held == months_by_force.end() ? &kNone : &held->second);
  }
  std::vector<std::string> missing;
  if (forces.empty()) return missing;
  for (Month m = window.first; m <= window.last; m = m.next())
    for (const auto* held : forces)
      if (!held->count(m)) {
        missing.push_back(m.ToString());
        break;
      }
  return missing;
}

std::string RangeText(MonthRange r) {
  return r.size() == 1 ? r.first.ToString() : r.first.ToString() + ".." + r.last.ToString();
}

Status ParseChangePeriods(const std::string& period, const std::string& from, const std::string& to,
                          const std::vector<std::string>& against, MonthRange* current,
                          std::vector<Comparison>* comparisons) {
  comparisons->clear();
  if (!period.empty()) {
    if (!from.empty() || !to.empty()) return Status::InvalidInput("give a period or from/to months, not both");
    if (auto q = FinancialQuarter::Parse(period)) *current = q->months();
    else if (auto y = FinancialYear::Parse(period)) *current = y->months();
    else if (auto m = Month::Parse(period)) *current = {*m, *m};
    else
      return Status::InvalidInput(fmt::format(
          "period \"{}\" is not a quarter (2018/19-Q2), a financial year (2018/19) or a month (2018-09)",
          period.substr(0, 40)));
  } else {
    if (from.empty() && to.empty()) return Status::InvalidInput("give a period, or from and to months");
    auto first = Month::Parse(from), last = Month::Parse(to);
    if (!first) return Status::InvalidInput(fmt::format("from \"{}\" is not a month in the form YYYY-MM", from.substr(0, 40)));
    if (!last) return Status::InvalidInput(fmt::format("to \"{}\" is not a month in the form YYYY-MM", to.substr(0, 40)));
    if (*last < *first)
      return Status::InvalidInput(fmt::format("the months run backwards: {} is before {}", to, from));
    *current = {*first, *last};
  }
  const std::vector<std::string> asked =
      against.empty() ? std::vector<std::string>{"previous", "last-year"} : against;
  for (const auto& a : asked) {
    if (a == "previous") {
      comparisons->push_back({a, {current->first.plus(-current->size()), current->first.plus(-1)}});
      continue;
    }
    if (a == "last-year") {
      comparisons->push_back({a, {current->first.plus(-12), current->last.plus(-12)}});
      continue;
    }
    const size_t dots = a.find("..");
    auto first = Month::Parse(a.substr(0, dots));
    auto last = dots == std::string::npos ? first : Month::Parse(a.substr(dots + 2));
    if (!first || !last)
      return Status::InvalidInput(fmt::format(
          "against \"{}\" is not previous, last-year or a range of months like 2017-07..2017-09", a.substr(0, 40)));
    if (*last < *first) return Status::InvalidInput(fmt::format("against {}: the months run backwards", a));
    const MonthRange r{*first, *last};
    if (r.size() != current->size())
      return Status::InvalidInput(fmt::format(
          "against {} is {} months and the period {} is {}: a change is compared over periods of the same length", a,
          r.size(), RangeText(*current), current->size()));
    if (r.last >= current->first && current->last >= r.first)
      return Status::InvalidInput(fmt::format("against {} overlaps the period {}", a, RangeText(*current)));
    comparisons->push_back({a, r});
  }
  return Status::Ok();
}

std::optional<int64_t> TotalOver(const MonthlySeries& series, MonthRange range, std::vector<std::string>* missing) {
  int64_t total = 0;
  bool complete = true;
  for (Month m = range.first; m <= range.last; m = m.next()) {
    const int i = m.index() - series.first.index();
    const bool held = i >= 0 && i < static_cast<int>(series.counts.size()) && series.counts[static_cast<size_t>(i)];
    if (held) total += *series.counts[static_cast<size_t>(i)];
    else complete = false, missing->push_back(m.ToString());
  }
  return complete ? std::optional<int64_t>(total) : std::nullopt;
}

}  // namespace safer
