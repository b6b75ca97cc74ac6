// A flat plane in metres about a point: the equirectangular projection, accurate to well
// under a metre per kilometre across a local authority. Enough for density grids and
// distances between anonymised map points; not a national grid.
#pragma once

#include "domain/incident.h"

namespace safer {

struct PlanePoint {
  double x = 0, y = 0;  // metres east and north of the origin
};

class LocalProjection {
 public:
  explicit LocalProjection(GeoPoint origin);
  PlanePoint ToPlane(const GeoPoint& p) const;
  GeoPoint ToGeo(const PlanePoint& p) const;
  const GeoPoint& origin() const { return origin_; }

 private:
  GeoPoint origin_;
  double metres_per_degree_lat_, metres_per_degree_lng_;
};

}  // namespace safer
