// Repeats as JSON, as `safer analyse repeats --format json` and the API give them
// (docs/repeats.md): one builder, so both name and count every field alike.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analytics/repeats.h"
#include "domain/period.h"

namespace safer {

// [{"count": "1", "holders": …, "incidents": …}, …, {"count": "5+", …}]
nlohmann::json RepeatBandsJson(const std::vector<RepeatBand>& bands);

// Repeat locations of `area` over `months`: the summary, distribution and top table, with
// the months no police data is held for (missing, not zero).
nlohmann::json RepeatLocationsJson(const std::string& area, MonthRange months, const RepeatLocations& r,
                                   int64_t without_location, const std::vector<std::string>& missing_months);

// Repeat victims or callers: the summary, distribution, top table and duplicate rows (line
// numbers only: the rows hold personal identifiers).
nlohmann::json RepeatPeopleJson(const std::string& by, const RepeatPeople& r, int64_t rows_read, size_t set_aside);

}  // namespace safer
