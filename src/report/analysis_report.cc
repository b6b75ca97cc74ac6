#include "report/analysis_report.h"

#include <fstream>

#include <fmt/format.h>

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
.pair { display: grid; grid-template-columns: 1fr 320px; gap: 20px; align-items: start; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; font-size: 9pt; }
thead { display: table-header-group; }
th { background: var(--head); color: #fff; text-align: right; padding: 4px 6px; }
th.label, td.label { text-align: left; }
td { border-bottom: 1px solid var(--rule); padding: 3px 6px; text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 1.5px solid var(--ink); background: var(--band); }
.notes { color: var(--muted); font-size: 8.5pt; margin: 6px 0 0; padding-left: 18px; }
figure { margin: 0; } figcaption { color: var(--muted); font-size: 8.5pt; }
svg text { font-family: inherit; font-size: 9px; fill: var(--ink); }
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
    h += fmt::format("<tr><td></td><td class=\"label\">The other {} {}</td><td>{}</td><td>{}</td><td></td></tr>",
                     others, EscapeHtml(unit_words), rest, Percent(rest, result.total));
  h += fmt::format("<tr class=\"total\"><td></td><td class=\"label\">{}</td><td>{}</td><td>{}</td><td></td></tr>",
                   EscapeHtml(area), result.total, result.total == 0 ? "n/a" : "100.0%");
  h += "</tbody></table></div><figure>" + LorenzSvg(result, unit_words);
  h += fmt::format("<figcaption>Gini coefficient {:.3f} over all {} {} (0 = even; {:.3f} = all in one).</figcaption>",
                   result.gini, result.ranked.size(), EscapeHtml(unit_words),
                   (static_cast<double>(result.ranked.size()) - 1) / static_cast<double>(result.ranked.size()));
  h += "</figure></div>";
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
