// Calendar dates and times of day as meetings and action plans write them. Parsing is
// strict: a date that does not parse is reported, never guessed ("O3/03/25" has a letter O;
// "02/03/24" in a 2024/25 plan updated in 2025 is a typing slip only the author can fix).
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace safer {

class Date {
 public:
  Date() = default;
  // Fails (empty) for impossible dates (31 April, 29 February 2023).
  static std::optional<Date> FromYmd(int year, int month, int day);
  // ISO "2018-10-12".
  static std::optional<Date> ParseIso(std::string_view text);
  // British numeric dates: "28/06/24", "04/03/2025", "4/3/25" (day first; two-digit years
  // are 20yy). Sets *why when it fails: "\"O3/03/25\" is not a date: day \"O3\" is not a number".
  static std::optional<Date> ParseUk(std::string_view text, std::string* why = nullptr);
  // Written dates: "12 October 2018", "6th December 2024", "Friday 14 March 2025".
  static std::optional<Date> ParseWritten(std::string_view text, std::string* why = nullptr);

  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }
  int DaysSinceEpoch() const;              // 1970-01-01 is 0
  static Date FromDaysSinceEpoch(int days);
  Date AddDays(int days) const { return FromDaysSinceEpoch(DaysSinceEpoch() + days); }
  std::string ToIso() const;               // "2018-10-12"
  std::string ToLong() const;              // "12 October 2018"
  std::string WeekdayName() const;         // "Friday"
  auto operator<=>(const Date&) const = default;

 private:
  int year_ = 1970, month_ = 1, day_ = 1;
};

// Any of the three forms above: ISO, British numeric (it has a '/'), or written. For dates
// typed by people (files, command lines), so a reason is given when it fails.
std::optional<Date> ParseDate(std::string_view text, std::string* why = nullptr);

// Today in the local time zone.
Date Today();

// A time of day to the minute: "10.00 am", "2.00pm", "12noon", "4.00 pm", "14:00".
class TimeOfDay {
 public:
  static std::optional<TimeOfDay> Parse(std::string_view text);
  static TimeOfDay FromMinutes(int minutes) { TimeOfDay t; t.minutes_ = minutes; return t; }
  int minutes() const { return minutes_; }  // since midnight
  std::string ToString() const;            // "10.00 am", "12 noon", "2.30 pm" (the minutes' style)
  std::string ToIso() const;               // "14:30"
  auto operator<=>(const TimeOfDay&) const = default;

 private:
  int minutes_ = 0;
};

// The council's year: May to April ("2018/19" runs 1 May 2018 – 30 April 2019). Minute
// numbers run on through it.
class MunicipalYear {
 public:
  explicit MunicipalYear(int first_year) : first_year_(first_year) {}
  static MunicipalYear Containing(const Date& date);
  int first_year() const { return first_year_; }
  Date first_day() const;  // 1 May
  Date last_day() const;   // 30 April
  std::string ToString() const;  // "2018/19"
  auto operator<=>(const MunicipalYear&) const = default;

 private:
  int first_year_;
};

}  // namespace safer
