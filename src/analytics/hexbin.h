// Hexagonal binning of incident locations for the map: counts per hexagon on a flat
// projection around the area, so density can be drawn without map tiles. The hexagons
// are pointy-topped, `cell_metres` from centre to centre across.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "analytics/projection.h"
#include "domain/incident.h"

namespace safer {

struct HexCell {
  double x = 0, y = 0;  // centre, metres east and north of the origin
  int64_t n = 0;
};

class HexGrid {
 public:
  // origin: where x = y = 0 (an equirectangular projection about it, accurate to well under
  // a cell across a local authority).
  HexGrid(GeoPoint origin, double cell_metres);
  void Add(const GeoPoint& p, int64_t n = 1);
  // Cells with n > 0, ordered by y then x (deterministic).
  std::vector<HexCell> Cells() const;
  double cell_metres() const { return cell_; }

 private:
  LocalProjection projection_;
  double cell_;
  std::map<std::pair<int64_t, int64_t>, int64_t> counts_;  // axial (q, r) → n
};

}  // namespace safer
