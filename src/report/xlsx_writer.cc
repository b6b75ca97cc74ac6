// The pack as an XLSX workbook (libxlsxwriter) for analysts: one sheet per table, real
// numbers with number formats, header rows frozen, a missing figure as its reason (text,
// never 0), and each figure's provenance in a cell comment.
//
// Storage: a percentage and a % difference are stored as fractions of 1 with a "0.0%"
// format (6.1% is 0.061), as Excel expects; a difference of two percentages is stored in
// percentage points with a '0.0" pts"' format (0.8 pts is 0.8). Counts and rates are stored
// as they are.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <xlsxwriter.h>

#include "domain/category.h"
#include "report/pack_format.h"
#include "report/pack_writers.h"

namespace safer {
namespace {

using namespace report;

// Excel refuses control characters and strings over 32,767 characters.
std::string Clean(std::string_view s) {
  std::string out;
  out.reserve(std::min<size_t>(s.size(), 32767));
  for (unsigned char c : s) {
    if (out.size() >= 32760 && (c & 0xC0) != 0x80) break;  // cut on a UTF-8 boundary
    out += (c < 0x20 && c != '\n' && c != '\t') ? ' ' : static_cast<char>(c);
  }
  return out;
}

struct Style {
  std::string num;  // number format; empty for text
  bool bold = false;
  bool header = false;
  bool title = false;
  bool missing = false;
  bool wrap = false;
  bool total = false;  // a rule above, bold
  int indent = 0;
  Rag rag = Rag::kNone;
  bool operator<(const Style& o) const {
    return std::tie(num, bold, header, title, missing, wrap, total, indent, rag) <
           std::tie(o.num, o.bold, o.header, o.title, o.missing, o.wrap, o.total, o.indent, o.rag);
  }
};

// One lxw_format per distinct style: libxlsxwriter keeps every format it is given.
class Formats {
 public:
  explicit Formats(lxw_workbook* wb) : wb_(wb) {}
  lxw_format* Get(const Style& s) {
    auto it = cache_.find(s);
    if (it != cache_.end()) return it->second;
    lxw_format* f = workbook_add_format(wb_);
    format_set_font_name(f, "Arial");
    format_set_font_size(f, s.title ? 13 : 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (!s.num.empty()) format_set_num_format(f, s.num.c_str());
    if (s.bold || s.header || s.title || s.total) format_set_bold(f);
    if (s.header) {
      format_set_font_color(f, LXW_COLOR_WHITE);
      format_set_bg_color(f, 0x1F3A5F);
      format_set_pattern(f, LXW_PATTERN_SOLID);
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_BOTTOM);
    }
    if (s.title) format_set_font_color(f, 0x1F3A5F);
    if (s.missing) {
      format_set_italic(f);
      format_set_font_color(f, 0x5B636B);
      format_set_align(f, LXW_ALIGN_RIGHT);
    }
    if (s.wrap) format_set_text_wrap(f);
    if (s.total) {
      format_set_top(f, LXW_BORDER_THIN);
      format_set_bg_color(f, 0xEEF1F4);
      format_set_pattern(f, LXW_PATTERN_SOLID);
    }
    if (s.indent > 0) format_set_indent(f, static_cast<uint8_t>(s.indent));
    // Excel's own Good / Neutral / Bad colours, with the word in the cell.
    if (s.rag != Rag::kNone) {
      static const std::map<Rag, std::pair<lxw_color_t, lxw_color_t>> kColours = {
          {Rag::kGreen, {0xC6EFCE, 0x006100}}, {Rag::kAmber, {0xFFEB9C, 0x9C5700}}, {Rag::kRed, {0xFFC7CE, 0x9C0006}}};
      format_set_bg_color(f, kColours.at(s.rag).first);
      format_set_font_color(f, kColours.at(s.rag).second);
      format_set_pattern(f, LXW_PATTERN_SOLID);
      format_set_bold(f);
    }
    return cache_[s] = f;
  }

 private:
  lxw_workbook* wb_;
  std::map<Style, lxw_format*> cache_;
};

std::string ValueFormat(IndicatorUnit unit, double value) {
  switch (unit) {
    case IndicatorUnit::kCount: return value == std::floor(value) ? "#,##0" : "#,##0.0";
    case IndicatorUnit::kPercentage: return "0.0%";
    case IndicatorUnit::kRatio: return "0.00";
    default: return "#,##0.0";
  }
}

std::string DifferenceFormat(IndicatorUnit unit, bool in_points, double value) {
  if (in_points) return "+0.0\" pts\";-0.0\" pts\";0.0\" pts\"";
  if (unit == IndicatorUnit::kRatio) return "+0.00;-0.00;0.00";
  if (unit == IndicatorUnit::kCount && value == std::floor(value)) return "+#,##0;-#,##0;0";
  return "+#,##0.0;-#,##0.0;0.0";
}

// Values as stored: percentages as fractions of 1, so that "0.0%" shows them right.
double Stored(double value, IndicatorUnit unit) { return unit == IndicatorUnit::kPercentage ? value / 100 : value; }

class Sheet {
 public:
  Sheet(lxw_worksheet* ws, Formats& formats, lxw_error* error) : ws_(ws), formats_(formats), error_(error) {
    worksheet_set_landscape(ws_);
    worksheet_set_paper(ws_, 9);  // A4
    worksheet_fit_to_pages(ws_, 1, 0);
    worksheet_set_comments_author(ws_, "Safer");
  }

  void Text(int row, int col, std::string_view text, const Style& style = {}) {
    Check(worksheet_write_string(ws_, row, col, Clean(text).c_str(), formats_.Get(style)));
  }
  void Number(int row, int col, double value, const Style& style) {
    Check(worksheet_write_number(ws_, row, col, value, formats_.Get(style)));
  }
  void Comment(int row, int col, std::string_view text) {
    if (text.empty()) return;
    lxw_comment_options options = {};
    options.width = 320;
    options.height = 90;
    Check(worksheet_write_comment_opt(ws_, row, col, Clean(text).c_str(), &options));
  }
  void Width(int first, int last, double width) {
    Check(worksheet_set_column(ws_, first, last, width, nullptr));
  }
  void Heading(int row, std::string_view title, std::string_view subtitle) {
    Style t;
    t.title = true;
    Text(row, 0, title, t);
    Check(worksheet_set_row(ws_, row, 20, nullptr));
    if (!subtitle.empty()) Text(row + 1, 0, subtitle);
  }
  // Headers on `row` (and the rows above it from `first_header_row`) stay in view and print on every page.
  void Freeze(int first_header_row, int row, int col) {
    worksheet_freeze_panes(ws_, row + 1, col);
    Check(worksheet_repeat_rows(ws_, first_header_row, row));
  }
  void Blank(int row, int col, const Style& style) { Check(worksheet_write_blank(ws_, row, col, formats_.Get(style))); }
  void Merge(int first_row, int first_col, int last_row, int last_col, std::string_view text, const Style& style) {
    Check(worksheet_merge_range(ws_, first_row, first_col, last_row, last_col, Clean(text).c_str(),
                                formats_.Get(style)));
  }
  void RowHeight(int row, double height) { Check(worksheet_set_row(ws_, row, height, nullptr)); }

  // A figure: its value in the unit's format, or its reason as text; provenance (and the
  // numerator and denominator of a ratio or percentage) in a comment.
  void FigureCell(int row, int col, const Figure& f, IndicatorUnit unit, Style style = {}) {
    if (!f.value) {
      style.missing = true;
      style.wrap = true;
      Text(row, col, MissingText(f), style);
    } else {
      style.num = ValueFormat(unit, *f.value);
      Number(row, col, Stored(*f.value, unit), style);
    }
    std::string parts = FormatParts(f, unit);
    Comment(row, col, parts.empty() ? f.provenance : parts + (f.provenance.empty() ? "" : "\n" + f.provenance));
  }

  // Difference, % difference, p value and whether the change is unlikely to be chance.
  void ChangeCells(int row, int col, const Change& c, IndicatorUnit unit, const Figure& before, const Figure& after,
                   Style style = {}) {
    Style missing = style;
    missing.missing = true;
    missing.wrap = true;
    if (!c.difference) {
      Text(row, col, "Not available", missing);
      Comment(row, col, NoChangeReason(before, after));
      Text(row, col + 1, "Not available", missing);
    } else {
      Style d = style;
      d.num = DifferenceFormat(unit, c.in_points, *c.difference);
      Number(row, col, *c.difference, d);
      if (c.percent) {
        Style p = style;
        p.num = "+0.0%;-0.0%;0.0%";
        Number(row, col + 1, *c.percent / 100, p);
      } else {
        Text(row, col + 1, kZeroBase, missing);
        Comment(row, col + 1, kZeroBaseReason);
      }
    }
    if (c.test) {
      Style p = style;
      p.num = "0.0000";
      Number(row, col + 2, c.test->p_value, p);
      Text(row, col + 3, c.test->significant ? "Yes" : "No", style);
    } else {
      Blank(row, col + 2, style);
      Blank(row, col + 3, style);
    }
  }

 private:
  void Check(lxw_error e) {
    if (e != LXW_NO_ERROR && *error_ == LXW_NO_ERROR) *error_ = e;
  }
  lxw_worksheet* ws_;
  Formats& formats_;
  lxw_error* error_;
};

// Excel sheet names: at most 31 characters, none of []:*?/\, unique regardless of case.
class SheetNames {
 public:
  std::string Make(std::string_view wanted) {
    std::string name;
    for (unsigned char c : wanted) {
      if (std::string_view("[]:*?/\\").find(static_cast<char>(c)) != std::string_view::npos || c < 0x20) c = ' ';
      name += static_cast<char>(c);
    }
    while (!name.empty() && (name.front() == ' ' || name.front() == '\'')) name.erase(0, 1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\'')) name.pop_back();
    if (name.empty()) name = "Sheet";
    std::string base = Truncate(name, 31);
    std::string candidate = base;
    for (int n = 2; used_.count(Lower(candidate)); ++n)
      candidate = Truncate(base, 31 - 3 - static_cast<int>(std::to_string(n).size())) + " (" + std::to_string(n) + ")";
    used_.insert(Lower(candidate));
    return candidate;
  }

 private:
  static std::string Truncate(const std::string& s, int chars) {
    int count = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && count++ == chars) {
        std::string cut = s.substr(0, i);
        while (!cut.empty() && cut.back() == ' ') cut.pop_back();
        return cut;
      }
    }
    return s;
  }
  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  std::set<std::string> used_;
};

class Workbook {
 public:
  Workbook(lxw_workbook* wb, const PerformancePack& pack) : wb_(wb), formats_(wb), pack_(pack) {}

  Sheet Add(std::string_view wanted) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, names_.Make(wanted).c_str());
    // A name Excel still refuses (a reserved word) falls back to a plain one.
    if (!ws) ws = workbook_add_worksheet(wb_, names_.Make("Sheet " + std::to_string(++fallbacks_)).c_str());
    return Sheet(ws, formats_, &error_);
  }
  lxw_error error() const { return error_; }

  void Objective(const ObjectiveTable& table, size_t number);
  void Categories(const CategoryTable& table, std::string_view label_heading);
  void Districts(const DistrictTable& table, std::string_view sheet_name, std::string_view label_heading);
  void Notes();

 private:
  std::string Subtitle() const { return pack_.area.name + " — " + pack_.period.label; }

  lxw_workbook* wb_;
  Formats formats_;
  const PerformancePack& pack_;
  SheetNames names_;
  int fallbacks_ = 0;
  lxw_error error_ = LXW_NO_ERROR;
};

Style Header() {
  Style s;
  s.header = true;
  return s;
}

void Workbook::Objective(const ObjectiveTable& table, size_t number) {
  Sheet sheet = Add(std::to_string(number) + ". " + table.objective);
  const PackPeriod& p = pack_.period;
  std::string noun(PeriodNoun(p.current));
  sheet.Heading(0, "Strategic objective " + std::to_string(number) + ": " + table.objective,
                Subtitle() + ". Percentages are stored as fractions (6.1% is 0.061); differences of percentages "
                             "in percentage points.");
  std::vector<std::string> trend_labels;
  for (const auto& line : table.lines)
    for (const auto& [label, f] : line.trend)
      if (std::find(trend_labels.begin(), trend_labels.end(), label) == trend_labels.end()) trend_labels.push_back(label);
  std::sort(trend_labels.begin(), trend_labels.end(), [](const std::string& a, const std::string& b) {
    auto ra = TrendPeriod(a), rb = TrendPeriod(b);
    return ra && rb ? ra->first < rb->first : a < b;
  });

  const int header = 3;
  std::vector<std::pair<std::string, double>> columns = {
      {"Indicator", 44},
      {"Unit", 16},
      {"Baseline (previous FY) " + YearLabel(p.baseline), 13},
      {"Target " + YearLabel(FinancialYear::Containing(p.current.first).months()), 16},
      {"Same " + noun + " last year " + MonthRangeLabel(p.previous), 14},
      {"This " + noun + " " + MonthRangeLabel(p.current), 14},
      {"Year to date " + MonthRangeLabel(p.year_to_date), 14},
      {"Difference", 12},
      {"% difference", 12},
      {"p value", 9},
      {"Unlikely to be chance (p < 0.05)", 12},
      {"Status", 10},
      {"Status reason", 40},
      {"Definition", 50},
  };
  for (const auto& label : trend_labels) columns.push_back({"Trend " + TrendLabel(label), 11});
  for (size_t c = 0; c < columns.size(); ++c) {
    sheet.Text(header, static_cast<int>(c), columns[c].first, Header());
    sheet.Width(static_cast<int>(c), static_cast<int>(c), columns[c].second);
  }
  sheet.RowHeight(header, 42);
  sheet.Freeze(header, header, 1);

  int row = header + 1;
  for (const auto& line : table.lines) {
    const Indicator& ind = line.indicator;
    Style name;
    name.wrap = true;
    name.bold = true;
    sheet.Text(row, 0, ind.name, name);
    sheet.Text(row, 1, UnitWords(ind.unit));
    sheet.FigureCell(row, 2, line.baseline, ind.unit);
    sheet.Text(row, 3, TargetText(ind.target, ind.unit));
    sheet.FigureCell(row, 4, line.same_period_last_year, ind.unit);
    sheet.FigureCell(row, 5, line.this_period, ind.unit);
    sheet.FigureCell(row, 6, line.year_to_date, ind.unit);
    sheet.ChangeCells(row, 7, line.change, ind.unit, line.same_period_last_year, line.this_period);
    Style rag;
    rag.rag = line.status;
    sheet.Text(row, 11, line.status == Rag::kNone ? "Not rated" : std::string(RagName(line.status)), rag);
    Style wrap;
    wrap.wrap = true;
    sheet.Text(row, 12, line.status_reason, wrap);
    sheet.Text(row, 13, ind.definition, wrap);
    for (const auto& [label, f] : line.trend) {
      auto at = std::find(trend_labels.begin(), trend_labels.end(), label) - trend_labels.begin();
      sheet.FigureCell(row, 14 + static_cast<int>(at), f, ind.unit);
    }
    ++row;
  }
}

void Workbook::Categories(const CategoryTable& table, std::string_view label_heading) {
  Sheet sheet = Add(table.title);
  sheet.Heading(0, table.title, Subtitle());
  const int header = 3;
  const std::vector<std::pair<std::string, double>> columns = {
      {std::string(label_heading), 40}, {table.previous_label, 16}, {table.current_label, 16}, {"Change", 11},
      {"% change", 11}, {"p value", 9}, {"Unlikely to be chance (p < 0.05)", 12}, {"Category code", 30}};
  for (size_t c = 0; c < columns.size(); ++c) {
    sheet.Text(header, static_cast<int>(c), columns[c].first, Header());
    sheet.Width(static_cast<int>(c), static_cast<int>(c), columns[c].second);
  }
  sheet.RowHeight(header, 30);
  sheet.Freeze(header, header, 1);
  int row = header + 1;
  for (size_t i = 0; i < table.lines.size(); ++i) {
    const CategoryLine& line = table.lines[i];
    bool parent = i + 1 < table.lines.size() && table.lines[i + 1].depth > line.depth && !line.total;
    Style s;
    s.total = line.total;
    s.bold = parent;
    Style label = s;
    label.indent = line.depth;
    sheet.Text(row, 0, line.label, label);
    sheet.FigureCell(row, 1, line.previous, IndicatorUnit::kCount, s);
    sheet.FigureCell(row, 2, line.current, IndicatorUnit::kCount, s);
    sheet.ChangeCells(row, 3, line.change, IndicatorUnit::kCount, line.previous, line.current, s);
    sheet.Text(row, 7, line.category ? std::string(Category(*line.category).slug) : "", s);
    ++row;
  }
}

void Workbook::Districts(const DistrictTable& table, std::string_view sheet_name, std::string_view label_heading) {
  if (table.columns.empty()) return;
  Sheet sheet = Add(sheet_name);
  sheet.Heading(0, table.title,
                Subtitle() + ". Rates per 1,000 population (ONS mid-year estimates); residential burglary per 1,000 "
                             "households.");
  const int header = 3;
  std::string noun = CountNoun(table);
  sheet.Merge(header, 0, header + 1, 0, label_heading, Header());
  sheet.Width(0, 0, 36);
  int col = 1;
  for (const auto& area : table.columns) {
    sheet.Merge(header, col, header, col + 1, area.name, Header());
    sheet.Text(header + 1, col, noun, Header());
    sheet.Text(header + 1, col + 1, "Per 1,000", Header());
    sheet.Width(col, col + 1, 11);
    col += 2;
  }
  sheet.Merge(header, col, header + 1, col, "Rate per 1,000", Header());
  sheet.Width(col, col, 16);
  sheet.Freeze(header, header + 1, 1);

  std::vector<RowShape> shapes = DistrictRowShapes(table);
  for (size_t r = 0; r < table.row_labels.size(); ++r) {
    int row = header + 2 + static_cast<int>(r);
    Style s;
    s.total = shapes[r].total;
    s.bold = shapes[r].parent;
    Style label = s;
    label.indent = shapes[r].depth;
    sheet.Text(row, 0, table.row_labels[r], label);
    bool households = r < table.rate_bases.size() && table.rate_bases[r] == "households";
    for (size_t c = 0; c < table.columns.size(); ++c) {
      int at = 1 + 2 * static_cast<int>(c);
      if (r < table.counts.size() && c < table.counts[r].size())
        sheet.FigureCell(row, at, table.counts[r][c], IndicatorUnit::kCount, s);
      if (r < table.rates.size() && c < table.rates[r].size())
        sheet.FigureCell(row, at + 1, table.rates[r][c],
                         households ? IndicatorUnit::kPer1000Households : IndicatorUnit::kPer1000Population, s);
    }
    sheet.Text(row, col, households ? "households" : "population", s);
  }
}

void Workbook::Notes() {
  Sheet sheet = Add("Notes");
  sheet.Heading(0, "Notes on the data", Subtitle());
  sheet.Width(0, 0, 140);
  Style bold, wrap;
  bold.bold = true;
  wrap.wrap = true;
  int row = 3;
  sheet.Text(row++, 0, "How status is decided", bold);
  sheet.Text(row++, 0, pack_.status_rule.empty() ? "No status rule was given." : pack_.status_rule, wrap);
  ++row;
  sheet.Text(row++, 0, "Sources, coverage and missing values", bold);
  for (const auto& note : pack_.notes) sheet.Text(row++, 0, note, wrap);
  ++row;
  sheet.Text(row++, 0, "How figures are stored in this workbook", bold);
  for (std::string_view line :
       {"Counts and rates are numbers as shown. Percentages and % differences are stored as fractions of 1 with a "
        "percentage format (6.1% is 0.061); a difference of two percentages is stored in percentage points (0.8 "
        "pts is 0.8).",
        "A missing figure is its reason in words, never 0. \"n/a\" is a % difference from a zero base.",
        "Each figure's provenance is in its cell comment; pack.csv has every figure as one row."})
    sheet.Text(row++, 0, line, wrap);
}

}  // namespace

Status WritePackXlsx(const PerformancePack& pack, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Status::IOError("cannot create workbook " + path);
  std::string title = "Community safety performance: " + pack.area.name + ", " + pack.period.label;
  lxw_doc_properties properties = {};
  properties.title = title.data();
  properties.subject = const_cast<char*>(pack.plan_title.c_str());
  properties.author = const_cast<char*>("Safer");
  workbook_set_properties(wb, &properties);

  Workbook book(wb, pack);
  for (size_t i = 0; i < pack.objectives.size(); ++i) book.Objective(pack.objectives[i], i + 1);
  for (const auto& table : pack.crime) book.Categories(table, "Crime category / type");
  book.Districts(pack.crime_districts, "Crime by district", "Crime category / type");
  book.Categories(pack.asb, "Incident category");
  book.Districts(pack.asb_districts, "ASB by district", "Incident category");
  book.Notes();

  lxw_error written = workbook_close(wb);
  if (book.error() != LXW_NO_ERROR)
    return Status::IOError("cannot lay out workbook " + path + ": " + lxw_strerror(book.error()));
  if (written != LXW_NO_ERROR) return Status::IOError("cannot write " + path + ": " + lxw_strerror(written));
  return Status::Ok();
}

}  // namespace safer
