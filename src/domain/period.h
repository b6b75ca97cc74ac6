// Calendar months, financial years (April–March) and financial quarters (Q1 = Apr–Jun).
// Months are the grain of police.uk data; every longer period is a closed range of months.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace safer {

// A calendar month. Represented as months since January of year 0 so that ranges and
// differences are plain integer arithmetic.
class Month {
 public:
  Month() = default;
  Month(int year, int month) : index_(year * 12 + (month - 1)) {}
  static Month FromIndex(int index) { Month m; m.index_ = index; return m; }

  // Accepts exactly "YYYY-MM" with month 01–12 and year 1900–2999.
  static std::optional<Month> Parse(std::string_view text);

  int year() const { return index_ / 12; }
  int month() const { return index_ % 12 + 1; }
  int index() const { return index_; }
  std::string ToString() const;  // "YYYY-MM"

  Month next() const { return FromIndex(index_ + 1); }
  Month plus(int months) const { return FromIndex(index_ + months); }
  auto operator<=>(const Month&) const = default;

 private:
  int index_ = 0;
};

// Closed range of months [first, last].
struct MonthRange {
  Month first;
  Month last;
  int size() const { return last.index() - first.index() + 1; }
  bool contains(Month m) const { return first <= m && m <= last; }
  bool operator==(const MonthRange&) const = default;
};

// Financial year starting in April of start_year: "2018/19" is Apr 2018 – Mar 2019.
class FinancialYear {
 public:
  explicit FinancialYear(int start_year) : start_year_(start_year) {}
  static FinancialYear Containing(Month m);
  // Accepts "2018/19" or "2018-19" (the second year must follow the first).
  static std::optional<FinancialYear> Parse(std::string_view text);

  int start_year() const { return start_year_; }
  MonthRange months() const { return {Month(start_year_, 4), Month(start_year_ + 1, 3)}; }
  FinancialYear previous() const { return FinancialYear(start_year_ - 1); }
  std::string ToString() const;  // "2018/19"
  auto operator<=>(const FinancialYear&) const = default;

 private:
  int start_year_;
};

// Quarter q (1–4) of a financial year. Q1 = Apr–Jun, Q2 = Jul–Sep, Q3 = Oct–Dec, Q4 = Jan–Mar.
class FinancialQuarter {
 public:
  FinancialQuarter(FinancialYear year, int quarter) : year_(year), quarter_(quarter) {}
  static FinancialQuarter Containing(Month m);
  // Accepts "2018/19-Q2" (also "2018/19 Q2").
  static std::optional<FinancialQuarter> Parse(std::string_view text);

  FinancialYear year() const { return year_; }
  int quarter() const { return quarter_; }
  MonthRange months() const;
  MonthRange year_to_date() const;  // April to the end of this quarter
  FinancialQuarter same_quarter_last_year() const { return {year_.previous(), quarter_}; }
  std::string ToString() const;  // "2018/19-Q2"
  auto operator<=>(const FinancialQuarter&) const = default;

 private:
  FinancialYear year_;
  int quarter_;
};

}  // namespace safer
