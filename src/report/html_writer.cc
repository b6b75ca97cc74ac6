// The pack as one self-contained HTML page: inline CSS and SVG, nothing fetched (a
// Content-Security-Policy forbids it), A4 landscape when printed with page numbers in the
// margin. Every string from the pack is escaped; every figure is shown with its unit, or
// with the reason it is missing.
#include <algorithm>
#include <cctype>
#include <fstream>

#include <fmt/format.h>

#include "report/html_text.h"
#include "report/pack_format.h"
#include "report/pack_writers.h"

namespace safer {
namespace {

using namespace report;


std::string Title(std::string_view text) { return text.empty() ? "" : " title=\"" + EscapeHtml(text) + "\""; }

constexpr std::string_view kStyle = R"css(
:root { --ink: #1b1f23; --muted: #5b636b; --rule: #c9ced3; --head: #1f3a5f; --band: #eef1f4; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--ink); }
body { margin: 0 auto; max-width: 1200px; padding: 24px; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 20pt; margin: 0 0 4px; color: var(--head); }
h2 { font-size: 14pt; color: var(--head); border-bottom: 2px solid var(--head); padding-bottom: 3px; margin: 18px 0 8px; }
h3 { font-size: 11pt; margin: 14px 0 4px; }
p { margin: 4px 0; }
.kicker { color: var(--muted); font-size: 10pt; text-transform: uppercase; letter-spacing: 0.04em; }
.period { font-size: 13pt; margin-bottom: 10px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 10px 0; }
.facts dt { font-weight: bold; } .facts dd { margin: 0; }
.cover-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; align-items: start; }
nav ol { margin: 4px 0; padding-left: 20px; }
.key { border: 1px solid var(--rule); background: #fafbfc; padding: 8px 12px; }
.key h3 { margin-top: 0; }
.key dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 10px; margin: 0; }
.key dt { text-align: right; } .key dd { margin: 0; }
section.part { break-before: page; }
.block { break-inside: avoid; }
h2, h3 { break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 2px; font-size: 8.5pt; }
table.indicators { table-layout: fixed; }
table.categories { width: 80%; }
table.districts td:first-child { width: 19%; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { background: var(--head); color: #fff; font-weight: bold; text-align: right; vertical-align: bottom;
     padding: 4px 5px; border: 1px solid var(--head); }
th.label { text-align: left; }
tbody th { background: none; color: inherit; border: none; border-bottom: 1px solid var(--rule); text-align: left;
           vertical-align: top; font-weight: 600; }
th.group { text-align: center; border-left: 1px solid #fff; }
th small { display: block; font-weight: normal; opacity: 0.9; }
td { border-bottom: 1px solid var(--rule); padding: 3px 5px; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.missing { color: var(--muted); font-style: italic; white-space: normal; font-size: 7.5pt; }
td.merged { text-align: center; vertical-align: middle; }
td.mine, th.mine { background: #f6f1e1; }
th.mine { background: #3f5f86; }
tr.parent td { font-weight: 600; }
tr.total td { font-weight: bold; border-top: 1.5px solid var(--ink); background: var(--band); }
tr.d1 td:first-child { padding-left: 18px; } tr.d2 td:first-child { padding-left: 32px; }
tr.d3 td:first-child { padding-left: 46px; }
.def { display: block; font-size: 7.5pt; color: var(--muted); font-weight: normal; }
.parts { display: block; font-size: 7.5pt; color: var(--muted); }
.sig { font-weight: bold; color: var(--head); }
.chip { display: inline-block; min-width: 48px; text-align: center; padding: 1px 6px; border-radius: 8px;
        border: 1px solid; font-weight: bold; font-size: 8pt; }
.chip.green { background: #dcefdf; color: #14502a; border-color: #2e7d32; }
.chip.amber { background: #fdefc8; color: #5f4300; border-color: #b7791f; }
.chip.red { background: #f8dada; color: #7a1c1c; border-color: #c62828; }
.chip.none { background: #eceef0; color: #444; border-color: #9aa0a6; }
.reason { display: block; font-size: 7pt; color: var(--muted); white-space: normal; margin-top: 2px; }
td.status { min-width: 90px; }
td.trend { text-align: center; }
svg.spark { display: block; margin: 0 auto; }
.foot { font-size: 8pt; color: var(--muted); margin: 2px 0 10px; }
.glance { display: grid; grid-template-columns: max-content 1fr; gap: 5px 10px; margin-top: 6px; font-size: 8.5pt; }
.glance ul { margin: 0; padding: 0; list-style: none; }
.glance li { display: inline; }
.glance li + li::before { content: " · "; color: var(--muted); }
ul.notes li { margin-bottom: 4px; }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; }
  h2 { margin-top: 0; }
}
)css";

struct Html {
  std::string out;
  Html& operator<<(std::string_view s) {
    out += s;
    return *this;
  }
};

// A figure in its own cell: the value with its unit, its numerator and denominator when
// it is a ratio or a percentage, and its provenance on hover; or the reason it is missing.
void FigureCell(Html& h, const Figure& f, IndicatorUnit unit, std::string_view extra_class = "") {
  std::string cls = extra_class.empty() ? "" : " " + std::string(extra_class);
  if (!f.value) {
    h << "<td class=\"num missing" << cls << "\"" << Title(f.provenance) << ">" << EscapeHtml(MissingText(f)) << "</td>";
    return;
  }
  h << "<td class=\"num" << cls << "\"" << Title(f.provenance) << ">" << EscapeHtml(FormatValue(*f.value, unit));
  // Parts of a rate stay in the title: its denominator (a population) is in the provenance.
  if (unit == IndicatorUnit::kPercentage || unit == IndicatorUnit::kRatio)
    if (std::string parts = FormatParts(f, unit); !parts.empty()) h << "<span class=\"parts\">" << EscapeHtml(parts) << "</span>";
  h << "</td>";
}

void DifferenceCell(Html& h, const Change& c, IndicatorUnit unit, const Figure& before, const Figure& after) {
  if (!c.difference) {
    h << "<td class=\"num missing\"" << Title(NoChangeReason(before, after)) << ">Not available</td>";
    return;
  }
  h << "<td class=\"num\">" << EscapeHtml(FormatDifference(*c.difference, unit, c.in_points)) << "</td>";
}

// The relative change, "n/a" from a zero base, with a marker when the change is unlikely
// to be chance; the p value is in the title either way.
void PercentCell(Html& h, const Change& c, const Figure& before, const Figure& after) {
  std::string title;
  if (c.test)
    title = FormatPValue(c.test->p_value) + (c.test->significant ? " — " + std::string(kSignificanceNote)
                                                                 : " — could be chance");
  if (!c.difference) {
    h << "<td class=\"num missing\"" << Title(NoChangeReason(before, after)) << ">Not available</td>";
    return;
  }
  if (!c.percent) title = std::string(kZeroBaseReason) + (title.empty() ? "" : "; " + title);
  h << "<td class=\"num\"" << Title(title) << ">" << EscapeHtml(c.percent ? FormatPercentChange(*c.percent) : std::string(kZeroBase));
  if (c.test && c.test->significant) h << "&nbsp;<span class=\"sig\">&dagger;</span>";
  h << "</td>";
}

// A table kept whole on one page when it is short enough to fit on one; a longer one
// flows (its header repeated), since keeping it whole would only push it to the next page.
std::string BlockClass(size_t rows, size_t fits) { return rows <= fits ? " class=\"block\"" : ""; }

bool AnySignificant(const std::vector<const Change*>& changes) {
  return std::any_of(changes.begin(), changes.end(), [](const Change* c) { return c->test && c->test->significant; });
}

void SignificanceFootnote(Html& h) {
  h << "<p class=\"foot\"><span class=\"sig\">&dagger;</span> " << EscapeHtml(kSignificanceNote)
    << " (exact test for two counts; the p value of every tested change is shown when you point at it, "
       "and is in pack.csv).</p>";
}

std::string ChipClass(Rag rag) {
  switch (rag) {
    case Rag::kGreen: return "green";
    case Rag::kAmber: return "amber";
    case Rag::kRed: return "red";
    case Rag::kNone: break;
  }
  return "none";
}

void StatusCell(Html& h, const IndicatorLine& line) {
  std::string name(RagName(line.status));
  h << "<td class=\"status\"><span class=\"chip " << ChipClass(line.status) << "\">"
    << EscapeHtml(name.empty() ? "Not rated" : name) << "</span>";
  if (!line.status_reason.empty()) h << "<span class=\"reason\">" << EscapeHtml(line.status_reason) << "</span>";
  h << "</td>";
}

// A sparkline of the trend, oldest first: a line through the quarters that have a figure,
// broken where one is missing, the latest quarter marked with a dot.
void Sparkline(Html& h, const std::vector<std::pair<std::string, Figure>>& trend, IndicatorUnit unit) {
  std::vector<double> present;
  for (const auto& [label, f] : trend)
    if (f.value) present.push_back(*f.value);
  if (present.empty()) {
    h << "<td class=\"trend missing\">No trend figures</td>";
    return;
  }
  constexpr double kW = 88, kH = 26, kPad = 3;
  auto [lo, hi] = std::minmax_element(present.begin(), present.end());
  double span = *hi - *lo;
  size_t n = trend.size();
  auto x = [&](size_t i) { return n == 1 ? kW / 2 : kPad + (kW - 2 * kPad) * static_cast<double>(i) / (n - 1); };
  auto y = [&](double v) { return span == 0 ? kH / 2 : kH - kPad - (kH - 2 * kPad) * (v - *lo) / span; };

  std::string title, missing;
  for (const auto& [label, f] : trend) {
    title += (title.empty() ? "" : "; ") + TrendLabel(label) + ": " +
             (f.value ? FormatValue(*f.value, unit) : MissingText(f));
    if (!f.value) missing = "; gaps are quarters without a figure";
  }
  h << "<td class=\"trend\"><svg class=\"spark\" width=\"" << fmt::format("{:g}", kW) << "\" height=\""
    << fmt::format("{:g}", kH) << "\" viewBox=\"0 0 " << fmt::format("{:g} {:g}", kW, kH)
    << "\" role=\"img\" aria-label=\"" << EscapeHtml("Trend over " + std::to_string(n) + " quarters" + missing) << "\"><title>"
    << EscapeHtml(title) << "</title>";
  h << fmt::format("<line x1=\"0\" y1=\"{0:g}\" x2=\"{1:g}\" y2=\"{0:g}\" stroke=\"#d5dade\" stroke-width=\"1\"/>", kH - 0.5, kW);
  std::string points;
  auto flush = [&] {
    if (points.find(' ') != std::string::npos)
      h << "<polyline fill=\"none\" stroke=\"#1f3a5f\" stroke-width=\"1.6\" stroke-linejoin=\"round\" points=\""
        << points << "\"/>";
    else if (!points.empty()) {  // a single point between gaps
      auto comma = points.find(',');
      h << "<circle cx=\"" << points.substr(0, comma) << "\" cy=\"" << points.substr(comma + 1)
        << "\" r=\"1.6\" fill=\"#1f3a5f\"/>";
    }
    points.clear();
  };
  for (size_t i = 0; i < n; ++i) {
    const Figure& f = trend[i].second;
    if (!f.value) {
      flush();
      continue;
    }
    points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x(i), y(*f.value));
  }
  flush();
  if (trend.back().second.value)
    h << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.4\" fill=\"#b7791f\"/>", x(n - 1),
                     y(*trend.back().second.value));
  h << "</svg></td>";
}

std::string TrendHeading(const PerformancePack& pack) {
  for (const auto& objective : pack.objectives)
    for (const auto& line : objective.lines)
      if (line.trend.size() > 1)
        return TrendLabel(line.trend.front().first) + " to " + TrendLabel(line.trend.back().first);
  return "";
}

void ObjectiveTableHtml(Html& h, const PerformancePack& pack, const ObjectiveTable& table, size_t number) {
  const PackPeriod& p = pack.period;
  std::string noun(PeriodNoun(p.current));
  h << "<div" << BlockClass(table.lines.size(), 6) << "><h3>Strategic objective " << std::to_string(number) << ": " << EscapeHtml(table.objective)
    << "</h3>\n<table class=\"indicators\">"
    << "<colgroup><col style=\"width:22%\"><col span=\"6\" style=\"width:7.5%\"><col style=\"width:7%\">"
       "<col style=\"width:12%\"><col style=\"width:9%\"></colgroup>"
    << "<thead><tr><th class=\"label\" scope=\"col\">Indicator</th>"
    << "<th scope=\"col\">Baseline (previous FY)<small>" << EscapeHtml(YearLabel(p.baseline)) << "</small></th>"
    << "<th scope=\"col\">Target<small>" << EscapeHtml(YearLabel(FinancialYear::Containing(p.current.first).months()))
    << "</small></th>"
    << "<th scope=\"col\">Same " << noun << " last year<small>" << EscapeHtml(MonthRangeLabel(p.previous)) << "</small></th>"
    << "<th scope=\"col\">This " << noun << "<small>" << EscapeHtml(MonthRangeLabel(p.current)) << "</small></th>"
    << "<th scope=\"col\">Year to date<small>" << EscapeHtml(MonthRangeLabel(p.year_to_date)) << "</small></th>"
    << "<th scope=\"col\">Difference</th><th scope=\"col\">% difference</th>"
    << "<th class=\"label\" scope=\"col\">Status</th>"
    << "<th scope=\"col\" style=\"text-align:center\">Trend<small>" << EscapeHtml(TrendHeading(pack)) << "</small></th>"
    << "</tr></thead>\n<tbody>\n";
  std::vector<const Change*> changes;
  for (const auto& line : table.lines) {
    const Indicator& ind = line.indicator;
    h << "<tr><th scope=\"row\">" << EscapeHtml(ind.name);
    if (!ind.definition.empty()) h << "<span class=\"def\">" << EscapeHtml(ind.definition) << "</span>";
    h << "</th>";
    FigureCell(h, line.baseline, ind.unit);
    h << "<td class=\"num\">" << EscapeHtml(TargetText(ind.target, ind.unit)) << "</td>";
    FigureCell(h, line.same_period_last_year, ind.unit);
    FigureCell(h, line.this_period, ind.unit);
    FigureCell(h, line.year_to_date, ind.unit);
    DifferenceCell(h, line.change, ind.unit, line.same_period_last_year, line.this_period);
    PercentCell(h, line.change, line.same_period_last_year, line.this_period);
    StatusCell(h, line);
    Sparkline(h, line.trend, ind.unit);
    h << "</tr>\n";
    changes.push_back(&line.change);
  }
  h << "</tbody></table>\n";
  if (AnySignificant(changes)) SignificanceFootnote(h);
  h << "</div>\n";
}

void CategoryTableHtml(Html& h, const CategoryTable& table, std::string_view label_heading) {
  h << "<div" << BlockClass(table.lines.size(), 14) << "><h3>" << EscapeHtml(table.title) << "</h3>\n<table class=\"categories\">"
    << "<colgroup><col style=\"width:40%\"><col span=\"4\" style=\"width:15%\"></colgroup>"
    << "<thead><tr><th class=\"label\" scope=\"col\">" << label_heading << "</th><th scope=\"col\">"
    << EscapeHtml(table.previous_label) << "</th><th scope=\"col\">" << EscapeHtml(table.current_label)
    << "</th><th scope=\"col\">Change</th><th scope=\"col\">% change</th></tr></thead>\n<tbody>\n";
  std::vector<const Change*> changes;
  for (size_t i = 0; i < table.lines.size(); ++i) {
    const CategoryLine& line = table.lines[i];
    bool parent = i + 1 < table.lines.size() && table.lines[i + 1].depth > line.depth && !line.total;
    std::string cls = line.total ? "total" : parent ? "parent" : "";
    if (line.depth > 0) cls += (cls.empty() ? "" : " ") + fmt::format("d{}", std::min(line.depth, 3));
    h << "<tr" << (cls.empty() ? "" : " class=\"" + cls + "\"") << "><td>" << EscapeHtml(line.label) << "</td>";
    FigureCell(h, line.previous, IndicatorUnit::kCount);
    FigureCell(h, line.current, IndicatorUnit::kCount);
    DifferenceCell(h, line.change, IndicatorUnit::kCount, line.previous, line.current);
    PercentCell(h, line.change, line.previous, line.current);
    h << "</tr>\n";
    changes.push_back(&line.change);
  }
  h << "</tbody></table>\n";
  if (AnySignificant(changes)) SignificanceFootnote(h);
  h << "</div>\n";
}

// One rate column whose every figure is missing for one reason says it once, not per row.
bool ColumnMissingAlike(const std::vector<std::vector<Figure>>& rows, size_t col) {
  if (rows.size() < 2) return false;
  for (const auto& row : rows)
    if (col >= row.size() || row[col].value || row[col].missing != rows[0][col].missing) return false;
  return true;
}

void DistrictTableHtml(Html& h, const PerformancePack& pack, const DistrictTable& table, std::string_view label_heading) {
  if (table.columns.empty()) return;
  std::string noun = CountNoun(table);
  h << "<h3>" << EscapeHtml(table.title) << "</h3>\n<table class=\"districts\"><thead><tr><th class=\"label\" rowspan=\"2\" "
       "scope=\"col\">"
    << label_heading << "</th>";
  for (const auto& area : table.columns) {
    bool mine = !area.code.empty() && area.code == pack.area.code;
    h << "<th class=\"group" << (mine ? " mine" : "") << "\" colspan=\"2\" scope=\"colgroup\">" << EscapeHtml(area.name)
      << "</th>";
  }
  h << "</tr><tr>";
  for (const auto& area : table.columns) {
    bool mine = !area.code.empty() && area.code == pack.area.code;
    h << "<th scope=\"col\"" << (mine ? " class=\"mine\"" : "") << ">" << noun << "</th><th scope=\"col\""
      << (mine ? " class=\"mine\"" : "") << ">Per 1,000<small>pop.</small></th>";
  }
  h << "</tr></thead>\n<tbody>\n";
  std::vector<RowShape> shapes = DistrictRowShapes(table);
  bool households = false;
  for (size_t r = 0; r < table.row_labels.size(); ++r) {
    const RowShape& s = shapes[r];
    bool per_household = r < table.rate_bases.size() && table.rate_bases[r] == "households";
    households |= per_household;
    IndicatorUnit rate_unit = per_household ? IndicatorUnit::kPer1000Households : IndicatorUnit::kPer1000Population;
    std::string cls = s.total ? "total" : s.parent ? "parent" : "";
    if (s.depth > 0) cls += (cls.empty() ? "" : " ") + fmt::format("d{}", std::min(s.depth, 3));
    h << "<tr" << (cls.empty() ? "" : " class=\"" + cls + "\"") << "><td>" << EscapeHtml(table.row_labels[r]);
    if (per_household) h << "<span class=\"def\">rate per 1,000 households</span>";
    h << "</td>";
    for (size_t c = 0; c < table.columns.size(); ++c) {
      bool mine = !table.columns[c].code.empty() && table.columns[c].code == pack.area.code;
      std::string_view extra = mine ? "mine" : "";
      const Figure empty;
      const Figure& count = r < table.counts.size() && c < table.counts[r].size() ? table.counts[r][c] : empty;
      FigureCell(h, count, IndicatorUnit::kCount, extra);
      if (ColumnMissingAlike(table.rates, c)) {
        if (r == 0)
          h << "<td class=\"num missing merged" << (mine ? " mine" : "") << "\" rowspan=\"" << std::to_string(table.row_labels.size())
            << "\">" << EscapeHtml(MissingText(table.rates[0][c])) << "</td>";
        continue;
      }
      const Figure& rate = r < table.rates.size() && c < table.rates[r].size() ? table.rates[r][c] : empty;
      FigureCell(h, rate, rate_unit, extra);
    }
    h << "</tr>\n";
  }
  h << "</tbody></table>\n<p class=\"foot\">Rates per 1,000 population (ONS mid-year estimates for the year)"
    << (households ? "; residential burglary per 1,000 households" : "") << ".";
  h << "</p>\n";
}

// The cover's summary: each indicator's name beside its status, objective by objective.
void GlanceHtml(Html& h, const PerformancePack& pack) {
  h << "<section><h3>At a glance: status of each indicator</h3><div class=\"glance\">";
  for (Rag rag : {Rag::kRed, Rag::kAmber, Rag::kGreen, Rag::kNone}) {
    std::string name(RagName(rag));
    h << "<div><span class=\"chip " << ChipClass(rag) << "\">" << (name.empty() ? "Not rated" : name)
      << "</span></div><ul>";
    bool any = false;
    for (const auto& objective : pack.objectives)
      for (const auto& line : objective.lines)
        if (line.status == rag) {
          h << "<li>" << EscapeHtml(line.indicator.name) << "</li>";
          any = true;
        }
    if (!any) h << "<li>None</li>";
    h << "</ul>";
  }
  h << "</div></section>\n";
}

void DefinitionsHtml(Html& h, const PerformancePack& pack) {
  h << "<h3>Indicator definitions</h3>\n<table class=\"definitions\"><colgroup><col style=\"width:26%\">"
       "<col style=\"width:11%\"><col style=\"width:33%\"><col style=\"width:15%\"><col style=\"width:15%\">"
       "</colgroup><thead><tr><th class=\"label\" scope=\"col\">"
       "Indicator</th><th class=\"label\" scope=\"col\">Unit</th><th class=\"label\" scope=\"col\">Definition</th>"
       "<th class=\"label\" scope=\"col\">Year to date</th><th class=\"label\" scope=\"col\">Source</th></tr></thead>"
       "\n<tbody>\n";
  for (const auto& objective : pack.objectives)
    for (const auto& line : objective.lines) {
      const Indicator& ind = line.indicator;
      h << "<tr><td>" << EscapeHtml(ind.name) << "</td><td>" << UnitWords(ind.unit) << "</td><td>"
        << EscapeHtml(ind.definition.empty() ? "—" : ind.definition) << "</td><td>" << YearToDateWords(ind.year_to_date)
        << "</td><td>" << (ind.source == IndicatorSource::kIncidents ? "counted from police incidents" : "supplied by a partner")
        << "</td></tr>\n";
    }
  h << "</tbody></table>\n";
}

void KeyHtml(Html& h) {
  h << "<div class=\"key\"><h3>How to read the tables</h3><dl>"
       "<dt><span class=\"chip green\">Green</span></dt><dd>on track for the target</dd>"
       "<dt><span class=\"chip amber\">Amber</span></dt><dd>no clear change, or moving towards the target</dd>"
       "<dt><span class=\"chip red\">Red</span></dt><dd>moving away from the target</dd>"
       "<dt>pts</dt><dd>percentage points: the difference between two percentages</dd>"
       "<dt>n/a</dt><dd>no % difference can be given from a zero base</dd>"
       "<dt><span class=\"sig\">&dagger;</span></dt><dd>"
    << EscapeHtml(kSignificanceNote)
    << "</dd>"
       "<dt><i>Awaiting info</i></dt><dd>a missing figure says why it is missing; it is never shown as 0</dd>"
       "</dl><p class=\"foot\">The rule that sets each status is under “Notes on the data”.</p></div>\n";
}

std::string Document(const PerformancePack& pack) {
  const PackPeriod& p = pack.period;
  std::string area_words = pack.area.name + " (" + std::string(AreaLevelName(pack.area.level)) + ")";
  std::string heading = "Community safety performance: " + pack.area.name;
  std::string footer = pack.area.name + " — " + p.label;
  Html h;
  h << "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
    << EscapeHtml(heading + ", " + p.label) << "</title>\n<style>" << kStyle
    << "@page { size: A4 landscape; margin: 12mm 12mm 14mm 12mm;\n"
       "  @bottom-left { content: "
    << CssString(footer)
    << "; font: 8pt Arial, \"DejaVu Sans\", sans-serif; color: #5b636b; }\n"
       "  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); font: 8pt Arial, \"DejaVu Sans\", "
       "sans-serif; color: #5b636b; } }\n</style>\n</head>\n<body>\n";

  std::string crime_heading = "Recorded crime in " + pack.area.name;
  std::string districts_heading = "Recorded crime across the force area";
  h << "<header><p class=\"kicker\">" << EscapeHtml(pack.plan_title) << "</p><h1>" << EscapeHtml(heading) << "</h1><p class=\"period\">"
    << EscapeHtml(p.label) << "</p></header>\n<div class=\"cover-grid\"><div><dl class=\"facts\">"
    << "<dt>Area</dt><dd>" << EscapeHtml(area_words) << "</dd>"
    << "<dt>This " << PeriodNoun(p.current) << "</dt><dd>" << EscapeHtml(MonthRangeLabel(p.current)) << "</dd>"
    << "<dt>Compared with</dt><dd>" << EscapeHtml(MonthRangeLabel(p.previous)) << "</dd>"
    << "<dt>Year to date</dt><dd>" << EscapeHtml(MonthRangeLabel(p.year_to_date)) << "</dd>"
    << "<dt>Baseline</dt><dd>" << EscapeHtml(YearLabel(p.baseline)) << "</dd></dl>"
    << "<nav><h3>Contents</h3><ol><li>Performance indicators by strategic objective</li><li>" << EscapeHtml(crime_heading)
    << "</li><li>" << districts_heading << "</li><li>Anti-social behaviour</li><li>Notes on the data</li></ol></nav></div>";
  KeyHtml(h);
  h << "</div>\n";
  if (!pack.objectives.empty()) GlanceHtml(h, pack);

  h << "<section id=\"indicators\" class=\"part\"><h2>1. Performance indicators by strategic objective</h2>\n";
  if (pack.objectives.empty()) h << "<p>The plan has no indicators.</p>\n";
  for (size_t i = 0; i < pack.objectives.size(); ++i) ObjectiveTableHtml(h, pack, pack.objectives[i], i + 1);
  h << "</section>\n";

  h << "<section id=\"crime\" class=\"part\"><h2>2. " << EscapeHtml(crime_heading) << "</h2>\n"
    << "<p>Crimes are grouped as in the Office for National Statistics crime “tree”: victim-based crime has a direct "
       "victim (a person or an organisation); other crimes against society have none, and can rise with proactive "
       "police work.</p>\n";
  for (const auto& table : pack.crime) CategoryTableHtml(h, table, "Crime category / type");
  h << "</section>\n";

  h << "<section id=\"districts\" class=\"part\"><h2>3. " << districts_heading << "</h2>\n";
  if (pack.crime_districts.columns.empty()) h << "<p>No district comparison: see the notes on the data.</p>\n";
  DistrictTableHtml(h, pack, pack.crime_districts, "Crime category / type");
  h << "</section>\n";

  h << "<section id=\"asb\" class=\"part\"><h2>4. Anti-social behaviour</h2>\n"
    << "<p>Anti-social behaviour is recorded as incidents, not crimes: AS21 personal, AS22 nuisance, AS23 "
       "environmental.</p>\n";
  CategoryTableHtml(h, pack.asb, "Incident category");
  DistrictTableHtml(h, pack, pack.asb_districts, "Incident category");
  h << "</section>\n";

  h << "<section id=\"notes\" class=\"part\"><h2>5. Notes on the data</h2>\n<h3>How status is decided</h3><p>"
    << EscapeHtml(pack.status_rule.empty() ? "No status rule was given." : pack.status_rule) << "</p>\n"
    << "<h3>Sources, coverage and missing values</h3>\n<ul class=\"notes\">\n";
  for (const auto& note : pack.notes) h << "<li>" << EscapeHtml(note) << "</li>\n";
  h << "<li>Every figure in this pack, with its definition and where it came from, is in the CSV and XLSX files "
       "published with it.</li>\n</ul>\n";
  DefinitionsHtml(h, pack);
  h << "</section>\n</body>\n</html>\n";
  return std::move(h.out);
}

}  // namespace

Status WritePackHtml(const PerformancePack& pack, const std::string& path) {
  std::string html = Document(pack);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IOError("cannot create " + path);
  out.write(html.data(), static_cast<std::streamsize>(html.size()));
  out.close();
  if (!out) return Status::IOError("cannot write " + path);
  return Status::Ok();
}

}  // namespace safer
