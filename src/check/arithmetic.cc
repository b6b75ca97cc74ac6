#include "check/arithmetic.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace safer::check {
namespace {

// Binary floating point cannot hold 0.05 exactly; a hair of slack keeps 31.25 → "31.3" right.
double Slack(double magnitude) { return 1e-9 * std::max(1.0, std::abs(magnitude)); }

}  // namespace

Range Span(const Figure& f) { return {f.value - f.uncertainty(), f.value + f.uncertainty(), f.value}; }

Range Sum(const std::vector<Figure>& parts) {
  Range total;
  for (const Figure& f : parts) {
    const Range r = Span(f);
    total.lo += r.lo;
    total.hi += r.hi;
    total.value += r.value;
  }
  return total;
}

Range Difference(const Figure& earlier, const Figure& later) {
  const Range a = Span(earlier), b = Span(later);
  return {b.lo - a.hi, b.hi - a.lo, b.value - a.value};
}

std::optional<Range> RelativeChange(const Figure& earlier, const Figure& later) {
  const Range a = Span(earlier), b = Span(later);
  if (earlier.value == 0 || (a.lo <= 0 && a.hi >= 0)) return std::nullopt;
  // (b - a) / a is monotone in each of a and b away from a = 0: the corners bound it.
  Range r{std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
          (later.value - earlier.value) / earlier.value * 100};
  for (double x : {a.lo, a.hi}) {
    for (double y : {b.lo, b.hi}) {
      const double v = (y - x) / x * 100;
      r.lo = std::min(r.lo, v);
      r.hi = std::max(r.hi, v);
    }
  }
  return r;
}

bool Shows(const Figure& shown, const Range& exact) {
  const double slack = shown.half_unit() + Slack(shown.value);
  return shown.value >= exact.lo - slack && shown.value <= exact.hi + slack;
}

std::string Print(double value, int decimals) {
  std::string s = fmt::format("{:.{}f}", value, std::max(0, decimals));
  if (s.starts_with("-") && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);  // no "-0.0"
  return s;
}

std::optional<Range> ImpliedPopulation(const Figure& count, const Figure& rate, double per) {
  if (count.value <= 0) return std::nullopt;
  const double lo_rate = rate.value - rate.half_unit(), hi_rate = rate.value + rate.half_unit();
  if (hi_rate <= 0) return Range{1, 0, 0};  // a negative rate: no population fits
  const double people = count.value * per;
  const double hi = lo_rate > 0 ? people / lo_rate : std::numeric_limits<double>::infinity();
  return Range{people / hi_rate, hi, rate.value > 0 ? people / rate.value : hi};
}

Agreement MostAgreed(const std::vector<Range>& ranges) {
  Agreement best;
  // The deepest overlap starts where some range starts.
  for (const Range& start : ranges) {
    const double x = start.lo;
    Agreement a;
    a.common = {x, std::numeric_limits<double>::infinity(), x};
    for (const Range& r : ranges) {
      const bool in = r.lo <= x + Slack(x) && x <= r.hi + Slack(x);
      a.agrees.push_back(in);
      if (in) {
        ++a.count;
        a.common.hi = std::min(a.common.hi, r.hi);
      }
    }
    if (a.count > best.count) best = std::move(a);
  }
  return best;
}

}  // namespace safer::check
