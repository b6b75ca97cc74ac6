// The analyst's toolkit over HTTP: what every analysis route reads from the query string, and
// the concentration route. The other methods have a file each (near_repeat_routes.cc, …).
#include <fmt/format.h>

#include "analysis/concentration_study.h"
#include "server/api.h"

namespace safer::server {

bool ReadStudyRequest(Call& call, StudyRequest* out) {
  *out = StudyRequest{};
  out->area = Param(call.req, "area");
  out->from = Param(call.req, "from");
  out->to = Param(call.req, "to");
  if (out->area.empty() || out->area.size() > 200) {
    ReplyError(call.res, 400, "give an area: a force, local authority, ward or LSOA, by name or code");
    return false;
  }
  if (out->from.empty() || out->to.empty() || out->from.size() > 20 || out->to.size() > 20) {
    ReplyError(call.res, 400, "give from and to: months in the form YYYY-MM");
    return false;
  }
  const size_t n = call.req.get_param_value_count("category");
  if (n > 64) {
    ReplyError(call.res, 400, "at most 64 categories");
    return false;
  }
  for (size_t i = 0; i < n; ++i) {
    std::string c = call.req.get_param_value("category", i);
    if (c.size() > 200) {
      ReplyError(call.res, 400, "a category name is at most 200 characters");
      return false;
    }
    out->categories.push_back(std::move(c));
  }
  return true;
}

void AddAnalysisRoutes(Api& api) {
  // ?area&from&to&by=ward|lsoa|cell&top=10&cell=250&category…: every unit in rank order, so the
  // Lorenz curve and the totals can be rebuilt from the answer.
  api.Get("/api/analyse/concentration", Permission::kViewPartnership, [](Call& call) {
    StudyRequest request;
    if (!ReadStudyRequest(call, &request)) return;
    const std::string by = Param(call.req, "by").empty() ? "ward" : Param(call.req, "by");
    if (by != "ward" && by != "lsoa" && by != "cell")
      return ReplyError(call.res, 400, "by must be ward, lsoa or cell");
    int64_t top = 10, cell = 250;
    if (!IntegerParam(call, "top", 1, 100000, &top) || !IntegerParam(call, "cell", 10, 10000, &cell)) return;
    const ConcentrationUnit unit = by == "ward"   ? ConcentrationUnit::kWard
                                   : by == "lsoa" ? ConcentrationUnit::kLsoa
                                                  : ConcentrationUnit::kGridCell;
    ConcentrationStudy study;
    if (Status st = StudyConcentration(call.db.store(), request, unit, static_cast<int>(top),
                                       static_cast<double>(cell), &study);
        !st.ok())
      return ReplyStatus(call.res, st);
    const Concentration& r = study.result;
    json ranked = json::array();
    for (const auto& a : r.ranked) ranked.push_back(json{{"name", a.area}, {"count", a.count}});
    json notes = study.scope.notes;
    for (const auto& n : study.notes) notes.push_back(n);
    ReplyJson(call.res, json{{"area", study.scope.area.name},
                             {"from", study.scope.plan.months.first.ToString()},
                             {"to", study.scope.plan.months.last.ToString()},
                             {"by", by},
                             {"units", UnitWords(study)},
                             {"cell_metres", unit == ConcentrationUnit::kGridCell ? json(cell) : json(nullptr)},
                             {"ranked", ranked},
                             {"total", r.total},
                             {"top_n", r.top_n},
                             {"top_n_count", r.top_n_count},
                             {"top_n_percent", r.top_n_share},
                             {"gini", r.gini},
                             {"lorenz", r.lorenz},
                             {"not_ranked", study.unplaced},
                             {"missing_months", study.scope.missing_months},
                             {"notes", notes}});
  });
}

}  // namespace safer::server
