#include "check/grid.h"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace safer::check {
namespace {

constexpr std::string_view kMinusSign = "\u2212";
constexpr std::string_view kEnDash = "\u2013";
constexpr std::string_view kNoBreakSpace = "\u00a0";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool AllDigits(std::string_view s) {
  for (char c : s)
    if (!IsDigit(c)) return false;
  return !s.empty();
}

std::string_view Trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    else if (s.starts_with(kNoBreakSpace)) s.remove_prefix(kNoBreakSpace.size());
    else break;
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    else if (s.ends_with(kNoBreakSpace)) s.remove_suffix(kNoBreakSpace.size());
    else break;
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "1256", "1,256", "0.008", ".5": digits, thousands in threes, one decimal point.
bool ParseMagnitude(std::string_view body, double* value, int* decimals) {
  const size_t dot = body.find('.');
  std::string_view whole = body.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : body.substr(dot + 1);
  if (dot != std::string_view::npos && !AllDigits(fraction)) return false;
  if (whole.empty() && fraction.empty()) return false;
  std::string digits;
  if (whole.find(',') == std::string_view::npos) {
    if (!whole.empty() && !AllDigits(whole)) return false;
    digits = whole;
  } else {
    const size_t first = whole.find(',');
    if (first == 0 || first > 3 || !AllDigits(whole.substr(0, first))) return false;
    digits = whole.substr(0, first);
    for (size_t at = first; at < whole.size(); at += 4) {
      if (whole[at] != ',' || at + 4 > whole.size() || !AllDigits(whole.substr(at + 1, 3))) return false;
      digits += whole.substr(at + 1, 3);
    }
  }
  if (!fraction.empty()) digits += "." + std::string(fraction);
  *value = std::strtod(digits.c_str(), nullptr);
  *decimals = static_cast<int>(fraction.size());
  return true;
}

// Removes HTML tags and entities and Markdown bold; says whether the text was bold.
std::string StripMarkup(std::string_view raw, bool* bold) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kEntities{{
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}}};
  std::string out;
  for (size_t i = 0; i < raw.size();) {
    if (raw[i] == '<') {
      const size_t end = raw.find('>', i);
      std::string_view tag = end == std::string_view::npos ? std::string_view() : raw.substr(i + 1, end - i - 1);
      if (tag.starts_with('/')) tag.remove_prefix(1);
      if (tag.ends_with('/')) tag.remove_suffix(1);
      bool is_tag = !tag.empty();
      for (char c : tag) is_tag = is_tag && std::isalpha(static_cast<unsigned char>(c));
      if (is_tag) {
        const std::string name = Lower(tag);
        if (name == "b" || name == "strong") *bold = true;
        i = end + 1;
        continue;
      }
    }
    if (raw.substr(i).starts_with("**")) {
      *bold = true;
      i += 2;
      continue;
    }
    bool entity = false;
    if (raw[i] == '&') {
      for (const auto& [name, text] : kEntities) {
        if (raw.substr(i).starts_with(name)) {
          out += text;
          i += name.size();
          entity = true;
          break;
        }
      }
    }
    if (!entity) out += raw[i++];
  }
  return out;
}

bool HasTab(std::string_view text) { return text.find('\t') != std::string_view::npos; }

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    const size_t tab = line.find('\t', start);
    fields.emplace_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

GridRow MakeRow(int line, const std::vector<std::string>& fields) {
  GridRow row;
  row.line = line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      row.cells.push_back(ClassifyCell(fields[i]));
      continue;
    }
    // The first cell names the row; its nesting marks are layout, not part of the name.
    bool bold = false;
    std::string text = StripMarkup(fields[0], &bold);
    std::string_view rest = text;
    int marks = 0, spaces = 0;
    while (rest.starts_with(' ') || rest.starts_with(kNoBreakSpace) || rest.starts_with('>')) {
      if (rest.starts_with('>')) ++marks;
      else ++spaces;
      rest.remove_prefix(rest.starts_with(kNoBreakSpace) ? kNoBreakSpace.size() : 1);
    }
    // Each '>' is a whole level; spaces are ranked into levels later, table by table.
    row.indent = marks > 0 ? marks : spaces;
    Cell name = ClassifyCell(rest);
    name.bold = name.bold || bold;
    row.cells.push_back(std::move(name));
  }
  return row;
}

}  // namespace

double Figure::half_unit() const { return 0.5 * std::pow(10.0, -decimals); }

std::optional<Figure> ParseFigure(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.ends_with(')')) {  // "30% (2008)": a survey year after the figure
    const size_t open = s.rfind('(');
    if (open == std::string_view::npos) return std::nullopt;
    std::string_view note = s.substr(open + 1, s.size() - open - 2);
    if (note.size() != 4 || !AllDigits(note)) return std::nullopt;
    s = Trim(s.substr(0, open));
  }
  Figure f;
  bool negative = false;
  if (s.starts_with('+')) {
    s.remove_prefix(1);
  } else if (s.starts_with('-')) {
    negative = true;
    s.remove_prefix(1);
  } else if (s.starts_with(kMinusSign) || s.starts_with(kEnDash)) {
    negative = true;
    s.remove_prefix(kMinusSign.size());
  }
  if (s.ends_with('%')) {
    f.percent = true;
    s = Trim(s.substr(0, s.size() - 1));
  } else {
    for (std::string_view unit : {"pts", "pt", "ppt", "pp"}) {
      if (s.size() > unit.size() && Lower(s.substr(s.size() - unit.size())) == unit &&
          !std::isalpha(static_cast<unsigned char>(s[s.size() - unit.size() - 1]))) {
        s = Trim(s.substr(0, s.size() - unit.size()));
        break;
      }
    }
  }
  if (!ParseMagnitude(s, &f.value, &f.decimals)) return std::nullopt;
  if (negative) f.value = -f.value;
  return f;
}

Cell ClassifyCell(std::string_view raw) {
  Cell cell;
  cell.text = std::string(Trim(StripMarkup(raw, &cell.bold)));
  if (cell.text.empty()) return cell;
  if (auto figure = ParseFigure(cell.text)) {
    cell.kind = CellKind::kFigure;
    cell.figure = *figure;
    return cell;
  }
  const std::string lower = Lower(cell.text);
  for (std::string_view na : {"n/a", "na", "n.a.", "-", "\u2013", "\u2014"}) {
    if (lower == na) {
      cell.kind = CellKind::kNotApplicable;
      return cell;
    }
  }
  // "<5" and "*": small numbers suppressed to protect people, not figures gone wrong.
  if (cell.text == "*" || ((cell.text[0] == '<' || cell.text[0] == '>') && ParseFigure(cell.text.substr(1)))) {
    cell.kind = CellKind::kMissing;
    return cell;
  }
  for (std::string_view reason : {"awaiting", "data ", "not available", "not published", "unavailable",
                                  "no data", "measurement to be", "tbc", "to be confirmed", "not known"}) {
    if (lower.starts_with(reason)) {
      cell.kind = CellKind::kMissing;
      return cell;
    }
  }
  // A figure gone wrong ("1,2345", "12..5") has only a figure's characters; a dash or slash
  // inside makes a date or a period ("2018-09", "2013-14"), which is text.
  bool digit = false, other = false;
  for (size_t i = 0; i < cell.text.size(); ++i) {
    const char c = cell.text[i];
    digit = digit || IsDigit(c);
    other = other || (!IsDigit(c) && std::string_view(",.% +").find(c) == std::string_view::npos &&
                      !(c == '-' && i == 0));
  }
  cell.kind = digit && !other ? CellKind::kMalformed : CellKind::kText;
  return cell;
}

const Cell& GridRow::at(size_t column) const {
  static const Cell kBlank;
  return column < cells.size() ? cells[column] : kBlank;
}

Grid ParseGrid(std::string_view text, std::string_view file_name) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  Grid grid;
  const std::string name = Lower(file_name);
  if (name.ends_with(".csv")) grid.delimiter = ',';
  else if (name.ends_with(".tsv") || name.ends_with(".txt")) grid.delimiter = '\t';
  else grid.delimiter = HasTab(text) ? '\t' : ',';

  int line = 1;
  size_t at = 0;
  while (at < text.size()) {
    const int first_line = line;
    std::vector<std::string> fields;
    if (grid.delimiter == '\t' || text[at] == '#') {
      const size_t end = text.find('\n', at);
      std::string_view record = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
      at = end == std::string_view::npos ? text.size() : end + 1;
      ++line;
      if (record.starts_with('#')) continue;
      if (record.ends_with('\r')) record.remove_suffix(1);
      fields = SplitTabs(record);
    } else {
      // One CSV record; a quoted field may hold commas, doubled quotes and line breaks.
      std::string field;
      bool quoted = false;
      for (; at < text.size(); ++at) {
        const char c = text[at];
        if (quoted) {
          if (c == '"' && at + 1 < text.size() && text[at + 1] == '"') {
            field += '"';
            ++at;
          } else if (c == '"') {
            quoted = false;
          } else {
            if (c == '\n') ++line;
            field += c;
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          fields.push_back(std::move(field));
          field.clear();
        } else if (c == '\n') {
          ++at;
          break;
        } else if (c != '\r') {
          field += c;
        }
      }
      fields.push_back(std::move(field));
      ++line;
    }
    grid.rows.push_back(MakeRow(first_line, fields));
  }
  return grid;
}

}  // namespace safer::check
