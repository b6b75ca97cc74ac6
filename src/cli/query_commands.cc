// safer query counts
#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "query/count_query.h"
#include "store/lookups.h"

namespace safer::cli {
namespace {

Status ParseMonth(const std::string& text, const char* option, Month* out) {
  auto m = Month::Parse(text);
  if (!m) return Status::InvalidInput(fmt::format("{} \"{}\" is not a month in the form YYYY-MM", option, text));
  *out = *m;
  return Status::Ok();
}

// Two keys as a cross-table: the first down, the second across, with totals both ways.
// Every total is summed from the cells printed, so the margins always add up.
Table Pivot(const CountTable& result) {
  std::vector<std::string> across;
  std::vector<std::string> down;
  std::map<std::pair<std::string, std::string>, int64_t> cells;
  for (const auto& r : result.rows) {
    if (std::find(down.begin(), down.end(), r.keys[0]) == down.end()) down.push_back(r.keys[0]);
    if (std::find(across.begin(), across.end(), r.keys[1]) == across.end()) across.push_back(r.keys[1]);
    cells[{r.keys[0], r.keys[1]}] += r.count;
  }
  std::sort(across.begin(), across.end());
  Table table;
  table.columns.push_back(result.columns[0]);
  table.columns.insert(table.columns.end(), across.begin(), across.end());
  table.columns.push_back("Total");
  table.numeric.assign(table.columns.size(), true);
  table.numeric[0] = false;
  std::vector<int64_t> column_totals(across.size(), 0);
  for (const auto& d : down) {
    std::vector<std::string> row{d};
    int64_t row_total = 0;
    for (size_t i = 0; i < across.size(); ++i) {
      int64_t n = cells.count({d, across[i]}) ? cells[{d, across[i]}] : 0;
      row.push_back(std::to_string(n));
      row_total += n;
      column_totals[i] += n;
    }
    row.push_back(std::to_string(row_total));
    table.rows.push_back(std::move(row));
  }
  std::vector<std::string> total_row{"Total"};
  int64_t grand = 0;
  for (int64_t n : column_totals) {
    total_row.push_back(std::to_string(n));
    grand += n;
  }
  total_row.push_back(std::to_string(grand));
  table.rows.push_back(std::move(total_row));
  return table;
}

void PrintNotes(const CountPlan& plan, const CountTable& result, const std::vector<std::string>& missing) {
  if (!missing.empty())
    std::cerr << fmt::format("note: no police data held for {} of the {} months ({}{}); they are missing, not zero\n",
                             missing.size(), plan.months.size(), missing.front(),
                             missing.size() > 1 ? " … " + missing.back() : "");
  for (const auto& note : result.notes) std::cerr << "note: " << note << "\n";
}

// What both `counts` and `incidents` select: an area, a month range, categories.
struct Selection {
  std::string area, from, to, format = "table";
  std::vector<std::string> categories;

  void AddOptions(CLI::App* cmd) {
    cmd->add_option("--area", area, "A force, local authority, ward or LSOA (name or code)")->required();
    cmd->add_option("--from", from, "First month, YYYY-MM")->required();
    cmd->add_option("--to", to, "Last month, YYYY-MM (inclusive)")->required();
    cmd->add_option("--category", categories, "Only this category and those below it (repeatable)");
    cmd->add_option("--format", format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  }

  // Fills the request's months and categories from the options.
  Status ToRequest(CountRequest* request) const {
    request->categories = categories;
    Status st = ParseMonth(from, "--from", &request->months.first);
    if (st.ok()) st = ParseMonth(to, "--to", &request->months.last);
    return st;
  }

  // Opens the store, resolves the area and plans the request.
  Status Plan(const GlobalOptions& options, const CountRequest& request, std::unique_ptr<Store>* store,
              CountPlan* plan) const {
    Area resolved;
    Status st = OpenConfiguredStore(options, store);
    std::string note;
    if (st.ok()) st = ResolveArea(**store, area, &resolved, &note);
    if (st.ok() && !note.empty()) std::cerr << "note: " << note << "\n";
    if (st.ok()) st = PlanCount(request, resolved, plan);
    return st;
  }
};

void AddCounts(CLI::App& query, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = query.add_subcommand("counts", "Count incidents by area, month, category, LSOA, ward or force");
  cmd->footer(
      "Keys: area (the local authority an incident's LSOA lies in), month, category (as the source\n"
      "recorded it, on the ONS crime tree), lsoa, ward, force (the force that recorded it).\n"
      "A category selects its whole subtree: --category acquisitive counts burglary, shoplifting, ...\n"
      "Incidents without a location count towards their force, not towards any local authority.\n"
      "`safer query incidents` with the same options lists the rows behind a count.");
  struct Args : Selection {
    std::string by, rate = "none";
    bool pivot = false;
  };
  auto args = std::make_shared<Args>();
  args->AddOptions(cmd);
  cmd->add_option("--by", args->by, "Group by KEY[,KEY...]: area, month, category, lsoa, ward, force");
  cmd->add_option("--rate", args->rate, "Add a rate per 1,000: none, population or households")
      ->check(CLI::IsMember({"none", "population", "households"}));
  cmd->add_flag("--pivot", args->pivot,
                "With two keys (not lsoa): the first down, the second across, with totals");
  cmd->callback([args, &options, &outcome] {
    CountRequest request;
    request.rate = args->rate == "population"   ? RateBase::kPopulation
                   : args->rate == "households" ? RateBase::kHouseholds
                                                : RateBase::kNone;
    Status st = args->ToRequest(&request);
    std::stringstream keys(args->by);
    for (std::string key; st.ok() && std::getline(keys, key, ',');) {
      if (key.empty()) continue;
      auto k = ParseCountKey(key);
      if (!k) st = Status::InvalidInput("--by " + key + ": not a key; use area, month, category, lsoa, ward, force");
      else request.by.push_back(*k);
    }
    std::unique_ptr<Store> store;
    CountPlan plan;
    CountTable result;
    std::vector<std::string> missing;
    if (st.ok() && args->pivot &&
        (request.by.size() != 2 || request.by[0] == CountKey::kLsoa || request.by[1] == CountKey::kLsoa))
      st = Status::InvalidInput("--pivot needs exactly two keys, neither of them lsoa");
    if (st.ok() && args->pivot && request.rate != RateBase::kNone)
      st = Status::InvalidInput("--pivot shows counts only; leave out --rate");
    if (st.ok()) st = args->Plan(options, request, &store, &plan);
    if (st.ok()) st = store->Count(plan, &result);
    if (st.ok()) st = MissingMonths(*store, plan, &missing);
    if (!st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }

    Format format = *ParseFormat(args->format);
    if (args->pivot) {
      Print(Pivot(result), format, std::cout);
      PrintNotes(plan, result, missing);
      return;
    }
    Table table;
    table.columns = result.columns;
    table.numeric.assign(table.columns.size(), false);
    table.columns.push_back("count");
    table.numeric.push_back(true);
    if (plan.rate != RateBase::kNone) {
      table.columns.push_back(plan.rate == RateBase::kPopulation ? "population" : "households");
      table.columns.push_back("rate_per_1000");
      table.numeric.insert(table.numeric.end(), {true, true});
    }
    for (const auto& r : result.rows) {
      std::vector<std::string> row = r.keys;
      row.push_back(std::to_string(r.count));
      if (plan.rate != RateBase::kNone) {
        row.push_back(r.denominator ? fmt::format("{:.0f}", *r.denominator) : "");
        row.push_back(r.rate_per_1000 ? fmt::format("{:.2f}", *r.rate_per_1000) : "");
      }
      table.rows.push_back(std::move(row));
    }
    Print(table, format, std::cout);
    if (format == Format::kTable)
      std::cout << fmt::format("total {} ({} {}, {} to {})\n", result.total, AreaLevelName(plan.area.level),
                               plan.area.name, plan.months.first.ToString(), plan.months.last.ToString());
    PrintNotes(plan, result, missing);
  });
}

void AddIncidents(CLI::App& query, GlobalOptions& options, Outcome& outcome) {
  auto* cmd = query.add_subcommand("incidents", "List the incidents behind a count, with where each came from");
  cmd->footer("Same selection as `safer query counts`; each row names its source file, line, import and edition.");
  struct Args : Selection {
    int64_t limit = 1000;
  };
  auto args = std::make_shared<Args>();
  args->AddOptions(cmd);
  cmd->add_option("--limit", args->limit, "At most this many rows (default 1000)")->check(CLI::Range(1, 100000000));
  cmd->callback([args, &options, &outcome] {
    CountRequest request;
    std::unique_ptr<Store> store;
    CountPlan plan;
    Status st = args->ToRequest(&request);
    if (st.ok()) st = args->Plan(options, request, &store, &plan);
    Table table{{"month", "force", "crime_id", "category", "lsoa", "lsoa_name", "longitude", "latitude", "location",
                 "last_outcome", "context", "source_file", "line", "import", "edition"},
                {},
                {false, false, false, false, false, false, true, true, false, false, false, false, true, true, false}};
    if (st.ok())
      st = store->ListIncidents(plan, args->limit, [&](const StoredIncident& i) {
        table.rows.push_back({i.month, i.force, i.crime_id, std::string(Category(i.category).name), i.lsoa_code,
                              i.lsoa_name, i.location ? fmt::format("{:.6f}", i.location->longitude) : "",
                              i.location ? fmt::format("{:.6f}", i.location->latitude) : "", i.location_description,
                              i.last_outcome, i.context, i.source_file, std::to_string(i.line),
                              std::to_string(i.import_id), i.edition});
      });
    if (!st.ok()) {
      outcome.exit_code = Fail(st);
      return;
    }
    Print(table, *ParseFormat(args->format), std::cout);
    if (static_cast<int64_t>(table.rows.size()) == args->limit)
      std::cerr << fmt::format("note: stopped at --limit {}; there may be more\n", args->limit);
  });
}

}  // namespace

void AddQueryCommands(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  auto* query = app.add_subcommand("query", "Ask the store: counts of incidents, and the incidents behind them");
  query->require_subcommand(1);
  AddCounts(*query, options, outcome);
  AddIncidents(*query, options, outcome);
}

}  // namespace safer::cli
