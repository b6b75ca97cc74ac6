// Analyses run against the store: the area, months and categories resolved as `safer query
// counts` resolves them, the incidents an analysis needs fetched, and what was left out said
// (months with no police data held, incidents with no location). The methods themselves
// live in src/analytics/ and know no store; the CLI, the server and the reports all come
// through here, so they give the same numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/incident.h"
#include "domain/period.h"
#include "query/count_query.h"
#include "store/store.h"

namespace safer {

struct StudyRequest {
  std::string area;                     // name or code
  std::string from, to;                 // months, YYYY-MM, inclusive
  std::vector<std::string> categories;  // names or ids; empty means every category
};

struct StudyScope {
  Area area;
  CountPlan plan;                           // area, months and categories, for Count/ListIncidents
  std::vector<std::string> missing_months;  // no police data held: missing, not zero
  std::vector<std::string> notes;           // e.g. which of several areas a name meant
};

// InvalidInput for a month that does not parse or a range that runs backwards or an unknown
// category; NotFound for an unknown area.
Status ResolveStudy(Store& store, const StudyRequest& request, StudyScope* scope);

// One incident with a location, projected onto a flat plane in metres (east, north) about
// `PlacedIncidents::origin` (analytics/projection.h).
struct PlacedIncident {
  double x = 0, y = 0;
  GeoPoint at;  // the anonymised map point police.uk gives
  Month month;
  CategoryId category;
};

struct PlacedIncidents {
  GeoPoint origin;  // the mean of the points; (0, 0) when there are none
  std::vector<PlacedIncident> incidents;  // month, file and line order
  int64_t without_location = 0;           // counted, not placed: reported, never dropped silently
};

// Every incident of the scope, placed.
Status GatherPlacedIncidents(Store& store, const StudyScope& scope, PlacedIncidents* out);

// "no police data held for 2 of the 12 months (2018-04 … 2018-05); they are missing, not zero";
// empty when none is missing.
std::string MissingMonthsNote(const StudyScope& scope);

}  // namespace safer
