// Periods named in the headings and titles of published tables: "Jul 17 – Sept 17",
// "July - September 2018", "Apr 13 - Mar 14", "2013-14", "Quarter 2".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/period.h"

namespace safer::check {

// A run of calendar months as a heading names it. The years may be missing ("Jul – Sep"),
// so the months are kept apart from the dated range.
struct NamedPeriod {
  int first_month = 0;  // 1–12
  int last_month = 0;   // 1–12
  std::optional<MonthRange> dated;
  std::string text;     // the words that named it, for messages

  int length() const { return (last_month - first_month + 12) % 12 + 1; }
  bool same_months(const NamedPeriod& other) const {
    return first_month == other.first_month && last_month == other.last_month;
  }
};

// The first month range in `text` ("Jul 18 - Sept 18"), else a financial year ("2013/14",
// "2013-14"), else empty. A lone month is not a period: prose says "may".
std::optional<NamedPeriod> FindPeriod(std::string_view text);

// The quarter a label names: "Quarter 2", "Q2", "2018/19-Q2"; empty if none.
std::optional<int> FindQuarter(std::string_view text);

// The months of financial quarter q (Q1 = Apr–Jun … Q4 = Jan–Mar), undated.
NamedPeriod QuarterMonths(int quarter);

// "Jul–Sep".
std::string MonthsName(const NamedPeriod& period);

}  // namespace safer::check
