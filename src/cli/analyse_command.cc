// safer analyse concentration: how much of an area's harm falls in how few of its wards or
// LSOAs. Counting is `safer query counts` by ward or LSOA; the areas with no incidents come
// from the imported lookup, because a count only returns areas that had something.
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "analytics/concentration.h"
#include "cli/analyse_commands.h"
#include "cli/output.h"
#include "query/count_query.h"
#include "store/lookups.h"

namespace safer::cli {
namespace {

struct ConcentrationArgs {
  std::string area, from, to, by, format = "table";
  std::vector<std::string> categories;
  int top = 10;
};

// Counts of these keys are not places in the area: they are reported, not ranked.
bool IsUnplaced(const std::string& key) { return key == "(no location)" || key == "(ward unknown)"; }

// Every ward or LSOA the lookup places inside `scope`, by code, with its name.
Status ListUnits(Store& store, const Area& scope, AreaLevel unit, std::map<std::string, std::string>* out) {
  if (scope.level == unit) {
    (*out)[scope.code] = scope.name;
    return Status::Ok();
  }
  if (static_cast<int>(scope.level) > static_cast<int>(unit)) return Status::Ok();
  std::vector<Area> children;
  if (Status st = store.ListChildAreas(scope, &children); !st.ok()) return st;
  for (const auto& child : children)
    if (Status st = ListUnits(store, child, unit, out); !st.ok()) return st;
  return Status::Ok();
}

std::string CategoryWords(const std::vector<std::string>& categories) {
  if (categories.empty()) return "all";
  std::string words;
  for (size_t i = 0; i < categories.size(); ++i)
    words += (i == 0 ? "" : i + 1 == categories.size() ? " and " : ", ") + categories[i];
  return words;
}

void Run(const ConcentrationArgs& args, const GlobalOptions& options, Outcome& outcome) {
  const AreaLevel unit = args.by == "ward" ? AreaLevel::kWard : AreaLevel::kLsoa;
  const char* unit_word = unit == AreaLevel::kWard ? "wards" : "LSOAs";
  CountRequest request;
  request.categories = args.categories;
  request.by = {unit == AreaLevel::kWard ? CountKey::kWard : CountKey::kLsoa};
  Status st = Status::Ok();
  if (auto m = Month::Parse(args.from)) request.months.first = *m;
  else st = Status::InvalidInput(fmt::format("--from \"{}\" is not a month in the form YYYY-MM", args.from));
  if (auto m = Month::Parse(args.to); st.ok() && m) request.months.last = *m;
  else if (st.ok()) st = Status::InvalidInput(fmt::format("--to \"{}\" is not a month in the form YYYY-MM", args.to));

  std::unique_ptr<Store> store;
  Area area;
  std::string note;
  CountPlan plan;
  CountTable counted;
  std::vector<std::string> missing;
  std::map<std::string, std::string> units;  // code → name, every ward or LSOA of the area
  if (st.ok()) st = OpenConfiguredStore(options, &store);
  if (st.ok()) st = ResolveArea(*store, args.area, &area, &note);
  if (st.ok() && !note.empty()) std::cerr << "note: " << note << "\n";
  if (st.ok() && static_cast<int>(area.level) >= static_cast<int>(unit))
    st = Status::InvalidInput(fmt::format("{} is a {}: --by {} needs a wider area to divide", area.name,
                                          AreaLevelName(area.level), args.by));
  if (st.ok()) st = PlanCount(request, area, &plan);
  if (st.ok()) st = store->Count(plan, &counted);
  if (st.ok()) st = MissingMonths(*store, plan, &missing);
  if (st.ok()) st = ListUnits(*store, area, unit, &units);
  if (!st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }

  // Ward counts are keyed by name, LSOA counts by code; start every listed unit at zero.
  std::map<std::string, int64_t> by_key;
  for (const auto& [code, name] : units) by_key[unit == AreaLevel::kWard ? name : code] = 0;
  std::map<std::string, std::string> lsoa_names;
  for (const auto& [code, name] : units) lsoa_names[code] = name;
  int64_t unplaced = 0;
  for (const auto& row : counted.rows) {
    if (IsUnplaced(row.keys[0])) {
      unplaced += row.count;
      continue;
    }
    by_key[row.keys[0]] += row.count;
    if (unit == AreaLevel::kLsoa && row.keys.size() > 1) lsoa_names.emplace(row.keys[0], row.keys[1]);
  }
  std::vector<AreaCount> counts;
  for (const auto& [key, n] : by_key)
    counts.push_back({unit == AreaLevel::kWard ? key : fmt::format("{} {}", key, lsoa_names[key]), n});

  Concentration result;
  if (counts.empty()) {
    st = Status::NotFound(fmt::format("no {} are known for {}: import an area lookup (safer import areas)",
                                      unit_word, area.name));
  } else if (static_cast<size_t>(args.top) > counts.size()) {
    st = Status::InvalidInput(fmt::format("--top {}: {} has only {} {}", args.top, area.name, counts.size(),
                                          unit_word));
  } else {
    st = Concentrate(counts, args.top, &result);
  }
  if (!st.ok()) {
    outcome.exit_code = Fail(st);
    return;
  }

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

  const std::string sentence =
      fmt::format("{:.1f}% of {} incidents in {} took place in {} of its {} {} ({} of {}, {} to {})",
                  result.top_n_share, CategoryWords(args.categories), area.name, result.top_n,
                  result.ranked.size(), unit_word, result.top_n_count, result.total, plan.months.first.ToString(),
                  plan.months.last.ToString());
  const std::string gini = fmt::format("Gini coefficient over all {} {}: {:.3f} (0 = even, {:.3f} = all in one)",
                                       result.ranked.size(), unit_word, result.gini,
                                       (result.ranked.size() - 1.0) / static_cast<double>(result.ranked.size()));
  // With CSV or JSON stdout must stay machine-readable: the summary goes to stderr.
  std::ostream& summary = format == Format::kTable ? std::cout : std::cerr;
  summary << sentence << "\n" << gini << "\n";

  if (!missing.empty())
    std::cerr << fmt::format("note: no police data held for {} of the {} months ({}{}); they are missing, not zero\n",
                             missing.size(), plan.months.size(), missing.front(),
                             missing.size() > 1 ? " … " + missing.back() : "");
  if (unplaced > 0)
    std::cerr << fmt::format("note: {} incidents in {} have no {} and are not ranked\n", unplaced, area.name,
                             unit == AreaLevel::kWard ? "ward" : "LSOA");
  if (unit == AreaLevel::kLsoa)
    std::cerr << "note: LSOAs with no incidents are included only when the area lookup places them in a ward\n";
  for (const auto& n : counted.notes) std::cerr << "note: " << n << "\n";
}

}  // namespace

void AddConcentrationCommand(CLI::App& analyse, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = analyse.add_subcommand(
      "concentration", "Share of incidents in the top N wards or LSOAs of an area, with the Gini coefficient");
  cmd->footer(
      "Every ward (or LSOA) the imported lookup places in the area is ranked, those with no\n"
      "incidents too. Ties rank by name. The text table shows the top N; CSV and JSON list\n"
      "every area and print the summary and Gini to stderr. See docs/analyse.md.");
  auto args = std::make_shared<ConcentrationArgs>();
  cmd->add_option("--area", args->area, "A force or local authority (name or code); a ward with --by lsoa")
      ->required();
  cmd->add_option("--from", args->from, "First month, YYYY-MM")->required();
  cmd->add_option("--to", args->to, "Last month, YYYY-MM (inclusive)")->required();
  cmd->add_option("--by", args->by, "ward or lsoa")->required()->check(CLI::IsMember({"ward", "lsoa"}));
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
