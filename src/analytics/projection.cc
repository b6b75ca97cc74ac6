#include "analytics/projection.h"

#include <cmath>

namespace safer {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMetresPerDegreeLatitude = 111320.0;

}  // namespace

LocalProjection::LocalProjection(GeoPoint origin)
    : origin_(origin),
      metres_per_degree_lat_(kMetresPerDegreeLatitude),
      metres_per_degree_lng_(kMetresPerDegreeLatitude * std::cos(origin.latitude * kPi / 180)) {}

PlanePoint LocalProjection::ToPlane(const GeoPoint& p) const {
  return {(p.longitude - origin_.longitude) * metres_per_degree_lng_,
          (p.latitude - origin_.latitude) * metres_per_degree_lat_};
}

GeoPoint LocalProjection::ToGeo(const PlanePoint& p) const {
  return {origin_.longitude + p.x / metres_per_degree_lng_, origin_.latitude + p.y / metres_per_degree_lat_};
}

}  // namespace safer
