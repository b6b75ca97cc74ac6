#include "check/checks.h"

#include <array>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "check/arithmetic.h"

namespace safer::check {
namespace {

bool IsFigure(const Cell& c) { return c.kind == CellKind::kFigure; }

// A count: a figure that adds up (percentages do not).
bool IsCount(const Cell& c) { return IsFigure(c) && !c.figure.percent; }

// Figures under headings that do not line up with them cannot be read with certainty.
bool Checkable(const Section& s, const TableRow& r) { return s.tables[r.table].unheaded.empty(); }

Finding At(const Section& s, const TableRow& r, int column, std::string_view check, std::string message) {
  Finding f;
  f.line = r.grid->line;
  f.column = column + 1;
  f.column_label = s.label(r, column);
  f.row = r.name;
  f.check = std::string(check);
  f.message = std::move(message);
  return f;
}

std::string Names(const Section& s, const std::vector<int>& rows) {
  if (rows.size() > 5)
    return fmt::format("the {} rows {} ... {}", rows.size(), s.rows[rows.front()].name, s.rows[rows.back()].name);
  std::string out;
  for (int i : rows) out += (out.empty() ? "" : " + ") + s.rows[i].name;
  return out;
}

// "133,800": a population as people read it.
std::string Thousands(double value) {
  std::string digits = Print(value, 0);
  for (int at = static_cast<int>(digits.size()) - 3; at > (digits[0] == '-' ? 1 : 0); at -= 3) digits.insert(at, ",");
  return digits;
}

// Rates are per 1,000 unless the heading says per 100,000 (health measures).
double RatePer(const std::string& heading) {
  return FoldName(heading).find("100000") != std::string::npos ? 100000 : 1000;
}

// True when row `inner` is counted inside row `outer`, directly or through other rows.
bool Within(const Section& s, int inner, int outer) {
  for (int p : s.rows[outer].parts)
    if (p == inner || Within(s, inner, p)) return true;
  return false;
}

void CheckHeadings(const Layout& layout, std::vector<Finding>* out) {
  for (const Section& s : layout.sections) {
    for (const TableHead& t : s.tables) {
      if (t.unheaded.empty()) continue;
      std::string columns;
      for (int c : t.unheaded) columns += (columns.empty() ? "" : ", ") + std::to_string(c + 1);
      Finding f;
      f.line = t.line;
      f.check = "headings";
      f.message = fmt::format(
          "{} {} {} figures under no heading (heading cells merged or split?): this table's figures are not checked",
          t.unheaded.size() == 1 ? "column" : "columns", columns, t.unheaded.size() == 1 ? "holds" : "hold");
      out->push_back(std::move(f));
    }
  }
}

void CheckNumbers(const Layout& layout, std::vector<Finding>* out) {
  for (const Section& s : layout.sections) {
    for (const TableRow& r : s.rows) {
      for (int c = 1; c < static_cast<int>(r.grid->cells.size()); ++c) {
        if (r.at(c).kind != CellKind::kMalformed) continue;
        Finding f = At(s, r, c, "number", fmt::format("\"{}\": \"{}\" is not a number", r.name, r.at(c).text));
        f.found = r.at(c).text;
        out->push_back(std::move(f));
      }
    }
  }
  // A stray figure ("\t\t1" between two rows of the seed 000 tables); a row with words
  // elsewhere is named in another column, which is not this shape of table.
  for (const GridRow* row : layout.unnamed) {
    std::string figures;
    bool words = false;
    for (const Cell& c : row->cells) {
      words = words || c.kind == CellKind::kText;
      if (c.kind != CellKind::kBlank) figures += (figures.empty() ? "" : ", ") + c.text;
    }
    if (words) continue;
    Finding f;
    f.line = row->line;
    f.check = "number";
    f.message = fmt::format("a row without a name holds figures ({}): they are not checked", figures);
    out->push_back(std::move(f));
  }
}

// Change = later − earlier. Between two percentages the difference is in percentage points.
void CheckChange(const Layout& layout, std::vector<Finding>* out) {
  for (const Section& s : layout.sections) {
    if (s.earlier < 0 || s.change < 0) continue;
    for (const TableRow& r : s.rows) {
      const Cell &a = r.at(s.earlier), &b = r.at(s.later), &d = r.at(s.change);
      if (!Checkable(s, r) || !IsFigure(a) || !IsFigure(b) || !IsFigure(d)) continue;
      if (a.figure.percent != b.figure.percent) continue;
      const Range exact = Difference(a.figure, b.figure);
      const int decimals = std::max(a.figure.decimals, b.figure.decimals);
      const std::string expected = Print(exact.value, decimals);
      std::string what;
      const std::string unit = a.figure.percent ? " pts" : "";
      if (a.figure.percent) {
        const Range fraction{exact.lo / 100, exact.hi / 100, exact.value / 100};
        if (Shows(d.figure, exact) && !d.figure.percent) continue;
        if (Shows(d.figure, exact)) what = "a difference between percentages is in percentage points, not %";
        else if (Shows(d.figure, fraction))
          what = fmt::format("the difference from {} to {} is shown as a fraction, not in percentage points",
                             a.text, b.text);
        else what = fmt::format("the difference from {} to {} is wrong", a.text, b.text);
      } else {
        if (Shows(d.figure, exact)) continue;
        if (exact.value != 0 && Shows(d.figure, -exact))
          what = fmt::format("the change from {} to {} has the wrong sign", a.text, b.text);
        else what = fmt::format("the change from {} to {} is wrong", a.text, b.text);
      }
      Finding f = At(s, r, s.change, "change", fmt::format("\"{}\": {}", r.name, what));
      f.expected = expected + unit;
      f.found = d.text;
      out->push_back(std::move(f));
    }
  }
}

// % change = (later − earlier) / earlier × 100, and n/a from a zero base.
void CheckPercentChange(const Layout& layout, std::vector<Finding>* out) {
  for (const Section& s : layout.sections) {
    if (s.earlier < 0 || s.percent < 0) continue;
    for (const TableRow& r : s.rows) {
      const Cell &a = r.at(s.earlier), &b = r.at(s.later), &p = r.at(s.percent);
      if (!Checkable(s, r) || !IsFigure(a) || !IsFigure(b) || !IsFigure(p)) continue;
      if (a.figure.percent != b.figure.percent) continue;
      const std::optional<Range> exact = RelativeChange(a.figure, b.figure);
      std::string what, expected;
      if (!exact) {
        // 0 → 0 shown as 0% says "no change", which is true; 0 → 1 shown as 100% is not.
        if (b.figure.value == 0 && p.figure.value == 0) continue;
        what = fmt::format("a % change from {} is not defined: show n/a", a.text);
        expected = "n/a";
      } else {
        if (Shows(p.figure, *exact)) continue;
        expected = Print(exact->value, p.figure.decimals) + "%";
        if (a.figure.percent && Shows(p.figure, Difference(a.figure, b.figure)))
          what = fmt::format(
              "the % difference is the difference in percentage points, not the change relative to {}", a.text);
        else if (Shows(p.figure, -*exact))
          what = fmt::format("the % change from {} to {} has the wrong sign", a.text, b.text);
        else what = fmt::format("the % change from {} to {} is wrong", a.text, b.text);
      }
      Finding f = At(s, r, s.percent, "percent-change", fmt::format("\"{}\": {}", r.name, what));
      f.expected = expected;
      f.found = p.text;
      out->push_back(std::move(f));
    }
  }
}

// Parents and totals equal the sum of their parts, in every column of counts. The force column
// of a district table is left to force-total: its parts follow from the districts'.
void CheckParts(const Layout& layout, std::vector<Finding>* out) {
  for (const Section& s : layout.sections) {
    for (const TableRow& r : s.rows) {
      if (r.parts.empty() || !Checkable(s, r)) continue;
      for (int c = 1; c < s.width(); ++c) {
        if (s.roles[c] != Role::kFigures || s.IsForce(c) || !IsCount(r.at(c))) continue;
        std::vector<Figure> parts;
        int decimals = r.at(c).figure.decimals;
        for (int p : r.parts) {
          const Cell& cell = s.rows[p].at(c);
          if (!IsCount(cell) || !Checkable(s, s.rows[p])) break;
          parts.push_back(cell.figure);
          decimals = std::max(decimals, cell.figure.decimals);
        }
        if (parts.size() != r.parts.size()) continue;
        const Range sum = Sum(parts);
        if (Shows(r.at(c).figure, sum)) continue;
        Finding f = At(s, r, c, "parts", fmt::format("\"{}\" is not the sum of {}", r.name, Names(s, r.parts)));
        f.expected = Print(sum.value, decimals);
        f.found = r.at(c).text;
        out->push_back(std::move(f));
      }
    }
  }
}

void CheckForceTotal(const Layout& layout, std::vector<Finding>* out) {
  for (const Section& s : layout.sections) {
    if (!s.has_force) continue;
    const int force = s.groups.back().count;
    for (const TableRow& r : s.rows) {
      if (!Checkable(s, r) || !IsCount(r.at(force))) continue;
      std::vector<Figure> districts;
      for (size_t g = 0; g + 1 < s.groups.size(); ++g)
        if (IsCount(r.at(s.groups[g].count))) districts.push_back(r.at(s.groups[g].count).figure);
      if (districts.size() + 1 != s.groups.size()) continue;
      const Range sum = Sum(districts);
      if (Shows(r.at(force).figure, sum)) continue;
      Finding f = At(s, r, force, "force-total",
                     fmt::format("\"{}\": the force figure is not the sum of the {} districts", r.name,
                                 districts.size()));
      f.expected = Print(sum.value, r.at(force).figure.decimals);
      f.found = r.at(force).text;
      out->push_back(std::move(f));
    }
  }
}

// Each district's rows imply one population (households for residential burglary): count /
// rate × 1,000 within the rate's rounding. A rate outside what most rows agree on is wrong.
void CheckRates(const Layout& layout, std::vector<Finding>* out) {
  for (const Section& s : layout.sections) {
    for (const ColumnGroup& g : s.groups) {
      for (const bool households : {false, true}) {
        std::vector<Range> ranges;
        std::vector<const TableRow*> rows;
        for (const TableRow& r : s.rows) {
          const Cell &count = r.at(g.count), &rate = r.at(g.rate);
          if (!Checkable(s, r) || !IsCount(count) || !IsCount(rate) || PerHousehold(r.name) != households) continue;
          const double per = RatePer(s.label(r, g.rate));
          if (count.figure.value == 0 && rate.figure.value != 0) {
            Finding f =
                At(s, r, g.rate, "rate", fmt::format("\"{}\": a rate of {} for a count of 0", r.name, rate.text));
            f.expected = Print(0, rate.figure.decimals);
            f.found = rate.text;
            out->push_back(std::move(f));
          }
          if (auto population = ImpliedPopulation(count.figure, rate.figure, per)) {
            ranges.push_back(*population);
            rows.push_back(&r);
          }
        }
        const Agreement agreed = MostAgreed(ranges);
        const int n = static_cast<int>(ranges.size());
        if (agreed.count == n || agreed.count < 3 || agreed.count * 2 <= n) continue;
        const double population =
            std::isinf(agreed.common.hi) ? agreed.common.lo : (agreed.common.lo + agreed.common.hi) / 2;
        for (int i = 0; i < n; ++i) {
          if (agreed.agrees[i]) continue;
          const TableRow& r = *rows[i];
          const Cell &count = r.at(g.count), &rate = r.at(g.rate);
          Finding f = At(s, r, g.rate, "rate",
                         fmt::format("\"{}\": the rate does not fit the count {} and the {} that {} other rows imply "
                                     "(about {})",
                                     r.name, count.text, households ? "households" : "population", agreed.count,
                                     Thousands(std::round(population / 100) * 100)));
          // The rates the agreed populations allow, as the table would print them.
          const double people = count.figure.value * RatePer(s.label(r, g.rate));
          const std::string low = Print(people / agreed.common.hi, rate.figure.decimals);
          const std::string high = Print(people / agreed.common.lo, rate.figure.decimals);
          f.expected = low == high ? low : low + " to " + high;
          f.found = rate.text;
          out->push_back(std::move(f));
        }
      }
    }
  }
}

// Two rows with every figure the same, when neither counts the other: one was likely pasted
// over the other. Rows of fewer than four non-zero figures can agree by chance.
void CheckCopies(const Layout& layout, std::vector<Finding>* out) {
  for (const Section& s : layout.sections) {
    // Rows with the same figures in the same columns share a key: "col=value%;...".
    std::map<std::string, std::vector<int>> by_figures;
    for (int j = 0; j < static_cast<int>(s.rows.size()); ++j) {
      const GridRow& row = *s.rows[j].grid;
      std::string key;
      int figures = 0, nonzero = 0;
      for (size_t c = 1; c < row.cells.size(); ++c) {
        if (!IsFigure(row.cells[c])) continue;
        const Figure& f = row.cells[c].figure;
        key += fmt::format("{}={}{};", c, f.value, f.percent ? "%" : "");
        ++figures;
        nonzero += f.value != 0;
      }
      if (nonzero < 4) continue;
      std::vector<int>& same = by_figures[key];
      for (int i : same) {
        if (Within(s, i, j) || Within(s, j, i)) continue;
        Finding f;
        f.line = row.line;
        f.row = s.rows[j].name;
        f.check = "copy";
        f.message = fmt::format("\"{}\" repeats all {} figures of \"{}\" (line {}): a copied row?", s.rows[j].name,
                                figures, s.rows[i].name, s.rows[i].grid->line);
        out->push_back(std::move(f));
        break;
      }
      same.push_back(j);
    }
  }
}

// The same measure (row, under the same parent, in a table of the same title, in a column of
// the same heading, with the same words in its other cells: a long table's period or area)
// given twice with different values.
void CheckRepeats(const Layout& layout, std::vector<Finding>* out) {
  struct Seen {
    int line;
    const Cell* cell;
  };
  std::map<std::string, Seen> seen;
  for (const Section& s : layout.sections) {
    for (const TableRow& r : s.rows) {
      if (r.total || !Checkable(s, r)) continue;
      std::string context = FoldName(s.tables[r.table].title) + "|" +
                            FoldName(r.parent >= 0 ? s.rows[r.parent].name : "") + "|" + FoldName(r.name);
      for (const Cell& cell : r.grid->cells)
        if (cell.kind == CellKind::kText) context += "|" + FoldName(cell.text);
      for (int c = 1; c < s.width(); ++c) {
        const Cell& cell = r.at(c);
        if (!IsFigure(cell) || s.label(r, c).empty()) continue;
        const std::string key = context + "|" + FoldName(s.label(r, c));
        auto [it, fresh] = seen.try_emplace(key, Seen{r.grid->line, &cell});
        const Figure& first = it->second.cell->figure;
        if (fresh || (first.value == cell.figure.value && first.percent == cell.figure.percent)) continue;
        Finding f = At(s, r, c, "repeat",
                       fmt::format("\"{}\" is given twice with different values (first at line {})", r.name,
                                   it->second.line));
        f.expected = it->second.cell->text;
        f.found = cell.text;
        out->push_back(std::move(f));
      }
    }
  }
}

// A three-month heading in a quarter's table must name that quarter's months.
void CheckQuarter(const Layout& layout, std::vector<Finding>* out) {
  for (const Section& s : layout.sections) {
    if (!s.quarter) continue;
    const NamedPeriod want = QuarterMonths(*s.quarter);
    for (const TableHead& t : s.tables) {
      for (size_t c = 0; c < t.periods.size(); ++c) {
        const std::optional<NamedPeriod>& p = t.periods[c];
        if (!p || p->length() != 3 || p->same_months(want)) continue;
        Finding f;
        f.line = t.label_lines[c];
        f.column = static_cast<int>(c) + 1;
        f.column_label = t.labels[c];
        f.check = "quarter";
        f.message = fmt::format("Quarter {} is {}, but the heading names {}", *s.quarter, MonthsName(want), p->text);
        f.expected = MonthsName(want);
        f.found = MonthsName(*p);
        out->push_back(std::move(f));
      }
    }
  }
  for (const TitleLine& t : layout.titles) {
    const std::optional<int> q = FindQuarter(t.text);
    const std::optional<NamedPeriod> p = FindPeriod(t.text);
    if (!q || !p || p->length() != 3 || p->same_months(QuarterMonths(*q))) continue;
    Finding f;
    f.line = t.line;
    f.check = "quarter";
    f.message = fmt::format("the title names Quarter {} and {}", *q, p->text);
    f.expected = MonthsName(QuarterMonths(*q));
    f.found = MonthsName(*p);
    out->push_back(std::move(f));
  }
}

// A title names the period its table reports: the latest of the table's periods with the same
// months ("July - September 2017" over a table of Jul 17 and Jul 18 has the wrong year). Only
// months shorter than a year: a plan "2017/2018" may well sit over a table reaching 2018/19.
void CheckTitles(const Layout& layout, std::vector<Finding>* out) {
  constexpr size_t kTitleLength = 80;  // longer single-cell lines, and sentences, are prose
  for (const TitleLine& t : layout.titles) {
    const std::optional<NamedPeriod> p = FindPeriod(t.text);
    if (!p || !p->dated || p->length() >= 12 || t.text.size() > kTitleLength || t.text.ends_with('.')) continue;
    const TableHead* next = nullptr;
    for (const Section& s : layout.sections)
      for (const TableHead& h : s.tables)
        if (h.line > t.line && (!next || h.line < next->line)) next = &h;
    if (!next) continue;
    std::vector<std::optional<NamedPeriod>> periods = next->periods;
    periods.push_back(FindPeriod(next->title));
    const NamedPeriod* latest = nullptr;
    for (const auto& q : periods)
      if (q && q->dated && q->same_months(*p) && (!latest || q->dated->last > latest->dated->last)) latest = &*q;
    if (!latest || latest->dated->last <= p->dated->last) continue;
    Finding f;
    f.line = t.line;
    f.check = "title";
    f.message = fmt::format("the title names {}, but the table below it reports {}", p->text, latest->text);
    f.expected = std::to_string(latest->dated->last.year());
    f.found = std::to_string(p->dated->last.year());
    out->push_back(std::move(f));
  }
}

constexpr std::array<CheckDefinition, 11> kChecks{{
    {"headings", "columns of figures under no heading: the table cannot be read with certainty", CheckHeadings},
    {"number", "cells that look like figures but do not parse; figures in rows without a name", CheckNumbers},
    {"change", "Change = later period − earlier, sign included; percentage points between percentages",
     CheckChange},
    {"percent-change", "% Change = Change / earlier × 100 to the decimals shown; n/a from a zero base",
     CheckPercentChange},
    {"parts", "parents equal the sum of their rows, totals the sum of the rows they total", CheckParts},
    {"force-total", "the force column equals the sum of the districts", CheckForceTotal},
    {"rate", "rates per 1,000 agree with the counts and one population per district", CheckRates},
    {"copy", "rows that repeat every figure of another row", CheckCopies},
    {"repeat", "the same measure given twice with different values", CheckRepeats},
    {"quarter", "three-month headings match the quarter the title or --quarter names", CheckQuarter},
    {"title", "titles name the latest period of the table below them", CheckTitles},
}};

}  // namespace

std::span<const CheckDefinition> AllChecks() { return kChecks; }

}  // namespace safer::check
