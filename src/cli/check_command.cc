// `safer check table FILE...`: reports the inconsistencies in published tables (src/check/).
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "check/check.h"
#include "check/checks.h"
#include "check/periods.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace safer::cli {
namespace {

struct CheckArgs {
  std::vector<std::string> files;
  std::string format = "text";
  std::string tree;
  std::string quarter;
  bool no_force_column = false;
};

std::string Footer() {
  std::string text =
      "FILE is a table as CSV or tab-separated text (.tsv, .txt, or any file holding tabs), in the\n"
      "shapes of the performance packs: two periods with Change and % Change, parent rows with\n"
      "their parts and totals, districts side by side with a force column and rates per 1,000.\n"
      "Lines starting with '#' are comments. Rows nest by --tree, else by the table's own markup\n"
      "('>' marks, indentation, bold parents), else by the ONS crime tree. See docs/check.md.\n"
      "Checks:\n";
  for (const auto& c : check::AllChecks()) text += fmt::format("  {:<15}{}\n", c.id, c.summary);
  text +=
      "Exit codes: 0 no finding; 5 findings; 2 a file cannot be read or the command line is wrong.";
  return text;
}

Status LoadTree(const std::string& path, check::NameTree* tree) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidInput(fmt::format("--tree {}: cannot be read", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (Status st = check::NameTree::FromOutline(text.str(), tree); !st.ok())
    return Status::InvalidInput(fmt::format("--tree {}: {}", path, st.message()));
  return Status::Ok();
}

// "N findings (change 2, parts 1)" in the order the checks are registered.
std::string Summary(const std::string& file, const std::vector<check::Finding>& findings) {
  if (findings.empty()) return file + ": no findings";
  std::map<std::string, int> by_check;
  for (const auto& f : findings) ++by_check[f.check];
  std::string counts;
  for (const auto& c : check::AllChecks())
    if (auto it = by_check.find(std::string(c.id)); it != by_check.end())
      counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", c.id, it->second);
  return fmt::format("{}: {} finding{} ({})", file, findings.size(), findings.size() == 1 ? "" : "s", counts);
}

}  // namespace

void AddCheckCommand(CLI::App& app, GlobalOptions& options, Outcome& outcome) {
  CLI::App* check = app.add_subcommand("check", "Check published tables for figures that do not add up");
  check->require_subcommand(1);
  CLI::App* cmd = check->add_subcommand("table", "Report every inconsistency in a published table (CSV or TSV)");
  cmd->footer(Footer());
  auto args = std::make_shared<CheckArgs>();
  cmd->add_option("FILE", args->files, "Tables to check")->required();
  cmd->add_option("--format", args->format, "text (one FILE:LINE: line per finding, then a summary), csv or json")
      ->check(CLI::IsMember({"text", "csv", "json"}))
      ->capture_default_str();
  cmd->add_option("--tree", args->tree, "An outline of row names, children indented under parents")
      ->type_name("FILE");
  cmd->add_option("--quarter", args->quarter,
                  "The quarter the table reports (Q2, 2018/19-Q2): three-month headings must match it")
      ->type_name("Q");
  cmd->add_flag("--no-force-column", args->no_force_column,
                "The last column pair of a district table is a district, not the force total");

  cmd->callback([args, &options, &outcome] {
    check::CheckOptions check_options;
    check_options.force_column = !args->no_force_column;
    if (!args->quarter.empty()) {
      check_options.quarter = check::FindQuarter(args->quarter);
      if (args->quarter.size() == 1 && args->quarter[0] >= '1' && args->quarter[0] <= '4')
        check_options.quarter = args->quarter[0] - '0';
      if (!check_options.quarter) {
        outcome.exit_code = Fail(Status::InvalidInput(
            fmt::format("--quarter \"{}\" names no quarter: give Q1-Q4 or e.g. 2018/19-Q2", args->quarter)));
        return;
      }
    }
    check::NameTree tree;
    if (!args->tree.empty()) {
      if (Status st = LoadTree(args->tree, &tree); !st.ok()) {
        outcome.exit_code = Fail(st);
        return;
      }
      check_options.tree = &tree;
    }

    bool unreadable = false, found = false;
    Table table;
    table.columns = {"file", "line", "column", "column_label", "row", "check", "message", "expected", "found"};
    table.numeric = {false, true, true, false, false, false, false, false, false};
    for (const std::string& file : args->files) {
      std::vector<check::Finding> findings;
      if (Status st = check::CheckTableFile(file, check_options, &findings); !st.ok()) {
        std::cerr << "safer: " << st.message() << "\n";
        unreadable = true;
        continue;
      }
      found = found || !findings.empty();
      if (args->format == "text") {
        for (const auto& f : findings) std::cout << check::FormatFinding(file, f) << "\n";
        std::cout << Summary(file, findings) << "\n";
        continue;
      }
      for (const auto& f : findings)
        table.rows.push_back({file, std::to_string(f.line), f.column ? std::to_string(f.column) : "",
                              f.column_label, f.row, f.check, f.message, f.expected, f.found});
      if (!options.quiet) std::cerr << Summary(file, findings) << "\n";
    }
    if (args->format != "text") Print(table, *ParseFormat(args->format), std::cout);
    outcome.exit_code = unreadable ? kExitUsage : found ? kExitFindings : kExitOk;
  });
}

}  // namespace safer::cli
