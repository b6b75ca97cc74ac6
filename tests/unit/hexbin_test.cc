#include "analytics/hexbin.h"

#include <cmath>

#include <gtest/gtest.h>

namespace safer {
namespace {

TEST(HexGrid, PointAtOriginIsInTheCentreCell) {
  HexGrid grid({-1.21, 54.69}, 400);
  grid.Add({-1.21, 54.69});
  auto cells = grid.Cells();
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_DOUBLE_EQ(cells[0].x, 0);
  EXPECT_DOUBLE_EQ(cells[0].y, 0);
  EXPECT_EQ(cells[0].n, 1);
}

TEST(HexGrid, EveryPointGoesToTheNearestCentre) {
  const GeoPoint origin{-1.21, 54.69};
  HexGrid grid(origin, 300);
  const double per_lat = 111320, per_lng = 111320 * std::cos(54.69 * 3.14159265358979 / 180);
  int64_t added = 0;
  for (int i = -20; i <= 20; ++i)
    for (int j = -20; j <= 20; ++j) {
      GeoPoint p{origin.longitude + i * 37.0 / per_lng, origin.latitude + j * 41.0 / per_lat};
      HexGrid single(origin, 300);
      single.Add(p);
      auto c = single.Cells().at(0);
      // The nearest centre is within the hexagon's radius (cell / √3) of the point.
      const double dx = i * 37.0 - c.x, dy = j * 41.0 - c.y;
      EXPECT_LE(std::hypot(dx, dy), 300 / std::sqrt(3.0) + 1e-6) << i << "," << j;
      grid.Add(p);
      ++added;
    }
  int64_t total = 0;
  for (const auto& c : grid.Cells()) total += c.n;
  EXPECT_EQ(total, added);  // no point lost or counted twice
}

TEST(HexGrid, NeighbouringCentresAreOneCellApart) {
  const GeoPoint origin{0, 0};
  HexGrid grid(origin, 500);
  grid.Add(origin);
  grid.Add({500.0 / 111320, 0});  // 500 m east: the next cell along the row
  auto cells = grid.Cells();
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_NEAR(cells[1].x - cells[0].x, 500, 1e-6);
  EXPECT_NEAR(cells[1].y, cells[0].y, 1e-9);
}

}  // namespace
}  // namespace safer
