// Concentration: how much of the harm falls in how few places — the share in the top N
// areas, the Lorenz curve and the Gini coefficient ("47% of all violence with injury
// offences take place in just ten wards", seed 004 l.1577–1589).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/status.h"

namespace safer {

struct AreaCount {
  std::string area;  // name or code
  int64_t count = 0;
};

struct Concentration {
  std::vector<AreaCount> ranked;        // most first; ties by area name
  std::vector<double> lorenz;           // cumulative share of incidents (0..1) after k areas, least first; lorenz[0] = 0
  double gini = 0;                      // 0 even .. (n−1)/n all in one area
  int64_t total = 0;
  int top_n = 0;
  int64_t top_n_count = 0;
  double top_n_share = 0;               // percent of total in the top N areas
};

// Areas with no incidents must be included (count 0): the Gini of only the areas that
// had something is not the area's concentration. InvalidInput when N > number of areas or
// no areas are given (or N < 1, or a count is negative).
//
// Gini, for n areas with counts x_(1) <= … <= x_(n) (ascending) and total T = Σ x:
//   G = 2 Σ_{i=1..n} i·x_(i) / (n·T) − (n+1)/n
// equal to the mean absolute difference between all ordered pairs over twice the mean.
// With T = 0 there is nothing to concentrate: G = 0, the Lorenz curve is the diagonal and
// the top-N share is 0.
Status Concentrate(const std::vector<AreaCount>& counts, int top_n, Concentration* out);

}  // namespace safer
