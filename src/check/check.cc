#include "check/check.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>

#include <fmt/format.h>

#include "check/checks.h"
#include "check/grid.h"
#include "check/layout.h"

namespace safer::check {

std::vector<Finding> CheckTable(std::string_view text, std::string_view file_name, const CheckOptions& options) {
  const Grid grid = ParseGrid(text, file_name);
  const Layout layout = Recognise(grid, {options.tree, options.quarter, options.force_column});
  std::vector<Finding> findings;
  for (const CheckDefinition& check : AllChecks()) check.run(layout, &findings);
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return findings;
}

Status CheckTableFile(const std::string& path, const CheckOptions& options, std::vector<Finding>* findings) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return Status::IOError(fmt::format("{}: is a directory", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(fmt::format("{}: cannot be read", path));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError(fmt::format("{}: read failed", path));
  *findings = CheckTable(text.str(), path, options);
  return Status::Ok();
}

std::string FormatFinding(std::string_view file, const Finding& f) {
  std::string out = fmt::format("{}:{}: ", file, f.line);
  if (!f.column_label.empty()) out += fmt::format("column \"{}\": ", f.column_label);
  else if (f.column > 0) out += fmt::format("column {}: ", f.column);
  out += f.message;
  if (!f.expected.empty() || !f.found.empty()) out += fmt::format(" (expected {}, found {})", f.expected, f.found);
  return out;
}

}  // namespace safer::check
