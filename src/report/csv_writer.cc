// pack.csv: every figure of the pack as one tidy row (RFC 4180, UTF-8, CRLF), so that any
// number a councillor reads in the HTML can be found, with its unit, its period, its
// definition and where it came from. A missing figure has an empty value and its reason in
// the last column, `missing`.
#include <charconv>
#include <fstream>

#include "domain/category.h"
#include "report/pack_format.h"
#include "report/pack_writers.h"

namespace safer {
namespace {

using namespace report;

constexpr std::string_view kHeader = "table,row,column,area,period,value,unit,definition,provenance,missing";

std::string Quote(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The shortest text that reads back as the same double.
std::string Number(double v) {
  if (v == 0) return "0";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

std::string CategoryDefinition(std::optional<CategoryId> category) {
  if (!category) return "sum of the top-level rows above";
  return "recorded category " + std::string(Category(*category).slug) + " with the categories below it";
}

class CsvOut {
 public:
  explicit CsvOut(std::string area) : area_(std::move(area)) { text_ += std::string(kHeader) + "\r\n"; }

  struct Key {
    std::string_view table, row, column;
    std::string period;
    std::string_view definition;
  };

  void Value(const Key& k, double value, std::string_view unit, std::string_view provenance, std::string_view area = {}) {
    Line(k, Number(value), unit, provenance, "", area);
  }
  void Text(const Key& k, std::string_view value, std::string_view unit, std::string_view provenance) {
    Line(k, value, unit, provenance, "", {});
  }
  void Missing(const Key& k, std::string_view unit, std::string_view provenance, std::string_view why,
               std::string_view area = {}) {
    Line(k, "", unit, provenance, why, area);
  }

  // A figure, and its numerator and denominator when it is not a plain count.
  void Figure(const Key& k, const safer::Figure& f, std::string_view unit, std::string_view denominator_unit,
              std::string_view area = {}) {
    if (f.value) Value(k, *f.value, unit, f.provenance, area);
    else Missing(k, unit, f.provenance, MissingText(f), area);
    if (unit == "count") return;
    std::string numerator = std::string(k.column) + "_numerator", denominator = std::string(k.column) + "_denominator";
    if (f.numerator) Value({k.table, k.row, numerator, k.period, k.definition}, *f.numerator, "count", f.provenance, area);
    if (f.denominator)
      Value({k.table, k.row, denominator, k.period, k.definition}, *f.denominator, denominator_unit, f.provenance, area);
  }

  // The difference, the relative change and the significance test of this period against last year.
  void ChangeRows(const Key& k, const Change& c, std::string_view unit, const safer::Figure& before,
                  const safer::Figure& after) {
    std::string_view diff_unit = c.in_points ? "percentage_points" : unit;
    if (c.difference) Value({k.table, k.row, "difference", k.period, k.definition}, *c.difference, diff_unit, "");
    else Missing({k.table, k.row, "difference", k.period, k.definition}, diff_unit, "", NoChangeReason(before, after));
    Key pk{k.table, k.row, "percent_difference", k.period, k.definition};
    if (c.percent) Value(pk, *c.percent, "percent_change", "");
    else Missing(pk, "percent_change", "", c.difference ? kZeroBaseReason : NoChangeReason(before, after));
    if (c.test) {
      Value({k.table, k.row, "p_value", k.period, k.definition}, c.test->p_value, "p_value",
            "exact conditional test for two Poisson counts, two-sided");
      Text({k.table, k.row, "significant", k.period, k.definition}, c.test->significant ? "yes" : "no", "flag",
           kSignificanceNote);
    }
  }

  const std::string& text() const { return text_; }

 private:
  void Line(const Key& k, std::string_view value, std::string_view unit, std::string_view provenance,
            std::string_view missing, std::string_view area) {
    for (std::string_view field : {k.table, k.row, k.column, area.empty() ? std::string_view(area_) : area,
                                   std::string_view(k.period), value, unit, k.definition, provenance})
      text_ += Quote(field) + ",";
    text_ += Quote(missing) + "\r\n";
  }

  std::string area_;
  std::string text_;
};

std::string_view DenominatorUnit(IndicatorUnit unit) {
  switch (unit) {
    case IndicatorUnit::kPer1000Households: return "households";
    case IndicatorUnit::kPer1000Population:
    case IndicatorUnit::kPer100000Population: return "population";
    default: return "count";
  }
}

void Objectives(CsvOut& out, const PerformancePack& pack) {
  const PackPeriod& p = pack.period;
  for (const auto& table : pack.objectives) {
    for (const auto& line : table.lines) {
      const Indicator& ind = line.indicator;
      std::string_view unit = UnitCode(ind.unit), den = DenominatorUnit(ind.unit);
      auto key = [&](std::string_view column, const MonthRange& r) {
        return CsvOut::Key{table.objective, ind.name, column, MonthRangeCode(r), ind.definition};
      };
      out.Figure(key("baseline", p.baseline), line.baseline, unit, den);
      FinancialYear target_year = FinancialYear::Containing(p.current.first);
      out.Text(key("target", target_year.months()), TargetText(ind.target, ind.unit), "target", "the plan");
      if (ind.target.value) out.Value(key("target_value", target_year.months()), *ind.target.value, unit, "the plan");
      out.Figure(key("same_period_last_year", p.previous), line.same_period_last_year, unit, den);
      out.Figure(key("this_period", p.current), line.this_period, unit, den);
      out.Figure(key("year_to_date", p.year_to_date), line.year_to_date, unit, den);
      out.ChangeRows(key("", p.current), line.change, unit, line.same_period_last_year, line.this_period);
      if (line.status != Rag::kNone)
        out.Text(key("status", p.current), RagName(line.status), "rag", line.status_reason);
      else
        out.Missing(key("status", p.current), "rag", "",
                    "Not rated" + (line.status_reason.empty() ? "" : ": " + line.status_reason));
      for (const auto& [label, f] : line.trend) {
        auto r = TrendPeriod(label);
        CsvOut::Key k{table.objective, ind.name, "trend", r ? MonthRangeCode(*r) : label, ind.definition};
        out.Figure(k, f, unit, den);
      }
    }
  }
}

void Categories(CsvOut& out, const PerformancePack& pack, const CategoryTable& table) {
  const PackPeriod& p = pack.period;
  for (const auto& line : table.lines) {
    // A line without a category that is not a total is another table's total (All recorded crime).
    std::string definition = line.category || line.total ? CategoryDefinition(line.category) : "";
    auto key = [&](std::string_view column, const MonthRange& r) {
      return CsvOut::Key{table.title, line.label, column, MonthRangeCode(r), definition};
    };
    out.Figure(key("same_period_last_year", p.previous), line.previous, "count", "count");
    out.Figure(key("this_period", p.current), line.current, "count", "count");
    out.ChangeRows(key("", p.current), line.change, "count", line.previous, line.current);
  }
}

void Districts(CsvOut& out, const PerformancePack& pack, const DistrictTable& table) {
  std::string period = MonthRangeCode(pack.period.current);
  for (size_t r = 0; r < table.row_labels.size(); ++r) {
    auto category = r < table.row_categories.size() ? table.row_categories[r] : std::nullopt;
    std::string definition = CategoryDefinition(category);
    bool households = r < table.rate_bases.size() && table.rate_bases[r] == "households";
    std::string_view rate_unit = households ? "per_1000_households" : "per_1000_population";
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const std::string& area = table.columns[c].name;
      CsvOut::Key count_key{table.title, table.row_labels[r], "count", period, definition};
      CsvOut::Key rate_key{table.title, table.row_labels[r], "rate", period, definition};
      if (r < table.counts.size() && c < table.counts[r].size())
        out.Figure(count_key, table.counts[r][c], "count", "count", area);
      if (r < table.rates.size() && c < table.rates[r].size())
        out.Figure(rate_key, table.rates[r][c], rate_unit, households ? "households" : "population", area);
    }
  }
}

}  // namespace

Status WritePackCsv(const PerformancePack& pack, const std::string& path) {
  CsvOut out(pack.area.name);
  Objectives(out, pack);
  for (const auto& table : pack.crime) Categories(out, pack, table);
  Districts(out, pack, pack.crime_districts);
  Categories(out, pack, pack.asb);
  Districts(out, pack, pack.asb_districts);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return Status::IOError("cannot create " + path);
  file.write(out.text().data(), static_cast<std::streamsize>(out.text().size()));
  file.close();
  if (!file) return Status::IOError("cannot write " + path);
  return Status::Ok();
}

}  // namespace safer
