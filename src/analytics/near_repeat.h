// Near repeats: the Knox test of whether events close in space are also close in time more
// often than chance, over space bands × time bands, with Monte Carlo permutations of the
// dates (docs/near-repeat.md). Pairs are found through a grid index on the largest space
// band, never by enumerating all n² pairs.
#pragma once

#include <cstdint>
#include <string>
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
  // Pairs within the largest space edge are held in memory (4 bytes each): more is refused
  // (a file with every event at one point has n²/2 of them).
  int64_t max_near_pairs = 200'000'000;
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

// InvalidInput for bands that are empty, not increasing or negative, permutations or threads
// < 1, or more than max_near_pairs pairs within the largest space edge.
Status KnoxTest(const std::vector<SpaceTimeEvent>& events, const KnoxSettings& settings, KnoxResult* result);

// The interval each band really covers under the settings' convention, one per band
// including "beyond": "0 m", "(0, 200] m", "more than 600 m"; "0 to 1 days", "2 days",
// "more than 3 days". kNearRepeatCalculator: "(0, 200) m", "[200, 400) m", "600 m or more";
// "0 days", "1 day", "3 days or more".
std::vector<std::string> SpaceBandIntervals(const KnoxSettings& settings);
std::vector<std::string> TimeBandIntervals(const KnoxSettings& settings);
// The Near Repeat Calculator's own labels for the same bands ("Same location", "1 to 200
// meters", "More than 600 meters"; "0 to 1 days", "2 to 2 days", "More than 3 days").
std::vector<std::string> NrcSpaceBandLabels(const KnoxSettings& settings);
std::vector<std::string> NrcTimeBandLabels(const KnoxSettings& settings);

// NRC's reading of a cell: significant at p ≤ 0.05 and "meaningful" with a Knox ratio ≥ 1.2.
constexpr double kKnoxSignificance = 0.05, kKnoxMeaningfulRatio = 1.2;
bool KnoxCellFlagged(const KnoxCell& cell);

// The summary as the NRC words it (docs/near-repeat.md, "Report"): whether there is a near
// repeat pattern (space bands after "same location", before "beyond"), for how long in each,
// the most over-represented flagged cell, and the same for repeats at the same location when
// the first space edge is 0. Labels are the settings' real intervals.
std::vector<std::string> KnoxFindings(const KnoxSettings& settings, const KnoxResult& result);

}  // namespace safer
