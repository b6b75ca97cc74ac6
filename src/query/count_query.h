// "How many, of what, where, when": a count request as the user wrote it, the plan it
// resolves to, and the table it yields. Parsing (the CLI), planning (here) and execution
// (the store) are separate so that every store answers the same plan with the same numbers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/area.h"
#include "domain/category.h"
#include "domain/period.h"
#include "domain/status.h"

namespace safer {

// What a count can be grouped by. `area` is the local authority (the CSP area) an
// incident's LSOA lies in; `force` is the force that recorded it ("Falls within").
enum class CountKey { kArea, kMonth, kCategory, kLsoa, kWard, kForce };

std::optional<CountKey> ParseCountKey(std::string_view text);
std::string_view CountKeyName(CountKey key);

// Denominator for a rate per 1,000.
enum class RateBase { kNone, kPopulation, kHouseholds };

struct CountRequest {
  std::string area;  // a force, local authority, ward or LSOA, by name or code
  MonthRange months;
  std::vector<CountKey> by;
  std::vector<std::string> categories;  // empty: every category
  RateBase rate = RateBase::kNone;
};

struct CountPlan {
  Area area;                         // resolved; area.code is the store's key
  MonthRange months;
  std::vector<CountKey> by;          // without repeats, in the order asked
  std::vector<CategoryId> categories;  // subtrees expanded; empty means every category
  RateBase rate = RateBase::kNone;
  int population_year = 0;  // the mid-year estimate a rate uses (see RateYear)
};

// The mid-year estimate (30 June) a rate over `months` uses: the latest one at or before
// the middle month of the period, so Apr 2018–Mar 2019 and Jan–Mar 2019 both use mid-2018.
int RateYear(const MonthRange& months);

// Resolves categories and checks the request; the area is resolved by the caller (it needs
// the store) and passed in.
Status PlanCount(const CountRequest& request, const Area& area, CountPlan* plan);

struct CountRow {
  std::vector<std::string> keys;  // one per CountPlan::by
  int64_t count = 0;
  std::optional<double> denominator;   // population or households, when a rate was asked
  std::optional<double> rate_per_1000;  // empty when the denominator is unknown
};

struct CountTable {
  std::vector<std::string> columns;  // key names
  std::vector<CountRow> rows;        // sorted by keys
  int64_t total = 0;                 // the sum of rows[i].count, always
  std::vector<std::string> notes;    // e.g. why a rate is unavailable
};

}  // namespace safer
