// The arithmetic of printed figures. A printed figure stands for a range of true values (what
// rounds to it); a derived figure is right when it could have been printed from some value
// its inputs allow. Whole numbers without "%" are counts and exact.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/grid.h"

namespace safer::check {

// The values a computed figure may take given its inputs' rounding, and the value computed
// from the figures exactly as printed (what an expected figure is shown as).
struct Range {
  double lo = 0;
  double hi = 0;
  double value = 0;
  Range operator-() const { return {-hi, -lo, -value}; }
};

// The true values `f` may stand for.
Range Span(const Figure& f);

// The sum of the parts, later − earlier, and (later − earlier) / earlier × 100. The relative
// change is empty when the earlier figure is zero: a change from nothing has no percentage.
Range Sum(const std::vector<Figure>& parts);
Range Difference(const Figure& earlier, const Figure& later);
std::optional<Range> RelativeChange(const Figure& earlier, const Figure& later);

// True when `shown` is some value of `exact` rounded to the decimals `shown` prints.
bool Shows(const Figure& shown, const Range& exact);

// A value as the table would print it: fixed decimals, no thousands separators.
std::string Print(double value, int decimals);

// The population a count and its rate per `per` (1,000) imply, over the rate's rounding; a
// rate that rounds to zero bounds it only from below. Empty when the count is zero.
std::optional<Range> ImpliedPopulation(const Figure& count, const Figure& rate, double per = 1000);

// The part of the number line inside the most ranges, and which ranges hold it.
struct Agreement {
  Range common;
  std::vector<bool> agrees;
  int count = 0;
};
Agreement MostAgreed(const std::vector<Range>& ranges);

}  // namespace safer::check
