// safer analyse hotspots: kernel density and Getis-Ord Gi* for an area's incidents (from the
// store) or for any CSV of longitude/latitude points (a partner's extract), as a table of the
// hottest cells, JSON, GeoJSON or an SVG picture (docs/hotspots.md).
#include <charconv>
#include <chrono>
#include <ctime>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "analysis/hotspot_study.h"
#include "analytics/hotspot.h"
#include "cli/analyse_commands.h"
#include "cli/output.h"
#include "ingest/csv_reader.h"
#include "ingest/mapped_file.h"
#include "report/hotspot_map.h"

namespace safer::cli {
namespace {

struct HotspotArgs {
  std::string area, from, to, points_file, format = "table", out;
  std::vector<std::string> categories;
  HotspotOptions options;
  int top = 10;
  bool with_points = false, timings = false;
};

// How many rows set aside are listed one by one before only their number is given.
constexpr int kListedSetAside = 10;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Processor time of every thread of the process: on a shared machine the honest measure of work.
double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// The incidents of --area/--from/--to/--category from the store, placed on a plane.
Status GatherFromStore(const HotspotArgs& args, const GlobalOptions& options, std::vector<PlanePoint>* points,
                       HotspotContext* context) {
  std::unique_ptr<Store> store;
  if (Status st = OpenConfiguredStore(options, &store); !st.ok()) return st;
  HotspotStudy study;
  Status st = PlaceHotspotStudy(*store, {args.area, args.from, args.to, args.categories}, &study);
  *points = std::move(study.points);
  *context = std::move(study.context);
  return st;
}

// Points from a CSV whose header names a longitude and a latitude column (police.uk street
// files have them). Rows without usable coordinates are set aside, listed and counted.
Status GatherFromFile(const std::string& path, std::vector<PlanePoint>* points, HotspotContext* context) {
  if (std::error_code error; !std::filesystem::exists(path, error))
    return Status::NotFound(fmt::format("{}: no such file", path));
  MappedFile file;
  if (Status st = file.Open(path); !st.ok()) return st;
  CsvReader reader(file.contents());
  CsvRecord record;
  if (!reader.Next(&record) || !record.error.empty())
    return Status::InvalidInput(fmt::format("{}: no header line naming longitude and latitude columns", path));
  int lng_col = -1, lat_col = -1;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    const std::string name = LowerField(record.fields[i]);
    if (name == "longitude" || name == "lng" || name == "lon" || name == "long") lng_col = static_cast<int>(i);
    if (name == "latitude" || name == "lat") lat_col = static_cast<int>(i);
  }
  if (lng_col < 0 || lat_col < 0)
    return Status::InvalidInput(fmt::format("{}:{}: the header names no {} column (looked for {})", path, record.line,
                                            lng_col < 0 ? "longitude" : "latitude",
                                            lng_col < 0 ? "longitude, lng, lon, long" : "latitude, lat"));
  std::vector<GeoPoint> geo;
  int64_t set_aside = 0;
  auto set_row_aside = [&](int64_t line, const std::string& reason) {
    if (++set_aside <= kListedSetAside) std::cerr << fmt::format("set aside: {}:{}: {}\n", path, line, reason);
  };
  auto parse = [](std::string_view text, double* out) {
    const std::string_view s = TrimField(text);
    const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return !s.empty() && error == std::errc() && end == s.data() + s.size() && std::isfinite(*out);
  };
  while (reader.Next(&record)) {
    if (!record.error.empty()) {
      set_row_aside(record.line, record.error);
      continue;
    }
    const auto need = static_cast<size_t>(std::max(lng_col, lat_col));
    double lng = 0, lat = 0;
    if (record.fields.size() <= need) set_row_aside(record.line, "fewer fields than the header");
    else if (TrimField(record.fields[lng_col]).empty() || TrimField(record.fields[lat_col]).empty())
      set_row_aside(record.line, "no location (longitude or latitude empty)");
    else if (!parse(record.fields[lng_col], &lng) || !parse(record.fields[lat_col], &lat))
      set_row_aside(record.line, fmt::format("\"{}\", \"{}\" is not a longitude and latitude in degrees",
                                             record.fields[lng_col], record.fields[lat_col]));
    else if (lng < -180 || lng > 180 || lat < -90 || lat > 90)
      set_row_aside(record.line, fmt::format("{}, {} is not on the Earth (longitude −180..180, latitude −90..90)", lng, lat));
    else if (lng == 0 && lat == 0)
      set_row_aside(record.line, "0, 0 is the placeholder some systems write for a missing location");
    else geo.push_back({lng, lat});
  }
  if (set_aside > kListedSetAside) std::cerr << fmt::format("set aside: … and {} more rows\n", set_aside - kListedSetAside);
  context->title = fmt::format("Points in {}", path);
  context->without_location = set_aside;
  if (set_aside > 0)
    context->notes.push_back(fmt::format("{} rows of {} set aside (no usable coordinates)", set_aside, path));
  if (geo.empty()) return Status::NotFound(fmt::format("{}: no rows with a usable longitude and latitude", path));
  double sum_lng = 0, sum_lat = 0;
  for (const auto& g : geo) sum_lng += g.longitude, sum_lat += g.latitude;
  context->origin = {sum_lng / static_cast<double>(geo.size()), sum_lat / static_cast<double>(geo.size())};
  const LocalProjection plane(context->origin);
  points->reserve(geo.size());
  for (const auto& g : geo) points->push_back(plane.ToPlane(g));
  return Status::Ok();
}

std::string TableText(const Hotspots& h, const HotspotContext& context, int top) {
  const LocalProjection plane(context.origin);
  Table table{{"rank", "latitude", "longitude", "count", "density_km2", "gi_z", "p_adjusted", "class"},
              {},
              {true, true, true, true, true, true, true, false}};
  const auto ranked = RankedGiCells(h);
  for (size_t i = 0; i < ranked.size() && i < static_cast<size_t>(top); ++i) {
    const GiCell& c = h.gi.cells[ranked[i]];
    const GeoPoint centre = plane.ToGeo(
        h.gi.frame.Centre(static_cast<int>(ranked[i] / h.gi.frame.cols), static_cast<int>(ranked[i] % h.gi.frame.cols)));
    table.rows.push_back({std::to_string(i + 1), fmt::format("{:.5f}", centre.latitude),
                          fmt::format("{:.5f}", centre.longitude), std::to_string(c.count),
                          h.gi_density.empty() ? "" : fmt::format("{:.1f}", h.gi_density[ranked[i]]),
                          fmt::format("{:.2f}", c.z),
                          // Beyond z ≈ 38 the normal tail is below the smallest double.
                          c.p_adjusted < 1e-300 ? "<1e-300" : fmt::format("{:.2g}", c.p_adjusted),
                          GiClassName(c.klass)});
  }
  std::ostringstream out;
  out << context.title << "\n";
  Print(table, Format::kTable, out);
  out << HotspotSentence(h) << ".\n";
  out << fmt::format("Kernel density: quartic, bandwidth {:.0f} m on {:.1f} m cells; Gi*: {:.0f} m cells, neighbours "
                     "within {:.0f} m (the cell itself included), Benjamini–Hochberg over {} cells.\n",
                     h.used.bandwidth, h.used.cell, h.used.gi_cell, h.used.gi_distance, h.gi.frame.size());
  return out.str();
}

void Run(const HotspotArgs& args, const GlobalOptions& options, Outcome& outcome) {
  const bool from_store = args.points_file.empty();
  if (from_store && (args.area.empty() || args.from.empty() || args.to.empty())) {
    outcome.exit_code = Fail(Status::InvalidInput("give --area, --from and --to (or --points FILE)"));
    return;
  }
  if (!from_store && (!args.area.empty() || !args.categories.empty())) {
    outcome.exit_code = Fail(Status::InvalidInput("--points takes the points from the file: it cannot be combined "
                                                  "with --area or --category"));
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<PlanePoint> points;
  HotspotContext context;
  Status st = from_store ? GatherFromStore(args, options, &points, &context)
                         : GatherFromFile(args.points_file, &points, &context);
  const double read_seconds = Seconds(started);
  Hotspots h;
  const auto computed = std::chrono::steady_clock::now();
  const double cpu_before = CpuSeconds();
  if (st.ok()) st = FindHotspots(points, args.options, &h);
  const double method_seconds = Seconds(computed), method_cpu = CpuSeconds() - cpu_before;
  if (!st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }
  std::string text;
  if (args.format == "json") text = HotspotJson(h, context) + "\n";
  else if (args.format == "geojson") text = HotspotGeoJson(h, context) + "\n";
  else if (args.format == "svg") text = HotspotSvg(h, context, args.with_points ? &points : nullptr);
  else text = TableText(h, context, args.top);
  if (args.out.empty()) {
    std::cout << text;
  } else {
    std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
      outcome.exit_code = Fail(Status::IOError(fmt::format("could not write {}", args.out)));
      return;
    }
    std::cerr << fmt::format("wrote {} ({} bytes)\n", args.out, text.size());
  }
  // The table carries the sentence; other formats keep stdout machine-readable.
  if (args.format != "table") std::cerr << HotspotSentence(h) << "\n";
  for (const auto& note : context.notes) std::cerr << "note: " << note << "\n";
  if (args.with_points && args.format == "svg" && points.size() > 20000)
    std::cerr << fmt::format("note: {} points are too many to draw as dots; the density shows them\n", points.size());
  if (args.timings)
    std::cerr << fmt::format("timing: {} points read in {:.3f} s ({:.3f} s CPU); density {}×{} cells and Gi* {}×{} "
                             "cells in {:.3f} s ({:.3f} s CPU) on {} threads\n",
                             points.size(), read_seconds, cpu_before, h.density.frame.cols, h.density.frame.rows,
                             h.gi.frame.cols, h.gi.frame.rows, method_seconds, method_cpu, h.used.threads);
}

}  // namespace

void AddHotspotCommand(CLI::App& analyse, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = analyse.add_subcommand("hotspots", "Kernel density and Getis-Ord Gi* hot spots of an area's incidents");
  cmd->footer(
      "The density is the quartic kernel evaluated exactly at each cell centre, per km². Gi* is\n"
      "computed on a grid of counts over the points' extent, empty cells included, with binary\n"
      "weights within --gi-distance; classes (hot/cold at 99/95/90%) are after the Benjamini–\n"
      "Hochberg correction. --points FILE maps a CSV with longitude and latitude columns instead\n"
      "of the store's incidents. See docs/hotspots.md.");
  auto args = std::make_shared<HotspotArgs>();
  cmd->add_option("--area", args->area, "A force, local authority, ward or LSOA (name or code)");
  cmd->add_option("--from", args->from, "First month, YYYY-MM");
  cmd->add_option("--to", args->to, "Last month, YYYY-MM (inclusive)");
  cmd->add_option("--category", args->categories, "Only this category and those below it (repeatable)");
  cmd->add_option("--points", args->points_file, "A CSV of points (longitude, latitude columns) instead of the store");
  auto positive = CLI::Validator(
      [](std::string& s) {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        return (*end == '\0' && v > 0 && std::isfinite(v)) ? std::string() : "must be a number of metres above 0";
      },
      "METRES");
  cmd->add_option("--cell", args->options.cell, "Density cell side in metres (default: shorter side of the extent / 150)")
      ->check(positive);
  cmd->add_option("--bandwidth", args->options.bandwidth, "Kernel radius in metres (default: 5 × the cell)")
      ->check(positive);
  cmd->add_option("--gi-cell", args->options.gi_cell, "Gi* cell side in metres (default 250)")->check(positive);
  cmd->add_option("--gi-distance", args->options.gi_distance,
                  "Gi* neighbours: cell centres within this many metres (default 1.5 × the Gi* cell)")
      ->check(positive);
  cmd->add_option("--fdr", args->options.fdr, "False discovery rate for the summary's hot spots (default 0.05)")
      ->check(CLI::Range(0.0001, 0.5));
  cmd->add_option("--top", args->top, "Rows of the table (default 10)")->check(CLI::PositiveNumber);
  cmd->add_option("--threads", args->options.threads, "Threads (default: every core)")->check(CLI::Range(1, 256));
  cmd->add_option("--format", args->format, "table, json, geojson or svg")
      ->check(CLI::IsMember({"table", "json", "geojson", "svg"}));
  cmd->add_option("--out", args->out, "Write to this file instead of stdout");
  cmd->add_flag("--with-points", args->with_points, "Draw the points as dots on the SVG");
  cmd->add_flag("--timings", args->timings, "Print how long reading and the method took (to stderr)");
  cmd->callback([args, &options, &outcome] { Run(*args, options, outcome); });
}

}  // namespace safer::cli
