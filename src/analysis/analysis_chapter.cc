#include "analysis/analysis_chapter.h"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/change_study.h"
#include "analysis/concentration_study.h"
#include "analysis/hotspot_study.h"
#include "analysis/repeat_study.h"

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

ReportSection HotspotsOf(Store& store, const StudyRequest& request, const ChapterOptions& options,
                         const std::string& missing_note) {
  HotspotStudy study;
  if (Status st = StudyHotspots(store, request, options.hotspots, &study); !st.ok())
    return Unavailable("hotspots", "Hot spots", st);
  ReportSection s = HotspotSection(study.result, study.context, options.top_n);
  // The chapter puts the missing months first in every section; once is enough.
  std::erase(s.notes, missing_note);
  return s;
}

ReportSection RepeatsOf(Store& store, const StudyRequest& request, const ChapterOptions& options) {
  RepeatLocationStudy study;
  if (Status st = StudyRepeatLocations(store, request, options.top_n, &study); !st.ok())
    return Unavailable("repeats", "Repeat locations", st);
  const StudyScope& scope = study.scope;
  const std::string period =
      fmt::format("{} to {}", scope.plan.months.first.ToString(), scope.plan.months.last.ToString());
  if (static_cast<int>(scope.missing_months.size()) == scope.plan.months.size())
    return Unavailable("repeats", "Repeat locations",
                       Status::NotFound(fmt::format("No police data held for {}, {}: repeats are missing, not zero.",
                                                    scope.area.name, period)));
  ReportSection s = RepeatLocationSection(study.result, scope.area.name, period);
  if (study.without_location > 0)
    s.notes.push_back(fmt::format("{} {} no location: not counted in the repeats.", study.without_location,
                                  study.without_location == 1 ? "incident has" : "incidents have"));
  s.notes.push_back("police.uk map points are anonymised (snapped to one of a set of points, often a street): a repeat "
                    "location is a repeat at that point, not necessarily at one address.");
  return s;
}

constexpr double kExceedanceLevel = 0.95;  // as `safer analyse exceedance`

ReportSection ExceedanceOf(Store& store, const StudyRequest& request, MonthRange months) {
  StudyScope scope;
  std::vector<NamedSeries> series;
  std::vector<MonthExceedance> assessed;
  // Not by category: SeriesFromCounts gives exactly one series.
  Status st = GatherSeries(store, request, {months.first.plus(-kExceedanceHistory), months.last}, false, &scope, &series);
  if (st.ok()) st = AssessExceedance(series.at(0).series, months.first, kExceedanceLevel, &assessed);
  if (!st.ok()) return Unavailable("exceedance", "Months outside their expected range", st);
  ReportSection s = ExceedanceSection(assessed, scope.area.name, kExceedanceLevel);
  if (const std::string note = MissingMonthsNote(scope); !note.empty())
    s.notes.push_back(fmt::format("history and months read, {} to {}: {}", scope.plan.months.first.ToString(),
                                  scope.plan.months.last.ToString(), note));
  return s;
}

ReportSection ChangeOf(Store& store, const StudyRequest& request) {
  MonthRange current;
  std::vector<Comparison> comparisons;
  StudyScope scope;
  std::vector<NamedSeries> series;
  Status st = ParseChangePeriods("", request.from, request.to, {"last-year"}, &current, &comparisons);
  // {"last-year"} gives one comparison, a year before the period.
  if (st.ok()) {
    const MonthRange window{comparisons.at(0).before.first, current.last};
    st = GatherSeries(store, request, window, true, &scope, &series);
  }
  if (!st.ok()) return Unavailable("change", "Significant changes", st);
  const MonthRange before = comparisons[0].before;
  std::vector<ChangeRow> rows;
  for (const auto& named : series) {
    ChangeRow row;
    row.category = named.category;
    row.count = TotalOver(named.series, current, &row.missing);
    row.before = TotalOver(named.series, before, &row.missing);
    if (row.count && row.before) row.change = ComparePeriods(*row.before, *row.count);
    rows.push_back(std::move(row));
  }
  ReportSection s = ChangeSection(rows, scope.area.name, RangeText(current),
                                  fmt::format("the same period last year ({})", RangeText(before)));
  if (rows.empty()) s.notes.push_back("No category had an incident in either period.");
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
  const std::string missing = MissingMonthsNote(scope);
  out->sections.push_back(ConcentrationOf(store, request, options));
  out->sections.push_back(HotspotsOf(store, request, options, missing));
  out->sections.push_back(RepeatsOf(store, request, options));
  out->sections.push_back(ExceedanceOf(store, request, scope.plan.months));
  out->sections.push_back(ChangeOf(store, request));
  if (!missing.empty())
    for (auto& s : out->sections) s.notes.insert(s.notes.begin(), missing);
  return Status::Ok();
}

}  // namespace safer
