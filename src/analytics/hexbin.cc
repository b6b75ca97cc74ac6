#include "analytics/hexbin.h"

#include <algorithm>
#include <cmath>

namespace safer {
HexGrid::HexGrid(GeoPoint origin, double cell_metres)
    : projection_(origin), cell_(cell_metres) {}

void HexGrid::Add(const GeoPoint& p, int64_t n) {
  const auto [x, y] = projection_.ToPlane(p);
  // Pointy-topped hexagons cell_ apart across: radius cell_/√3. Axial coordinates, rounded
  // through cube coordinates so a point goes to the hexagon whose centre is nearest.
  const double radius = cell_ / std::sqrt(3.0);
  const double fq = (std::sqrt(3.0) / 3 * x - y / 3) / radius;
  const double fr = (2.0 / 3 * y) / radius;
  const double fs = -fq - fr;
  double q = std::round(fq), r = std::round(fr), s = std::round(fs);
  const double dq = std::fabs(q - fq), dr = std::fabs(r - fr), ds = std::fabs(s - fs);
  if (dq > dr && dq > ds) q = -r - s;
  else if (dr > ds) r = -q - s;
  counts_[{static_cast<int64_t>(q), static_cast<int64_t>(r)}] += n;
}

std::vector<HexCell> HexGrid::Cells() const {
  const double radius = cell_ / std::sqrt(3.0);
  std::vector<HexCell> cells;
  cells.reserve(counts_.size());
  // counts_ is ordered by (q, r); the contract orders by y (r) then x.
  for (const auto& [qr, n] : counts_) {
    const auto [q, r] = qr;
    cells.push_back({radius * std::sqrt(3.0) * (q + r / 2.0), radius * 1.5 * r, n});
  }
  std::sort(cells.begin(), cells.end(), [](const HexCell& a, const HexCell& b) {
    return a.y != b.y ? a.y < b.y : a.x < b.x;
  });
  return cells;
}

}  // namespace safer
