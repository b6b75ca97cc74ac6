#include "analytics/significance.h"

#include <algorithm>
#include <cmath>

namespace safer {
namespace {

// log P(X = k) for X ~ Binomial(n, 1/2).
double LogBinomialHalf(int64_t n, int64_t k) {
  return std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(k) + 1) -
         std::lgamma(static_cast<double>(n - k) + 1) - static_cast<double>(n) * std::log(2.0);
}

// P(X <= k) for X ~ Binomial(n, 1/2), summed from the mode outwards for accuracy.
double LowerTail(int64_t n, int64_t k) {
  double sum = 0;
  for (int64_t i = k; i >= 0; --i) {
    double term = std::exp(LogBinomialHalf(n, i));
    sum += term;
    if (term < sum * 1e-17) break;  // the remaining terms are smaller still
  }
  return std::min(1.0, sum);
}

}  // namespace

ChangeTest TestCountChange(int64_t before, int64_t after, double alpha) {
  ChangeTest test;
  const int64_t n = before + after;
  if (n <= 0 || before < 0 || after < 0) return test;
  // Two-sided: twice the smaller tail, as the conditional binomial test is usually reported.
  const int64_t k = std::min(before, after);
  test.p_value = before == after ? 1.0 : std::min(1.0, 2 * LowerTail(n, k));
  test.significant = test.p_value < alpha;
  return test;
}

}  // namespace safer
