// Concentration of an area's incidents over its wards, LSOAs or grid cells, with the places
// that had none included (analytics/concentration.h explains why that matters).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/area_study.h"
#include "analytics/concentration.h"

namespace safer {

enum class ConcentrationUnit { kWard, kLsoa, kGridCell };

struct ConcentrationStudy {
  StudyScope scope;
  ConcentrationUnit unit = ConcentrationUnit::kWard;
  double cell_metres = 0;   // grid cells only
  Concentration result;     // ranked over every unit of the area
  int64_t unplaced = 0;     // incidents with no ward / LSOA / location: not ranked
  std::vector<std::string> notes;
};

// "wards", "LSOAs", "250 m grid cells".
std::string UnitWords(const ConcentrationStudy& study);

// Wards and LSOAs come from the imported lookup; grid cells are those the area's incidents
// of any category ever occupied in the months held (the outline of the web map), so a cell of
// sea or moor is not counted as an even share. InvalidInput when top_n exceeds the number of
// units, the area is too narrow for the unit, or cell_metres is not in [10, 10000].
Status StudyConcentration(Store& store, const StudyRequest& request, ConcentrationUnit unit, int top_n,
                          double cell_metres, ConcentrationStudy* out);

}  // namespace safer
