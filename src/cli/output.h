// Printing a result table as an aligned text table, CSV (RFC 4180) or JSON.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace safer::cli {

enum class Format { kTable, kCsv, kJson };
std::optional<Format> ParseFormat(const std::string& text);

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: right-aligned, a number in JSON; empty cell = null
};

void Print(const Table& table, Format format, std::ostream& out);

}  // namespace safer::cli
