#include "query/count_query.h"

#include <algorithm>
#include <array>

namespace safer {
namespace {

constexpr std::array<std::pair<CountKey, std::string_view>, 6> kKeys{{
    {CountKey::kArea, "area"}, {CountKey::kMonth, "month"}, {CountKey::kCategory, "category"},
    {CountKey::kLsoa, "lsoa"}, {CountKey::kWard, "ward"}, {CountKey::kForce, "force"},
}};

}  // namespace

std::optional<CountKey> ParseCountKey(std::string_view text) {
  for (auto [key, name] : kKeys)
    if (name == text) return key;
  return std::nullopt;
}

std::string_view CountKeyName(CountKey key) {
  for (auto [k, name] : kKeys)
    if (k == key) return name;
  return "";
}

int RateYear(const MonthRange& months) {
  Month middle = Month::FromIndex((months.first.index() + months.last.index()) / 2);
  return middle.month() >= 6 ? middle.year() : middle.year() - 1;
}

Status PlanCount(const CountRequest& request, const Area& area, CountPlan* plan) {
  if (request.months.last < request.months.first)
    return Status::InvalidInput("--from " + request.months.first.ToString() + " is after --to " +
                                request.months.last.ToString());
  plan->area = area;
  plan->months = request.months;
  plan->rate = request.rate;
  plan->population_year = RateYear(request.months);
  plan->by.clear();
  for (CountKey k : request.by)
    if (std::find(plan->by.begin(), plan->by.end(), k) == plan->by.end()) plan->by.push_back(k);

  plan->categories.clear();
  for (const auto& name : request.categories) {
    auto id = FindCategory(name);
    if (!id) {
      std::string known;
      for (const auto& c : AllCategories()) known += (known.empty() ? "" : ", ") + std::string(c.slug);
      return Status::NotFound("unknown category \"" + name + "\"; known categories: " + known);
    }
    for (CategoryId c : Subtree(*id))
      if (std::find(plan->categories.begin(), plan->categories.end(), c) == plan->categories.end())
        plan->categories.push_back(c);
  }
  std::sort(plan->categories.begin(), plan->categories.end());
  return Status::Ok();
}

}  // namespace safer
