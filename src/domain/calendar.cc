#include "domain/calendar.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <vector>

namespace safer {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"};  // from 1970-01-01

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// Only ASCII digits, the whole field, at most max_digits: "O3" and "3a" are not numbers.
std::optional<int> Number(std::string_view text, size_t max_digits = 4) {
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

void SetWhy(std::string* why, std::string text) {
  if (why) *why = std::move(text);
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string ImpossibleDate(std::string_view text, int year, int month, int day) {
  if (month < 1 || month > 12) return Quoted(text) + " is not a date: there is no month " + std::to_string(month);
  return Quoted(text) + " is not a date: " + std::string(kMonthNames[month - 1]) + " " + std::to_string(year) +
         " has no day " + std::to_string(day);
}

std::optional<int> MonthNumber(std::string_view name) {
  for (size_t i = 0; i < kMonthNames.size(); ++i) {
    if (EqualsIgnoringCase(name, kMonthNames[i]) ||
        (name.size() == 3 && EqualsIgnoringCase(name, kMonthNames[i].substr(0, 3))) ||
        (EqualsIgnoringCase(name, "Sept") && i == 8))
      return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == ',')) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != ',') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

}  // namespace

std::optional<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month))
    return std::nullopt;
  Date d;
  d.year_ = year;
  d.month_ = month;
  d.day_ = day;
  return d;
}

std::optional<Date> Date::ParseIso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = Number(text.substr(0, 4)), m = Number(text.substr(5, 2)), d = Number(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  return FromYmd(*y, *m, *d);
}

std::optional<Date> Date::ParseUk(std::string_view original, std::string* why) {
  std::string_view text = Trim(original);
  if (text.empty()) {
    SetWhy(why, "no date given");
    return std::nullopt;
  }
  size_t first = text.find('/');
  size_t second = first == std::string_view::npos ? first : text.find('/', first + 1);
  if (second == std::string_view::npos || text.find('/', second + 1) != std::string_view::npos) {
    SetWhy(why, Quoted(original) + " is not a date: expected day/month/year, as in 28/06/24");
    return std::nullopt;
  }
  std::string_view day_text = text.substr(0, first);
  std::string_view month_text = text.substr(first + 1, second - first - 1);
  std::string_view year_text = text.substr(second + 1);
  std::optional<int> day = Number(day_text, 2);
  std::optional<int> month = Number(month_text, 2);
  std::optional<int> year;
  if (year_text.size() == 2 || year_text.size() == 4) year = Number(year_text);
  if (!day) {
    SetWhy(why, Quoted(original) + " is not a date: day " + Quoted(day_text) + " is not a number");
    return std::nullopt;
  }
  if (!month) {
    SetWhy(why, Quoted(original) + " is not a date: month " + Quoted(month_text) + " is not a number");
    return std::nullopt;
  }
  if (!year) {
    SetWhy(why, Quoted(original) + " is not a date: year " + Quoted(year_text) +
                    " is not a two- or four-digit number");
    return std::nullopt;
  }
  int full_year = year_text.size() == 2 ? 2000 + *year : *year;
  std::optional<Date> date = FromYmd(full_year, *month, *day);
  if (!date) SetWhy(why, ImpossibleDate(original, full_year, *month, *day));
  return date;
}

std::optional<Date> Date::ParseWritten(std::string_view original, std::string* why) {
  std::vector<std::string_view> words = Words(Trim(original));
  // A leading weekday is allowed ("Friday 14 March 2025") and must then be the right one.
  std::optional<std::string_view> weekday;
  if (!words.empty()) {
    for (std::string_view name : kWeekdayNames)
      if (EqualsIgnoringCase(words.front(), name)) weekday = name;
    if (weekday) words.erase(words.begin());
  }
  if (words.size() != 3) {
    SetWhy(why, Quoted(original) + " is not a date: expected day, month name and year, as in 12 October 2018");
    return std::nullopt;
  }
  std::string_view day_text = words[0];
  for (std::string_view suffix : {"st", "nd", "rd", "th"})
    if (day_text.size() > 2 && EqualsIgnoringCase(day_text.substr(day_text.size() - 2), suffix))
      day_text.remove_suffix(2);
  std::optional<int> day = Number(day_text, 2);
  if (!day) {
    SetWhy(why, Quoted(original) + " is not a date: day " + Quoted(words[0]) + " is not a number");
    return std::nullopt;
  }
  auto month = MonthNumber(words[1]);
  if (!month) {
    SetWhy(why, Quoted(original) + " is not a date: " + Quoted(words[1]) + " is not a month");
    return std::nullopt;
  }
  std::optional<int> year;
  if (words[2].size() == 4) year = Number(words[2]);
  if (!year) {
    SetWhy(why, Quoted(original) + " is not a date: year " + Quoted(words[2]) + " is not a four-digit number");
    return std::nullopt;
  }
  std::optional<Date> date = FromYmd(*year, *month, *day);
  if (!date) {
    SetWhy(why, ImpossibleDate(original, *year, *month, *day));
    return std::nullopt;
  }
  if (weekday && date->WeekdayName() != *weekday) {
    SetWhy(why, Quoted(original) + " is not a date: " + date->ToLong() + " is a " + date->WeekdayName());
    return std::nullopt;
  }
  return date;
}

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
int Date::DaysSinceEpoch() const {
  int y = year_ - (month_ <= 2 ? 1 : 0);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (month_ + (month_ > 2 ? -3 : 9)) + 2) / 5 + day_ - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::FromDaysSinceEpoch(int days) {
  days += 719468;
  int era = (days >= 0 ? days : days - 146096) / 146097;
  int doe = days - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  Date d;
  d.day_ = doy - (153 * mp + 2) / 5 + 1;
  d.month_ = mp < 10 ? mp + 3 : mp - 9;
  d.year_ = yoe + era * 400 + (d.month_ <= 2 ? 1 : 0);
  return d;
}

std::string Date::ToIso() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year_, month_, day_);
  return buf;
}

std::string Date::ToLong() const {
  return std::to_string(day_) + " " + std::string(kMonthNames[month_ - 1]) + " " + std::to_string(year_);
}

std::string Date::WeekdayName() const {
  int index = DaysSinceEpoch() % 7;
  if (index < 0) index += 7;
  return std::string(kWeekdayNames[index]);
}

std::optional<Date> ParseDate(std::string_view original, std::string* why) {
  std::string_view text = Trim(original);
  if (text.find('/') != std::string_view::npos) return Date::ParseUk(text, why);
  if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0])) && text.find('-') != std::string_view::npos) {
    std::optional<Date> date = Date::ParseIso(text);
    if (!date) SetWhy(why, Quoted(original) + " is not a date: expected year-month-day, as in 2018-10-12");
    return date;
  }
  return Date::ParseWritten(text, why);
}

Date Today() {
  std::time_t now = std::time(nullptr);
  std::tm local;
  localtime_r(&now, &local);
  return *Date::FromYmd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

std::optional<TimeOfDay> TimeOfDay::Parse(std::string_view original) {
  std::string text;
  for (char c : original)
    if (!std::isspace(static_cast<unsigned char>(c))) text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text == "12noon" || text == "noon" || text == "midday" || text == "12midday") return FromMinutes(12 * 60);
  std::optional<bool> afternoon;
  if (text.ends_with("am") || text.ends_with("pm")) {
    afternoon = text.ends_with("pm");
    text.resize(text.size() - 2);
  }
  size_t separator = text.find_first_of(".:");
  std::string_view hours_text = std::string_view(text).substr(0, separator);
  std::string_view minutes_text =
      separator == std::string::npos ? std::string_view("00") : std::string_view(text).substr(separator + 1);
  if (hours_text.empty() || hours_text.size() > 2 || minutes_text.size() != 2) return std::nullopt;
  auto hours = Number(hours_text), minutes = Number(minutes_text);
  if (!hours || !minutes || *minutes > 59) return std::nullopt;
  if (afternoon) {
    // A 12-hour clock: "12.30 pm" is half past noon, "12.30 am" half past midnight.
    if (*hours < 1 || *hours > 12) return std::nullopt;
    int h = *hours % 12 + (*afternoon ? 12 : 0);
    return FromMinutes(h * 60 + *minutes);
  }
  // Without am/pm only the 24-hour "14:00" is unambiguous; "2.00" could be either.
  if (separator == std::string::npos || text[separator] != ':' || *hours > 23) return std::nullopt;
  return FromMinutes(*hours * 60 + *minutes);
}

std::string TimeOfDay::ToString() const {
  int h = minutes_ / 60, m = minutes_ % 60;
  if (h == 12 && m == 0) return "12 noon";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d.%02d %s", h % 12 == 0 ? 12 : h % 12, m, h < 12 ? "am" : "pm");
  return buf;
}

std::string TimeOfDay::ToIso() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes_ / 60, minutes_ % 60);
  return buf;
}

MunicipalYear MunicipalYear::Containing(const Date& date) {
  return MunicipalYear(date.month() >= 5 ? date.year() : date.year() - 1);
}

Date MunicipalYear::first_day() const { return *Date::FromYmd(first_year_, 5, 1); }
Date MunicipalYear::last_day() const { return *Date::FromYmd(first_year_ + 1, 4, 30); }

std::string MunicipalYear::ToString() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d/%02d", first_year_, (first_year_ + 1) % 100);
  return buf;
}

}  // namespace safer
