// safer analyse near-repeat FILE: the Knox test on a force extract (docs/near-repeat.md), with
// the settings and the tables of the Near Repeat Calculator, and the bands' real intervals.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "analytics/near_repeat.h"
#include "cli/analyse_commands.h"
#include "cli/output.h"
#include "ingest/event_extract.h"

namespace safer::cli {
namespace {

struct NearRepeatArgs {
  std::string file, metric, convention = "safer", from, to, format = "table", rejects;
  std::optional<double> space_band;
  std::optional<int> space_bands, time_band, time_bands;
  std::vector<double> space_edges;
  std::vector<int> time_edges;
  int permutations = 999, threads = 2;
  uint64_t seed = 1;
  bool us_dates = false;
};

constexpr int kMaxPermutations = 99999;
constexpr int kMaxBands = 100;
constexpr size_t kRejectsShown = 5;

// The bands from either form of the command line: NRC's bandwidth × count, or explicit edges.
Status BuildBands(const NearRepeatArgs& a, KnoxSettings* s) {
  if (!a.space_edges.empty() && (a.space_band || a.space_bands))
    return Status::InvalidInput("give either --space-edges or --space-band with --space-bands, not both");
  if (!a.time_edges.empty() && (a.time_band || a.time_bands))
    return Status::InvalidInput("give either --time-edges or --time-band with --time-bands, not both");
  if (a.space_edges.empty()) {
    if (!a.space_band || !a.space_bands)
      return Status::InvalidInput("space bands: give --space-band METRES and --space-bands N (as the Near Repeat "
                                  "Calculator), or --space-edges 0,200,400");
    if (!std::isfinite(*a.space_band) || *a.space_band <= 0)
      return Status::InvalidInput(fmt::format("--space-band {:g}: the bandwidth must be more than 0 metres", *a.space_band));
    if (*a.space_bands < 1 || *a.space_bands > kMaxBands)
      return Status::InvalidInput(fmt::format("--space-bands {}: must be 1 to {}", *a.space_bands, kMaxBands));
    s->space_edges = {0};  // NRC's "same location" band
    for (int i = 1; i <= *a.space_bands; ++i) s->space_edges.push_back(i * *a.space_band);
  } else {
    s->space_edges = a.space_edges;
  }
  if (a.time_edges.empty()) {
    if (!a.time_band || !a.time_bands)
      return Status::InvalidInput("time bands: give --time-band DAYS and --time-bands N (as the Near Repeat "
                                  "Calculator), or --time-edges 7,14,21");
    if (*a.time_band < 1) return Status::InvalidInput(fmt::format("--time-band {}: the bandwidth must be at least 1 day", *a.time_band));
    if (*a.time_bands < 1 || *a.time_bands > kMaxBands)
      return Status::InvalidInput(fmt::format("--time-bands {}: must be 1 to {}", *a.time_bands, kMaxBands));
    for (int i = 1; i <= *a.time_bands; ++i) s->time_edges.push_back(i * *a.time_band);
  } else {
    s->time_edges = a.time_edges;
  }
  const auto& se = s->space_edges;
  for (size_t i = 0; i < se.size(); ++i) {
    if (!std::isfinite(se[i]) || se[i] < 0)
      return Status::InvalidInput(fmt::format("--space-edges: {:g} is not a distance (edges are metres, 0 or more)", se[i]));
    if (i > 0 && se[i] <= se[i - 1])
      return Status::InvalidInput(fmt::format("--space-edges: {:g} after {:g}: edges must be strictly increasing, "
                                              "so that bands do not overlap", se[i], se[i - 1]));
  }
  const auto& te = s->time_edges;
  for (size_t i = 0; i < te.size(); ++i) {
    if (te[i] < 0) return Status::InvalidInput(fmt::format("--time-edges: {} is not a number of days (0 or more)", te[i]));
    if (i > 0 && te[i] <= te[i - 1])
      return Status::InvalidInput(fmt::format("--time-edges: {} after {}: edges must be strictly increasing, so "
                                              "that bands do not overlap", te[i], te[i - 1]));
  }
  if (se.size() > kMaxBands + 1 || te.size() > kMaxBands + 1)
    return Status::InvalidInput(fmt::format("at most {} space and time edges", kMaxBands + 1));
  return Status::Ok();
}

Status BuildSettings(const NearRepeatArgs& a, KnoxSettings* s, ExtractOptions* read) {
  if (Status st = BuildBands(a, s); !st.ok()) return st;
  s->convention = a.convention == "nrc" ? BandConvention::kNearRepeatCalculator : BandConvention::kSafer;
  // NRC 1.3 measures Manhattan distance; Safer's own default is the straight line.
  s->manhattan = a.metric.empty() ? s->convention == BandConvention::kNearRepeatCalculator : a.metric == "manhattan";
  if (a.permutations < 1 || a.permutations > kMaxPermutations)
    return Status::InvalidInput(fmt::format("--permutations {}: must be 1 to {} (999 is usual)", a.permutations, kMaxPermutations));
  if (a.threads < 1 || a.threads > 256) return Status::InvalidInput(fmt::format("--threads {}: must be 1 to 256", a.threads));
  s->permutations = a.permutations;
  s->threads = a.threads;
  s->seed = a.seed;
  read->us_dates = a.us_dates;
  read->need_place = true;
  std::string why;
  if (!a.from.empty()) {
    if (auto d = ParseDate(a.from, &why)) read->from = d;
    else return Status::InvalidInput("--from: " + why);
  }
  if (!a.to.empty()) {
    if (auto d = ParseDate(a.to, &why)) read->to = d;
    else return Status::InvalidInput("--to: " + why);
  }
  if (read->from && read->to && *read->to < *read->from)
    return Status::InvalidInput(fmt::format("--to {} is before --from {}", read->to->ToIso(), read->from->ToIso()));
  return Status::Ok();
}

std::string Edges(const std::vector<double>& e) {
  std::string s;
  for (double v : e) s += (s.empty() ? "" : ", ") + fmt::format("{:g}", v);
  return s;
}
std::string Edges(const std::vector<int>& e) {
  std::string s;
  for (int v : e) s += (s.empty() ? "" : ", ") + std::to_string(v);
  return s;
}

void WriteRejects(const std::string& path, const EventExtract& extract) {
  std::ofstream out(path, std::ios::binary);
  Table t{{"file", "line", "reason", "raw"}, {}, {false, true, false, false}};
  for (const auto& p : extract.set_aside) t.rows.push_back({extract.file, std::to_string(p.line), p.reason, p.raw});
  Print(t, Format::kCsv, out);
}

void ReportSetAside(const NearRepeatArgs& args, const EventExtract& extract) {
  if (extract.set_aside.empty()) return;
  std::cerr << fmt::format("note: {} of {} rows set aside{}:\n", extract.set_aside.size(), extract.rows_read,
                           args.rejects.empty() ? " (--rejects FILE lists them all)"
                                                : fmt::format(" (all listed in {})", args.rejects));
  for (size_t i = 0; i < extract.set_aside.size() && i < kRejectsShown; ++i)
    std::cerr << fmt::format("  {}:{}: {}\n", args.file, extract.set_aside[i].line, extract.set_aside[i].reason);
  if (extract.set_aside.size() > kRejectsShown)
    std::cerr << fmt::format("  … and {} more\n", extract.set_aside.size() - kRejectsShown);
}

void Run(const NearRepeatArgs& args, Outcome& outcome) {
  KnoxSettings settings;
  ExtractOptions read;
  if (Status st = BuildSettings(args, &settings, &read); !st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }
  if (!std::filesystem::exists(args.file)) {
    outcome.exit_code = Fail(Status::NotFound(args.file + ": no such file"));
    return;
  }
  EventExtract extract;
  Status st = ReadEventExtract(args.file, read, &extract);
  if (st.ok() && extract.events.size() < 2)
    st = Status::InvalidInput(fmt::format("{}: {} usable event{}: the Knox test needs at least two", args.file,
                                          extract.events.size(), extract.events.size() == 1 ? "" : "s"));
  if (!args.rejects.empty() && !extract.set_aside.empty()) WriteRejects(args.rejects, extract);
  if (!st.ok()) {
    ReportSetAside(args, extract);
    Fail(st);
    outcome.exit_code = kExitFailure;  // the file, not the command line, is wrong
    return;
  }

  std::vector<SpaceTimeEvent> events;
  events.reserve(extract.events.size());
  Date first = extract.events.front().date, last = first;
  for (const auto& e : extract.events) {
    events.push_back({*e.x, *e.y, e.date.DaysSinceEpoch()});
    first = std::min(first, e.date);
    last = std::max(last, e.date);
  }
  KnoxResult result;
  if (st = KnoxTest(events, settings, &result); !st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }

  const bool nrc = settings.convention == BandConvention::kNearRepeatCalculator;
  const auto space = SpaceBandIntervals(settings), time = TimeBandIntervals(settings);
  const auto nrc_space = NrcSpaceBandLabels(settings), nrc_time = NrcTimeBandLabels(settings);
  const Format format = *ParseFormat(args.format);
  std::ostream& summary = format == Format::kTable ? std::cout : std::cerr;
  const std::string source = fmt::format(
      "{}: {} events from {} to {} ({} rows read, {} set aside)", args.file, events.size(), first.ToIso(),
      last.ToIso(), extract.rows_read, extract.set_aside.size());
  const std::string setup = fmt::format(
      "space edges {} m ({}), time edges {} days, convention {}, {} permutations, seed {}, {} thread{}",
      Edges(settings.space_edges), settings.manhattan ? "Manhattan distance" : "Euclidean distance",
      Edges(settings.time_edges), nrc ? "nrc (intervals as NRC 1.3 counts them)" : "safer (bands (lo, hi])",
      settings.permutations, settings.seed, settings.threads, settings.threads == 1 ? "" : "s");

  if (format == Format::kTable) {
    summary << source << "\n" << setup << "\n";
    auto row_label = [&](size_t i) { return nrc ? fmt::format("{} = {}", nrc_space[i], space[i]) : space[i]; };
    auto print = [&](const std::string& title, auto value) {
      Table t;
      t.columns.push_back("space \\ time");
      t.numeric.push_back(false);
      for (size_t j = 0; j < time.size(); ++j) {
        t.columns.push_back(nrc ? fmt::format("{} = {}", nrc_time[j], time[j]) : time[j]);
        t.numeric.push_back(true);
      }
      for (size_t i = 0; i < space.size(); ++i) {
        t.rows.push_back({row_label(i)});
        for (size_t j = 0; j < time.size(); ++j) t.rows.back().push_back(value(result.cells[i][j]));
      }
      std::cout << "\n" << title << "\n";
      Print(t, Format::kTable, std::cout);
    };
    print("Observed pairs", [](const KnoxCell& c) { return std::to_string(c.observed); });
    print("Expected pairs (mean over the permutations)", [](const KnoxCell& c) { return fmt::format("{:.2f}", c.expected); });
    print("Knox ratio (observed / expected; * p ≤ 0.05 and ratio ≥ 1.2; blank: no pairs expected)",
          [](const KnoxCell& c) {
            return c.expected > 0 ? fmt::format("{:.2f}{}", c.knox_ratio, KnoxCellFlagged(c) ? "*" : "") : std::string();
          });
    print("p-value (1 + permutations with at least the observed count) / (1 + permutations)",
          [](const KnoxCell& c) { return fmt::format("{:.3f}", c.p_value); });
    std::cout << "\n";
  } else {
    Table t{{"space_band", "time_band", "space_interval", "time_interval", "nrc_space_label", "nrc_time_label",
             "observed", "expected", "knox_ratio", "p_value", "flagged"},
            {},
            {true, true, false, false, false, false, true, true, true, true, false}};
    for (size_t i = 0; i < space.size(); ++i)
      for (size_t j = 0; j < time.size(); ++j) {
        const KnoxCell& c = result.cells[i][j];
        t.rows.push_back({std::to_string(i), std::to_string(j), space[i], time[j], nrc_space[i], nrc_time[j],
                          std::to_string(c.observed), fmt::format("{:.4f}", c.expected),
                          c.expected > 0 ? fmt::format("{:.4f}", c.knox_ratio) : "", fmt::format("{:.6f}", c.p_value),
                          KnoxCellFlagged(c) ? "yes" : "no"});
      }
    Print(t, format, std::cout);
    summary << source << "\n" << setup << "\n";
  }
  for (const auto& line : KnoxFindings(settings, result)) summary << line << "\n";

  ReportSetAside(args, extract);
}

}  // namespace

void AddNearRepeatCommand(CLI::App& analyse, GlobalOptions&, Outcome& outcome) {
  auto* cmd = analyse.add_subcommand(
      "near-repeat", "The Knox test for near repeats (as the Near Repeat Calculator) on a force extract");
  cmd->footer(
      "Bands as the NRC takes them: --space-band 200 --space-bands 3 gives the space edges\n"
      "0, 200, 400, 600 (the first is \"same location\"); --time-band 7 --time-bands 3 gives\n"
      "7, 14, 21 days; or give the edges. A last band, beyond the last edge, is always added.\n"
      "--convention nrc counts as NRC 1.3 really does ([lo, hi), Manhattan, single precision);\n"
      "safer (default) counts (lo, hi], Euclidean. The file: docs/extract.md; the method and the\n"
      "report: docs/near-repeat.md. Rows set aside are counted and listed on stderr.");
  auto args = std::make_shared<NearRepeatArgs>();
  cmd->add_option("file", args->file, "The extract: CSV with a header, or NRC's X,Y,date")->required();
  cmd->add_option("--space-band", args->space_band, "Spatial bandwidth, metres (NRC style)");
  cmd->add_option("--space-bands", args->space_bands, "Number of spatial bands (NRC style)");
  cmd->add_option("--time-band", args->time_band, "Temporal bandwidth, days (NRC style)");
  cmd->add_option("--time-bands", args->time_bands, "Number of temporal bands (NRC style)");
  cmd->add_option("--space-edges", args->space_edges, "Upper edges of the space bands, metres: 0,200,400")
      ->delimiter(',');
  cmd->add_option("--time-edges", args->time_edges, "Upper edges of the time bands, days: 7,14,21")->delimiter(',');
  cmd->add_option("--metric", args->metric, "manhattan or euclidean (default: euclidean; manhattan with --convention nrc)")
      ->check(CLI::IsMember({"manhattan", "euclidean"}));
  cmd->add_option("--convention", args->convention, "safer (default) or nrc")->check(CLI::IsMember({"safer", "nrc"}));
  cmd->add_option("--permutations", args->permutations, "Monte Carlo permutations (default 999)");
  cmd->add_option("--seed", args->seed, "Random seed (default 1): the same seed gives the same result");
  cmd->add_option("--threads", args->threads, "Threads (default 2); results do not depend on it");
  cmd->add_option("--from", args->from, "First date to use (inclusive); earlier rows are set aside");
  cmd->add_option("--to", args->to, "Last date to use (inclusive); later rows are set aside");
  cmd->add_flag("--us-dates", args->us_dates, "Dates with slashes are month/day/year (NRC's own files)");
  cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_option("--rejects", args->rejects, "Write every row set aside to this CSV file (file, line, reason, raw)");
  cmd->callback([args, &outcome] { Run(*args, outcome); });
}

}  // namespace safer::cli
