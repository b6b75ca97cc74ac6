#include "report/analysis_report.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "analytics/projection.h"
#include "report/html_text.h"

namespace safer {
namespace {

constexpr std::string_view kStyle = R"css(
:root { --ink: #1b1f23; --muted: #5b636b; --rule: #c9ced3; --head: #1f3a5f; --band: #eef1f4; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--ink); }
body { margin: 0 auto; max-width: 1100px; padding: 24px; font-size: 10pt; line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 4px; color: var(--head); }
h2 { font-size: 14pt; color: var(--head); border-bottom: 2px solid var(--head); padding-bottom: 3px; margin: 22px 0 8px; }
.kicker { color: var(--muted); font-size: 10pt; text-transform: uppercase; letter-spacing: 0.04em; }
.lead { font-size: 11pt; font-weight: 600; }
section { break-inside: avoid-page; }
/* The table takes what it needs; the picture scales into the rest (A4 portrait is narrow). */
.pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 20px; align-items: start; }
.pair figure svg { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; font-size: 9pt; }
thead { display: table-header-group; }
th { background: var(--head); color: #fff; text-align: right; padding: 4px 6px; }
th.label, td.label { text-align: left; }
td { border-bottom: 1px solid var(--rule); padding: 3px 6px; text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 1.5px solid var(--ink); background: var(--band); }
.notes { color: var(--muted); font-size: 8.5pt; margin: 6px 0 0; padding-left: 18px; }
figure { margin: 0; } figcaption { color: var(--muted); font-size: 8.5pt; }
.pair svg text { font-family: inherit; font-size: 9px; fill: var(--ink); }
.map svg { max-width: 100%; height: auto; }
)css";

std::string Percent(int64_t n, int64_t total) {
  return total == 0 ? "n/a" : fmt::format("{:.1f}%", 100.0 * static_cast<double>(n) / static_cast<double>(total));
}

}  // namespace

std::string LorenzSvg(const Concentration& result, const std::string& unit_words) {
  constexpr double kSize = 240, kPad = 34;
  const auto& curve = result.lorenz;
  const double n = curve.size() > 1 ? static_cast<double>(curve.size() - 1) : 1;
  std::string path;
  for (size_t k = 0; k < curve.size(); ++k)
    path += fmt::format("{}{:.1f},{:.1f}", k == 0 ? "M" : " L", kPad + kSize * (static_cast<double>(k) / n),
                        kPad + kSize * (1 - curve[k]));
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{0}\" viewBox=\"0 0 {0} {0}\" role=\"img\" "
      "aria-label=\"Lorenz curve of incidents over {1}; Gini {2:.3f}\">",
      kSize + 2 * kPad, EscapeHtml(unit_words), result.gini);
  svg += fmt::format("<rect x=\"{0}\" y=\"{0}\" width=\"{1}\" height=\"{1}\" fill=\"none\" stroke=\"#c9ced3\"/>", kPad,
                     kSize);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#9aa0a6\" stroke-dasharray=\"4 3\"/>",
                     kPad, kPad + kSize);
  svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#1f3a5f\" stroke-width=\"2\"/>";
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">share of {} (fewest incidents first)</text>",
                     kPad + kSize / 2, kPad + kSize + 20, EscapeHtml(unit_words));
  svg += fmt::format("<text transform=\"translate({} {}) rotate(-90)\" text-anchor=\"middle\">share of incidents</text>",
                     kPad - 12, kPad + kSize / 2);
  svg += fmt::format("<text x=\"{}\" y=\"{}\">evenness</text>", kPad + kSize * 0.55, kPad + kSize * 0.4);
  return svg + "</svg>";
}

ReportSection ConcentrationSection(const Concentration& result, const std::string& unit_words,
                                   const std::string& unit_heading, const std::string& what,
                                   const std::string& area) {
  ReportSection s{"concentration", "Where harm concentrates", "", {}};
  std::string& h = s.body_html;
  h += fmt::format("<p class=\"lead\">{:.1f}% of {} in {} took place in just {} of its {} {}.</p>",
                   result.top_n_share, EscapeHtml(what), EscapeHtml(area), result.top_n, result.ranked.size(),
                   EscapeHtml(unit_words));
  h += "<div class=\"pair\"><div><table><thead><tr><th>Rank</th><th class=\"label\">" + EscapeHtml(unit_heading) +
       "</th><th>Incidents</th><th>% of area</th><th>Cumulative %</th></tr></thead><tbody>";
  int64_t cumulative = 0;
  for (int i = 0; i < result.top_n; ++i) {
    const auto& r = result.ranked[static_cast<size_t>(i)];
    cumulative += r.count;
    h += fmt::format("<tr><td>{}</td><td class=\"label\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", i + 1,
                     EscapeHtml(r.area), r.count, Percent(r.count, result.total), Percent(cumulative, result.total));
  }
  // The rest of the area, so the table adds up to the area's total by construction.
  const int64_t rest = result.total - result.top_n_count;
  const size_t others = result.ranked.size() - static_cast<size_t>(result.top_n);
  if (others > 0)
    h += fmt::format("<tr><td></td><td class=\"label\">The other {} of the {} {}</td><td>{}</td><td>{}</td><td></td></tr>",
                     others, result.ranked.size(), EscapeHtml(unit_words), rest, Percent(rest, result.total));
  h += fmt::format("<tr class=\"total\"><td></td><td class=\"label\">{}</td><td>{}</td><td>{}</td><td></td></tr>",
                   EscapeHtml(area), result.total, result.total == 0 ? "n/a" : "100.0%");
  h += "</tbody></table></div><figure>" + LorenzSvg(result, unit_words);
  h += fmt::format("<figcaption>Gini coefficient {:.3f} over all {} {} (0 = even; {:.3f} = all in one).</figcaption>",
                   result.gini, result.ranked.size(), EscapeHtml(unit_words),
                   (static_cast<double>(result.ranked.size()) - 1) / static_cast<double>(result.ranked.size()));
  h += "</figure></div>";
  return s;
}

ReportSection HotspotSection(const Hotspots& h, const HotspotContext& context, int top) {
  ReportSection s{"hotspots", "Hot spots", "", context.notes};
  std::string& out = s.body_html;
  out += "<p class=\"lead\">" + EscapeHtml(HotspotSentence(h)) + ".</p>";
  out += "<figure class=\"map\">" + HotspotSvg(h, context, nullptr) + "<figcaption>" +
         EscapeHtml(fmt::format("Kernel density: quartic, bandwidth {:.0f} m on {:.1f} m cells; Gi*: {:.0f} m cells, "
                                "neighbours within {:.0f} m (the cell itself included), Benjamini–Hochberg over {} "
                                "cells.",
                                h.used.bandwidth, h.used.cell, h.used.gi_cell, h.used.gi_distance, h.gi.frame.size())) +
         "</figcaption></figure>";
  const LocalProjection plane(context.origin);
  const auto ranked = RankedGiCells(h);
  const size_t shown = std::min(ranked.size(), static_cast<size_t>(std::max(top, 0)));
  out += fmt::format("<p>The {} most significant hot cells first ({} m cells; centres in latitude and longitude).</p>",
                     shown, h.used.gi_cell);
  out += "<table><thead><tr><th>Rank</th><th>Latitude</th><th>Longitude</th><th>Incidents</th><th>Gi* z</th>"
         "<th>Adjusted p</th><th class=\"label\">Class</th></tr></thead><tbody>";
  for (size_t i = 0; i < shown; ++i) {
    const GiCell& c = h.gi.cells[static_cast<size_t>(ranked[i])];
    const GeoPoint centre = plane.ToGeo(
        h.gi.frame.Centre(static_cast<int>(ranked[i] / h.gi.frame.cols), static_cast<int>(ranked[i] % h.gi.frame.cols)));
    out += fmt::format("<tr><td>{}</td><td>{:.5f}</td><td>{:.5f}</td><td>{}</td><td>{:.2f}</td><td>{}</td>"
                       "<td class=\"label\">{}</td></tr>",
                       i + 1, centre.latitude, centre.longitude, c.count, c.z,
                       // Beyond z ≈ 38 the normal tail is below the smallest double.
                       c.p_adjusted < 1e-300 ? "&lt;1e-300" : fmt::format("{:.2g}", c.p_adjusted),
                       EscapeHtml(GiClassName(c.klass)));
  }
  out += "</tbody></table>";
  return s;
}

ReportSection RepeatLocationSection(const RepeatLocations& r, const std::string& area, const std::string& period) {
  ReportSection s{"repeats", "Repeat locations", "", {}};
  std::string& out = s.body_html;
  if (r.incidents == 0) {
    out += "<p>" + EscapeHtml(fmt::format("No incidents with a location in {}, {}: no repeat locations to find.", area,
                                          period)) + "</p>";
    return s;
  }
  out += "<p class=\"lead\">" +
         EscapeHtml(fmt::format("{} of the {} map points with an incident in {}, {} ({:.1f}%) had 2 or more; they held "
                                "{} of the {} incidents ({:.1f}%). {} incidents ({:.1f}%) came after each point's "
                                "first; {:.2f} incidents per point.",
                                r.repeat_locations, r.locations, area, period, r.repeat_location_rate,
                                r.at_repeat_locations, r.incidents, r.share_at_repeat_locations, r.repeat_incidents,
                                r.repeat_incident_share, r.incidents_per_location)) +
         "</p>";
  out += "<table id=\"repeat-distribution\"><thead><tr><th class=\"label\">Incidents at the point</th><th>Locations</th>"
         "<th>Incidents</th><th>% of incidents</th></tr></thead><tbody>";
  int64_t locations = 0, incidents = 0;
  for (const auto& b : r.bands) {
    locations += b.holders;
    incidents += b.incidents;
    out += fmt::format("<tr><td class=\"label\">{}{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", b.min_count,
                       b.and_more ? "+" : "", b.holders, b.incidents, Percent(b.incidents, r.incidents));
  }
  out += fmt::format("<tr class=\"total\"><td class=\"label\">Total</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                     locations, incidents, Percent(incidents, r.incidents));
  out += "</tbody></table>";
  if (r.top.empty()) {
    out += "<p>No map point had more than one incident.</p>";
    return s;
  }
  out += fmt::format("<p>The {} locations with most incidents.</p>", r.top.size());
  out += "<table><thead><tr><th>Rank</th><th class=\"label\">Location</th><th>Latitude</th><th>Longitude</th>"
         "<th>Incidents</th><th>Months</th><th class=\"label\">First</th><th class=\"label\">Last</th></tr></thead>"
         "<tbody>";
  for (size_t i = 0; i < r.top.size(); ++i) {
    const auto& l = r.top[i];
    out += fmt::format("<tr><td>{}</td><td class=\"label\">{}</td><td>{:.6f}</td><td>{:.6f}</td><td>{}</td><td>{}</td>"
                       "<td class=\"label\">{}</td><td class=\"label\">{}</td></tr>",
                       i + 1, EscapeHtml(l.description), l.at.latitude, l.at.longitude, l.incidents, l.months,
                       l.first.ToString(), l.last.ToString());
  }
  out += "</tbody></table>";
  return s;
}

ReportSection ExceedanceSection(const std::vector<MonthExceedance>& months, const std::string& area, double level) {
  ReportSection s{"exceedance", "Months outside their expected range", "", {}};
  std::string& out = s.body_html;
  std::vector<std::string> above, below;
  int assessed = 0;
  std::string rows;
  for (const auto& m : months) {
    std::string note;
    if (m.flag == ExceedanceFlag::kNoData) {
      note = "no police data held for this month";
    } else if (!m.range) {
      note = fmt::format("not enough history: {} of {} months", m.history_held, kExceedanceHistory);
      if (!m.history_missing.empty())
        note += fmt::format(" (no data for {}{})", m.history_missing.front().ToString(),
                            m.history_missing.size() > 1 ? " … " + m.history_missing.back().ToString() : "");
    }
    if (m.range && m.count) {
      ++assessed;
      const std::string what = fmt::format("{} ({}, expected {:.1f}, range {:.1f}–{:.1f})", m.month.ToString(),
                                           *m.count, m.range->expected, m.range->low, m.range->high);
      if (m.flag == ExceedanceFlag::kAbove) above.push_back(what);
      if (m.flag == ExceedanceFlag::kBelow) below.push_back(what);
    }
    rows += fmt::format("<tr><td class=\"label\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"label\">{}</td>"
                        "<td class=\"label\">{}</td></tr>",
                        m.month.ToString(), m.count ? std::to_string(*m.count) : "",
                        m.range ? fmt::format("{:.1f}", m.range->expected) : "",
                        m.range ? fmt::format("{:.1f}–{:.1f}", m.range->low, m.range->high) : "",
                        m.range ? EscapeHtml(ExceedanceFlagName(m.flag)) : "", EscapeHtml(note));
  }
  auto list = [](const std::vector<std::string>& items) {
    std::string text;
    for (size_t i = 0; i < items.size(); ++i) text += (i == 0 ? "" : "; ") + items[i];
    return text;
  };
  std::string sentence;
  if (assessed == 0)
    sentence = fmt::format("No month in {} could be assessed: a month needs data for itself and for each of the {} "
                           "months before it.",
                           area, kExceedanceHistory);
  else if (above.empty() && below.empty())
    sentence = fmt::format("None of the {} months assessed in {} fell outside its expected range ({:.0f}% prediction "
                           "interval).",
                           assessed, area, level * 100);
  if (!above.empty()) sentence += fmt::format("Above the expected range in {}: {}. ", area, list(above));
  if (!below.empty()) sentence += fmt::format("Below the expected range in {}: {}.", area, list(below));
  out += "<p class=\"lead\">" + EscapeHtml(sentence) + "</p>";
  out += "<table id=\"exceedance\"><thead><tr><th class=\"label\">Month</th><th>Incidents</th><th>Expected</th>"
         "<th>Range</th><th class=\"label\">Flag</th><th class=\"label\">Note</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
  if (assessed < static_cast<int>(months.size()))
    s.notes.push_back(fmt::format("{} of the {} months could not be assessed (see the note column); they are not "
                                  "flagged either way.",
                                  months.size() - static_cast<size_t>(assessed), months.size()));
  return s;
}

ReportSection ChangeSection(const std::vector<ChangeRow>& rows, const std::string& area, const std::string& period,
                            const std::string& compared_with) {
  ReportSection s{"change", "Significant changes", "", {}};
  std::string& out = s.body_html;
  std::vector<const ChangeRow*> significant;
  int tested = 0;
  std::string body;
  for (const auto& r : rows) {
    if (r.change) ++tested;
    if (r.change && r.change->significant) significant.push_back(&r);
    const std::string name = r.category.empty() ? "All categories asked" : r.category;
    if (r.change) {
      const PeriodChange& c = *r.change;
      body += fmt::format("<tr><td class=\"label\">{}</td><td>{}</td><td>{}</td><td>{:+d}</td><td>{}</td><td>{:.3g}</td>"
                          "<td class=\"label\">{}</td></tr>",
                          EscapeHtml(name), c.after, c.before, c.change,
                          c.percent_change ? fmt::format("{:+.1f}%", *c.percent_change) : "from zero", c.p_value,
                          c.significant ? "yes" : "no");
    } else {
      body += fmt::format("<tr><td class=\"label\">{}</td><td>{}</td><td>{}</td><td colspan=\"4\" class=\"label\">"
                          "no police data held for {}</td></tr>",
                          EscapeHtml(name), r.count ? std::to_string(*r.count) : "",
                          r.before ? std::to_string(*r.before) : "",
                          EscapeHtml(r.missing.empty() ? std::string("a month") : r.missing.front()));
    }
  }
  std::stable_sort(significant.begin(), significant.end(), [](const ChangeRow* a, const ChangeRow* b) {
    return std::abs(a->change->change) > std::abs(b->change->change);
  });
  std::string sentence;
  if (tested == 0) {
    sentence = fmt::format("No change in {}, {}, could be tested against {}: police data are not held for both periods.",
                           area, period, compared_with);
  } else if (significant.empty()) {
    sentence = fmt::format("No change in {}, {}, against {} is significant at the 5% level.", area, period,
                           compared_with);
  } else {
    sentence = fmt::format("Significant at the 5% level in {}, {}, against {}, largest first: ", area, period,
                           compared_with);
    for (size_t i = 0; i < significant.size(); ++i) {
      const ChangeRow& r = *significant[i];
      sentence += fmt::format("{}{} {:+d} ({})", i == 0 ? "" : "; ", r.category.empty() ? "all" : r.category,
                              r.change->change,
                              r.change->percent_change ? fmt::format("{:+.1f}%", *r.change->percent_change)
                                                       : "from zero");
    }
    sentence += ".";
  }
  out += "<p class=\"lead\">" + EscapeHtml(sentence) + "</p>";
  out += "<table id=\"change\"><thead><tr><th class=\"label\">Category</th><th>Incidents</th><th>Before</th>"
         "<th>Change</th><th>% change</th><th>p</th><th class=\"label\">Significant</th></tr></thead><tbody>" +
         body + "</tbody></table>";
  s.notes.push_back("Exact conditional test of two Poisson counts (the period's count given the total of both); 5% level, "
                    "no correction for the number of categories tested.");
  return s;
}

Status WriteAnalysisHtml(const AnalysisDocument& document, const std::string& path) {
  std::string out = "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>" +
                    EscapeHtml("Analysis: " + document.area + ", " + document.period) + "</title><style>";
  out += kStyle;
  out += "</style></head><body><header><div class=\"kicker\">Strategic assessment — analysis</div><h1>" +
         EscapeHtml(document.area) + "</h1><div>" + EscapeHtml(document.period) + "</div></header>";
  out += "<nav><ol>";
  for (const auto& s : document.sections)
    out += "<li><a href=\"#" + EscapeHtml(s.id) + "\">" + EscapeHtml(s.title) + "</a></li>";
  out += "</ol></nav>";
  for (const auto& s : document.sections) {
    out += "<section id=\"" + EscapeHtml(s.id) + "\"><h2>" + EscapeHtml(s.title) + "</h2>" + s.body_html;
    if (!s.notes.empty()) {
      out += "<ul class=\"notes\">";
      for (const auto& n : s.notes) out += "<li>" + EscapeHtml(n) + "</li>";
      out += "</ul>";
    }
    out += "</section>";
  }
  out += "</body></html>\n";
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << out;
  file.close();
  if (!file) return Status::IOError(fmt::format("could not write {}", path));
  return Status::Ok();
}

}  // namespace safer
