// Near repeats: the Knox test of whether events close in space are also close in time more
// often than chance, over space bands × time bands, with Monte Carlo permutations of the
// dates (docs/near-repeat.md). Pairs are found through a grid index on the largest space
// band, never by enumerating all n² pairs.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/status.h"

namespace safer {

struct SpaceTimeEvent {
  double x = 0, y = 0;  // metres, projected
  int day = 0;          // days since an epoch
};

enum class BandConvention {
  kSafer,  // bands (lo, hi]: the first band is [0, first edge]; labels say exactly that
  kNearRepeatCalculator,  // the intervals NRC 1.3 really computes on (docs/near-repeat.md)
};

struct KnoxSettings {
  std::vector<double> space_edges;  // increasing upper edges, metres
  std::vector<int> time_edges;      // increasing upper edges, days
  bool manhattan = false;           // distance metric: Euclidean unless set
  int permutations = 999;
  uint64_t seed = 1;
  int threads = 2;
  BandConvention convention = BandConvention::kSafer;
};

struct KnoxCell {
  int64_t observed = 0;
  double expected = 0;      // mean over the permutations
  double knox_ratio = 0;    // observed / expected; 0 when expected is 0
  double p_value = 1;       // (1 + permutations with count ≥ observed) / (1 + permutations)
};

struct KnoxResult {
  // [space band][time band]; the last band of each is "beyond the last edge".
  std::vector<std::vector<KnoxCell>> cells;
};

// InvalidInput for bands that are empty, not increasing or negative, or permutations < 1.
Status KnoxTest(const std::vector<SpaceTimeEvent>& events, const KnoxSettings& settings, KnoxResult* result);

}  // namespace safer
