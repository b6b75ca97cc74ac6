#include "analysis/analysis_chapter.h"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/concentration_study.h"

namespace safer {
namespace {

std::string WhatWords(const std::vector<std::string>& categories) {
  if (categories.empty()) return "all recorded crime and ASB incidents";
  std::string words;
  for (size_t i = 0; i < categories.size(); ++i)
    words += (i == 0 ? "" : i + 1 == categories.size() ? " and " : ", ") + categories[i];
  return words + " incidents";
}

// A section that could not be computed says so in its own words.
ReportSection Unavailable(std::string id, std::string title, const Status& why) {
  return {std::move(id), std::move(title), "<p>Not available for this area and period.</p>", {why.message()}};
}

ReportSection ConcentrationOf(Store& store, const StudyRequest& request, const ChapterOptions& options) {
  ConcentrationStudy study;
  // Wards when the lookup knows them; otherwise grid cells, which need only locations.
  Status st = StudyConcentration(store, request, ConcentrationUnit::kWard, options.top_n, options.grid_metres, &study);
  if (!st.ok())
    st = StudyConcentration(store, request, ConcentrationUnit::kGridCell, options.top_n, options.grid_metres, &study);
  if (!st.ok()) return Unavailable("concentration", "Where harm concentrates", st);
  const bool wards = study.unit == ConcentrationUnit::kWard;
  ReportSection s = ConcentrationSection(study.result, UnitWords(study), wards ? "Ward" : "Grid cell (centre)",
                                         WhatWords(request.categories), study.scope.area.name);
  if (study.unplaced > 0)
    s.notes.push_back(fmt::format("{} incidents have no {} and are not ranked.", study.unplaced,
                                  wards ? "ward" : "location"));
  for (const auto& n : study.notes) s.notes.push_back(n);
  return s;
}

}  // namespace

Status BuildAnalysisChapter(Store& store, const StudyRequest& request, const ChapterOptions& options,
                            AnalysisDocument* out) {
  *out = AnalysisDocument{};
  StudyScope scope;
  if (Status st = ResolveStudy(store, request, &scope); !st.ok()) return st;
  out->area = scope.area.name;
  out->period = fmt::format("{} to {}", scope.plan.months.first.ToString(), scope.plan.months.last.ToString());
  out->sections.push_back(ConcentrationOf(store, request, options));
  if (const std::string missing = MissingMonthsNote(scope); !missing.empty())
    for (auto& s : out->sections) s.notes.insert(s.notes.begin(), missing);
  return Status::Ok();
}

}  // namespace safer
