// Change that matters against the store: monthly series of an area counted as `safer query
// counts` counts them, with the months no police data is held for left empty (missing, never
// zero). The CLI, the server and the analysis chapter all read their series here, so the
// exceedance flags and period-on-period changes are the same everywhere (docs/change.md).
#pragma once

#include <string>
#include <vector>

#include "analysis/area_study.h"
#include "analytics/exceedance.h"

namespace safer {

// Below a force, when no lookup places the area in a force (a derived authority, a ward of a
// lookup not imported), the months its own forces hold no data for are added to
// scope->missing_months: its forces are those that recorded at least a tenth of its incidents
// over the scope's months (AreaMissingMonths). With a lookup ResolveStudy already used the
// force it names (store/lookups.h MissingMonths), and nothing is added.
Status AddAreaMissingMonths(Store& store, StudyScope* scope);

// Every month of `window` for the area and categories of `request` (its months are ignored),
// counted by month (and, when by_category, category): one series per category, or one for
// all. Errors as ResolveStudy.
Status GatherSeries(Store& store, const StudyRequest& request, MonthRange window, bool by_category, StudyScope* scope,
                    std::vector<NamedSeries>* out);

}  // namespace safer
