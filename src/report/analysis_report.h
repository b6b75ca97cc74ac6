// The analyst's toolkit as a chapter of the strategic assessment: one self-contained HTML
// page of sections — concentration, hotspots, repeats, change that matters — each with its
// sentence, its table and, where a picture helps, an inline SVG. Writers lay results out;
// the studies (src/analysis/) compute them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analytics/concentration.h"
#include "analytics/exceedance.h"
#include "analytics/hotspot.h"
#include "analytics/repeats.h"
#include "domain/status.h"
#include "report/hotspot_map.h"

namespace safer {

struct ReportSection {
  std::string id;         // the anchor: "concentration"
  std::string title;      // plain text: "Where harm concentrates"
  std::string body_html;  // already escaped
  std::vector<std::string> notes;  // plain text: what was left out and why
};

struct AnalysisDocument {
  std::string area;    // "Hartlepool"
  std::string period;  // "2018-04 to 2019-03"
  std::vector<ReportSection> sections;
};

// The top-N table as seed 004 l.1577–1589 lays it out (rank, unit, count, % of the area,
// cumulative %), the sentence, the Gini and a Lorenz curve.
ReportSection ConcentrationSection(const Concentration& result, const std::string& unit_words,
                                   const std::string& unit_heading, const std::string& what,
                                   const std::string& area);

// The Lorenz curve with the line of evenness, as an inline SVG.
std::string LorenzSvg(const Concentration& result, const std::string& unit_words);

// Hot spots: the map (HotspotSvg, whose every text is escaped, inline), HotspotSentence, the
// top `top` Gi* cells as RankedGiCells orders them (centre latitude/longitude, count, z,
// adjusted p, class; the rows of `safer analyse hotspots`) and the context's notes.
ReportSection HotspotSection(const Hotspots& h, const HotspotContext& context, int top);

// Repeat locations: the rate sentence, the 1/2/3/4/5+ distribution whose total row is the
// sum of its rows, and the top locations with their police.uk descriptions. `period` is
// "2018-04 to 2019-03".
ReportSection RepeatLocationSection(const RepeatLocations& r, const std::string& area, const std::string& period);

// Months outside their expected range: one row per month of `months` (count, expected, range,
// flag); a month without 24 months of history says so ("not enough history: 3 of 24 months"),
// one without data says no data is held — never a zero. The sentence names the flagged months
// and counts only months that could be assessed.
ReportSection ExceedanceSection(const std::vector<MonthExceedance>& months, const std::string& area, double level);

// One comparison of a category's count with an earlier period.
struct ChangeRow {
  std::string category;                // "" for every category asked
  std::optional<int64_t> count, before;  // empty: a month of the period has no data held
  std::optional<PeriodChange> change;  // when both counts are held
  std::vector<std::string> missing;    // the months without data, YYYY-MM
};

// Significant changes against `compared_with` (e.g. "the same period last year, 2017-09"):
// a row per category, the significant ones named in the sentence, largest change first.
ReportSection ChangeSection(const std::vector<ChangeRow>& rows, const std::string& area, const std::string& period,
                            const std::string& compared_with);

Status WriteAnalysisHtml(const AnalysisDocument& document, const std::string& path);

}  // namespace safer
