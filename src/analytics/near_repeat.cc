#include "analytics/near_repeat.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>

namespace safer {
namespace {

struct NearPair {
  int a, b;
  int space_band;
};

// The band of a distance v among increasing upper edges; edges.size() means "beyond".
// kSafer: (lo, hi], first band [0, e0]. kNearRepeatCalculator: [lo, hi), except that a
// distance of exactly 0 is always in the first band (NRC's "same location" is d == 0).
template <typename T>
int BandOf(T v, const std::vector<T>& edges, BandConvention convention) {
  const int k = static_cast<int>(edges.size());
  if (convention == BandConvention::kSafer) {
    for (int i = 0; i < k; ++i)
      if (v <= edges[i]) return i;
    return k;
  }
  if (v == 0) return 0;
  for (int i = 0; i < k; ++i)
    if (v < edges[i]) return i;
  return k;
}

double Distance(const SpaceTimeEvent& p, const SpaceTimeEvent& q, bool manhattan, BandConvention convention) {
  if (convention == BandConvention::kNearRepeatCalculator) {
    // NRC 1.3 holds coordinates and distances in single precision: a pair at 399.96 m in
    // double is 400.0 in float and falls in the next band. Only this reproduces its counts.
    const float dx = std::fabs(static_cast<float>(p.x) - static_cast<float>(q.x));
    const float dy = std::fabs(static_cast<float>(p.y) - static_cast<float>(q.y));
    return manhattan ? static_cast<double>(dx + dy) : static_cast<double>(std::sqrt(dx * dx + dy * dy));
  }
  const double dx = std::fabs(p.x - q.x), dy = std::fabs(p.y - q.y);
  return manhattan ? dx + dy : std::hypot(dx, dy);
}

Status Validate(const KnoxSettings& s) {
  if (s.space_edges.empty() || s.time_edges.empty())
    return Status::InvalidInput("Knox test: space and time bands must each have at least one edge");
  for (size_t i = 0; i < s.space_edges.size(); ++i) {
    const double e = s.space_edges[i];
    if (!std::isfinite(e) || e < 0)
      return Status::InvalidInput("Knox test: space band edge " + std::to_string(e) + " is negative or not finite");
    if (i > 0 && e <= s.space_edges[i - 1])
      return Status::InvalidInput("Knox test: space band edges must be strictly increasing");
  }
  for (size_t i = 0; i < s.time_edges.size(); ++i) {
    if (s.time_edges[i] < 0)
      return Status::InvalidInput("Knox test: time band edge " + std::to_string(s.time_edges[i]) + " is negative");
    if (i > 0 && s.time_edges[i] <= s.time_edges[i - 1])
      return Status::InvalidInput("Knox test: time band edges must be strictly increasing");
  }
  if (s.permutations < 1) return Status::InvalidInput("Knox test: permutations must be at least 1");
  if (s.threads < 1) return Status::InvalidInput("Knox test: threads must be at least 1");
  return Status::Ok();
}

// Pairs within the largest space edge, through a uniform grid whose cell is a little larger
// than that edge, so only the 3×3 neighbouring cells can hold a near pair.
std::vector<NearPair> FindNearPairs(const std::vector<SpaceTimeEvent>& events, const KnoxSettings& s) {
  const double cell = s.space_edges.back() + 1.0;
  auto key = [](int64_t cx, int64_t cy) { return (cx << 32) ^ (cy & 0xffffffff); };
  std::unordered_map<int64_t, std::vector<int>> grid;
  std::vector<std::pair<int64_t, int64_t>> cell_of(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const int64_t cx = static_cast<int64_t>(std::floor(events[i].x / cell));
    const int64_t cy = static_cast<int64_t>(std::floor(events[i].y / cell));
    cell_of[i] = {cx, cy};
    grid[key(cx, cy)].push_back(static_cast<int>(i));
  }
  const int beyond = static_cast<int>(s.space_edges.size());
  std::vector<NearPair> pairs;
  for (size_t i = 0; i < events.size(); ++i) {
    const auto [cx, cy] = cell_of[i];
    for (int64_t dx = -1; dx <= 1; ++dx)
      for (int64_t dy = -1; dy <= 1; ++dy) {
        auto it = grid.find(key(cx + dx, cy + dy));
        if (it == grid.end()) continue;
        for (int j : it->second) {
          if (j <= static_cast<int>(i)) continue;
          const double d = Distance(events[i], events[j], s.manhattan, s.convention);
          const int band = BandOf(d, s.space_edges, s.convention);
          if (band < beyond) pairs.push_back({static_cast<int>(i), j, band});
        }
      }
  }
  return pairs;
}

// Pairs of all n(n−1)/2 per time band, from the sorted days with two pointers per edge: the
// "beyond space" row is this minus the near rows. Invariant under permuting the dates.
std::vector<int64_t> AllPairsPerTimeBand(std::vector<int> days, const KnoxSettings& s) {
  std::sort(days.begin(), days.end());
  const int64_t n = static_cast<int64_t>(days.size());
  const size_t t = s.time_edges.size();
  std::vector<int64_t> within(t + 1);  // within[k]: pairs in time bands 0..k−1
  for (size_t k = 0; k < t; ++k) {
    int64_t count = 0;
    size_t lo = 0;
    for (size_t hi = 0; hi < days.size(); ++hi) {
      // Ties (|Δ| = 0) are in band 0 under both conventions, so the same test covers them.
      while (lo < hi && !(BandOf(days[hi] - days[lo], s.time_edges, s.convention) <= static_cast<int>(k))) ++lo;
      count += static_cast<int64_t>(hi - lo);
    }
    within[k + 1] = count;
  }
  std::vector<int64_t> per_band(t + 1);
  for (size_t k = 0; k < t; ++k) per_band[k] = within[k + 1] - within[k];
  per_band[t] = n * (n - 1) / 2 - within[t];
  return per_band;
}

// Counts of the contingency table (rows × cols, row-major) for the given dates.
void Count(const std::vector<NearPair>& pairs, const std::vector<int>& days, const std::vector<int64_t>& all_per_time,
           const KnoxSettings& s, std::vector<int64_t>* counts) {
  const int rows = static_cast<int>(s.space_edges.size()) + 1, cols = static_cast<int>(s.time_edges.size()) + 1;
  counts->assign(static_cast<size_t>(rows * cols), 0);
  for (const NearPair& p : pairs) {
    const int t = BandOf(std::abs(days[p.a] - days[p.b]), s.time_edges, s.convention);
    ++(*counts)[p.space_band * cols + t];
  }
  for (int t = 0; t < cols; ++t) {
    int64_t near = 0;
    for (int r = 0; r + 1 < rows; ++r) near += (*counts)[r * cols + t];
    (*counts)[(rows - 1) * cols + t] = all_per_time[t] - near;
  }
}

}  // namespace

Status KnoxTest(const std::vector<SpaceTimeEvent>& events, const KnoxSettings& settings, KnoxResult* result) {
  if (Status st = Validate(settings); !st.ok()) return st;
  const std::vector<NearPair> pairs = FindNearPairs(events, settings);
  std::vector<int> days(events.size());
  for (size_t i = 0; i < events.size(); ++i) days[i] = events[i].day;
  const std::vector<int64_t> all_per_time = AllPairsPerTimeBand(days, settings);

  std::vector<int64_t> observed;
  Count(pairs, days, all_per_time, settings, &observed);

  // Each permutation has its own generator seeded from (seed, index), so the result does not
  // depend on how permutations are split across threads; sums and tallies are integers, so
  // merging them is order-independent too.
  const size_t cells = observed.size();
  const int threads = std::min(settings.threads, settings.permutations);
  std::vector<std::vector<int64_t>> sums(threads, std::vector<int64_t>(cells)), at_least(threads, std::vector<int64_t>(cells));
  auto work = [&](int w) {
    std::vector<int> permuted;
    std::vector<int64_t> counts;
    for (int p = w; p < settings.permutations; p += threads) {
      std::seed_seq seq{static_cast<uint32_t>(settings.seed), static_cast<uint32_t>(settings.seed >> 32),
                        static_cast<uint32_t>(p)};
      std::mt19937_64 rng(seq);
      permuted = days;
      for (size_t i = permuted.size(); i > 1; --i) {
        const size_t j = static_cast<size_t>(rng() % i);  // modulo bias < i/2^64: negligible
        std::swap(permuted[i - 1], permuted[j]);
      }
      Count(pairs, permuted, all_per_time, settings, &counts);
      for (size_t c = 0; c < cells; ++c) {
        sums[w][c] += counts[c];
        if (counts[c] >= observed[c]) ++at_least[w][c];
      }
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < threads; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();

  const int rows = static_cast<int>(settings.space_edges.size()) + 1;
  const int cols = static_cast<int>(settings.time_edges.size()) + 1;
  result->cells.assign(rows, std::vector<KnoxCell>(cols));
  for (int r = 0; r < rows; ++r)
    for (int t = 0; t < cols; ++t) {
      const size_t c = static_cast<size_t>(r * cols + t);
      int64_t sum = 0, ge = 0;
      for (int w = 0; w < threads; ++w) sum += sums[w][c], ge += at_least[w][c];
      KnoxCell& cell = result->cells[r][t];
      cell.observed = observed[c];
      cell.expected = static_cast<double>(sum) / settings.permutations;
      cell.knox_ratio = cell.expected > 0 ? cell.observed / cell.expected : 0;
      cell.p_value = static_cast<double>(1 + ge) / (1 + settings.permutations);
    }
  return Status::Ok();
}

}  // namespace safer
