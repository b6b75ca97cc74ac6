// The analyst's toolkit as a chapter of the strategic assessment: one self-contained HTML
// page of sections — concentration, hotspots, repeats, change that matters — each with its
// sentence, its table and, where a picture helps, an inline SVG. Writers lay results out;
// the studies (src/analysis/) compute them.
#pragma once

#include <string>
#include <vector>

#include "analytics/concentration.h"
#include "domain/status.h"

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

Status WriteAnalysisHtml(const AnalysisDocument& document, const std::string& path);

}  // namespace safer
