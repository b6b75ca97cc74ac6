// `safer analyse`, and its concentration subcommand: how much of an area's harm falls in how
// few of its wards, LSOAs or grid cells (the study is analysis/concentration_study.h).
#include <iostream>

#include <fmt/format.h>

#include "analysis/concentration_study.h"
#include "cli/analyse_commands.h"
#include "cli/output.h"

namespace safer::cli {
namespace {

struct ConcentrationArgs {
  std::string area, from, to, by, format = "table";
  std::vector<std::string> categories;
  int top = 10;
  double cell = 250;
};

std::string CategoryWords(const std::vector<std::string>& categories) {
  if (categories.empty()) return "all";
  std::string words;
  for (size_t i = 0; i < categories.size(); ++i)
    words += (i == 0 ? "" : i + 1 == categories.size() ? " and " : ", ") + categories[i];
  return words;
}

void Run(const ConcentrationArgs& args, const GlobalOptions& options, Outcome& outcome) {
  const ConcentrationUnit unit = args.by == "ward"   ? ConcentrationUnit::kWard
                                 : args.by == "lsoa" ? ConcentrationUnit::kLsoa
                                                     : ConcentrationUnit::kGridCell;
  std::unique_ptr<Store> store;
  ConcentrationStudy study;
  Status st = OpenConfiguredStore(options, &store);
  if (st.ok())
    st = StudyConcentration(*store, {args.area, args.from, args.to, args.categories}, unit, args.top, args.cell,
                            &study);
  if (!st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }
  const Concentration& result = study.result;
  const std::string units = UnitWords(study);

  const Format format = *ParseFormat(args.format);
  Table table{{"rank", args.by, "count", "percent", "cumulative_percent"}, {}, {true, false, true, true, true}};
  // The text table is the top N the sentence speaks of; CSV and JSON give every area so
  // that the totals and the Lorenz curve can be checked from the output itself.
  const size_t shown = format == Format::kTable ? static_cast<size_t>(result.top_n) : result.ranked.size();
  int64_t cumulative = 0;
  auto percent = [&](int64_t n) {
    return result.total == 0 ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(result.total);
  };
  for (size_t i = 0; i < shown; ++i) {
    const auto& r = result.ranked[i];
    cumulative += r.count;
    table.rows.push_back({std::to_string(i + 1), r.area, std::to_string(r.count), fmt::format("{:.1f}", percent(r.count)),
                          fmt::format("{:.1f}", percent(cumulative))});
  }
  Print(table, format, std::cout);

  const MonthRange& months = study.scope.plan.months;
  const std::string sentence =
      fmt::format("{:.1f}% of {} incidents in {} took place in {} of its {} {} ({} of {}, {} to {})",
                  result.top_n_share, CategoryWords(args.categories), study.scope.area.name, result.top_n,
                  result.ranked.size(), units, result.top_n_count, result.total, months.first.ToString(),
                  months.last.ToString());
  const std::string gini = fmt::format("Gini coefficient over all {} {}: {:.3f} (0 = even, {:.3f} = all in one)",
                                       result.ranked.size(), units, result.gini,
                                       (result.ranked.size() - 1.0) / static_cast<double>(result.ranked.size()));
  // With CSV or JSON stdout must stay machine-readable: the summary goes to stderr.
  std::ostream& summary = format == Format::kTable ? std::cout : std::cerr;
  summary << sentence << "\n" << gini << "\n";

  for (const auto& n : study.scope.notes) std::cerr << "note: " << n << "\n";
  if (const std::string missing = MissingMonthsNote(study.scope); !missing.empty())
    std::cerr << "note: " << missing << "\n";
  if (study.unplaced > 0)
    std::cerr << fmt::format("note: {} incidents in {} have no {} and are not ranked\n", study.unplaced,
                             study.scope.area.name,
                             unit == ConcentrationUnit::kWard   ? "ward"
                             : unit == ConcentrationUnit::kLsoa ? "LSOA"
                                                                : "location");
  for (const auto& n : study.notes) std::cerr << "note: " << n << "\n";
}

}  // namespace

void AddConcentrationCommand(CLI::App& analyse, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = analyse.add_subcommand(
      "concentration", "Share of incidents in the top N wards, LSOAs or grid cells of an area, with the Gini coefficient");
  cmd->footer(
      "Every ward (or LSOA) the imported lookup places in the area is ranked, those with no\n"
      "incidents too; with --by cell, every grid cell the area's incidents ever occupied. Ties\n"
      "rank by name. The text table shows the top N; CSV and JSON list every unit and print the\n"
      "summary and Gini to stderr. See docs/analyse.md.");
  auto args = std::make_shared<ConcentrationArgs>();
  cmd->add_option("--area", args->area, "A force or local authority (name or code); a ward with --by lsoa")
      ->required();
  cmd->add_option("--from", args->from, "First month, YYYY-MM")->required();
  cmd->add_option("--to", args->to, "Last month, YYYY-MM (inclusive)")->required();
  cmd->add_option("--by", args->by, "ward, lsoa or cell (a square grid)")
      ->required()
      ->check(CLI::IsMember({"ward", "lsoa", "cell"}));
  cmd->add_option("--cell", args->cell, "Grid cell size in metres with --by cell (default 250)");
  cmd->add_option("--category", args->categories, "Only this category and those below it (repeatable)");
  cmd->add_option("--top", args->top, "How many areas the share is of (default 10)")->check(CLI::PositiveNumber);
  cmd->add_option("--format", args->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->callback([args, &options, &outcome] { Run(*args, options, outcome); });
}

void AddAnalyseCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  auto* analyse = app.add_subcommand("analyse", "The analyst's toolkit: measures that need more than counting");
  analyse->require_subcommand(1);
  AddConcentrationCommand(*analyse, options, outcome);
  AddHotspotCommand(*analyse, options, outcome);
  AddRepeatCommand(*analyse, options, outcome);
  AddNearRepeatCommand(*analyse, options, outcome);
  AddReoffendingCommand(*analyse, options, outcome);
  AddChangeCommands(*analyse, options, outcome);
}

}  // namespace safer::cli
