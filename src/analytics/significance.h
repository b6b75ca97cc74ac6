// Whether a change between two counts is more than chance: the exact conditional test for
// two Poisson counts over equal exposure (given n = a + b events, a ~ Binomial(n, 1/2)),
// two-sided. So 0 → 1 homicide (p = 1) is no headline, and 100 → 150 (p ≈ 0.002) is.
#pragma once

#include <cstdint>

namespace safer {

struct ChangeTest {
  double p_value = 1;
  bool significant = false;  // p_value < alpha
};

// `before` and `after` are counts over periods of the same length; alpha defaults to 5%.
ChangeTest TestCountChange(int64_t before, int64_t after, double alpha = 0.05);

}  // namespace safer
