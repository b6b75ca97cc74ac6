// Hotspots: where incidents cluster, two ways (docs/hotspots.md).
//
//   Kernel density  — a smooth surface: the quartic (biweight) kernel of CrimeStat, ArcGIS
//                     and QGIS's heatmap, evaluated exactly at every cell centre from the
//                     exact points (no binning), in incidents per km².
//   Getis-Ord Gi*   — which cells hold significantly more (or fewer) incidents than the
//                     study extent's average, given their neighbours: z-scores on a grid of
//                     counts, two-sided normal p-values, Benjamini–Hochberg correction.
//
// Pure: points on a plane in metres in (analytics/projection.h), grids out; no store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/projection.h"
#include "domain/status.h"

namespace safer {

// A regular grid of square cells: row 0 is the southernmost, column 0 the westernmost;
// cell (r, c) covers [x0 + c·cell, x0 + (c+1)·cell) × [y0 + r·cell, y0 + (r+1)·cell).
struct GridFrame {
  double x0 = 0, y0 = 0;  // south-west corner, metres
  double cell = 0;        // side, metres
  int rows = 0, cols = 0;
  int64_t size() const { return static_cast<int64_t>(rows) * cols; }
  PlanePoint Centre(int row, int col) const { return {x0 + (col + 0.5) * cell, y0 + (row + 0.5) * cell}; }
};

// More cells than this is not an analysis but a mistake in --cell: refused.
constexpr int64_t kMaxGridCells = 20'000'000;
// The kernel reaches this many cells either side at most: beyond it the exact evaluation
// costs more than it can tell (refused, with the reason).
constexpr double kMaxBandwidthInCells = 100;

struct DensityGrid {
  GridFrame frame;
  double bandwidth = 0;         // metres: the kernel's radius
  std::vector<double> density;  // per km², row-major; frame.size() values
};

// The quartic kernel: K(d) = 3 / (π h²) · (1 − d²/h²)² for d < h, else 0 (it integrates to 1
// over the plane), so a cell's density is Σ K(distance from its centre to each point),
// expressed per km² (× 10⁶).
//
// Evaluated on `frame` exactly from finite points; `threads` split the rows, and every cell
// sums its points in one fixed order (stably sorted by row), so the result is bit-identical
// for any thread count. Cost: the number of points × π (bandwidth / cell)² cells each.
// InvalidInput for bandwidth ≤ 0, a bandwidth over kMaxBandwidthInCells cells, or an empty
// or oversized frame.
Status EstimateDensity(const std::vector<PlanePoint>& points, const GridFrame& frame, double bandwidth,
                       int threads, DensityGrid* out);

enum class GiClass { kCold99 = -3, kCold95 = -2, kCold90 = -1, kNone = 0, kHot90 = 1, kHot95 = 2, kHot99 = 3 };
// "hot 99%", "cold 95%", "not significant".
std::string GiClassName(GiClass klass);

struct GiCell {
  int64_t count = 0;
  int neighbours = 0;     // cells within the distance band inside the grid, itself included
  double z = 0;           // Gi* (a z-score); 0 when undefined (see GiGrid::defined)
  double p = 1;           // two-sided, from the standard normal
  double p_adjusted = 1;  // Benjamini–Hochberg over every cell of the grid
  double p_bonferroni = 1;
  GiClass klass = GiClass::kNone;  // from z's sign and p_adjusted ≤ 0.01 / 0.05 / 0.10
};

struct GiGrid {
  GridFrame frame;
  double distance = 0;  // the band, metres, between cell centres (inclusive)
  double mean = 0, sd = 0;  // of the counts over every cell (population sd)
  bool defined = true;      // false when every cell holds the same count: no z can be formed
  std::vector<GiCell> cells;  // row-major; frame.size() cells
};

// Getis-Ord Gi* (Getis & Ord 1992, Ord & Getis 1995; the formula ArcGIS's Hot Spot Analysis
// uses) with binary weights: w_ij = 1 when the centres of i and j are at most `distance`
// apart (so i itself is its own neighbour), else 0. Over the n cells of the grid, with x̄ and
// S the mean and population standard deviation of the counts and W_i = Σ_j w_ij,
//
//   Gi* = (Σ_j w_ij x_j − x̄ W_i) / (S · sqrt((n W_i − W_i²) / (n − 1)))
//
// Cells with no incidents are cells of the study extent and count in n, x̄ and S. Edges: a
// cell at the grid's edge has fewer neighbours (a smaller W_i); nothing is assumed beyond the
// grid. `counts` is row-major over `frame`. InvalidInput for a distance below zero or a size
// mismatch. Exact integer window sums (row prefix sums), so any grid size is fast.
Status GetisOrd(const std::vector<int64_t>& counts, const GridFrame& frame, double distance, GiGrid* out);

// Benjamini–Hochberg adjusted p-values (the "q-values" of p.adjust(method = "BH") in R):
// p_adj(i) = min over k ≥ rank(i) of (m / k) · p_(k), capped at 1. A cell is significant at
// false discovery rate q exactly when p_adj ≤ q (the step-up procedure).
std::vector<double> BenjaminiHochberg(const std::vector<double>& p);

struct HotspotOptions {
  double cell = 0;         // KDE cell side, metres; 0: the shorter side of the points' extent / 150
  double bandwidth = 0;    // metres; 0: 5 × the KDE cell
  double gi_cell = 250;    // Gi* cell side, metres
  double gi_distance = 0;  // metres; 0: 1.5 × the Gi* cell (the cell and its 8 neighbours)
  double fdr = 0.05;       // the false discovery rate the summary's hot spots are held to
  int threads = 0;         // 0: the machine's
};

struct Hotspots {
  HotspotOptions used;  // with every default resolved
  DensityGrid density;  // over the points' extent plus one bandwidth each side
  GiGrid gi;            // over the points' extent
  std::vector<double> gi_density;  // the kernel density at each Gi* cell's centre, per km²
  int64_t points = 0;
  int hot = 0, cold = 0;      // cells with p_adjusted ≤ fdr, by the sign of z
  int64_t in_hot = 0;         // incidents in those hot cells
};

// Both methods on the same points, the defaults resolved as documented on HotspotOptions.
// InvalidInput for no points, a cell, bandwidth or distance ≤ 0 given, an fdr outside (0, 1),
// or a grid over kMaxGridCells (the message says how many cells were asked for).
Status FindHotspots(const std::vector<PlanePoint>& points, const HotspotOptions& options, Hotspots* out);

}  // namespace safer
