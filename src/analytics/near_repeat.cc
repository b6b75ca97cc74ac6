#include "analytics/near_repeat.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

namespace safer {
namespace {

// The pairs within the largest space edge, by their first event: the pairs of event a are
// packed[first[a] .. first[a + 1]), each the later event's index in the low 25 bits and its
// space band above them. Four bytes a pair: a permutation streams them all, so their size is
// what its time is made of.
struct NearPairs {
  static constexpr int kIndexBits = 25;
  static constexpr uint32_t kIndexMask = (1u << kIndexBits) - 1;
  std::vector<int64_t> first;
  std::vector<uint32_t> packed;
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
  // Space bands are packed in 7 bits beside each pair; time bands are looked up by day.
  if (s.space_edges.size() > 126) return Status::InvalidInput("Knox test: at most 126 space band edges");
  if (s.time_edges.size() > 254) return Status::InvalidInput("Knox test: at most 254 time band edges");
  if (s.time_edges.back() > 1'000'000) return Status::InvalidInput("Knox test: time band edges beyond 1,000,000 days");
  if (s.permutations < 1) return Status::InvalidInput("Knox test: permutations must be at least 1");
  if (s.threads < 1) return Status::InvalidInput("Knox test: threads must be at least 1");
  return Status::Ok();
}

// Pairs within the largest space edge, through a uniform grid whose cell is a little larger
// than that edge, so only the 3×3 neighbouring cells can hold a near pair.
Status FindNearPairs(const std::vector<SpaceTimeEvent>& events, const KnoxSettings& s, NearPairs* out) {
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
  std::vector<uint32_t>& pairs = out->packed;
  out->first.assign(events.size() + 1, 0);
  for (size_t i = 0; i < events.size(); ++i) {
    out->first[i] = static_cast<int64_t>(pairs.size());
    if (static_cast<int64_t>(pairs.size()) > s.max_near_pairs)
      return Status::InvalidInput(fmt::format(
          "Knox test: more than {} pairs of events are within {:g} m of each other: too many to hold; use a "
          "smaller largest space band or fewer events", s.max_near_pairs, s.space_edges.back()));
    const auto [cx, cy] = cell_of[i];
    for (int64_t dx = -1; dx <= 1; ++dx)
      for (int64_t dy = -1; dy <= 1; ++dy) {
        auto it = grid.find(key(cx + dx, cy + dy));
        if (it == grid.end()) continue;
        for (int j : it->second) {
          if (j <= static_cast<int>(i)) continue;
          const double d = Distance(events[i], events[j], s.manhattan, s.convention);
          const int band = BandOf(d, s.space_edges, s.convention);
          if (band < beyond) pairs.push_back(static_cast<uint32_t>(j) | static_cast<uint32_t>(band) << NearPairs::kIndexBits);
        }
      }
  }
  out->first[events.size()] = static_cast<int64_t>(pairs.size());
  return Status::Ok();
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

// The time band of every day difference up to one past the last edge, which is "beyond".
std::vector<uint8_t> TimeBandTable(const KnoxSettings& s) {
  std::vector<uint8_t> table(static_cast<size_t>(s.time_edges.back()) + 2);
  for (size_t d = 0; d < table.size(); ++d) table[d] = static_cast<uint8_t>(BandOf(static_cast<int>(d), s.time_edges, s.convention));
  return table;
}

// Permutations are counted kBatch at a time: one pass over the pairs serves them all, with
// the batch's days side by side (days[i * kBatch + k] is event i's day in permutation k).
constexpr int kBatch = 8;

// The contingency tables (rows × cols, row-major, one per slot of the batch). Most near pairs
// are beyond the last time edge; they are not counted one by one: each near row's total is
// fixed (`row_pairs`, whatever the dates), so its "beyond" cell is that total less the rest.
void CountBatch(const NearPairs& pairs, const std::vector<int>& days, const std::vector<uint8_t>& time_band,
                const std::vector<int64_t>& row_pairs, const std::vector<int64_t>& all_per_time, int rows, int cols,
                std::array<std::vector<int64_t>, kBatch>* counts) {
  // Differences past the table count as its last entry, "beyond": no branch to mispredict.
  const int64_t cap = static_cast<int64_t>(time_band.size()) - 1;
  const int64_t table = static_cast<int64_t>(rows) * cols;
  std::vector<int64_t> flat(static_cast<size_t>(kBatch * table), 0);
  // Raw pointers: through the vectors, each increment would make the compiler reload them.
  int64_t* const f = flat.data();
  const uint8_t* const band = time_band.data();
  const uint32_t* const packed_pairs = pairs.packed.data();
  const int* const day = days.data();
  const size_t n = pairs.first.size() - 1;
  for (size_t a = 0; a < n; ++a) {
    const int* da = day + a * kBatch;
    const int64_t end = pairs.first[a + 1];
    for (int64_t p = pairs.first[a]; p < end; ++p) {
      const uint32_t packed = packed_pairs[p];
      const int* db = day + static_cast<size_t>(packed & NearPairs::kIndexMask) * kBatch;
      int64_t* const row = f + static_cast<int64_t>(packed >> NearPairs::kIndexBits) * cols;
      for (int k = 0; k < kBatch; ++k) ++row[k * table + band[std::min<int64_t>(std::abs(da[k] - db[k]), cap)]];
    }
  }
  for (int k = 0; k < kBatch; ++k) {
    auto& c = (*counts)[k];
    c.assign(flat.begin() + k * table, flat.begin() + (k + 1) * table);
    for (int r = 0; r + 1 < rows; ++r) {
      int64_t timed = 0;
      for (int t = 0; t + 1 < cols; ++t) timed += c[r * cols + t];
      c[r * cols + cols - 1] = row_pairs[r] - timed;
    }
    for (int t = 0; t < cols; ++t) {
      int64_t near = 0;
      for (int r = 0; r + 1 < rows; ++r) near += c[r * cols + t];
      c[(rows - 1) * cols + t] = all_per_time[t] - near;
    }
  }
}

}  // namespace

Status KnoxTest(const std::vector<SpaceTimeEvent>& events, const KnoxSettings& settings, KnoxResult* result) {
  if (Status st = Validate(settings); !st.ok()) return st;
  if (events.size() > NearPairs::kIndexMask)
    return Status::InvalidInput(fmt::format("Knox test: at most {} events", NearPairs::kIndexMask));
  NearPairs pairs;
  if (Status st = FindNearPairs(events, settings, &pairs); !st.ok()) return st;
  const size_t n = events.size();
  std::vector<int> days(n);
  for (size_t i = 0; i < n; ++i) days[i] = events[i].day;
  const std::vector<int64_t> all_per_time = AllPairsPerTimeBand(days, settings);
  const std::vector<uint8_t> time_band = TimeBandTable(settings);
  const int rows = static_cast<int>(settings.space_edges.size()) + 1;
  const int cols = static_cast<int>(settings.time_edges.size()) + 1;
  std::vector<int64_t> row_pairs(rows, 0);
  for (uint32_t packed : pairs.packed) ++row_pairs[packed >> NearPairs::kIndexBits];

  std::array<std::vector<int64_t>, kBatch> batch_counts;
  {
    std::vector<int> same(n * kBatch);
    for (size_t i = 0; i < n; ++i) std::fill_n(&same[i * kBatch], kBatch, days[i]);
    CountBatch(pairs, same, time_band, row_pairs, all_per_time, rows, cols, &batch_counts);
  }
  const std::vector<int64_t> observed = batch_counts[0];

  // Each permutation has its own generator seeded from (seed, index), so the result does not
  // depend on how permutations are batched or split across threads; sums and tallies are
  // integers, so merging them is order-independent too.
  const size_t cells = observed.size();
  const int batches = (settings.permutations + kBatch - 1) / kBatch;
  const int threads = std::min(settings.threads, batches);
  std::vector<std::vector<int64_t>> sums(threads, std::vector<int64_t>(cells)), at_least(threads, std::vector<int64_t>(cells));
  auto work = [&](int w) {
    std::vector<int> permuted, side_by_side(n * kBatch);
    std::array<std::vector<int64_t>, kBatch> counts;
    for (int b = w; b < batches; b += threads) {
      const int in_batch = std::min(kBatch, settings.permutations - b * kBatch);
      for (int k = 0; k < kBatch; ++k) {
        // Slots past the last permutation repeat the first of the batch and are not counted.
        if (k < in_batch) {
          const int p = b * kBatch + k;
          std::seed_seq seq{static_cast<uint32_t>(settings.seed), static_cast<uint32_t>(settings.seed >> 32),
                            static_cast<uint32_t>(p)};
          std::mt19937_64 rng(seq);
          permuted = days;
          for (size_t i = permuted.size(); i > 1; --i) {
            const size_t j = static_cast<size_t>(rng() % i);  // modulo bias < i/2^64: negligible
            std::swap(permuted[i - 1], permuted[j]);
          }
        }
        for (size_t i = 0; i < n; ++i) side_by_side[i * kBatch + k] = permuted[i];
      }
      CountBatch(pairs, side_by_side, time_band, row_pairs, all_per_time, rows, cols, &counts);
      for (int k = 0; k < in_batch; ++k)
        for (size_t c = 0; c < cells; ++c) {
          sums[w][c] += counts[k][c];
          if (counts[k][c] >= observed[c]) ++at_least[w][c];
        }
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < threads; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();

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

namespace {

std::string Metres(double v) { return fmt::format("{:g}", v); }

// The whole days band i covers: [lo, hi]; the beyond band has hi = -1 (unbounded). Days are
// integers, so (a, b] is a+1 to b and [a, b) is a to b−1.
std::vector<std::pair<int, int>> DayRanges(const KnoxSettings& s) {
  std::vector<std::pair<int, int>> ranges;
  int lo = 0;
  for (size_t i = 0; i < s.time_edges.size(); ++i) {
    int hi = s.time_edges[i];
    if (s.convention == BandConvention::kNearRepeatCalculator) hi = i == 0 ? std::max(hi - 1, 0) : hi - 1;
    ranges.push_back({lo, hi});
    lo = hi + 1;
  }
  ranges.push_back({lo, -1});
  return ranges;
}

// How long after an event a run of flagged time bands lasts: "on the same day", "within 7 days".
std::string After(int hi) {
  return hi == 0 ? "on the same day as it" : fmt::format("within {} day{} after it", hi, hi == 1 ? "" : "s");
}

std::string Days(int lo, int hi) {
  if (lo == hi) return fmt::format("{} day{}", lo, lo == 1 ? "" : "s");
  return fmt::format("{} to {} days", lo, hi);
}

// Consecutive flagged cells of a row from the first time band on, not counting "beyond".
int FlaggedRun(const std::vector<KnoxCell>& row) {
  int run = 0;
  while (run + 1 < static_cast<int>(row.size()) && KnoxCellFlagged(row[run])) ++run;
  return run;
}

}  // namespace

std::vector<std::string> SpaceBandIntervals(const KnoxSettings& s) {
  std::vector<std::string> labels;
  const auto& e = s.space_edges;
  const bool nrc = s.convention == BandConvention::kNearRepeatCalculator;
  for (size_t i = 0; i < e.size(); ++i) {
    if (e[i] == 0) labels.push_back("0 m");
    else if (i == 0) labels.push_back(fmt::format("[0, {}{} m", Metres(e[i]), nrc ? ")" : "]"));
    else if (nrc && e[i - 1] == 0) labels.push_back(fmt::format("(0, {}) m", Metres(e[i])));
    else labels.push_back(fmt::format("{}{}, {}{} m", nrc ? "[" : "(", Metres(e[i - 1]), Metres(e[i]), nrc ? ")" : "]"));
  }
  labels.push_back(nrc ? fmt::format("{} m or more", Metres(e.back())) : fmt::format("more than {} m", Metres(e.back())));
  return labels;
}

std::vector<std::string> TimeBandIntervals(const KnoxSettings& s) {
  std::vector<std::string> labels;
  const auto ranges = DayRanges(s);
  for (size_t i = 0; i + 1 < ranges.size(); ++i) labels.push_back(Days(ranges[i].first, ranges[i].second));
  const int lo = ranges.back().first;
  labels.push_back(s.convention == BandConvention::kNearRepeatCalculator ? fmt::format("{} days or more", lo)
                                                                         : fmt::format("more than {} days", lo - 1));
  return labels;
}

std::vector<std::string> NrcSpaceBandLabels(const KnoxSettings& s) {
  std::vector<std::string> labels;
  const auto& e = s.space_edges;
  for (size_t i = 0; i < e.size(); ++i) {
    if (i == 0) labels.push_back(e[0] == 0 ? "Same location" : fmt::format("0 to {} meters", Metres(e[0])));
    else labels.push_back(fmt::format("{} to {} meters", Metres(e[i - 1] + 1), Metres(e[i])));
  }
  labels.push_back(fmt::format("More than {} meters", Metres(e.back())));
  return labels;
}

std::vector<std::string> NrcTimeBandLabels(const KnoxSettings& s) {
  std::vector<std::string> labels;
  const auto& e = s.time_edges;
  for (size_t i = 0; i < e.size(); ++i)
    labels.push_back(i == 0 ? fmt::format("0 to {} days", e[0]) : fmt::format("{} to {} days", e[i - 1] + 1, e[i]));
  labels.push_back(fmt::format("More than {} days", e.back()));
  return labels;
}

bool KnoxCellFlagged(const KnoxCell& cell) {
  return cell.p_value <= kKnoxSignificance + 1e-12 && cell.knox_ratio >= kKnoxMeaningfulRatio;
}

std::vector<std::string> KnoxFindings(const KnoxSettings& s, const KnoxResult& r) {
  std::vector<std::string> findings;
  const auto space = SpaceBandIntervals(s);
  const auto time = TimeBandIntervals(s);
  const auto days = DayRanges(s);
  const int rows = static_cast<int>(r.cells.size()), cols = rows ? static_cast<int>(r.cells[0].size()) : 0;
  const bool same_place_row = s.space_edges.front() == 0;
  auto over = [&](int row, int t) {
    const KnoxCell& c = r.cells[row][t];
    return fmt::format("{}, {}: Knox ratio {:.2f}, about {:.0f}% more pairs than expected (p = {:.3f})", space[row],
                       time[t], c.knox_ratio, (c.knox_ratio - 1) * 100, c.p_value);
  };
  // The flagged cell with the highest ratio among rows [first, last), time bands before "beyond".
  auto most = [&](int first, int last) {
    int best_r = -1, best_t = -1;
    for (int i = first; i < last; ++i)
      for (int t = 0; t + 1 < cols; ++t)
        if (KnoxCellFlagged(r.cells[i][t]) && (best_r < 0 || r.cells[i][t].knox_ratio > r.cells[best_r][best_t].knox_ratio))
          best_r = i, best_t = t;
    return std::pair{best_r, best_t};
  };
  const std::string rule = fmt::format("p ≤ {:g} and Knox ratio ≥ {:g}", kKnoxSignificance, kKnoxMeaningfulRatio);

  const int first_near = same_place_row ? 1 : 0, beyond = rows - 1;
  const bool nrc = s.convention == BandConvention::kNearRepeatCalculator;
  const auto nrc_space = NrcSpaceBandLabels(s);
  // In NRC's own words too, so a reader can match the sentence to an NRC report.
  auto nrc_words = [&](int row, int run) {
    return nrc ? fmt::format(" (NRC: \"{}\", up to {} days)", nrc_space[row], s.time_edges[run - 1]) : std::string();
  };
  std::vector<std::string> details;
  for (int i = first_near; i < beyond; ++i)
    if (int run = FlaggedRun(r.cells[i]); run > 0)
      details.push_back(fmt::format("within {} of an event, near repeats are over-represented {}{}", space[i],
                                    After(days[run - 1].second), nrc_words(i, run)));
  if (first_near >= beyond) {
    // Only "same location" and "beyond": no near band to speak of.
  } else if (details.empty()) {
    const std::string where = first_near + 1 == beyond
                                  ? fmt::format("the space band {} does not have", space[first_near])
                                  : fmt::format("no space band from {} to {} has", space[first_near], space[beyond - 1]);
    findings.push_back(fmt::format("No significant near repeat pattern: {} {} in its first time band ({}).", where,
                                   rule, time[0]));
  } else {
    std::string text = "A significant near repeat pattern: ";
    for (size_t i = 0; i < details.size(); ++i) text += (i ? "; " : "") + details[i];
    findings.push_back(text + fmt::format(" ({}).", rule));
  }
  if (auto [i, t] = most(first_near, beyond); i >= 0)
    findings.push_back("Most over-represented significant near repeat cell: " + over(i, t) + ".");

  if (same_place_row) {
    if (int run = FlaggedRun(r.cells[0]); run > 0)
      findings.push_back(fmt::format("A significant repeat pattern at the same location: further events there are "
                                     "over-represented {}{} ({}).", After(days[run - 1].second), nrc_words(0, run), rule));
    else
      findings.push_back(fmt::format("No significant repeat pattern at the same location right after an event: the "
                                     "cell {}, {} does not have {}.", space[0], time[0], rule));
    if (auto [i, t] = most(0, 1); i >= 0)
      findings.push_back("Most over-represented significant same-location cell: " + over(i, t) + ".");
  }
  return findings;
}

}  // namespace safer
