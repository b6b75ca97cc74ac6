// Change that matters (docs/change.md): GET /api/analyse/exceedance and /api/analyse/change.
// Counts by month (and category) of the partnership's areas, so kViewPartnership, as
// /api/counts; the numbers are those of `safer analyse exceedance` and `safer analyse change`.
#include <algorithm>

#include <fmt/format.h>

#include "analysis/change_study.h"
#include "analytics/exceedance.h"
#include "server/api.h"

namespace safer::server {
namespace {

constexpr double kLevel = 0.95;
constexpr int kMaxMonths = 240;  // twenty years assessed at once is more than any question needs
constexpr size_t kMaxCategories = 64;

json AreaJson(const Area& a) { return json{{"code", a.code}, {"name", a.name}, {"level", AreaLevelSlug(a.level)}}; }

json Optional(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

// area, category (repeatable) and by: replies 400 and returns false when they are unusable.
bool CommonParams(Call& call, std::string* area, std::vector<std::string>* categories, bool* by_category) {
  *area = Param(call.req, "area");
  if (area->empty() || area->size() > 200) {
    ReplyError(call.res, 400, "give an area: a force, local authority, ward or LSOA, by name or code");
    return false;
  }
  const size_t n = call.req.get_param_value_count("category");
  if (n > kMaxCategories) {
    ReplyError(call.res, 400, fmt::format("at most {} categories", kMaxCategories));
    return false;
  }
  for (size_t i = 0; i < n; ++i) categories->push_back(call.req.get_param_value("category", i).substr(0, 200));
  const std::string by = Param(call.req, "by");
  if (!by.empty() && by != "category") {
    ReplyError(call.res, 400, "by must be category, or left out");
    return false;
  }
  *by_category = by == "category";
  return true;
}

// The series of `window`, as the CLI gathers them; replies and returns false on a problem.
bool Gather(Call& call, const std::string& area, const std::vector<std::string>& categories, MonthRange window,
            bool by_category, StudyScope* scope, std::vector<NamedSeries>* out) {
  if (Status st = GatherSeries(call.db.store(), {area, "", "", categories}, window, by_category, scope, out); !st.ok()) {
    ReplyStatus(call.res, st);
    return false;
  }
  return true;
}

json Notes(const StudyScope& scope) {
  json notes = scope.notes;
  if (const std::string note = MissingMonthsNote(scope); !note.empty()) notes.push_back(note);
  return notes;
}

void AddExceedance(Api& api) {
  api.Get("/api/analyse/exceedance", Permission::kViewPartnership, [](Call& call) {
    std::string area;
    std::vector<std::string> categories;
    bool by_category = false;
    if (!CommonParams(call, &area, &categories, &by_category)) return;
    const std::string from_text = Param(call.req, "from"), to_text = Param(call.req, "to");
    const auto from = Month::Parse(from_text), to = Month::Parse(to_text);
    if (!from) return ReplyError(call.res, 400, fmt::format("from \"{}\" is not a month in the form YYYY-MM", from_text.substr(0, 40)));
    if (!to) return ReplyError(call.res, 400, fmt::format("to \"{}\" is not a month in the form YYYY-MM", to_text.substr(0, 40)));
    if (*to < *from) return ReplyError(call.res, 400, fmt::format("the months run backwards: to {} is before from {}", to_text, from_text));
    if (MonthRange{*from, *to}.size() > kMaxMonths)
      return ReplyError(call.res, 400, fmt::format("at most {} months at once", kMaxMonths));
    StudyScope scope;
    std::vector<NamedSeries> series;
    if (!Gather(call, area, categories, {from->plus(-kExceedanceHistory), *to}, by_category, &scope, &series)) return;
    json out = json::array(), above = json::array(), below = json::array();
    for (const auto& s : series) {
      std::vector<MonthExceedance> assessed;
      if (Status st = AssessExceedance(s.series, *from, kLevel, &assessed); !st.ok()) return ReplyStatus(call.res, st);
      json months = json::array();
      for (const auto& m : assessed) {
        json row{{"month", m.month.ToString()},
                 {"count", Optional(m.count)},
                 {"expected", m.range ? json(m.range->expected) : json(nullptr)},
                 {"low", m.range ? json(m.range->low) : json(nullptr)},
                 {"high", m.range ? json(m.range->high) : json(nullptr)},
                 {"dispersion", m.range ? json(m.range->dispersion) : json(nullptr)},
                 {"flag", ExceedanceFlagName(m.flag)},
                 {"history_held", m.history_held}};
        json missing = json::array();
        for (Month h : m.history_missing) missing.push_back(h.ToString());
        row["history_missing"] = missing;
        const json named{{"category", s.category.empty() ? json(nullptr) : json(s.category)},
                         {"month", m.month.ToString()}};
        if (m.flag == ExceedanceFlag::kAbove) above.push_back(named);
        if (m.flag == ExceedanceFlag::kBelow) below.push_back(named);
        months.push_back(std::move(row));
      }
      out.push_back(json{{"category", s.category.empty() ? json(nullptr) : json(s.category)}, {"months", months}});
    }
    ReplyJson(call.res, json{{"area", AreaJson(scope.area)},
                             {"from", from->ToString()},
                             {"to", to->ToString()},
                             {"level", kLevel},
                             {"history_months", kExceedanceHistory},
                             {"series", out},
                             {"above", above},
                             {"below", below},
                             {"notes", Notes(scope)}});
  });
}

void AddChange(Api& api) {
  api.Get("/api/analyse/change", Permission::kViewPartnership, [](Call& call) {
    std::string area;
    std::vector<std::string> categories;
    bool by_category = false;
    if (!CommonParams(call, &area, &categories, &by_category)) return;
    std::vector<std::string> against;
    const size_t n = call.req.get_param_value_count("against");
    if (n > 8) return ReplyError(call.res, 400, "at most 8 comparisons");
    for (size_t i = 0; i < n; ++i) against.push_back(call.req.get_param_value("against", i).substr(0, 40));
    MonthRange current;
    std::vector<Comparison> comparisons;
    if (Status st = ParseChangePeriods(Param(call.req, "period").substr(0, 40), Param(call.req, "from").substr(0, 40),
                                       Param(call.req, "to").substr(0, 40), against, &current, &comparisons);
        !st.ok())
      return ReplyStatus(call.res, st);
    if (current.size() > kMaxMonths) return ReplyError(call.res, 400, fmt::format("at most {} months at once", kMaxMonths));
    MonthRange window = current;
    for (const auto& c : comparisons)
      window = {std::min(window.first, c.before.first), std::max(window.last, c.before.last)};
    if (window.size() > 4 * kMaxMonths) return ReplyError(call.res, 400, "the periods compared are too far apart");
    StudyScope scope;
    std::vector<NamedSeries> series;
    if (!Gather(call, area, categories, window, by_category, &scope, &series)) return;
    json rows = json::array();
    struct Significant {
      json named;
      int64_t size;
    };
    std::vector<Significant> significant;
    for (const auto& s : series) {
      for (const auto& c : comparisons) {
        std::vector<std::string> missing;
        const auto after = TotalOver(s.series, current, &missing);
        const auto before = TotalOver(s.series, c.before, &missing);
        json row{{"category", s.category.empty() ? json(nullptr) : json(s.category)},
                 {"against", c.against},
                 {"period", RangeText(current)},
                 {"compared_with", RangeText(c.before)},
                 {"count", Optional(after)},
                 {"before", Optional(before)},
                 {"change", nullptr},
                 {"percent_change", nullptr},
                 {"p_value", nullptr},
                 {"significant", nullptr},
                 {"missing_months", missing}};
        if (after && before) {
          const PeriodChange change = ComparePeriods(*before, *after);
          row["change"] = change.change;
          row["percent_change"] = change.percent_change ? json(*change.percent_change) : json(nullptr);
          row["p_value"] = change.p_value;
          row["significant"] = change.significant;
          if (change.significant)
            significant.push_back({json{{"category", row["category"]}, {"against", c.against}, {"change", change.change}},
                                   std::abs(change.change)});
        }
        rows.push_back(std::move(row));
      }
    }
    std::stable_sort(significant.begin(), significant.end(),
                     [](const Significant& a, const Significant& b) { return a.size > b.size; });
    json named = json::array();
    for (const auto& s : significant) named.push_back(s.named);
    ReplyJson(call.res, json{{"area", AreaJson(scope.area)},
                             {"period", RangeText(current)},
                             {"alpha", 0.05},
                             {"rows", rows},
                             {"significant", named},
                             {"notes", Notes(scope)}});
  });
}

}  // namespace

void AddChangeRoutes(Api& api) {
  AddExceedance(api);
  AddChange(api);
}

}  // namespace safer::server
