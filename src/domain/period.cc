#include "domain/period.h"

#include <cstdio>

namespace safer {
namespace {

bool ParseDigits(std::string_view text, int* value) {
  if (text.empty()) return false;
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

}  // namespace

std::optional<Month> Month::Parse(std::string_view text) {
  int year = 0, month = 0;
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  if (!ParseDigits(text.substr(0, 4), &year) || !ParseDigits(text.substr(5, 2), &month))
    return std::nullopt;
  if (year < 1900 || year > 2999 || month < 1 || month > 12) return std::nullopt;
  return Month(year, month);
}

std::string Month::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year(), month());
  return buf;
}

FinancialYear FinancialYear::Containing(Month m) {
  return FinancialYear(m.month() >= 4 ? m.year() : m.year() - 1);
}

std::optional<FinancialYear> FinancialYear::Parse(std::string_view text) {
  int start = 0, end = 0;
  if (text.size() != 7 || (text[4] != '/' && text[4] != '-')) return std::nullopt;
  if (!ParseDigits(text.substr(0, 4), &start) || !ParseDigits(text.substr(5, 2), &end))
    return std::nullopt;
  if (start < 1900 || start > 2998 || (start + 1) % 100 != end) return std::nullopt;
  return FinancialYear(start);
}

std::string FinancialYear::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d/%02d", start_year_, (start_year_ + 1) % 100);
  return buf;
}

FinancialQuarter FinancialQuarter::Containing(Month m) {
  FinancialYear year = FinancialYear::Containing(m);
  int offset = m.index() - year.months().first.index();  // 0..11 from April
  return FinancialQuarter(year, offset / 3 + 1);
}

std::optional<FinancialQuarter> FinancialQuarter::Parse(std::string_view text) {
  if (text.size() != 10 || (text[7] != '-' && text[7] != ' ') || (text[8] != 'Q' && text[8] != 'q'))
    return std::nullopt;
  auto year = FinancialYear::Parse(text.substr(0, 7));
  int q = text[9] - '0';
  if (!year || q < 1 || q > 4) return std::nullopt;
  return FinancialQuarter(*year, q);
}

MonthRange FinancialQuarter::months() const {
  Month first = year_.months().first.plus((quarter_ - 1) * 3);
  return {first, first.plus(2)};
}

MonthRange FinancialQuarter::year_to_date() const {
  return {year_.months().first, months().last};
}

std::string FinancialQuarter::ToString() const {
  return year_.ToString() + "-Q" + std::to_string(quarter_);
}

}  // namespace safer
