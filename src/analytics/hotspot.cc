#include "analytics/hotspot.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include <fmt/format.h>

namespace safer {
namespace {

constexpr double kPi = 3.14159265358979323846;

int ResolveThreads(int threads) {
  if (threads > 0) return threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Runs work(first_row, end_row) over `threads` bands of rows.
template <typename Work>
void OverRowBands(int rows, int threads, Work work) {
  threads = std::max(1, std::min(threads, rows));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t)
    pool.emplace_back(work, static_cast<int>(int64_t{rows} * t / threads), static_cast<int>(int64_t{rows} * (t + 1) / threads));
  work(0, static_cast<int>(int64_t{rows} / threads));
  for (auto& th : pool) th.join();
}

Status CheckFrame(const GridFrame& frame, const char* what) {
  if (!(frame.cell > 0) || !std::isfinite(frame.cell))
    return Status::InvalidInput(fmt::format("{} cell size must be a positive number of metres", what));
  if (frame.rows < 1 || frame.cols < 1) return Status::InvalidInput(fmt::format("{} grid has no cells", what));
  if (frame.size() > kMaxGridCells)
    return Status::InvalidInput(fmt::format("{} grid of {} m cells would have {} × {} = {} cells, over the limit of {}: "
                                            "choose a larger cell",
                                            what, frame.cell, frame.rows, frame.cols, frame.size(), kMaxGridCells));
  return Status::Ok();
}

// A frame of `cell` squares over [min − margin, max + margin] in each direction, sized in
// doubles first so an absurd request is refused rather than overflowing an int.
Status FrameOver(double min_x, double min_y, double max_x, double max_y, double margin, double cell, const char* what,
                 GridFrame* out) {
  out->x0 = min_x - margin;
  out->y0 = min_y - margin;
  out->cell = cell;
  const double cols = std::max(1.0, std::ceil((max_x + margin - out->x0) / cell));
  const double rows = std::max(1.0, std::ceil((max_y + margin - out->y0) / cell));
  if (!(cols * rows <= static_cast<double>(kMaxGridCells)))
    return Status::InvalidInput(fmt::format("{} grid of {} m cells over {:.0f} m × {:.0f} m would have {:.0f} cells, "
                                            "over the limit of {}: choose a larger cell{}",
                                            what, cell, max_x - min_x + 2 * margin, max_y - min_y + 2 * margin,
                                            cols * rows, kMaxGridCells,
                                            std::max(max_x - min_x, max_y - min_y) > 200'000
                                                ? " (the points span more than 200 km: look for coordinates far "
                                                  "from the rest)"
                                                : ""));
  out->cols = static_cast<int>(cols);
  out->rows = static_cast<int>(rows);
  return Status::Ok();
}

// The cell a point falls in, clamped to the frame (a point on the far edge is in the last cell).
int64_t CellOf(const GridFrame& f, const PlanePoint& p) {
  const int c = std::clamp(static_cast<int>(std::floor((p.x - f.x0) / f.cell)), 0, f.cols - 1);
  const int r = std::clamp(static_cast<int>(std::floor((p.y - f.y0) / f.cell)), 0, f.rows - 1);
  return int64_t{r} * f.cols + c;
}

GiClass ClassOf(double z, double p_adjusted) {
  const int level = p_adjusted <= 0.01 ? 3 : p_adjusted <= 0.05 ? 2 : p_adjusted <= 0.10 ? 1 : 0;
  return static_cast<GiClass>(z > 0 ? level : z < 0 ? -level : 0);
}

}  // namespace

std::string GiClassName(GiClass klass) {
  switch (klass) {
    case GiClass::kHot99: return "hot 99%";
    case GiClass::kHot95: return "hot 95%";
    case GiClass::kHot90: return "hot 90%";
    case GiClass::kCold90: return "cold 90%";
    case GiClass::kCold95: return "cold 95%";
    case GiClass::kCold99: return "cold 99%";
    case GiClass::kNone: break;
  }
  return "not significant";
}

Status EstimateDensity(const std::vector<PlanePoint>& points, const GridFrame& frame, double bandwidth, int threads,
                       DensityGrid* out) {
  if (Status st = CheckFrame(frame, "the density"); !st.ok()) return st;
  if (!(bandwidth > 0) || !std::isfinite(bandwidth))
    return Status::InvalidInput("the bandwidth must be a positive number of metres");
  if (bandwidth / frame.cell > kMaxBandwidthInCells)
    return Status::InvalidInput(fmt::format(
        "a bandwidth of {} m is {:.0f} cells of {} m: at most {} cells are evaluated exactly; choose a larger cell "
        "or a smaller bandwidth",
        bandwidth, bandwidth / frame.cell, frame.cell, kMaxBandwidthInCells));
  out->frame = frame;
  out->bandwidth = bandwidth;
  out->density.assign(frame.size(), 0.0);
  const double h2 = bandwidth * bandwidth;
  const double scale = 3.0 / (kPi * h2) * 1e6;  // per km²
  const double inv_h2 = 1.0 / h2;
  const double c = frame.cell;
  // The points sorted by the row they fall in (a stable counting sort, so the order is fixed
  // by the input alone): a band of rows reads only the points whose disc can reach it, and
  // neighbouring points write to neighbouring memory.
  const int reach = static_cast<int>(std::ceil(bandwidth / c)) + 1;
  auto row_of = [&](const PlanePoint& p) {
    return std::clamp(static_cast<int>(std::floor((p.y - frame.y0) / c)), -1, frame.rows);
  };
  std::vector<int64_t> first(static_cast<size_t>(frame.rows) + 3, 0);  // rows −1 … rows, then the end
  for (const auto& p : points) ++first[row_of(p) + 2];
  for (size_t i = 1; i < first.size(); ++i) first[i] += first[i - 1];
  std::vector<PlanePoint> sorted(points.size());
  {
    std::vector<int64_t> next(first.begin(), first.end() - 1);
    for (const auto& p : points) sorted[next[row_of(p) + 1]++] = p;
  }
  // Each band of rows takes every point whose disc reaches it and adds to its own rows only,
  // in that fixed order: no sharing between threads, and the same sum whatever the split.
  auto work = [&](int row_begin, int row_end) {
    const int64_t from = first[std::clamp(row_begin - reach, -1, frame.rows) + 1];
    const int64_t to = first[std::clamp(row_end + reach, -1, frame.rows) + 2];
    for (int64_t i = from; i < to; ++i) {
      const PlanePoint& p = sorted[i];
      const double fy = (p.y - frame.y0) / c - 0.5;  // the point's row coordinate in centre units
      const int r_lo = std::max(row_begin, static_cast<int>(std::ceil(fy - bandwidth / c)));
      const int r_hi = std::min(row_end - 1, static_cast<int>(std::floor(fy + bandwidth / c)));
      if (r_lo > r_hi) continue;
      const double fx = (p.x - frame.x0) / c - 0.5;
      for (int r = r_lo; r <= r_hi; ++r) {
        const double dy = frame.y0 + (r + 0.5) * c - p.y;
        const double rest = h2 - dy * dy;
        if (rest <= 0) continue;
        const double half = std::sqrt(rest) / c;
        const int c_lo = std::max(0, static_cast<int>(std::ceil(fx - half)));
        const int c_hi = std::min(frame.cols - 1, static_cast<int>(std::floor(fx + half)));
        double* row = out->density.data() + int64_t{r} * frame.cols;
        for (int col = c_lo; col <= c_hi; ++col) {
          const double dx = frame.x0 + (col + 0.5) * c - p.x;
          const double u = 1.0 - (dx * dx + dy * dy) * inv_h2;
          if (u > 0) row[col] += scale * u * u;
        }
      }
    }
  };
  OverRowBands(frame.rows, ResolveThreads(threads), work);
  return Status::Ok();
}

std::vector<double> BenjaminiHochberg(const std::vector<double>& p) {
  const size_t m = p.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] < p[b]; });
  std::vector<double> adjusted(m);
  double running = 1;
  for (size_t k = m; k-- > 0;) {
    running = std::min(running, p[order[k]] * static_cast<double>(m) / static_cast<double>(k + 1));
    adjusted[order[k]] = std::min(1.0, running);
  }
  return adjusted;
}

Status GetisOrd(const std::vector<int64_t>& counts, const GridFrame& frame, double distance, GiGrid* out) {
  if (Status st = CheckFrame(frame, "the Gi*"); !st.ok()) return st;
  if (static_cast<int64_t>(counts.size()) != frame.size())
    return Status::InvalidInput(fmt::format("Gi*: {} counts for a grid of {} cells", counts.size(), frame.size()));
  if (!(distance >= 0) || !std::isfinite(distance))
    return Status::InvalidInput("the Gi* distance band must be zero or more metres");
  out->frame = frame;
  out->distance = distance;
  out->cells.assign(counts.size(), GiCell{});
  const int64_t n = frame.size();

  // The band as a half-width of columns for each row offset: offsets (dr, dc) with
  // (dr² + dc²)·cell² ≤ distance² (a hair of tolerance so a diagonal at exactly √2 counts).
  const double reach = distance / frame.cell;
  const int max_dr = static_cast<int>(std::floor(reach + 1e-9));
  std::vector<int> half(max_dr + 1);
  for (int dr = 0; dr <= max_dr; ++dr)
    half[dr] = static_cast<int>(std::floor(std::sqrt(std::max(0.0, reach * reach - double(dr) * dr)) + 1e-9));

  // Row prefix sums: a window's sum is a handful of subtractions per row offset.
  std::vector<int64_t> prefix(static_cast<size_t>(frame.rows) * (frame.cols + 1), 0);
  long double sum = 0, sum_sq = 0;
  for (int r = 0; r < frame.rows; ++r)
    for (int c = 0; c < frame.cols; ++c) {
      const int64_t x = counts[int64_t{r} * frame.cols + c];
      prefix[int64_t{r} * (frame.cols + 1) + c + 1] = prefix[int64_t{r} * (frame.cols + 1) + c] + x;
      sum += x;
      sum_sq += static_cast<long double>(x) * x;
    }
  const double mean = static_cast<double>(sum / n);
  const double variance = static_cast<double>(sum_sq / n - (sum / n) * (sum / n));
  out->mean = mean;
  out->sd = variance > 0 ? std::sqrt(variance) : 0;
  out->defined = n > 1 && out->sd > 0;

  std::vector<double> p(n, 1.0);
  for (int r = 0; r < frame.rows; ++r)
    for (int c = 0; c < frame.cols; ++c) {
      int64_t local = 0, w = 0;
      for (int dr = -max_dr; dr <= max_dr; ++dr) {
        const int rr = r + dr;
        if (rr < 0 || rr >= frame.rows) continue;
        const int lo = std::max(0, c - half[std::abs(dr)]);
        const int hi = std::min(frame.cols - 1, c + half[std::abs(dr)]);
        const int64_t* row = prefix.data() + int64_t{rr} * (frame.cols + 1);
        local += row[hi + 1] - row[lo];
        w += hi - lo + 1;
      }
      GiCell& cell = out->cells[int64_t{r} * frame.cols + c];
      cell.count = counts[int64_t{r} * frame.cols + c];
      cell.neighbours = static_cast<int>(w);
      const double spread = (static_cast<double>(n) * w - static_cast<double>(w) * w) / static_cast<double>(n - 1);
      if (!out->defined || spread <= 0) continue;  // every cell alike, or the band covers the grid
      cell.z = (static_cast<double>(local) - mean * static_cast<double>(w)) / (out->sd * std::sqrt(spread));
      cell.p = std::erfc(std::fabs(cell.z) / std::sqrt(2.0));
      p[int64_t{r} * frame.cols + c] = cell.p;
    }
  const std::vector<double> adjusted = BenjaminiHochberg(p);
  for (int64_t i = 0; i < n; ++i) {
    GiCell& cell = out->cells[i];
    cell.p_adjusted = adjusted[i];
    cell.p_bonferroni = std::min(1.0, cell.p * static_cast<double>(n));
    cell.klass = ClassOf(cell.z, cell.p_adjusted);
  }
  return Status::Ok();
}

Status FindHotspots(const std::vector<PlanePoint>& points, const HotspotOptions& options, Hotspots* out) {
  if (points.empty()) return Status::InvalidInput("there are no located incidents to find hot spots in");
  auto positive = [](double v) { return v > 0 && std::isfinite(v); };
  if (options.cell != 0 && !positive(options.cell))
    return Status::InvalidInput(fmt::format("the cell size must be more than 0 metres (given {})", options.cell));
  if (options.bandwidth != 0 && !positive(options.bandwidth))
    return Status::InvalidInput(fmt::format("the bandwidth must be more than 0 metres (given {})", options.bandwidth));
  if (!positive(options.gi_cell))
    return Status::InvalidInput(fmt::format("the Gi* cell size must be more than 0 metres (given {})", options.gi_cell));
  if (options.gi_distance != 0 && !positive(options.gi_distance))
    return Status::InvalidInput(fmt::format("the Gi* distance must be more than 0 metres (given {})", options.gi_distance));
  if (!(options.fdr > 0 && options.fdr < 1))
    return Status::InvalidInput(fmt::format("the false discovery rate must be between 0 and 1 (given {})", options.fdr));

  double min_x = points[0].x, max_x = min_x, min_y = points[0].y, max_y = min_y;
  for (const auto& p : points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return Status::InvalidInput("a point has no finite coordinates");
    min_x = std::min(min_x, p.x), max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y), max_y = std::max(max_y, p.y);
  }
  HotspotOptions used = options;
  used.threads = ResolveThreads(options.threads);
  if (used.cell == 0) {
    // Chainey's rule: the shorter side of the extent / 150; the longer when the points lie on
    // a line; 10 m when they are all at one place.
    const double shorter = std::min(max_x - min_x, max_y - min_y), longer = std::max(max_x - min_x, max_y - min_y);
    used.cell = shorter > 0 ? shorter / 150 : longer > 0 ? longer / 150 : 10;
  }
  if (used.bandwidth == 0) used.bandwidth = 5 * used.cell;
  if (used.gi_distance == 0) used.gi_distance = 1.5 * used.gi_cell;

  GridFrame kde_frame, gi_frame;
  if (Status st = FrameOver(min_x, min_y, max_x, max_y, used.bandwidth, used.cell, "the density", &kde_frame); !st.ok())
    return st;
  if (Status st = FrameOver(min_x, min_y, max_x, max_y, 0, used.gi_cell, "the Gi*", &gi_frame); !st.ok()) return st;
  // A point exactly on the extent's far edge opens no extra cell: the frame already ends there.
  if (Status st = EstimateDensity(points, kde_frame, used.bandwidth, used.threads, &out->density); !st.ok()) return st;

  std::vector<int64_t> counts(gi_frame.size(), 0);
  for (const auto& p : points) ++counts[CellOf(gi_frame, p)];
  if (Status st = GetisOrd(counts, gi_frame, used.gi_distance, &out->gi); !st.ok()) return st;
  DensityGrid at_gi;
  // Bandwidths of more than kMaxBandwidthInCells Gi* cells cannot happen in practice (the Gi*
  // cell is the coarser); if they do, the densities at Gi* cells are left out, not faked.
  if (used.bandwidth / gi_frame.cell <= kMaxBandwidthInCells &&
      EstimateDensity(points, gi_frame, used.bandwidth, used.threads, &at_gi).ok())
    out->gi_density = std::move(at_gi.density);

  out->used = used;
  out->points = static_cast<int64_t>(points.size());
  out->hot = out->cold = 0;
  out->in_hot = 0;
  for (const auto& c : out->gi.cells) {
    if (c.p_adjusted > used.fdr || c.z == 0) continue;
    if (c.z > 0) ++out->hot, out->in_hot += c.count;
    else ++out->cold;
  }
  return Status::Ok();
}

}  // namespace safer
