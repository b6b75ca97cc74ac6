#include "cli/output.h"

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace safer::cli {
namespace {

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Display width in characters, counting UTF-8 continuation bytes as nothing.
size_t Width(const std::string& s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

}  // namespace

std::optional<Format> ParseFormat(const std::string& text) {
  if (text == "table") return Format::kTable;
  if (text == "csv") return Format::kCsv;
  if (text == "json") return Format::kJson;
  return std::nullopt;
}

void Print(const Table& table, Format format, std::ostream& out) {
  auto is_numeric = [&](size_t c) { return c < table.numeric.size() && table.numeric[c]; };
  switch (format) {
    case Format::kCsv: {
      for (size_t c = 0; c < table.columns.size(); ++c) out << (c ? "," : "") << CsvField(table.columns[c]);
      out << "\n";
      for (const auto& row : table.rows) {
        for (size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << CsvField(row[c]);
        out << "\n";
      }
      break;
    }
    case Format::kJson: {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& row : table.rows) {
        nlohmann::json obj = nlohmann::json::object();
        for (size_t c = 0; c < row.size() && c < table.columns.size(); ++c) {
          if (!is_numeric(c)) obj[table.columns[c]] = row[c];
          else if (row[c].empty()) obj[table.columns[c]] = nullptr;
          else if (row[c].find('.') == std::string::npos) obj[table.columns[c]] = std::strtoll(row[c].c_str(), nullptr, 10);
          else obj[table.columns[c]] = std::strtod(row[c].c_str(), nullptr);
        }
        rows.push_back(std::move(obj));
      }
      // Text that is not UTF-8 (a file saved in Windows-1252, say) is shown with U+FFFD
      // rather than failing the whole output.
      out << rows.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      break;
    }
    case Format::kTable: {
      std::vector<size_t> width(table.columns.size());
      for (size_t c = 0; c < table.columns.size(); ++c) width[c] = Width(table.columns[c]);
      for (const auto& row : table.rows)
        for (size_t c = 0; c < row.size() && c < width.size(); ++c) width[c] = std::max(width[c], Width(row[c]));
      auto line = [&](const std::vector<std::string>& cells) {
        for (size_t c = 0; c < cells.size() && c < width.size(); ++c) {
          std::string pad(width[c] - Width(cells[c]), ' ');
          out << (c ? "  " : "") << (is_numeric(c) ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : ""));
        }
        out << "\n";
      };
      line(table.columns);
      std::vector<std::string> rule;
      for (size_t w : width) rule.push_back(std::string(w, '-'));
      line(rule);
      for (const auto& row : table.rows) line(row);
      break;
    }
  }
}

}  // namespace safer::cli
