#include "analytics/hotspot.h"
#include "report/hotspot_map.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

namespace safer {
namespace {

constexpr double kPi = 3.14159265358979323846;

// The quartic kernel written out from its definition, per km².
double Quartic(double d2, double h) {
  if (d2 >= h * h) return 0;
  const double u = 1 - d2 / (h * h);
  return 3 / (kPi * h * h) * u * u * 1e6;
}

// Exact KDE by the double loop: every cell against every point.
std::vector<double> BruteDensity(const std::vector<PlanePoint>& points, const GridFrame& f, double h) {
  std::vector<double> out(f.size(), 0);
  for (int r = 0; r < f.rows; ++r)
    for (int c = 0; c < f.cols; ++c) {
      const PlanePoint centre = f.Centre(r, c);
      for (const auto& p : points) {
        const double dx = centre.x - p.x, dy = centre.y - p.y;
        out[int64_t{r} * f.cols + c] += Quartic(dx * dx + dy * dy, h);
      }
    }
  return out;
}

// Gi* by direct sums over every pair of cells.
std::vector<double> BruteGi(const std::vector<int64_t>& x, const GridFrame& f, double distance) {
  const int64_t n = f.size();
  double sum = 0, sum_sq = 0;
  for (int64_t v : x) sum += v, sum_sq += double(v) * v;
  const double mean = sum / n, s = std::sqrt(sum_sq / n - mean * mean);
  std::vector<double> z(n);
  for (int64_t i = 0; i < n; ++i) {
    const PlanePoint a = f.Centre(i / f.cols, i % f.cols);
    double w = 0, wx = 0;
    for (int64_t j = 0; j < n; ++j) {
      const PlanePoint b = f.Centre(j / f.cols, j % f.cols);
      const double d = std::hypot(a.x - b.x, a.y - b.y);
      if (d <= distance * (1 + 1e-12)) w += 1, wx += x[j];
    }
    z[i] = (wx - mean * w) / (s * std::sqrt((n * w - w * w) / (n - 1)));
  }
  return z;
}

GridFrame Frame(double x0, double y0, double cell, int rows, int cols) {
  GridFrame f;
  f.x0 = x0, f.y0 = y0, f.cell = cell, f.rows = rows, f.cols = cols;
  return f;
}

TEST(HotspotDensity, OnePointByHand) {
  // A point at the origin; cell centres at ±25 and ±75 m; bandwidth 100 m.
  DensityGrid d;
  ASSERT_TRUE(EstimateDensity({{0, 0}}, Frame(-100, -100, 50, 4, 4), 100, 1, &d).ok());
  // (−25, −25): d² = 1250, u = 0.875 → 300/π · 0.765625 per km².
  EXPECT_NEAR(d.density[1 * 4 + 1], 300 / kPi * 0.765625, 1e-9);
  EXPECT_NEAR(d.density[1 * 4 + 1], 73.1119, 1e-4);
  // (−75, −25): d² = 6250, u = 0.375 → 300/π · 0.140625.
  EXPECT_NEAR(d.density[1 * 4 + 0], 300 / kPi * 0.140625, 1e-9);
  // (−75, −75): d² = 11250 > h²: outside the kernel.
  EXPECT_EQ(d.density[0], 0);
  // Symmetric about the point.
  EXPECT_DOUBLE_EQ(d.density[1 * 4 + 1], d.density[2 * 4 + 2]);
  EXPECT_DOUBLE_EQ(d.density[1 * 4 + 0], d.density[2 * 4 + 3]);
}

TEST(HotspotDensity, OnePointIntegratesToOneIncident) {
  DensityGrid d;
  ASSERT_TRUE(EstimateDensity({{0.3, -0.7}}, Frame(-60, -60, 1, 120, 120), 50, 2, &d).ok());
  double total = 0;
  for (double v : d.density) total += v * 1e-6;  // per km² × 1 m² cells
  EXPECT_NEAR(total, 1.0, 1e-3);
}

TEST(HotspotDensity, EqualsTheDoubleLoopOnGeneratedPoints) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> cluster(0, 80);
  std::uniform_real_distribution<double> spread(-600, 600);
  std::vector<PlanePoint> points;
  for (int i = 0; i < 300; ++i) points.push_back({cluster(rng) + 200, cluster(rng) - 100});
  for (int i = 0; i < 200; ++i) points.push_back({spread(rng), spread(rng)});
  points.push_back({-600, -600});  // on the frame's corner
  const GridFrame f = Frame(-700, -650, 23.5, 57, 61);
  for (double h : {30.0, 117.0, 400.0}) {
    DensityGrid d;
    ASSERT_TRUE(EstimateDensity(points, f, h, 2, &d).ok());
    const auto want = BruteDensity(points, f, h);
    for (size_t i = 0; i < want.size(); ++i) ASSERT_NEAR(d.density[i], want[i], 1e-9 * (1 + want[i])) << "cell " << i;
  }
}

TEST(HotspotDensity, SameBitsForAnyThreadCount) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1000);
  std::vector<PlanePoint> points(5000);
  for (auto& p : points) p = {u(rng), u(rng)};
  DensityGrid one, three, eight;
  const GridFrame f = Frame(-50, -50, 10, 110, 110);
  ASSERT_TRUE(EstimateDensity(points, f, 45, 1, &one).ok());
  ASSERT_TRUE(EstimateDensity(points, f, 45, 3, &three).ok());
  ASSERT_TRUE(EstimateDensity(points, f, 45, 8, &eight).ok());
  EXPECT_EQ(one.density, three.density);
  EXPECT_EQ(one.density, eight.density);
}

TEST(HotspotDensity, RefusesBadBandwidthAndGrids) {
  DensityGrid d;
  EXPECT_FALSE(EstimateDensity({{0, 0}}, Frame(0, 0, 10, 2, 2), 0, 1, &d).ok());
  EXPECT_FALSE(EstimateDensity({{0, 0}}, Frame(0, 0, 10, 2, 2), -5, 1, &d).ok());
  Status st = EstimateDensity({{0, 0}}, Frame(0, 0, 1, 2, 2), 500, 1, &d);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("500 cells"), std::string::npos) << st.message();
  EXPECT_FALSE(EstimateDensity({{0, 0}}, Frame(0, 0, 0, 2, 2), 5, 1, &d).ok());
  EXPECT_FALSE(EstimateDensity({{0, 0}}, Frame(0, 0, 1, 5000, 5000), 5, 1, &d).ok());
}

TEST(HotspotGi, ThreeByThreeByHand) {
  // 9 incidents in the middle cell of a 3 × 3 grid: n = 9, x̄ = 1, S² = 81/9 − 1 = 8.
  const std::vector<int64_t> x = {0, 0, 0, 0, 9, 0, 0, 0, 0};
  const GridFrame f = Frame(0, 0, 100, 3, 3);
  GiGrid queen;
  ASSERT_TRUE(GetisOrd(x, f, 150, &queen).ok());  // the cell and its 8 neighbours
  EXPECT_DOUBLE_EQ(queen.mean, 1);
  EXPECT_NEAR(queen.sd, std::sqrt(8.0), 1e-12);
  // Corner: W = 4, Σwx = 9 → (9 − 4) / (√8 · √((36 − 16)/8)) = 5 / √20 = √5 / 2.
  EXPECT_EQ(queen.cells[0].neighbours, 4);
  EXPECT_NEAR(queen.cells[0].z, std::sqrt(5.0) / 2, 1e-12);
  // Edge: W = 6 → (9 − 6) / (√8 · √((54 − 36)/8)) = 3 / (√8 · 1.5) = 1/√2.
  EXPECT_NEAR(queen.cells[1].z, 1 / std::sqrt(2.0), 1e-12);
  // Centre: its band is the whole grid (W = n): no z can be formed.
  EXPECT_EQ(queen.cells[4].neighbours, 9);
  EXPECT_EQ(queen.cells[4].z, 0);
  EXPECT_EQ(queen.cells[4].p, 1);

  GiGrid rook;
  ASSERT_TRUE(GetisOrd(x, f, 100, &rook).ok());  // the cell and its 4 edge neighbours
  // Corner: W = 3, Σwx = 0 → −3 / (√8 · √((27 − 9)/8)) = −1/√2.
  EXPECT_NEAR(rook.cells[0].z, -1 / std::sqrt(2.0), 1e-12);
  // Edge: W = 4, Σwx = 9 → √5 / 2.  Centre: W = 5 → 4 / (√8 · √((45 − 25)/8)) = 4 / √20.
  EXPECT_NEAR(rook.cells[1].z, std::sqrt(5.0) / 2, 1e-12);
  EXPECT_NEAR(rook.cells[4].z, 4 / std::sqrt(20.0), 1e-12);
  // Two-sided p from the normal: z = √5/2 ≈ 1.118 → p ≈ 0.2636.
  EXPECT_NEAR(rook.cells[1].p, 0.26355, 1e-4);
  EXPECT_EQ(rook.cells[1].klass, GiClass::kNone);
}

TEST(HotspotGi, EqualsDirectSumsOnGeneratedCounts) {
  std::mt19937_64 rng(3);
  std::poisson_distribution<int> background(0.7), peak(9);
  const GridFrame f = Frame(0, 0, 50, 13, 17);
  std::vector<int64_t> x(f.size());
  for (int64_t i = 0; i < f.size(); ++i) x[i] = (i % 17 > 10 && i / 17 < 5) ? peak(rng) : background(rng);
  for (double distance : {0.0, 50.0, 70.8, 115.0, 230.0}) {
    GiGrid gi;
    ASSERT_TRUE(GetisOrd(x, f, distance, &gi).ok());
    const auto want = BruteGi(x, f, distance);
    for (int64_t i = 0; i < f.size(); ++i) {
      ASSERT_NEAR(gi.cells[i].z, want[i], 1e-9) << "cell " << i << " distance " << distance;
      ASSERT_NEAR(gi.cells[i].p, std::erfc(std::fabs(want[i]) / std::sqrt(2.0)), 1e-12);
    }
  }
}

TEST(HotspotGi, EveryCellAlikeHasNoZ) {
  GiGrid gi;
  ASSERT_TRUE(GetisOrd(std::vector<int64_t>(12, 3), Frame(0, 0, 10, 3, 4), 15, &gi).ok());
  EXPECT_FALSE(gi.defined);
  for (const auto& c : gi.cells) EXPECT_EQ(c.klass, GiClass::kNone);
  EXPECT_FALSE(GetisOrd(std::vector<int64_t>(11, 3), Frame(0, 0, 10, 3, 4), 15, &gi).ok());
  EXPECT_FALSE(GetisOrd(std::vector<int64_t>(12, 3), Frame(0, 0, 10, 3, 4), -1, &gi).ok());
}

TEST(HotspotFdr, BenjaminiHochbergOnKnownLists) {
  // Sorted 0.005, 0.01, 0.03, 0.04 (m = 4): 0.02, 0.02, 0.04, 0.04 (step-up minimum).
  const auto a = BenjaminiHochberg({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(a.size(), 4u);
  EXPECT_NEAR(a[0], 0.02, 1e-15);
  EXPECT_NEAR(a[1], 0.04, 1e-15);
  EXPECT_NEAR(a[2], 0.04, 1e-15);
  EXPECT_NEAR(a[3], 0.02, 1e-15);
  // R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "BH") is 0.05 five times.
  for (double v : BenjaminiHochberg({0.01, 0.02, 0.03, 0.04, 0.05})) EXPECT_NEAR(v, 0.05, 1e-15);
  // Capped at 1; ties keep equal values.
  const auto c = BenjaminiHochberg({0.9, 0.9, 1.0});
  EXPECT_NEAR(c[0], 1.0, 1e-15);
  EXPECT_EQ(c[0], c[1]);
  EXPECT_TRUE(BenjaminiHochberg({}).empty());
}

TEST(HotspotFdr, EqualsTheStepUpProcedure) {
  // Brute force: reject the k smallest where k is the largest with p_(k) ≤ k q / m.
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> p(400);
  for (size_t i = 0; i < p.size(); ++i) p[i] = i < 60 ? u(rng) * 0.002 : u(rng);
  const auto adjusted = BenjaminiHochberg(p);
  for (double q : {0.01, 0.05, 0.1}) {
    std::vector<double> sorted = p;
    std::sort(sorted.begin(), sorted.end());
    double threshold = -1;
    for (size_t k = 1; k <= sorted.size(); ++k)
      if (sorted[k - 1] <= k * q / sorted.size()) threshold = sorted[k - 1];
    for (size_t i = 0; i < p.size(); ++i) EXPECT_EQ(adjusted[i] <= q, p[i] <= threshold) << i << " q=" << q;
  }
}

TEST(HotspotFind, AClusterIsHotAndTheDefaultsFollowTheRule) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> x(0, 6000), y(0, 3000);
  std::normal_distribution<double> cluster(0, 60);
  std::vector<PlanePoint> points;
  for (int i = 0; i < 3000; ++i) points.push_back({x(rng), y(rng)});
  for (int i = 0; i < 600; ++i) points.push_back({4125 + cluster(rng), 1625 + cluster(rng)});
  Hotspots h;
  ASSERT_TRUE(FindHotspots(points, {}, &h).ok());
  EXPECT_NEAR(h.used.cell, 3000.0 / 150, 1.0);  // the shorter side of the extent / 150
  EXPECT_DOUBLE_EQ(h.used.bandwidth, 5 * h.used.cell);
  EXPECT_DOUBLE_EQ(h.used.gi_distance, 375);
  EXPECT_EQ(h.points, 3600);
  int64_t counted = 0;
  for (const auto& c : h.gi.cells) counted += c.count;
  EXPECT_EQ(counted, 3600) << "every point in one Gi* cell";
  // The cell holding the cluster's centre is hot at 99%; cells far from it are not hot.
  const GridFrame& f = h.gi.frame;
  const int col = static_cast<int>((4125 - f.x0) / f.cell), row = static_cast<int>((1625 - f.y0) / f.cell);
  EXPECT_EQ(h.gi.cells[int64_t{row} * f.cols + col].klass, GiClass::kHot99);
  EXPECT_NE(h.gi.cells[0].klass, GiClass::kHot99);
  EXPECT_GE(h.hot, 1);
  EXPECT_GT(h.in_hot, 400);
  ASSERT_EQ(h.gi_density.size(), h.gi.cells.size());
  // The density peaks near the cluster.
  const DensityGrid& d = h.density;
  const auto peak = std::max_element(d.density.begin(), d.density.end()) - d.density.begin();
  const PlanePoint at = d.frame.Centre(peak / d.frame.cols, peak % d.frame.cols);
  EXPECT_LT(std::hypot(at.x - 4125, at.y - 1625), 100);
}

TEST(HotspotFind, RefusesWhatCannotBeAnalysed) {
  Hotspots h;
  EXPECT_FALSE(FindHotspots({}, {}, &h).ok());
  HotspotOptions o;
  o.cell = -1;
  EXPECT_FALSE(FindHotspots({{0, 0}, {10, 10}}, o, &h).ok());
  o = {};
  o.cell = 0.01;  // 100 km × 100 km in 1 cm cells
  Status st = FindHotspots({{0, 0}, {100000, 100000}}, o, &h);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("over the limit"), std::string::npos) << st.message();
  o = {};
  o.fdr = 1.5;
  EXPECT_FALSE(FindHotspots({{0, 0}, {10, 10}}, o, &h).ok());
  // One place only: a 10 m cell, one Gi* cell, no z.
  ASSERT_TRUE(FindHotspots({{5, 5}, {5, 5}}, {}, &h).ok());
  EXPECT_DOUBLE_EQ(h.used.cell, 10);
  EXPECT_FALSE(h.gi.defined);
  EXPECT_EQ(h.hot, 0);
}

TEST(HotspotMap, TextIsEscapedAndCellsAreClosedSquares) {
  Hotspots h;
  ASSERT_TRUE(FindHotspots({{0, 0}, {10, 0}, {400, 300}, {410, 310}, {405, 305}}, {}, &h).ok());
  HotspotContext context;
  context.title = "Burglary <script>alert(1)</script> & \"more\"";
  context.origin = {-1.2, 54.6};
  context.notes = {"a note with <b>"};
  const std::string svg = HotspotSvg(h, context, nullptr);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("Burglary &lt;script&gt;alert(1)&lt;/script&gt; &amp;"), std::string::npos);
  EXPECT_NE(svg.find("a note with &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<circle"), std::string::npos) << "no points asked for";

  const std::string geojson = HotspotGeoJson(h, context);
  // One feature per Gi* cell, empty ones too.
  size_t features = 0;
  for (size_t at = 0; (at = geojson.find("\"type\":\"Feature\"", at)) != std::string::npos; ++at) ++features;
  EXPECT_EQ(features, static_cast<size_t>(h.gi.frame.size()));
  EXPECT_NE(geojson.find("\"count\":3"), std::string::npos) << "the cluster's cell holds three";
}

}  // namespace
}  // namespace safer
