#include "domain/action_plan.h"

#include <array>
#include <cctype>

namespace safer {
namespace {

// The seed's own words (001 l.1327), so the refusal explains itself.
constexpr std::string_view kDateRequired =
    "for monitoring purposes a date is required rather than using phrases such as 'on-going'";

std::string Lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

constexpr std::array<std::string_view, 12> kMonths = {"january", "february", "march",     "april",
                                                      "may",     "june",     "july",      "august",
                                                      "september", "october", "november", "december"};

// "September" or "Sept" or "Sep": the month's number, 0 when it is not one.
int MonthNumber(std::string_view word) {
  std::string w = Lower(word);
  if (!w.empty() && w.back() == '.') w.pop_back();
  if (w.size() < 3) return 0;
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (kMonths[i].starts_with(w)) return static_cast<int>(i) + 1;
  return 0;
}

// "September 2017" → 30 September 2017: a month given as the due date means by its end.
std::optional<Date> ParseMonthYear(std::string_view text) {
  size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  int month = MonthNumber(text.substr(0, space));
  std::string_view year_text = Trim(text.substr(space + 1));
  if (month == 0 || year_text.size() != 4) return std::nullopt;
  int year = 0;
  for (char c : year_text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    year = year * 10 + (c - '0');
  }
  int next_year = month == 12 ? year + 1 : year;
  int next_month = month == 12 ? 1 : month + 1;
  std::optional<Date> first_of_next = Date::FromYmd(next_year, next_month, 1);
  if (!first_of_next) return std::nullopt;
  return first_of_next->AddDays(-1);
}

bool IsPhraseInsteadOfDate(const std::string& lower) {
  static constexpr std::array<std::string_view, 12> kPhrases = {
      "ongoing", "on-going", "on going", "as necessary", "as required", "as needed",
      "tbc",     "tba",      "tbd",      "n/a",          "continuous",  "annually"};
  for (std::string_view p : kPhrases)
    if (lower == p) return true;
  return false;
}

}  // namespace

std::string_view ActionRagName(ActionRag rag) {
  switch (rag) {
    case ActionRag::kNone: return "";
    case ActionRag::kRed: return "Red";
    case ActionRag::kAmber: return "Amber";
    case ActionRag::kGreen: return "Green";
    case ActionRag::kComplete: return "Complete";
  }
  return "";
}

std::optional<ActionRag> ParseActionRag(std::string_view text) {
  std::string t = Lower(Trim(text));
  if (t.empty()) return ActionRag::kNone;
  if (t == "red" || t == "r") return ActionRag::kRed;
  if (t == "amber" || t == "a") return ActionRag::kAmber;
  if (t == "green" || t == "g") return ActionRag::kGreen;
  if (t == "complete" || t == "completed" || t == "c" || t == "blue") return ActionRag::kComplete;
  return std::nullopt;
}

std::optional<Date> ParseDueDate(std::string_view text, std::string* why) {
  std::string_view t = Trim(text);
  std::string lower = Lower(t);
  std::string problem;
  std::optional<Date> date;
  if (t.empty()) {
    problem = "a due date is required: " + std::string(kDateRequired);
  } else if (IsPhraseInsteadOfDate(lower)) {
    problem = "\"" + std::string(t) + "\" is not a due date: " + std::string(kDateRequired) +
              " (give a date such as 31/03/2025 or a month such as \"March 2025\")";
  } else {
    date = Date::ParseIso(t);
    if (!date) date = ParseMonthYear(t);
    if (!date) date = t.find('/') != std::string_view::npos ? Date::ParseUk(t, &problem) : Date::ParseWritten(t, &problem);
  }
  if (date) return date;
  if (why) *why = problem.empty() ? "\"" + std::string(t) + "\" is not a date" : problem;
  return std::nullopt;
}

RagSuggestion SuggestRag(const Action& action, const Date& today, const std::optional<Date>& last_meeting) {
  if (action.owner_rag == ActionRag::kComplete) return {ActionRag::kComplete, "marked complete by its owner"};
  if (action.due < today) return {ActionRag::kRed, "overdue since " + action.due.ToLong()};
  if (last_meeting) {
    bool updated = false;
    for (const ProgressEntry& e : action.log) updated = updated || e.date > *last_meeting;
    if (!updated) return {ActionRag::kAmber, "no update since the meeting of " + last_meeting->ToLong()};
  }
  return {ActionRag::kGreen, "due " + action.due.ToLong() + (last_meeting ? ", updated since the last meeting" : "")};
}

}  // namespace safer
