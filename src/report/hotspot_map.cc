#include "report/hotspot_map.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/html_text.h"

namespace safer {
namespace {

using nlohmann::json;

// Coordinates to 7 decimals (about a centimetre): enough, and the files stay small.
double Degrees(double v) { return std::round(v * 1e7) / 1e7; }

json Point(const GeoPoint& g) { return json{{"lat", Degrees(g.latitude)}, {"lng", Degrees(g.longitude)}}; }

struct CellGeometry {
  GeoPoint centre, south_west, north_east;
};

CellGeometry Geometry(const LocalProjection& plane, const GridFrame& f, int64_t index) {
  const int r = static_cast<int>(index / f.cols), c = static_cast<int>(index % f.cols);
  const PlanePoint centre = f.Centre(r, c);
  return {plane.ToGeo(centre), plane.ToGeo({centre.x - f.cell / 2, centre.y - f.cell / 2}),
          plane.ToGeo({centre.x + f.cell / 2, centre.y + f.cell / 2})};
}

json FrameJson(const LocalProjection& plane, const GridFrame& f) {
  return json{{"cell_metres", f.cell},
              {"rows", f.rows},
              {"cols", f.cols},
              {"x0_metres", f.x0},
              {"y0_metres", f.y0},
              {"south_west", Point(plane.ToGeo({f.x0, f.y0}))},
              {"north_east", Point(plane.ToGeo({f.x0 + f.cols * f.cell, f.y0 + f.rows * f.cell}))}};
}

std::string Percent(double part, double whole) {
  return whole > 0 ? fmt::format("{:.1f}%", 100 * part / whole) : "–";
}

double Density(const Hotspots& h, int64_t i) { return h.gi_density.empty() ? std::nan("") : h.gi_density[i]; }

json Number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

}  // namespace

const char kAnonymisedPointsNote[] =
    "police.uk locations are anonymised: each incident is moved to the nearest of a fixed set of map points "
    "(usually a street's centre), so hot spots are of those points, not of exact addresses";

std::string HotspotSentence(const Hotspots& h) {
  const int64_t n = h.gi.frame.size();
  const double km2 = static_cast<double>(n) * h.gi.frame.cell * h.gi.frame.cell / 1e6;
  const double level = 100 * (1 - h.used.fdr);
  if (!h.gi.defined)
    return fmt::format("no hot spots: every one of the grid's {} cells holds the same count, so Gi* cannot be formed", n);
  return fmt::format("{} {} hot spots at {:g}% after FDR correction (q = {:g}); they hold {} of the {} located "
                     "incidents in {} of the grid's {} cells ({} km²)",
                     h.hot, h.hot == 1 ? "cell is a" : "cells are", level, h.used.fdr,
                     Percent(static_cast<double>(h.in_hot), static_cast<double>(h.points)), h.points,
                     Percent(h.hot, static_cast<double>(n)), n,
                     km2 >= 100 ? fmt::format("{:.0f}", km2) : fmt::format("{:.3g}", km2));
}

std::vector<int64_t> RankedGiCells(const Hotspots& h) {
  std::vector<int64_t> order(h.gi.cells.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    const GiCell &x = h.gi.cells[a], &y = h.gi.cells[b];
    if (x.z != y.z) return x.z > y.z;
    return x.count > y.count;
  });
  return order;
}

std::string HotspotJson(const Hotspots& h, const HotspotContext& context, int64_t max_raster) {
  const LocalProjection plane(context.origin);
  json cells = json::array();
  for (int64_t i = 0; i < static_cast<int64_t>(h.gi.cells.size()); ++i) {
    const GiCell& c = h.gi.cells[i];
    if (c.count == 0 && c.klass == GiClass::kNone) continue;
    const CellGeometry g = Geometry(plane, h.gi.frame, i);
    cells.push_back(json{{"row", i / h.gi.frame.cols},
                         {"col", i % h.gi.frame.cols},
                         {"centre", Point(g.centre)},
                         {"bounds", json::array({Degrees(g.south_west.longitude), Degrees(g.south_west.latitude),
                                                 Degrees(g.north_east.longitude), Degrees(g.north_east.latitude)})},
                         {"count", c.count},
                         {"density", Number(Density(h, i))},
                         {"z", c.z},
                         {"p", c.p},
                         {"p_adjusted", c.p_adjusted},
                         {"p_bonferroni", c.p_bonferroni},
                         {"class", static_cast<int>(c.klass)},
                         {"class_name", GiClassName(c.klass)}});
  }
  json density{{"frame", FrameJson(plane, h.density.frame)},
               {"bandwidth_metres", h.density.bandwidth},
               {"unit", "incidents per km²"},
               {"max", h.density.density.empty() ? 0.0
                                                 : *std::max_element(h.density.density.begin(), h.density.density.end())}};
  if (h.density.frame.size() <= max_raster) density["values"] = h.density.density;
  else density["values"] = nullptr;
  json notes = context.notes;
  if (h.density.frame.size() > max_raster)
    notes.push_back(fmt::format("the density grid has {} cells, more than {}: its values are left out of the JSON; "
                                "use --format svg or a larger --cell",
                                h.density.frame.size(), max_raster));
  const int64_t n = h.gi.frame.size();
  json j{{"title", context.title},
         {"origin", Point(context.origin)},
         {"incidents", json{{"placed", h.points}, {"without_location", context.without_location}}},
         {"settings", json{{"kernel", "quartic"},
                           {"cell_metres", h.used.cell},
                           {"bandwidth_metres", h.used.bandwidth},
                           {"gi_cell_metres", h.used.gi_cell},
                           {"gi_distance_metres", h.used.gi_distance},
                           {"fdr", h.used.fdr}}},
         {"summary", json{{"sentence", HotspotSentence(h)},
                          {"hot_cells", h.hot},
                          {"cold_cells", h.cold},
                          {"incidents_in_hot_cells", h.in_hot},
                          {"hot_incident_percent", h.points > 0 ? json(100.0 * h.in_hot / h.points) : json(nullptr)},
                          {"hot_cell_percent", n > 0 ? json(100.0 * h.hot / n) : json(nullptr)}}},
         {"gi", json{{"frame", FrameJson(plane, h.gi.frame)},
                     {"defined", h.gi.defined},
                     {"mean", h.gi.mean},
                     {"sd", h.gi.sd},
                     {"cells_listed", "cells holding an incident or significant at 90% after correction"},
                     {"cells", std::move(cells)}}},
         {"density", std::move(density)},
         {"notes", std::move(notes)}};
  return j.dump();
}

std::string HotspotGeoJson(const Hotspots& h, const HotspotContext& context) {
  const LocalProjection plane(context.origin);
  json features = json::array();
  for (int64_t i = 0; i < static_cast<int64_t>(h.gi.cells.size()); ++i) {
    const GiCell& c = h.gi.cells[i];
    const CellGeometry g = Geometry(plane, h.gi.frame, i);
    const double w = Degrees(g.south_west.longitude), s = Degrees(g.south_west.latitude);
    const double e = Degrees(g.north_east.longitude), n = Degrees(g.north_east.latitude);
    features.push_back(json{
        {"type", "Feature"},
        {"geometry", json{{"type", "Polygon"},
                          {"coordinates", json::array({json::array({json::array({w, s}), json::array({e, s}),
                                                                    json::array({e, n}), json::array({w, n}),
                                                                    json::array({w, s})})})}}},
        {"properties", json{{"row", i / h.gi.frame.cols},
                            {"col", i % h.gi.frame.cols},
                            {"count", c.count},
                            {"density", Number(Density(h, i))},
                            {"gi_z", c.z},
                            {"p", c.p},
                            {"p_adjusted", c.p_adjusted},
                            {"p_bonferroni", c.p_bonferroni},
                            {"class", GiClassName(c.klass)}}}});
  }
  json j{{"type", "FeatureCollection"},
         {"name", context.title},
         {"safer", json{{"summary", HotspotSentence(h)},
                        {"density_unit", "incidents per km²"},
                        {"settings", json{{"cell_metres", h.used.cell},
                                          {"bandwidth_metres", h.used.bandwidth},
                                          {"gi_cell_metres", h.used.gi_cell},
                                          {"gi_distance_metres", h.used.gi_distance},
                                          {"fdr", h.used.fdr}}},
                        {"incidents_placed", h.points},
                        {"incidents_without_location", context.without_location},
                        {"notes", context.notes}}},
         {"features", std::move(features)}};
  return j.dump();
}

std::string HotspotSvg(const Hotspots& h, const HotspotContext& context, const std::vector<PlanePoint>* points) {
  const GridFrame& f = h.density.frame;
  const double map_w = 720, legend_w = 200, top = 56, margin = 16;
  const double width_m = f.cols * f.cell, height_m = f.rows * f.cell;
  const double scale = std::min(map_w / width_m, 720.0 / height_m);  // pixels per metre
  const double map_h = height_m * scale;
  const double total_w = margin + width_m * scale + margin + legend_w, total_h = top + map_h + 64;
  auto px = [&](double x) { return margin + (x - f.x0) * scale; };
  auto py = [&](double y) { return top + map_h - (y - f.y0) * scale; };

  static const char* kShades[] = {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"};
  static const char* kHot[] = {"#fc9272", "#ef3b2c", "#99000d"};   // 90, 95, 99%
  static const char* kCold[] = {"#9ecae1", "#4292c6", "#08306b"};
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
      "<text x=\"{}\" y=\"24\" font-size=\"16\" font-weight=\"bold\">{}</text>\n<text x=\"{}\" y=\"44\">{}</text>\n",
      total_w, total_h, total_w, total_h, EscapeHtml(context.title), margin, EscapeHtml(context.title), margin,
      EscapeHtml(HotspotSentence(h)));
  out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#f7f7f7\" stroke=\"#999\"/>\n",
                     margin, top, width_m * scale, map_h);

  // Density: six equal steps up to the maximum, cells with none left blank; runs of one
  // shade along a row drawn as one rectangle.
  const double max = h.density.density.empty() ? 0 : *std::max_element(h.density.density.begin(), h.density.density.end());
  auto shade = [&](double v) { return v > 0 && max > 0 ? std::min(5, static_cast<int>(6 * v / max)) : -1; };
  out += "<g shape-rendering=\"crispEdges\">\n";
  for (int r = 0; r < f.rows; ++r) {
    const double* row = h.density.density.data() + int64_t{r} * f.cols;
    for (int c = 0; c < f.cols;) {
      const int s = shade(row[c]);
      int end = c + 1;
      while (end < f.cols && shade(row[end]) == s) ++end;
      if (s >= 0)
        out += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"/>\n",
                           px(f.x0 + c * f.cell), py(f.y0 + (r + 1) * f.cell), (end - c) * f.cell * scale,
                           f.cell * scale, kShades[s]);
      c = end;
    }
  }
  out += "</g>\n";

  if (points != nullptr && points->size() <= 20000) {
    out += "<g fill=\"#333\" fill-opacity=\"0.5\">\n";
    for (const auto& p : *points) out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"1.2\"/>\n", px(p.x), py(p.y));
    out += "</g>\n";
  }

  // Gi* cells significant after correction, outlined: hot red, cold blue, darker = surer.
  const GridFrame& g = h.gi.frame;
  out += "<g fill=\"none\">\n";
  for (int64_t i = 0; i < static_cast<int64_t>(h.gi.cells.size()); ++i) {
    const int k = static_cast<int>(h.gi.cells[i].klass);
    if (k == 0) continue;
    const PlanePoint centre = g.Centre(static_cast<int>(i / g.cols), static_cast<int>(i % g.cols));
    out += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" stroke=\"{}\" stroke-width=\"{}\"/>\n",
                       px(centre.x - g.cell / 2), py(centre.y + g.cell / 2), g.cell * scale, g.cell * scale,
                       k > 0 ? kHot[k - 1] : kCold[-k - 1], std::abs(k) == 3 ? 2.5 : 1.5);
  }
  out += "</g>\n";

  // Legend.
  const double lx = margin + width_m * scale + margin;
  double ly = top + 12;
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-weight=\"bold\">Density per km²</text>\n", lx, ly);
  for (int s = 5; s >= 0; --s) {
    ly += 18;
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"14\" fill=\"{}\"/><text x=\"{:.1f}\" y=\"{:.1f}\">{:.3g} – {:.3g}</text>\n",
                       lx, ly - 11, kShades[s], lx + 20, ly, max * s / 6, max * (s + 1) / 6);
  }
  ly += 30;
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-weight=\"bold\">Gi* (FDR-corrected)</text>\n", lx, ly);
  for (int k : {3, 2, 1, -1, -2, -3}) {
    ly += 18;
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"14\" height=\"14\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/><text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
                       lx, ly - 11, k > 0 ? kHot[k - 1] : kCold[-k - 1], lx + 20, ly, GiClassName(static_cast<GiClass>(k)));
  }
  ly += 30;
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">Kernel: quartic, {:.0f} m</text>\n", lx, ly, h.used.bandwidth);
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">Cells: {:.0f} m; Gi* {:.0f} m</text>\n", lx, ly + 16, h.used.cell, h.used.gi_cell);

  // Scale bar: a round length near a fifth of the map's width.
  const double target = width_m / 5;
  const double unit = std::pow(10, std::floor(std::log10(target)));
  const double length = target >= 5 * unit ? 5 * unit : target >= 2 * unit ? 2 * unit : unit;
  const double sy = top + map_h + 24;
  out += fmt::format("<g stroke=\"#000\" stroke-width=\"2\"><line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\"/>"
                     "<line x1=\"{0:.1f}\" y1=\"{3:.1f}\" x2=\"{0:.1f}\" y2=\"{1:.1f}\"/><line x1=\"{2:.1f}\" y1=\"{3:.1f}\" "
                     "x2=\"{2:.1f}\" y2=\"{1:.1f}\"/></g>\n<text x=\"{4:.1f}\" y=\"{1:.1f}\"> {5}</text>\n",
                     margin, sy, margin + length * scale, sy - 6, margin + length * scale + 4,
                     length >= 1000 ? fmt::format("{:g} km", length / 1000) : fmt::format("{:g} m", length));
  double ny = sy + 20;
  for (const auto& note : context.notes) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" fill=\"#555\">{}</text>\n", margin, ny,
                       EscapeHtml(note));
    ny += 13;
  }
  // The notes may run past the picture's foot: grow it instead of clipping them.
  if (ny > total_h) {
    const std::string old_h = fmt::format("height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\"", total_h, total_w, total_h);
    const std::string new_h = fmt::format("height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\"", ny, total_w, ny);
    out.replace(out.find(old_h), old_h.size(), new_h);
  }
  out += "</svg>\n";
  return out;
}

}  // namespace safer
